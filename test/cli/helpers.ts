// Running the built planloop binary as a process (shared by the CLI tests).
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';

export { PHASE_PLAN, runRecord } from '../support/runRecords';

export const CLI = path.join(repoRoot, 'dist/cli.js');
export const PHASE_HUB = 'plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d_smoke';
export const LEDGER = 'docs/fix_plan.md';

export function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The binary as a child process that runs alongside others; resolves when it exits. */
export function cliAsync(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

export function copyDir(source: string): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-cli-'));
  fs.cpSync(source, target, { recursive: true });
  return target;
}
