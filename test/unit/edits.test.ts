// Lossless edits: only the target bytes change; CRLF, U+202F, U+2011 and alignment survive.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlan } from '../../server/core/parse/plan';
import { parseLedger } from '../../server/core/parse/ledger';
import { addArtifactLink, appendAttempt, applyEdits, nextAttemptNumber, setRowState } from '../../server/core/edit/edits';
import { DEFAULT_HUB_LAYOUT, fillHubLayout } from '../../server/core/run/hubLayout';
import type { WritableAttemptStyle } from '../../server/core/model/model';

const PLAN = [
  '### Phase\u202fD — Smoke Tests',
  'Goal: prove it.  ',
  '',
  '| ID | Task Description | State | How/Why & Guidance |',
  '|----|------------------|-------|--------------------|',
  '| D1 | Run smoke        | [ ]   | `CUDA_VISIBLE_DEVICES=\\"\\" pytest tests/test_x.py::test_ok -q \\| tee reports/2026-01-01T000000Z/d/smoke.log` |',
  '| D2 | VG\u20113 review    |       | see docs/x.md:3 |',
  '',
].join('\r\n');

const LEDGER = [
  '# Fix Plan',
  '',
  '### [TIDE-API-001] Tide API',
  '- Status: in_progress',
  '- Attempts History:',
  '  * [2026-03-01] Attempt #1 — Result: failed (A1). See `plans/active/TIDE-API-001/reports/2026-03-01T000000Z/a/x.log`.',
  '  * [2026-03-02] Attempt #2 — Result: passed (A2).',
  '',
  '### [CACHE-002] Cache',
  '- Status: pending',
  '- Attempts History:',
  '  - *2026-03-04T101500Z (B1 impl):* did it.',
  '',
  '### [EMPTY-003] Nothing yet',
  '- Status: planning',
  '',
].join('\n');

function rowsOf(text: string) {
  return parsePlan(text).phases.flatMap((p) => p.rows);
}

describe('setRowState', () => {
  test('replaces exactly the marker bytes in a CRLF table with U+202F and escaped pipes', () => {
    const [d1] = rowsOf(PLAN);
    assert.equal(d1.id, 'D1');
    assert.equal(d1.rawState, '[ ]');
    const out = applyEdits(PLAN, [setRowState(d1, '[x]')]);
    assert.equal(out.length, PLAN.length);
    const diff = [...out].map((c, i) => (c === PLAN[i] ? -1 : i)).filter((i) => i >= 0);
    assert.deepEqual(diff, [d1.stateSpan.start + 1]);
    assert.ok(out.includes('\r\n| D1 | Run smoke        | [x]   |'));
    assert.equal(rowsOf(out)[0].state, 'done');
  });

  test('inserts a marker into an empty state cell without touching the rest', () => {
    const d2 = rowsOf(PLAN)[1];
    assert.equal(d2.id, 'D2');
    assert.equal(d2.title, 'VG\u20113 review');
    assert.equal(d2.rawState, '');
    const out = applyEdits(PLAN, [setRowState(d2, '[P]')]);
    assert.equal(out.replace('[P]', ''), PLAN);
    assert.equal(rowsOf(out)[1].state, 'in-progress');
  });

  test('rejects something that is not a marker', () => {
    assert.throws(() => setRowState(rowsOf(PLAN)[0], 'done'), /Not a state marker/);
  });
});

