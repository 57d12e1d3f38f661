// A new ledger attempt (server/lsp/newAttempt.ts) on the in-memory workspace: the next number in the
// initiative's own style, inserted after its last attempt, and where it landed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newAttemptEdit } from '../../../server/lsp/newAttempt';
import { LOOP_LEDGER, memorySession, range, smallLoop } from '../../support/inMemoryWorkspace';

test('Attempt #2 after #1, dated today, with a placeholder result', async () => {
  const session = await memorySession(smallLoop());
  const uri = `file:///ws/${LOOP_LEDGER}`;
  assert.deepEqual(newAttemptEdit(session.index, session, { initiativeId: 'DEMO-001' }, new Date('2026-02-03T04:05:06Z')), {
    edit: {
      changes: {
        [uri]: [
          {
            range: range(8, 48, 8, 48),
            newText: '\n  * [2026-02-03] Attempt #2 — Result: pending — describe the result (manual entry). Artifacts: …',
          },
        ],
      },
    },
    location: { uri, range: range(9, 0, 9, 96) },
  });
});
