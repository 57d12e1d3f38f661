// A plan's rows for the Plans view (server/lsp/planRows.ts) on the in-memory workspace: one list
// per phase, each row with its state, guidance, commands, artifacts and exact ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planRows } from '../../../server/lsp/planRows';
import { LOOP_HUB, LOOP_PLAN, memorySession, range, smallLoop } from '../../support/inMemoryWorkspace';

test('rows per phase, in order, with the cell ranges the view edits', async () => {
  const session = await memorySession(smallLoop());
  const uri = `file:///ws/${LOOP_PLAN}`;
  assert.deepEqual(planRows(session.index, session, { uri }), {
    phases: [
      [
        {
          id: 'A1',
          title: 'Write the parser',
          rawState: '[x]',
          state: 'done',
          guidance: `\`pytest tests/test_parse.py -q\` — log: \`${LOOP_HUB}/a1.log\``,
          commands: ['pytest tests/test_parse.py -q'],
          artifacts: [`${LOOP_HUB}/a1.log`],
          location: { uri, range: range(6, 0, 6, 138) },
          stateRange: range(6, 26, 6, 29),
          parentId: undefined,
        },
        {
          id: 'A2',
          title: 'Wire the CLI',
          rawState: '[ ]',
          state: 'open',
          guidance: 'See `src/cli.py:1`.',
          commands: [],
          artifacts: [],
          location: { uri, range: range(7, 0, 7, 49) },
          stateRange: range(7, 22, 7, 25),
          parentId: undefined,
        },
      ],
      [
        {
          id: 'B1',
          title: 'Write release notes',
          rawState: '[P]',
          state: 'in-progress',
          guidance: '`make notes`',
          commands: ['make notes'],
          artifacts: [],
          location: { uri, range: range(13, 0, 13, 49) },
          stateRange: range(13, 29, 13, 32),
          parentId: undefined,
        },
      ],
    ],
  });
  assert.equal(planRows(session.index, session, { uri: 'file:///ws/docs/fix_plan.md' }), null, 'the ledger is no plan');
});
