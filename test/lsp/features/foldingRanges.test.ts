// Folding ranges (server/lsp/foldingRanges.ts) on the in-memory workspace: phases, initiatives and
// attempts that span lines, handoff sections; the blank lines between blocks stay unfolded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldingRanges } from '../../../server/lsp/foldingRanges';
import { docAt, joinLines, LOOP_LEDGER, LOOP_PLAN, memorySession } from '../../support/inMemoryWorkspace';

test('a plan folds its phase from the heading to the last row, not the blank lines after it', async () => {
  const session = await memorySession({
    [LOOP_PLAN]: joinLines(
      '# Plan',
      '',
      '### Phase A — Setup',
      '',
      '| ID | Task Description | State | How/Why & Guidance |',
      '| --- | --- | --- | --- |',
      '| A1 | Write the parser | [x] | g |',
      '',
      '',
    ),
  });
  assert.deepEqual(foldingRanges(docAt(session, LOOP_PLAN)), [{ startLine: 2, endLine: 6, kind: 'region' }]);
});

test('two phases back to back: each fold ends on its own last line, before the next heading', async () => {
  const session = await memorySession({
    [LOOP_PLAN]: joinLines(
      '# Plan',
      '### Phase A — Setup',
      '- [x] A1: parse',
      '- [ ] A2: index',
      '### Phase B — Views',
      '- [ ] B1: tree',
      '',
    ),
  });
  assert.deepEqual(foldingRanges(docAt(session, LOOP_PLAN)), [
    { startLine: 1, endLine: 3, kind: 'region' },
    { startLine: 4, endLine: 5, kind: 'region' },
  ]);
});

test('a ledger folds each initiative and each attempt written over several lines', async () => {
  const session = await memorySession({
    [LOOP_LEDGER]: joinLines(
      '# Ledger',
      '',
      '### [DEMO-001] Demo initiative',
      '- Status: in_progress',
      '- Attempts History:',
      '  * [2026-01-01] Attempt #1 — Result: A1 landed.',
      '    It took two tries.',
      '  * [2026-01-02] Attempt #2 — Result: A2 landed.',
    ),
  });
  assert.deepEqual(foldingRanges(docAt(session, LOOP_LEDGER)), [
    { startLine: 2, endLine: 7, kind: 'region' },
    { startLine: 5, endLine: 6, kind: undefined },
  ]);
});
