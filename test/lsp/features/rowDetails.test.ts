// A row's details (server/lsp/rowDetails.ts) on the in-memory workspace: where it lives, its phase,
// commands, a fresh hub suggestion and its artifacts with what is on disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowDetails } from '../../../server/lsp/rowDetails';
import { LOOP_HUB, LOOP_PLAN, memorySession, range, smallLoop } from '../../support/inMemoryWorkspace';

test('row A1: its place, phase, command, the hub a run would get now, and its landed log', async () => {
  const session = await memorySession(smallLoop());
  const uri = `file:///ws/${LOOP_PLAN}`;
  const details = rowDetails(session.index, session, { uri, rowId: 'A1' }, new Date('2026-02-03T04:05:06Z'));
  assert.deepEqual(
    { ...details, row: undefined },
    {
      row: undefined,
      cwd: '/ws',
      planPath: LOOP_PLAN,
      initiativeId: 'DEMO-001',
      phase: { id: 'A', title: 'Setup' },
      commands: ['pytest tests/test_parse.py -q'],
      hubSuggestion: 'plans/active/DEMO-001/reports/2026-02-03T040506Z/phase_a_setup/',
      artifacts: [
        {
          path: `${LOOP_HUB}/a1.log`,
          uri: `file:///ws/${LOOP_HUB}/a1.log`,
          exists: true,
          templated: false,
          size: 9,
          mtimeMs: 0,
        },
      ],
    },
  );
  assert.deepEqual([details?.row.id, details?.row.location.range], ['A1', range(6, 0, 6, 138)]);
  assert.equal(rowDetails(session.index, session, { uri, rowId: 'Z9' }, new Date()), null);
});
