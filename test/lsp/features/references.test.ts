// Find references (server/lsp/references.ts) on the in-memory workspace: a row ID in its plan and
// wherever the handoff names it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { references } from '../../../server/lsp/references';
import { docAt, LOOP_PLAN, memorySession, offsetOf, range, smallLoop } from '../../support/inMemoryWorkspace';

test('a row ID: its cell in the plan and its mention in Do Now, exactly', async () => {
  const session = await memorySession(smallLoop());
  const plan = docAt(session, LOOP_PLAN);
  const found = references(session.index, session, plan, offsetOf(plan, 'A2', 1), true, () => false);
  assert.deepEqual(found, [
    { uri: `file:///ws/${LOOP_PLAN}`, range: range(7, 2, 7, 4) },
    { uri: 'file:///ws/input.md', range: range(4, 12, 4, 14) },
  ]);
  assert.deepEqual(
    references(session.index, session, plan, offsetOf(plan, 'A2', 1), false, () => false),
    [{ uri: 'file:///ws/input.md', range: range(4, 12, 4, 14) }],
    'without the declaration, only the mention',
  );
});
