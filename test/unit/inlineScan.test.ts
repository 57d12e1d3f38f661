// The table-row split's shortcuts: whitespace by code, and the GFM (naive) split computed only
// where a code span holds a pipe. Both are checked against what they replace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSpace, splitTableRow } from '../../server/core/parse/inline';
import { rng } from '../bench/generate';

test('isSpace is \\s for every UTF-16 code unit', () => {
  for (let c = 0; c < 0x10000; c++) assert.equal(isSpace(c), /\s/.test(String.fromCharCode(c)), `U+${c.toString(16)}`);
});

test('a row split with an expected cell count: the same cells whether or not the naive split was needed', () => {
  const random = rng(5);
  const pieces = ['|', ' | ', '`', '``', 'a', ' ', '\\', '\\|', '[x]', '`a|b`', 'x\u202fy', '\t'];
  for (let i = 0; i < 20_000; i++) {
    const row = Array.from({ length: 1 + Math.floor(random() * 10) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
    const expected = 1 + Math.floor(random() * 5);
    const cells = splitTableRow(row, 7, expected);
    // Either split is a partition of the row at pipes; the chosen one is the nearer to `expected`,
    // the code-aware one on a tie. Both are reproduced here: with the shortcut they agree.
    const aware = splitTableRow(row, 7);
    // The code-blind split: the backticks stand in for a character that is not one.
    const naive = splitTableRow(row.split('`').join('\u2603'), 7).map((c) => ({ ...c, text: c.text.split('\u2603').join('`') }));
    const pick = Math.abs(naive.length - expected) < Math.abs(aware.length - expected) ? naive : aware;
    assert.deepEqual(cells, pick, JSON.stringify({ row, expected }));
  }
});
