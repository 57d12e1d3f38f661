// joinPath answers most paths without walking their segments; the walk it skips must not matter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { joinPath, walkSegments } from '../../server/core/index/fileSystem';
import { rng } from '../bench/generate';

/** The segment walk alone, as joinPath did it for every path. */
const walked = (...parts: string[]): string => walkSegments(parts.filter(Boolean).join('/').replace(/\/+/g, '/'));

test('joinPath: the cases a workspace meets', () => {
  assert.equal(joinPath('/ws', 'plans/a.md'), '/ws/plans/a.md');
  assert.equal(joinPath('plans/x/', 'reports/'), 'plans/x/reports');
  assert.equal(joinPath('plans/x', '../y/./z.md'), 'plans/y/z.md');
  assert.equal(joinPath('', ''), '.');
  assert.equal(joinPath('/'), '/');
  assert.equal(joinPath('a//b///'), 'a/b');
  assert.equal(joinPath('..', 'a'), '../a');
  assert.equal(joinPath('.hidden/...', 'x'), '.hidden/.../x');
});

test('joinPath equals the segment walk on random paths', () => {
  const random = rng(3);
  const pieces = ['a', 'bc', '.', '..', '...', '.x', '/', '//', '', 'x/', '/y', './', '../'];
  for (let i = 0; i < 20_000; i++) {
    const parts = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
      Array.from({ length: Math.floor(random() * 5) }, () => pieces[Math.floor(random() * pieces.length)]).join(''),
    );
    assert.equal(joinPath(...parts), walked(...parts), JSON.stringify(parts));
  }
});
