// Running the built planloop binary as a process (shared by the CLI tests).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';

export const CLI = path.join(repoRoot, 'dist/cli.js');
export const PHASE_PLAN = 'plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d_smoke/plan.md';
export const PHASE_HUB = 'plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d_smoke';
export const LEDGER = 'docs/fix_plan.md';

export function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function copyDir(source: string): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-cli-'));
  fs.cpSync(source, target, { recursive: true });
  return target;
}

/** A run record as `planloop run` writes it (for sync tests). */
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
