// Conformance: every file of the corpus's second and third collections ("Wider variations",
// "Loop families") read as its authors wrote it — rows and state tallies against the hand counts of EXPECTED-ROWS.tsv
// (skipped when ../shared is absent).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { corpusDir, sharedMissing } from '../support/paths';
import { corpusCollections, originalBaseName } from '../support/corpusIndex';
import { parsePlan } from '../../server/core/parse/plan';
import { parseLedger } from '../../server/core/parse/ledger';
import type { Row } from '../../server/core/model/model';

const skip = sharedMissing(corpusDir);

interface Expected {
  readonly file: string;
  readonly rows: number;
  /** Tally per state token as written; a key in backticks is a code-span state (`` `[ ]` ``). */
  readonly states: ReadonlyMap<string, { count: number; codeSpan: boolean }>;
}

function readExpected(): Expected[] {
  const kinds = new Map(
    fs
      .readFileSync(path.join(corpusDir, 'MANIFEST.tsv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t'))
      .map((c) => [c[0], c[4]]),
  );
  return fs
    .readFileSync(path.join(corpusDir, 'EXPECTED-ROWS.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [file, rows, states = ''] = line.split('\t');
      assert.ok(kinds.has(file), `${file} (EXPECTED-ROWS.tsv) is not in MANIFEST.tsv`);
      const tally = new Map<string, { count: number; codeSpan: boolean }>();
      for (const entry of states ? states.split(',') : []) {
        const at = entry.lastIndexOf('=');
        const key = entry.slice(0, at);
        const codeSpan = /^`.*`$/.test(key);
        tally.set(codeSpan ? key.slice(1, -1) : key, { count: Number(entry.slice(at + 1)), codeSpan });
      }
      return { file, rows: Number(rows), states: tally };
    });
}

/** Every row the document's own parser gives: a plan's phases and loose rows, a ledger's task items. */
function rowsOf(file: string, text: string): Row[] {
  const ledger = /fix_plan/i.test(originalBaseName(file));
  if (ledger) return parseLedger(text).initiatives.flatMap((i) => i.tasks);
  const plan = parsePlan(text);
  return [...plan.phases.flatMap((p) => p.rows), ...plan.looseRows];
}

describe('corpus later collections: rows and states as counted by hand', { skip }, () => {
  const expected = skip ? [] : readExpected();

  test('EXPECTED-ROWS.tsv lists every file of the collections after the first', () => {
    const later = corpusCollections().slice(1);
    assert.ok(later.length >= 2, 'INDEX.md lists the second and third collections');
    assert.deepEqual(expected.map((e) => e.file).sort(), later.flatMap((c) => c.files).sort());
  });

  for (const want of expected) {
    test(`${want.file}: ${want.rows} rows`, () => {
      const text = fs.readFileSync(path.join(corpusDir, want.file), 'utf8');
      const rows = rowsOf(want.file, text);
      const tally = new Map<string, number>();
      for (const row of rows) tally.set(row.rawState, (tally.get(row.rawState) ?? 0) + 1);
      assert.deepEqual(
        Object.fromEntries([...tally].sort()),
        Object.fromEntries([...want.states].map(([k, v]) => [k, v.count] as const).sort()),
        'state tally',
      );
      assert.equal(rows.length, want.rows, 'row count');
      for (const row of rows) {
        // The state span holds the token as written; a code-span state keeps its backticks around it.
        assert.equal(text.slice(row.stateSpan.start, row.stateSpan.end), row.rawState, `state span of row ${row.id || row.title}`);
        if (want.states.get(row.rawState)?.codeSpan)
          assert.match(text.slice(row.stateSpan.start - 1, row.stateSpan.end + 1), /^`.*`$/s, `row ${row.id} has a code-span state`);
      }
    });
  }
});
