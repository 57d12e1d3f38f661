// A new hub for a row (server/lsp/newHub.ts) and the check of a hub path the user types
// (server/lsp/checkHub.ts), on the in-memory workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newHub } from '../../../server/lsp/newHub';
import { checkHub } from '../../../server/lsp/checkHub';
import { LOOP_PLAN, memorySession, smallLoop } from '../../support/inMemoryWorkspace';

test("a row's new hub: its initiative's reports, stamped now, named for its phase", async () => {
  const session = await memorySession(smallLoop());
  assert.deepEqual(newHub(session.index, session, { uri: `file:///ws/${LOOP_PLAN}`, rowId: 'A2' }, new Date('2026-02-03T04:05:06Z')), {
    hubDir: 'plans/active/DEMO-001/reports/2026-02-03T040506Z/phase_a_setup/',
  });
});

test('a hub inside the workspace may be written; one outside or absolute is refused, named', async () => {
  const session = await memorySession(smallLoop());
  assert.deepEqual(checkHub(session, 'plans/active/DEMO-001/reports/x/'), { error: undefined });
  assert.deepEqual(checkHub(session, '../x'), { error: 'refused: ../x resolves outside the workspace' });
  assert.deepEqual(checkHub(session, '/tmp/x'), { error: 'refused: /tmp/x is absolute; give a folder inside the workspace' });
});
