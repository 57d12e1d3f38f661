// Compact copies keep what they copy: exact-length lists and one-byte strings are equal to the
// originals, and a string that needs two bytes per character is given back as it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { exact, oneByteCopy } from '../../server/core/model/compact';

test('oneByteCopy: the same string, for every text', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 1200 }), (text) => {
      assert.equal(oneByteCopy(text), text);
    }),
  );
});

test('oneByteCopy: a path cut from a text with an em dash is copied; one that needs two bytes is returned as is', () => {
  const text = 'Phase A — see plans/active/X/reports/2026-01-01T000000Z/summary.md';
  const cited = text.slice(text.indexOf('plans/'));
  assert.equal(oneByteCopy(cited), cited);
  const wide = 'plans/active/X/résumé—notes.md';
  assert.equal(oneByteCopy(wide), wide);
  assert.equal(oneByteCopy(''), '');
});

test('exact: the same items', () => {
  const items = [1, 2, 3];
  items.push(4);
  assert.deepEqual(exact(items), [1, 2, 3, 4]);
});