describe('appendAttempt', () => {
  const date = new Date('2026-03-05T12:00:00Z');

  test('numbered style: next number, same bullet, inserted after the last attempt', () => {
    const ledger = parseLedger(LEDGER);
    const tide = ledger.initiatives.find((i) => i.id === 'TIDE-API-001')!;
    assert.equal(tide.attemptStyle, 'numbered');
    assert.equal(nextAttemptNumber(tide), 3);
    const edit = appendAttempt(LEDGER, tide, { date, label: 'D1 run (cpu)', result: 'passed', artifacts: ['plans/x/reports/r/d1.log'] });
    assert.equal(edit.start, edit.end);
    const out = applyEdits(LEDGER, [edit]);
    assert.equal(out.slice(0, edit.start), LEDGER.slice(0, edit.start));
    assert.equal(out.slice(edit.start + edit.newText.length), LEDGER.slice(edit.start));
    assert.ok(
      out.includes(
        '\n  * [2026-03-05] Attempt #3 — Result: passed (D1 run (cpu)). Artifacts: `plans/x/reports/r/d1.log`.\n\n### [CACHE-002]',
      ),
    );
    const again = parseLedger(out).initiatives.find((i) => i.id === 'TIDE-API-001')!;
    assert.deepEqual(
      again.attempts.map((a) => a.number),
      [1, 2, 3],
    );
  });

  test('italic-timestamp style keeps its shape', () => {
    const cache = parseLedger(LEDGER).initiatives.find((i) => i.id === 'CACHE-002')!;
    assert.equal(cache.attemptStyle, 'italic-timestamp');
    const out = applyEdits(LEDGER, [appendAttempt(LEDGER, cache, { date, label: 'B2 run', result: 'failed (exit 1)' })]);
    assert.ok(
      out.includes('  - *2026-03-04T101500Z (B1 impl):* did it.\n  - *2026-03-05T120000Z (B2 run, Attempt #2):* failed (exit 1).\n'),
    );
    assert.equal(parseLedger(out).initiatives.find((i) => i.id === 'CACHE-002')!.attempts.length, 2);
  });

  test('an initiative without history gets an Attempts History field', () => {
    const empty = parseLedger(LEDGER).initiatives.find((i) => i.id === 'EMPTY-003')!;
    const out = applyEdits(LEDGER, [appendAttempt(LEDGER, empty, { date, label: 'A1 run', result: 'passed' })]);
    const again = parseLedger(out).initiatives.find((i) => i.id === 'EMPTY-003')!;
    assert.equal(again.attempts.length, 1);
    assert.equal(again.attempts[0].number, 1);
  });

  // One ledger entry per writable style: a style added to the union without an entry here (and a
  // shape in appendAttempt) does not compile.
  const STYLE_SAMPLES: Record<WritableAttemptStyle, string> = {
    numbered: '### [X-1] T\n- Attempts History:\n  * [2026-01-01] Attempt #1 — Result: passed (a).\n',
    'italic-timestamp': '### [X-1] T\n- Attempts History:\n  - *2026-01-01T000000Z (a):* did it.\n',
    'plain-timestamp': '### [X-1] T\n- Attempts History:\n  * 2026-01-01T000000Z (Loop i=1) — did it.\n',
    heading:
      '# Fix Plan\n\n## Status\n`in_progress`\n\n## Current Focus\n**X-1 — T**\n\n## Attempts History\n\n### 2026-01-01T00:00Z — seed (initial)\n**Action:** did it.\n',
  };

  for (const [style, text] of Object.entries(STYLE_SAMPLES) as Array<[WritableAttemptStyle, string]>) {
    test(`${style} style: a new attempt is written and read back in that style`, () => {
      const entry = parseLedger(text).initiatives.find((i) => i.id === 'X-1')!;
      assert.equal(entry.attemptStyle, style);
      const out = applyEdits(text, [appendAttempt(text, entry, { date, label: 'B2 run', result: 'passed' })]);
      const again = parseLedger(out).initiatives.find((i) => i.id === 'X-1')!;
      assert.deepEqual(
        again.attempts.map((a) => a.style),
        [style, style],
      );
      assert.match(again.attempts[1].text, /Attempt #2\b/);
    });
  }

  test('CRLF ledgers get CRLF insertions', () => {
    const crlf = LEDGER.replace(/\n/g, '\r\n');
    const tide = parseLedger(crlf).initiatives.find((i) => i.id === 'TIDE-API-001')!;
    const edit = appendAttempt(crlf, tide, { date, label: 'x', result: 'passed' });
    assert.ok(edit.newText.startsWith('\r\n'));
    assert.ok(!/[^\r]\n/.test(edit.newText));
  });
});

describe('other edits', () => {
  test('addArtifactLink appends inside the guidance cell and escapes pipes', () => {
    const [d1] = rowsOf(PLAN);
    const out = applyEdits(PLAN, [addArtifactLink(d1, 'a|b.log')]);
    const again = rowsOf(out)[0];
    assert.ok(again.guidance.endsWith('Artifacts: `a\\|b.log`'));
    assert.equal(again.rawState, '[ ]');
    assert.equal(out.split('\r\n').length, PLAN.split('\r\n').length);
  });

  test('the default hub layout builds a timestamped hub under the initiative', () => {
    const hub = fillHubLayout(
      { layout: DEFAULT_HUB_LAYOUT },
      { planPath: 'plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d/plan.md', phase: 'Phase D — Smoke Tests' },
      new Date('2026-03-06T01:02:03.456Z'),
    );
    assert.equal(hub, 'plans/active/TIDE-API-001/reports/2026-03-06T010203Z/phase_d_smoke_tests/');
  });

  test('applyEdits refuses overlapping edits', () => {
    assert.throws(
      () =>
        applyEdits('abcdef', [
          { start: 1, end: 3, newText: 'x' },
          { start: 2, end: 4, newText: 'y' },
        ]),
      /Overlapping/,
    );
  });
});
