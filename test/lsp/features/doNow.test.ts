// The Do Now view (server/lsp/doNow.ts) on the in-memory workspace: the handoff's items linked to
// their rows and initiative, with the initiative's plans and their open rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { doNow } from '../../../server/lsp/doNow';
import { LOOP_LEDGER, LOOP_PLAN, memorySession, range, smallLoop } from '../../support/inMemoryWorkspace';

test("a Do Now item: its row (not runnable: no commands), its initiative and that initiative's open rows", async () => {
  const session = await memorySession(smallLoop());
  const plan = `file:///ws/${LOOP_PLAN}`;
  const ledger = `file:///ws/${LOOP_LEDGER}`;
  const a2 = { id: 'A2', state: 'open', rawState: '[ ]', location: { uri: plan, range: range(7, 0, 7, 49) }, runnable: false };
  assert.deepEqual(doNow(session.index, session), {
    handoffUri: 'file:///ws/input.md',
    focusInitiativeId: 'DEMO-001',
    summary: 'wire the CLI',
    items: [
      {
        text: `DEMO-001 A2 @ ${LOOP_PLAN}:8 — wire it; tests: none`,
        location: { uri: 'file:///ws/input.md', range: range(4, 0, 4, 81) },
        initiativeId: 'DEMO-001',
        rows: [a2],
        tests: [],
        initiative: {
          id: 'DEMO-001',
          title: 'Demo initiative',
          status: 'in-progress',
          via: 'id',
          location: { uri: ledger, range: range(4, 0, 4, 30) },
          plans: [
            {
              uri: plan,
              relativePath: LOOP_PLAN,
              done: 1,
              total: 3,
              open: 2,
              openRows: [
                { ...a2, title: 'Wire the CLI' },
                {
                  id: 'B1',
                  title: 'Write release notes',
                  state: 'in-progress',
                  rawState: '[P]',
                  location: { uri: plan, range: range(13, 0, 13, 49) },
                  runnable: true,
                },
              ],
            },
          ],
        },
      },
    ],
    mappedTests: [],
    artifacts: [],
  });
});

test('no handoff: nothing to do', async () => {
  const files = smallLoop();
  delete files['input.md'];
  const session = await memorySession(files);
  assert.deepEqual(doNow(session.index, session), { items: [], mappedTests: [], artifacts: [] });
});
