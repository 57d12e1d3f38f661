// The parser against every real file of ../shared/corpus (skipped when it is absent).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { corpusDir, repoRoot, sharedMissing } from '../support/paths';
import { corpusCollections, corpusManifest } from '../support/corpusIndex';
import { parsePlan } from '../../server/core/parse/plan';
import { parseLedger } from '../../server/core/parse/ledger';
import { parseHandoff } from '../../server/core/parse/handoff';
import { applyEdits, setRowState } from '../../server/core/edit/edits';
import type { Row } from '../../server/core/model/model';

const skip = sharedMissing(corpusDir);
const manifest = skip ? [] : corpusManifest().map(({ localName, kind }) => ({ file: path.join(corpusDir, localName), kind }));

/** Files of the later collections: EXPECTED-ROWS.tsv counts them by hand (test/unit/corpusRows.test.ts). */
const handCounted = new Set(
  skip
    ? []
    : fs
        .readFileSync(path.join(corpusDir, 'EXPECTED-ROWS.tsv'), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split('\t')[0]),
);

/**
 * Independent count for the first collection: table lines after an `| ID | … | State |` header,
 * keyed by the first marker cell. (The second collection's shapes — code-span, word and emoji
 * states, state-first tables, legends — are checked against the hand counts instead.)
 */
function lineScanMarkerCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  let stateIndex = -1;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trimStart().startsWith('|')) {
      stateIndex = -1;
      continue;
    }
    const cells = line.split('|').map((c) => c.trim());
    const headerState = cells.findIndex((c) => /^(state|status)$/i.test(c));
    if (headerState >= 0 && cells.some((c) => /^id$/i.test(c))) {
      stateIndex = headerState;
      continue;
    }
    if (stateIndex < 0 || /^[\s|:-]+$/.test(line)) continue;
    const id = cells[1].replace(/\*\*/g, '');
    if (!/^[\w.\-\u2011]+$/.test(id) || id.length > 16) continue; // section dividers
    const marker = cells.slice(stateIndex).find((c) => /^\[.?\]$/.test(c));
    if (marker) counts.set(marker, (counts.get(marker) ?? 0) + 1);
  }
  return counts;
}

function tableRows(text: string): Row[] {
  const plan = parsePlan(text);
  return [...plan.phases.flatMap((p) => p.rows), ...plan.looseRows].filter((r) => r.source === 'table');
}

describe('corpus', { skip }, () => {
  test('corpus has the files the INDEX lists (every collection), each present', () => {
    const collections = corpusCollections();
    assert.ok(collections.length >= 3, `INDEX.md lists ${collections.length} file tables, expected at least 3`);
    const indexed = collections.flatMap((c) => c.files);
    assert.deepEqual(manifest.map((m) => path.relative(corpusDir, m.file)).sort(), [...indexed].sort());
    for (const { file } of manifest) assert.ok(fs.existsSync(file), `${file} is listed in MANIFEST.tsv but missing`);
    // Every collection after the first is counted by hand, file by file.
    assert.deepEqual(
      [...handCounted].sort(),
      collections
        .slice(1)
        .flatMap((c) => c.files)
        .sort(),
    );
  });

  for (const { file, kind } of manifest) {
    const name = path.relative(corpusDir, file);
    test(`${kind} ${name}: parses without throwing, no parse-failed problem`, () => {
      const text = fs.readFileSync(file, 'utf8');
      const model = kind === 'plan' ? parsePlan(text) : kind === 'ledger' ? parseLedger(text) : parseHandoff(text);
      assert.equal(model.kind, kind);
      assert.deepEqual(
        model.problems.filter((p) => p.code === 'parse-failed'),
        [],
      );
    });
  }

  for (const { file } of manifest.filter((m) => m.kind === 'plan')) {
    const name = path.relative(corpusDir, file);
    // The line scan knows the first collection's grammar (bracket markers in tables); the later
    // collections' wider shapes are checked against the hand counts in corpusRows.test.ts instead.
    if (!handCounted.has(name)) {
      test(`plan ${name}: rows per raw marker match an independent line scan`, () => {
        const text = fs.readFileSync(file, 'utf8');
        const parsed = new Map<string, number>();
        for (const row of tableRows(text)) if (row.rawState) parsed.set(row.rawState, (parsed.get(row.rawState) ?? 0) + 1);
        assert.deepEqual(Object.fromEntries([...parsed].sort()), Object.fromEntries([...lineScanMarkerCounts(text)].sort()));
      });
    }

    test(`plan ${name}: flipping each state changes only the marker bytes`, () => {
      const text = fs.readFileSync(file, 'utf8');
      for (const row of tableRows(text).slice(0, 40)) {
        const marker = row.rawState === '[x]' ? '[ ]' : '[x]';
        const edited = applyEdits(text, [setRowState(row, marker)]);
        assert.equal(edited.slice(0, row.stateSpan.start), text.slice(0, row.stateSpan.start));
        assert.equal(edited.slice(row.stateSpan.start + marker.length), text.slice(row.stateSpan.end));
        assert.equal(edited.slice(row.stateSpan.start, row.stateSpan.start + marker.length), marker);
        // The span holds exactly the token as written (inside a code span's backticks, before a word state's explanation).
        assert.equal(text.slice(row.stateSpan.start, row.stateSpan.end), row.rawState);
      }
      assert.equal(applyEdits(text, []), text);
    });
  }

  test('ledger attempt counts match the snapshot', () => {
    const snapshotFile = path.join(repoRoot, 'test/unit/__snapshots__/corpus-ledger-attempts.json');
    const actual: Record<string, { initiatives: number; attempts: number; numbered: number }> = {};
    for (const { file } of manifest.filter((m) => m.kind === 'ledger')) {
      const model = parseLedger(fs.readFileSync(file, 'utf8'));
      actual[path.relative(corpusDir, file)] = {
        initiatives: model.initiatives.length,
        attempts: model.initiatives.reduce((n, i) => n + i.attempts.length, 0),
        numbered: model.initiatives.reduce((n, i) => n + i.attempts.filter((a) => a.number !== undefined).length, 0),
      };
    }
    if (process.env.UPDATE === '1') {
      fs.mkdirSync(path.dirname(snapshotFile), { recursive: true });
      fs.writeFileSync(snapshotFile, JSON.stringify(actual, null, 2) + '\n');
    }
    assert.deepEqual(actual, JSON.parse(fs.readFileSync(snapshotFile, 'utf8')));
    // Plausibility: every ledger with initiatives that record history yields attempts.
    const total = Object.values(actual).reduce((n, v) => n + v.attempts, 0);
    assert.ok(total > 300, `expected hundreds of attempts across the corpus, got ${total}`);
  });
});
