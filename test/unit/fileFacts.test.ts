// The index's cache of file facts (stats of cited paths, line counts) is exact as long as the
// host reports file events: each event forgets the path, its folders and what lies under it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { InMemoryWorkspace, MEMORY_ROOT } from '../support/inMemoryWorkspace';

test('cached stats and line counts follow created, changed and deleted files', () => {
  const fs = new InMemoryWorkspace({ 'docs/a.md': 'one\ntwo\n' });
  const index = new WorkspaceIndex(MEMORY_ROOT, fs);
  index.cacheFileFacts();
  assert.ok(index.resolvePath('plans/x/plan.md', 'docs/a.md').stat);
  const asked = fs.stats;
  assert.ok(index.resolvePath('plans/x/plan.md', 'docs/a.md').stat);
  assert.equal(fs.stats, asked, 'the second lookup is answered from the cache');
  assert.equal(index.lineCountOf('docs/a.md'), 2);
  assert.equal(index.resolvePath('docs/x.md', 'reports/T/b.log').stat, undefined);

  fs.write('docs/a.md', 'one\ntwo\nthree\n');
  fs.write('reports/T/b.log', 'x');
  assert.equal(index.resolvePath('docs/x.md', 'reports/T/b.log').stat, undefined, 'no event yet: the cached answer stands');
  index.invalidate('docs/a.md');
  index.invalidate('reports/T/b.log');
  assert.equal(index.lineCountOf('docs/a.md'), 3);
  assert.ok(index.resolvePath('docs/x.md', 'reports/T/b.log').stat, 'a created file is seen after its event');
  assert.ok(index.statOf('reports/T')?.isDirectory, 'and so is the folder it created');

  fs.delete('reports/T/b.log');
  index.invalidate('reports'); // a deleted folder: only its own event may arrive
  assert.equal(index.resolvePath('docs/x.md', 'reports/T/b.log').stat, undefined);
});

test('under a missing folder only the folder is asked for and remembered', () => {
  const fs = new InMemoryWorkspace({ 'docs/a.md': 'one\n' });
  const index = new WorkspaceIndex(MEMORY_ROOT, fs);
  index.cacheFileFacts();
  assert.equal(index.statOf('reports/T1/a.log'), undefined);
  const asked = fs.stats;
  for (let i = 0; i < 50; i++) assert.equal(index.statOf(`reports/T1/f${i}.log`), undefined);
  assert.equal(index.statOf('reports/T2/b.log'), undefined);
  assert.equal(fs.stats, asked, 'files under a folder known missing, or under its missing parent, ask nothing');

  fs.write('reports/T1/f7.log', 'x');
  index.invalidate('reports/T1/f7.log');
  assert.ok(index.statOf('reports/T1/f7.log')?.isFile, 'a file created under the folder is seen after its event');
  assert.equal(index.statOf('reports/T1/f8.log'), undefined);
  assert.ok(index.statOf('reports/T1')?.isDirectory);
});

test('without cacheFileFacts every lookup asks the disk', () => {
  const fs = new InMemoryWorkspace({ 'docs/a.md': 'one\n' });
  const index = new WorkspaceIndex(MEMORY_ROOT, fs);
  assert.ok(index.resolvePath('x.md', 'docs/a.md').stat);
  fs.delete('docs/a.md');
  assert.equal(index.resolvePath('x.md', 'docs/a.md').stat, undefined);
});
