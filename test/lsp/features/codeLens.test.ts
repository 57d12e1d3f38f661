// Code lenses (server/lsp/codeLens.ts) on the in-memory workspace: the exact lenses of rows, Do Now
// items and initiatives, with the command IDs of the protocol's Commands table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeLens } from 'vscode-languageserver';
import { codeLenses, DEFAULT_LENSES } from '../../../server/lsp/codeLens';
import { Commands } from '../../../server/protocol';
import { docAt, LOOP_HANDOFF, LOOP_LEDGER, LOOP_PLAN, memorySession, smallLoop } from '../../support/inMemoryWorkspace';

const PLAN_URI = `file:///ws/${LOOP_PLAN}`;
const seen = (lenses: CodeLens[]): unknown =>
  lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]);

test('rows: Run where the row has commands (trusted only), Done / In progress by state, Artifacts landed/expected', async () => {
  const session = await memorySession(smallLoop());
  const plan = docAt(session, LOOP_PLAN);
  const a1 = { uri: PLAN_URI, rowId: 'A1', line: 6 };
  const a2 = { uri: PLAN_URI, rowId: 'A2', line: 7 };
  const b1 = { uri: PLAN_URI, rowId: 'B1', line: 13 };
  assert.deepEqual(seen(codeLenses(session.index, plan, session, DEFAULT_LENSES, true)), [
    [6, '▶ Run A1', Commands.runRow, [a1]],
    [6, 'Artifacts 1/1', Commands.openArtifacts, [a1]],
    [7, '✓ Done', Commands.markRowState, [{ ...a2, marker: '[x]' }]],
    [7, '◐ In progress', Commands.markRowState, [{ ...a2, marker: '[P]' }]],
    [13, '▶ Run B1', Commands.runRow, [b1]],
    [13, '✓ Done', Commands.markRowState, [{ ...b1, marker: '[x]' }]],
  ]);
  assert.deepEqual(
    codeLenses(session.index, plan, session, DEFAULT_LENSES, false).map((l) => l.command?.title),
    ['Artifacts 1/1', '✓ Done', '◐ In progress', '✓ Done'],
    'an untrusted workspace gets no Run lens',
  );
  assert.deepEqual(
    codeLenses(session.index, plan, session, { ...DEFAULT_LENSES, rowState: false, artifacts: false }, true).map((l) => l.command?.title),
    ['▶ Run A1', '▶ Run B1'],
    'lenses the settings turn off are not offered',
  );
});

test('a Do Now item: Go to its row (Run when the row has commands); an initiative: Sync ledger and New attempt', async () => {
  const session = await memorySession(smallLoop());
  assert.deepEqual(seen(codeLenses(session.index, docAt(session, LOOP_HANDOFF), session, DEFAULT_LENSES, true)), [
    [4, 'Go to A2', Commands.revealRow, [{ uri: PLAN_URI, rowId: 'A2', line: 7 }]],
  ]);
  assert.deepEqual(seen(codeLenses(session.index, docAt(session, LOOP_LEDGER), session, DEFAULT_LENSES, true)), [
    [4, 'Sync ledger', Commands.syncLedger, []],
    [4, 'New attempt', Commands.newAttempt, [{ initiativeId: 'DEMO-001' }]],
  ]);
});
