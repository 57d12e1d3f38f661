// An editor run's end (server/lsp/finishRun.ts) on the in-memory workspace, through its HubPort:
// startRun marks the hub, finishRun writes blocker.md and the record, clears the marker and answers
// with the ledger attempt computed from the record in hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finishRun, startRun } from '../../../server/lsp/finishRun';
import { RUNNING_MARKER } from '../../../server/core/run/runRecord';
import type { RunPlan } from '../../../server/protocol';
import { InMemoryWorkspace, LOOP_HUB, LOOP_LEDGER, LOOP_PLAN, range, smallLoop } from '../../support/inMemoryWorkspace';

const RUN: RunPlan = {
  rowId: 'B1',
  planPath: LOOP_PLAN,
  initiativeId: 'DEMO-001',
  phaseId: 'B',
  commands: ['make notes'],
  hubDir: `${LOOP_HUB}/`,
  logFile: `${LOOP_HUB}/B1.log`,
  expectedArtifacts: [],
  profile: 'cpu',
  env: {},
  effectiveEnv: {},
  envExport: '',
  script: '',
};

test('a failed run: marker while it runs; then blocker.md, the record and a new attempt; the marker is gone', async () => {
  const workspace = new InMemoryWorkspace(smallLoop());
  workspace.write(RUN.logFile, '$ make notes\nmake: *** No rule to make target notes.\n');
  const session = await workspace.session();
  const port = workspace.hubPort();

  assert.deepEqual(await startRun(session, RUN, port), {});
  assert.equal(workspace.read(`${LOOP_HUB}/${RUNNING_MARKER}`), `${process.pid}\n`, 'the hub is marked with the writer');

  const answer = await finishRun(session, { plan: RUN, exitCode: 2, startedAt: '2026-01-02T00:00:00.000Z', durationMs: 1500 }, port);
  const recordPath = `${LOOP_HUB}/planloop-run-B1.json`;
  assert.deepEqual(answer, {
    recordPath,
    result: 'failed (exit 2)',
    edit: {
      changes: {
        [`file:///ws/${LOOP_LEDGER}`]: [
          {
            range: range(8, 48, 8, 48),
            newText:
              '\n  * [2026-01-02] Attempt #2 — Result: failed (exit 2) (B1 run (cpu)). Row B1 (Phase B): `make notes`; profile cpu; exit 2; ' +
              `runtime 1.5 s; run started 2026-01-02T00:00:00.000Z. Artifacts: \`${RUN.logFile}\`, \`${LOOP_HUB}/blocker.md\`.`,
          },
        ],
      },
    },
    notes: [],
    proposed: [`B1: a new attempt for ${recordPath}`],
  });
  assert.equal(workspace.read(`${LOOP_HUB}/${RUNNING_MARKER}`), undefined, 'the marker is cleared');
  assert.match(
    workspace.read(`${LOOP_HUB}/blocker.md`) ?? '',
    /^# Blocker: B1 failed\n[\s\S]*- Exit code: 2\n[\s\S]*make: \*\*\* No rule to make target notes\.\n/,
  );
  const record = JSON.parse(workspace.read(recordPath) ?? '{}') as Record<string, unknown>;
  assert.deepEqual(
    [record.outcome, record.exitCode, record.failedCommand, record.blocker],
    ['failed', 2, 'make notes', `${LOOP_HUB}/blocker.md`],
  );
});

test('a hub outside the workspace is refused and nothing is written', async () => {
  const workspace = new InMemoryWorkspace(smallLoop());
  const session = await workspace.session();
  const before = workspace.paths();
  const outside = { ...RUN, hubDir: '../elsewhere/', logFile: '../elsewhere/B1.log' };
  assert.deepEqual(await startRun(session, outside, workspace.hubPort()), {
    error: 'refused: ../elsewhere/ resolves outside the workspace',
  });
  assert.deepEqual(
    await finishRun(session, { plan: outside, exitCode: 0, startedAt: '2026-01-02T00:00:00.000Z', durationMs: 1 }, workspace.hubPort()),
    {
      notes: ['refused: ../elsewhere/ resolves outside the workspace'],
    },
  );
  assert.deepEqual(workspace.paths(), before);
});
