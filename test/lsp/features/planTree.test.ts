// The Plans view's tree (server/lsp/planTree.ts) on the in-memory workspace: initiatives from the
// ledger, their plans and phases with done counts, and a sentence on what was found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planTree } from '../../../server/lsp/planTree';
import { LOOP_PLAN, memorySession, range, smallLoop } from '../../support/inMemoryWorkspace';

test('one initiative, its plan and both phases, counted', async () => {
  const session = await memorySession(smallLoop());
  const uri = `file:///ws/${LOOP_PLAN}`;
  assert.deepEqual(planTree(session.index, session), {
    initiatives: [
      {
        id: 'DEMO-001',
        title: 'Demo initiative',
        status: 'in-progress',
        plans: [
          {
            uri,
            relativePath: LOOP_PLAN,
            label: 'implementation.md',
            initiativeId: 'DEMO-001',
            title: 'DEMO-001 — Demo plan',
            done: 1,
            total: 3,
            phases: [
              { id: 'A', title: 'Setup', location: { uri, range: range(2, 0, 2, 0) }, done: 1, total: 2 },
              { id: 'B', title: 'Ship', location: { uri, range: range(9, 0, 9, 0) }, done: 0, total: 1 },
            ],
          },
        ],
      },
    ],
    found: 'handoff loop: 1 ledger, 1 plan, 1 handoff',
  });
});
