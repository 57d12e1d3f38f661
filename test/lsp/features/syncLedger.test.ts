// Sync ledger (server/lsp/syncLedger.ts) on the in-memory workspace: a run record in a hub sets its
// row and adds the ledger attempt, as one WorkspaceEdit; with no evidence there is nothing to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syncLedger } from '../../../server/lsp/syncLedger';
import { LOOP_HUB, LOOP_LEDGER, LOOP_PLAN, memorySession, range, smallLoop } from '../../support/inMemoryWorkspace';

test('a passed record of B1: B1 is set done and attempt #2 says how it ran', async () => {
  const files = smallLoop();
  const record = `${LOOP_HUB}/planloop-run-B1.json`;
  files[record] = JSON.stringify({
    version: 1,
    rowId: 'B1',
    planPath: LOOP_PLAN,
    initiativeId: 'DEMO-001',
    phaseId: 'B',
    commands: ['make notes'],
    profile: 'cpu',
    env: {},
    startedAt: '2026-01-02T00:00:00.000Z',
    durationMs: 1000,
    exitCode: 0,
    outcome: 'passed',
    log: `${LOOP_HUB}/B1.log`,
    artifacts: [],
  });
  const session = await memorySession(files);
  assert.deepEqual(syncLedger(session), {
    edit: {
      changes: {
        [`file:///ws/${LOOP_PLAN}`]: [{ range: range(13, 29, 13, 32), newText: '[x]' }],
        [`file:///ws/${LOOP_LEDGER}`]: [
          {
            range: range(8, 48, 8, 48),
            newText:
              '\n  * [2026-01-02] Attempt #2 — Result: passed (B1 run (cpu)). Row B1 (Phase B): `make notes`; profile cpu; exit 0; ' +
              `runtime 1.0 s; run started 2026-01-02T00:00:00.000Z. Artifacts: \`${LOOP_HUB}/B1.log\`.`,
          },
        ],
      },
    },
    notes: [],
    proposed: [`B1: a new attempt for ${record}`],
  });
});

test('no run records: no edit', async () => {
  const session = await memorySession(smallLoop());
  assert.equal(syncLedger(session).edit, undefined);
});
