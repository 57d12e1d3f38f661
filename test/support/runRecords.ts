// A run record as `planloop run` writes it, for tests of sync (unit and CLI).
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
