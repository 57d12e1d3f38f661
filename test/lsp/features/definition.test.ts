// Go to definition (server/lsp/definition.ts) on the in-memory workspace: a row mentioned in the
// handoff goes to its row, a cited file to the line cited, an initiative to its ledger heading.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { definition } from '../../../server/lsp/definition';
import { docAt, LOOP_HANDOFF, LOOP_PLAN, memorySession, offsetOf, range, smallLoop } from '../../support/inMemoryWorkspace';

test('a Do Now row goes to the row in its plan', async () => {
  const session = await memorySession(smallLoop());
  const handoff = docAt(session, LOOP_HANDOFF);
  assert.deepEqual(definition(session, handoff, offsetOf(handoff, 'A2', 1)), [
    { uri: `file:///ws/${LOOP_PLAN}`, range: range(7, 0, 7, 49) },
  ]);
});

test('a cited `path:line` goes to that line; an initiative to its heading in the ledger', async () => {
  const session = await memorySession(smallLoop());
  const plan = docAt(session, LOOP_PLAN);
  assert.deepEqual(definition(session, plan, offsetOf(plan, 'src/cli.py', 2)), [
    { uri: 'file:///ws/src/cli.py', range: range(0, 0, 0, 0) },
  ]);
  const handoff = docAt(session, LOOP_HANDOFF);
  assert.deepEqual(definition(session, handoff, offsetOf(handoff, 'DEMO-001', 2)), [
    { uri: 'file:///ws/docs/fix_plan.md', range: range(4, 0, 4, 30) },
  ]);
  assert.deepEqual(definition(session, plan, offsetOf(plan, 'Write the parser', 2)), [], "a row's title leads nowhere");
});
