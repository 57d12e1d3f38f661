// What a run of a row is (server/lsp/runPlan.ts) on the in-memory workspace: the commands, a fresh
// hub in the initiative's layout, the profile's env, and the one shell line the task executes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runPlan } from '../../../server/lsp/runPlan';
import { LOOP_PLAN, memorySession, smallLoop } from '../../support/inMemoryWorkspace';

const NOW = new Date('2026-02-03T04:05:06Z');

test('row B1: its command in a new hub for its phase, CPU profile, logged and timed', async () => {
  const session = await memorySession(smallLoop());
  const hub = 'plans/active/DEMO-001/reports/2026-02-03T040506Z/phase_b_ship/';
  const { plan } = runPlan(session.index, session, { uri: `file:///ws/${LOOP_PLAN}`, rowId: 'B1' }, NOW);
  assert.deepEqual(
    { ...plan, script: undefined },
    {
      rowId: 'B1',
      planPath: LOOP_PLAN,
      initiativeId: 'DEMO-001',
      phaseId: 'B',
      commands: ['make notes'],
      hubDir: hub,
      logFile: `${hub}B1.log`,
      expectedArtifacts: [],
      profile: 'cpu',
      env: { CUDA_VISIBLE_DEVICES: '' },
      effectiveEnv: { CUDA_VISIBLE_DEVICES: '' },
      envExport: 'export CUDA_VISIBLE_DEVICES=""',
      script: undefined,
    },
  );
  assert.ok(plan?.script.startsWith(`export CUDA_VISIBLE_DEVICES="" && mkdir -p ${hub} && set -o pipefail && `), plan?.script);
  assert.ok(plan?.script.endsWith(`2>&1 | tee -a ${hub}B1.log`), plan?.script);
});

test('a row without commands gets a plan with none (the client says there is nothing to run); a row that is not there is an error naming it', async () => {
  const session = await memorySession(smallLoop());
  const uri = `file:///ws/${LOOP_PLAN}`;
  const noCommands = runPlan(session.index, session, { uri, rowId: 'A2' }, NOW);
  assert.deepEqual([noCommands.error, noCommands.plan?.rowId, noCommands.plan?.commands], [undefined, 'A2', []]);
  const missing = runPlan(session.index, session, { uri, rowId: 'Z9' }, NOW);
  assert.equal(missing.plan, undefined);
  assert.match(missing.error ?? '', /Z9/);
});
