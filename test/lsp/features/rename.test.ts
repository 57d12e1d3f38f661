// Rename (server/lsp/rename.ts) on the in-memory workspace: a row ID across its plan and the
// handoff, refused for a name that is not a row ID.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareRename, rename } from '../../../server/lsp/rename';
import { docAt, LOOP_PLAN, memorySession, offsetOf, range, smallLoop } from '../../support/inMemoryWorkspace';

test('prepare names the ID under the cursor; rename edits every occurrence and nothing else', async () => {
  const session = await memorySession(smallLoop());
  const plan = docAt(session, LOOP_PLAN);
  const at = offsetOf(plan, '| A2', 3);
  assert.deepEqual(prepareRename(session.index, plan, at), { start: at - 1, end: at + 1, placeholder: 'A2' });
  assert.deepEqual(rename(session.index, session, plan, at, 'A3'), {
    changes: {
      [`file:///ws/${LOOP_PLAN}`]: [{ range: range(7, 2, 7, 4), newText: 'A3' }],
      'file:///ws/input.md': [{ range: range(4, 12, 4, 14), newText: 'A3' }],
    },
  });
});

test('a new name that is not a row ID is refused, and a title is not renamed', async () => {
  const session = await memorySession(smallLoop());
  const plan = docAt(session, LOOP_PLAN);
  assert.deepEqual(rename(session.index, session, plan, offsetOf(plan, '| A2', 3), 'not an id'), {
    error: "'not an id' is not a row ID (like D1, C4.D3 or B3.a)",
  });
  assert.equal(prepareRename(session.index, plan, offsetOf(plan, 'Wire the CLI', 2)), null);
});
