// planloop run <ROW|--mapped-tests>: run the commands with the profile's env, tee into the hub,
// time it, keep the exit code, then apply the same row/ledger update as the editor.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline/promises';
import { execa } from 'execa';
import { planRun, type RunSpec } from '../../core/runPlan';
import { planSync } from '../../core/sync';
import { RUN_RECORD_NAME, type RunOutcome, type RunRecord } from '../../core/runRecord';
import type { CliContext } from '../context';
import { CliError } from '../errors';
import { color } from '../output';
import { writeSync } from './sync';

export interface RunOptions {
  row?: string;
  mappedTests: boolean;
  plan?: string;
  initiative?: string;
  profile?: string;
  yes: boolean;
}

function resolveTarget(ctx: CliContext, options: RunOptions) {
  if (options.mappedTests) return { kind: 'mapped-tests' as const };
  if (!options.row) throw new CliError('usage: planloop run <ROW|--mapped-tests> [--plan PATH] [--profile NAME] [--yes]');
  const hits = ctx.index.findRows(options.row, { planPath: options.plan, initiativeId: options.initiative });
  if (hits.length === 0) throw new CliError(`unknown row ${options.row}${options.plan ? ` in ${options.plan}` : ''}`);
  if (hits.length > 1) {
    throw new CliError(`row ${options.row} is ambiguous: ${hits.map((h) => h.doc.path).join(', ')} (pass --plan PATH)`);
  }
  return { kind: 'row' as const, hit: hits[0] };
}

async function confirm(spec: RunSpec, yes: boolean): Promise<void> {
  process.stderr.write(`${color.bold(`Run ${spec.rowId}`)} (profile ${spec.profile}) → ${spec.logFile}\n${spec.commands.map((c) => `  $ ${c}`).join('\n')}\n`);
  if (yes) return;
  if (!process.stdin.isTTY) throw new CliError('these commands come from workspace files; pass --yes to run them without a prompt');
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  const answer = await rl.question('Run them? [y/N] ');
  rl.close();
  if (!/^y(es)?$/i.test(answer.trim())) throw new CliError('cancelled', 1);
}

export async function run(ctx: CliContext, options: RunOptions): Promise<number> {
  const target = resolveTarget(ctx, options);
  const { spec, error } = planRun(ctx.index, target, options.profile, new Date());
  if (!spec) throw new CliError(error ?? 'nothing to run');
  if (spec.commands.length === 0) throw new CliError(`row ${spec.rowId} has no commands to run`);
  await confirm(spec, options.yes);

  const hub = path.join(ctx.root, spec.hubDir);
  fs.mkdirSync(hub, { recursive: true });
  const log = fs.createWriteStream(path.join(ctx.root, spec.logFile), { flags: 'a' });
  const startedAt = new Date();
  let exitCode: number | null = 0;
  let outcome: RunOutcome = 'passed';
  let failedCommand: string | undefined;
  let message: string | undefined;
  let interrupted = false;
  let child: ReturnType<typeof execa> | undefined;
  const onSigint = (): void => {
    interrupted = true;
    child?.kill('SIGINT');
    setTimeout(() => child?.kill('SIGKILL'), 3000).unref();
  };
  process.on('SIGINT', onSigint);
  const ticker = process.stderr.isTTY ? setInterval(() => process.stderr.write(`\r${color.dim(`running ${spec.rowId}… ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s`)}`), 1000) : undefined;
  try {
    for (const command of spec.commands) {
      log.write(`$ ${command}\n`);
      child = execa(command, { shell: '/bin/bash', cwd: ctx.root, env: spec.env, extendEnv: true, all: true, reject: false, stdin: 'ignore' });
      child.all?.on('data', (chunk: Buffer) => {
        process.stdout.write(chunk);
        log.write(chunk);
      });
      const result = await child;
      if (interrupted) {
        outcome = 'interrupted';
        exitCode = result.exitCode ?? null;
        failedCommand = command;
        break;
      }
      if (result.exitCode !== 0) {
        exitCode = result.exitCode ?? null;
        outcome = result.exitCode === 127 ? 'error' : 'failed';
        failedCommand = command;
        if (result.exitCode === 127) message = `command not found: ${command.split(/\s+/).find((w) => !w.includes('=')) ?? command}`;
        break;
      }
    }
  } finally {
    if (ticker) {
      clearInterval(ticker);
      process.stderr.write('\r\u001b[K');
    }
    process.off('SIGINT', onSigint);
    await new Promise<void>((resolve) => log.end(resolve));
  }
  const durationMs = Date.now() - startedAt.getTime();
  const record: RunRecord = {
    version: 1,
    rowId: spec.rowId,
    planPath: spec.planPath,
    initiativeId: spec.initiativeId,
    phaseId: spec.phaseId,
    commands: spec.commands,
    profile: spec.profile,
    env: spec.effectiveEnv,
    startedAt: startedAt.toISOString(),
    durationMs,
    exitCode,
    outcome,
    failedCommand,
    message,
    log: spec.logFile,
    // Evidence is what this run wrote: files in the hub touched since it started.
    artifacts: fs
      .readdirSync(hub)
      .filter((f) => f !== RUN_RECORD_NAME && fs.statSync(path.join(hub, f)).mtimeMs >= startedAt.getTime())
      .map((f) => `${spec.hubDir.replace(/\/$/, '')}/${f}`),
  };
  const recordPath = `${spec.hubDir.replace(/\/$/, '')}/${RUN_RECORD_NAME}`;
  fs.writeFileSync(path.join(ctx.root, recordPath), JSON.stringify(record, null, 2) + '\n');
  if (outcome !== 'passed') {
    fs.writeFileSync(
      path.join(hub, 'blocker.md'),
      `# Blocker: ${spec.rowId} ${outcome}\n\n- Command: \`${failedCommand ?? ''}\`\n- Exit code: ${exitCode ?? 'none'}\n- Log: \`${spec.logFile}\`\n${message ? `- ${message}\n` : ''}`,
    );
  }
  const result = planSync(ctx.index, [{ path: recordPath, record }]);
  for (const note of result.notes) process.stderr.write(`note: ${note}\n`);
  for (const file of writeSync(ctx, result)) process.stderr.write(`updated ${file}\n`);
  const summary = `${spec.rowId} ${outcome}${exitCode !== null && outcome !== 'passed' ? ` (exit ${exitCode})` : ''} in ${(durationMs / 1000).toFixed(1)} s; log ${spec.logFile}`;
  process.stderr.write((outcome === 'passed' ? color.green(summary) : color.red(summary)) + '\n');
  if (outcome === 'interrupted') return 130;
  return outcome === 'passed' ? 0 : 1;
}
