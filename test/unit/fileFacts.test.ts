// The index's cache of file facts (stats of cited paths, line counts) is exact as long as the
// host reports file events: each event forgets the path, its folders and what lies under it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import type { FileSystem } from '../../server/core/index/fileSystem';

function memory(files: Map<string, string>): FileSystem & { stats: number } {
  const fs = {
    stats: 0,
    stat(p: string) {
      fs.stats++;
      if (files.has(p)) return { size: files.get(p)!.length, mtimeMs: 0, isFile: true, isDirectory: false };
      return [...files.keys()].some((f) => f.startsWith(p + '/')) ? { size: 0, mtimeMs: 0, isFile: false, isDirectory: true } : undefined;
    },
    readFile: (p: string) => files.get(p),
    readDirectory: () => [],
  };
  return fs;
}

test('cached stats and line counts follow created, changed and deleted files', () => {
  const files = new Map([['/ws/docs/a.md', 'one\ntwo\n']]);
  const fs = memory(files);
  const index = new WorkspaceIndex('/ws', fs);
  index.cacheFileFacts();
  assert.ok(index.resolvePath('plans/x/plan.md', 'docs/a.md').stat);
  const asked = fs.stats;
  assert.ok(index.resolvePath('plans/x/plan.md', 'docs/a.md').stat);
  assert.equal(fs.stats, asked, 'the second lookup is answered from the cache');
  assert.equal(index.lineCountOf('docs/a.md'), 2);
  assert.equal(index.resolvePath('docs/x.md', 'reports/T/b.log').stat, undefined);

  files.set('/ws/docs/a.md', 'one\ntwo\nthree\n');
  files.set('/ws/reports/T/b.log', 'x');
  assert.equal(index.resolvePath('docs/x.md', 'reports/T/b.log').stat, undefined, 'no event yet: the cached answer stands');
  index.invalidate('docs/a.md');
  index.invalidate('reports/T/b.log');
  assert.equal(index.lineCountOf('docs/a.md'), 3);
  assert.ok(index.resolvePath('docs/x.md', 'reports/T/b.log').stat, 'a created file is seen after its event');
  assert.ok(index.statOf('reports/T')?.isDirectory, 'and so is the folder it created');

  files.delete('/ws/reports/T/b.log');
  index.invalidate('reports'); // a deleted folder: only its own event may arrive
  assert.equal(index.resolvePath('docs/x.md', 'reports/T/b.log').stat, undefined);
});

test('without cacheFileFacts every lookup asks the disk', () => {
  const files = new Map([['/ws/docs/a.md', 'one\n']]);
  const index = new WorkspaceIndex('/ws', memory(files));
  assert.ok(index.resolvePath('x.md', 'docs/a.md').stat);
  files.delete('/ws/docs/a.md');
  assert.equal(index.resolvePath('x.md', 'docs/a.md').stat, undefined);
});
