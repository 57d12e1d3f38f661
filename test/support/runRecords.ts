// A run record as `planloop run` writes it, for tests of sync (unit and CLI), and an editor run's end.
import type { FinishRunParams } from '../../server/protocol';

export const PHASE_PLAN = 'plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d_smoke/plan.md';

/** Row D1 of the sample phase plan, passed; `over` replaces any field. */
export function runRecord(hub: string, over: Record<string, unknown> = {}): string {
  return JSON.stringify({
    version: 1,
    rowId: 'D1',
    planPath: PHASE_PLAN,
    initiativeId: 'TIDE-API-001',
    phaseId: 'D',
    commands: ['CUDA_VISIBLE_DEVICES="" pytest tests/test_tides.py::test_ok -q'],
    profile: 'cpu',
    env: { CUDA_VISIBLE_DEVICES: '' },
    startedAt: '2026-03-07T08:00:00.000Z',
    durationMs: 1000,
    exitCode: 0,
    outcome: 'passed',
    log: `${hub}/D1.log`,
    artifacts: [`${hub}/D1.log`],
    ...over,
  });
}

/** How the editor tells the server that row D1 of the sample phase plan ran in `hub` (planloop/finishRun). */
export function finishRunParams(hub: string, over: Partial<FinishRunParams> = {}): FinishRunParams {
  return {
    plan: {
      rowId: 'D1',
      planPath: PHASE_PLAN,
      initiativeId: 'TIDE-API-001',
      phaseId: 'D',
      commands: ['CUDA_VISIBLE_DEVICES="" pytest tests/test_tides.py::test_ok -q'],
      hubDir: `${hub}/`,
      logFile: `${hub}/D1.log`,
      expectedArtifacts: [],
      profile: 'cpu',
      env: { CUDA_VISIBLE_DEVICES: '' },
      effectiveEnv: { CUDA_VISIBLE_DEVICES: '' },
      envExport: 'export CUDA_VISIBLE_DEVICES=""',
      script: '',
    },
    exitCode: 0,
    startedAt: '2026-03-07T08:00:00.000Z',
    durationMs: 1000,
    ...over,
  };
}
