// planloop run <ROW|--mapped-tests>: run the commands with the profile's env, tee into the hub,
// time it, keep the exit code, then apply the same row/ledger update as the editor.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline/promises';
import { finished } from 'node:stream/promises';
import { execa, type ResultPromise } from 'execa';
import { planRun, type RunSpec, type RunTarget } from '../../core/run/runPlan';
import { writeRefusal } from '../../core/index/fileSystem';
import { planRunOutcome } from '../../core/run/sync';
import { commandLogLine, endRun, judgeRun, runFilesOf } from '../../core/run/runRecord';
import { runLogHead } from '../../core/run/runScript';
import { cliRunEnd } from '../runEnd';
import { claimRunMarker } from '../runMarker';
import { nodeHubPort } from '../../host/nodeHubPort';
import { reloadWorkspace, type CliContext } from '../context';
import { CliError, WriteConflictError } from '../errors';
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

function resolveTarget(ctx: CliContext, options: RunOptions): RunTarget {
  if (options.mappedTests) {
    if (options.row) throw new CliError('pass either a row or --mapped-tests, not both');
    return { kind: 'mapped-tests' };
  }
  if (!options.row) throw new CliError('usage: planloop run <ROW|--mapped-tests> [--plan PATH] [--profile NAME] [--yes]');
  if (options.plan && !ctx.index.get(options.plan)) throw new CliError(`unknown plan ${options.plan} (not a plan file of this workspace)`);
  const hits = ctx.index.findRows(options.row, { planPath: options.plan, initiativeId: options.initiative });
  if (hits.length === 0)
    throw new CliError(
      `unknown row ${options.row}${options.plan ? ` in ${options.plan}` : options.initiative ? ` in ${options.initiative}` : ''}`,
    );
  if (hits.length > 1)
    throw new CliError(`row ${options.row} is ambiguous: ${[...new Set(hits.map((h) => h.doc.path))].join(', ')} (pass --plan PATH)`);
  return { kind: 'row', hit: hits[0] };
}

/** Shows what will run; on a TTY (without --yes) asks first. */
async function confirm(spec: RunSpec, yes: boolean): Promise<void> {
  const env = Object.entries(spec.effectiveEnv)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
  process.stderr.write(
    `${color.bold(`Run ${spec.rowId}`)} (profile ${spec.profile}${env ? `: ${env}` : ''}) → ${spec.logFile}\n${spec.commands.map((c) => `  $ ${c}`).join('\n')}\n`,
  );
  if (yes || !process.stdin.isTTY) return;
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  const answer = await new Promise<string>((resolve, reject) => {
    rl.on('SIGINT', () => reject(new CliError('cancelled', 130)));
    rl.question('Run them? [y/N] ').then(resolve, reject);
  }).finally(() => rl.close());
  if (!/^y(es)?$/i.test(answer.trim())) throw new CliError('cancelled', 1);
}

/** A progress line on stderr while the run goes (TTY only), cleared before any output. */
function progress(spec: RunSpec, startedAt: number) {
  const enabled = process.stderr.isTTY === true;
  let shown = false;
  let step = 0;
  const draw = (): void => {
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(0);
    const line = `running ${spec.rowId} [${step + 1}/${spec.commands.length}] ${seconds} s  $ ${spec.commands[step]?.replace(/\s+/g, ' ') ?? ''}`;
    process.stderr.write(`\r\u001b[K${color.dim(line.slice(0, (process.stderr.columns || 80) - 1))}`);
    shown = true;
  };
  const timer = enabled ? setInterval(draw, 1000) : undefined;
  return {
    step(n: number): void {
      step = n;
    },
    clear(): void {
      if (shown) process.stderr.write('\r\u001b[K');
      shown = false;
    },
    stop(): void {
      if (timer) clearInterval(timer);
      this.clear();
    },
  };
}

const SHELL = fs.existsSync('/bin/bash') ? '/bin/bash' : true;

export async function run(ctx: CliContext, options: RunOptions): Promise<number> {
  const target = resolveTarget(ctx, options);
  const { spec, error } = planRun(ctx.index, target, options.profile, new Date());
  if (!spec) throw new CliError(error ?? 'nothing to run');
  if (spec.commands.length === 0) throw new CliError(`row ${spec.rowId} has no commands to run (commands are backticked in its guidance)`);
  await confirm(spec, options.yes);

  const hubDir = spec.hubDir.replace(/\/$/, '');
  // planRun checked the hub and the log; the files a run adds next to them must not lead out either.
  for (const file of runFilesOf(spec)) {
    const refused = writeRefusal(ctx.index.fs, ctx.root, file);
    if (refused) throw new CliError(refused, 1);
  }
  fs.mkdirSync(path.join(ctx.root, hubDir), { recursive: true });
  // Tells an editor watching the hub that the log is still being written by this run; a watchdog
  // stops the run's commands if this process dies without cleaning up.
  const port = nodeHubPort(ctx.root);
  const marker = await claimRunMarker(port, ctx.root, spec, (line) => process.stderr.write(`planloop: ${line}\n`));
  // A log that cannot be written (read-only, a folder, a full disk) ends the run as an `error`.
  let logFailure: string | undefined;
  const logProblem = (error: unknown): string =>
    `cannot write the log ${spec.logFile}: ${(error as NodeJS.ErrnoException).code === 'read-only' ? 'the file is read-only' : ((error as NodeJS.ErrnoException).code ?? (error as Error).message)}`;
  let logFd: number | undefined;
  try {
    // The write bits, as the safe writer reads them: root could append to a read-only log.
    const existing = fs.statSync(path.join(ctx.root, spec.logFile), { throwIfNoEntry: false });
    if (existing?.isFile() && (existing.mode & 0o222) === 0) throw Object.assign(new Error('the file is read-only'), { code: 'read-only' });
    logFd = fs.openSync(path.join(ctx.root, spec.logFile), 'a');
  } catch (error) {
    logFailure = logProblem(error); // nothing runs
  }
  const log = logFd === undefined ? undefined : fs.createWriteStream('', { fd: logFd });
  const startedAt = new Date();
  let exitCode: number | null = 0;
  let failedCommand: string | undefined;
  let signal: string | undefined;
  let stopping: NodeJS.Signals | undefined;
  let child: ResultPromise | undefined;
  const killGroup = (signal: NodeJS.Signals): void => {
    if (!child?.pid) return;
    try {
      process.kill(-child.pid, signal); // the shell and everything it started (pipelines too)
    } catch {
      child.kill(signal);
    }
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return killGroup('SIGKILL');
    stopping = signal;
    killGroup('SIGINT');
    setTimeout(() => killGroup('SIGTERM'), 2000).unref();
    setTimeout(() => killGroup('SIGKILL'), 5000).unref();
  };
  const logFailed = (error: unknown): void => {
    logFailure ??= logProblem(error);
    killGroup('SIGKILL');
  };
  log?.on('error', logFailed);
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  const bar = progress(spec, startedAt.getTime());
  const tee =
    (stream: NodeJS.WriteStream) =>
    (chunk: Buffer): void => {
      bar.clear();
      stream.write(chunk);
      log?.write(chunk);
    };
  for (const line of runLogHead(spec)) log?.write(`${line}\n`);
  try {
    for (const [i, command] of spec.commands.entries()) {
      if (stopping || logFailure) break;
      bar.step(i);
      log?.write(`${commandLogLine(command)}\n`);
      child = execa(command, {
        shell: SHELL,
        cwd: ctx.root,
        env: spec.env,
        extendEnv: true,
        reject: false,
        stdin: 'ignore',
        detached: true,
        buffer: false,
      });
      child.stdout?.on('data', tee(process.stdout));
      child.stderr?.on('data', tee(process.stderr));
      if (child.pid) await marker.addGroup(child.pid); // detached: the shell leads its own process group
      const result = await child;
      if (stopping || logFailure || result.exitCode !== 0) {
        exitCode = result.exitCode ?? null;
        failedCommand = command;
        signal = result.signal ?? undefined;
        break;
      }
    }
  } finally {
    bar.stop();
    log?.end();
    if (log) await finished(log).catch(logFailed);
  }
  const durationMs = Date.now() - startedAt.getTime();
  // The record, blocker.md and clearing the marker are the core's (endRun), as for an editor run:
  // the same run writes the same bytes wherever it ran.
  const end = cliRunEnd({ startedAt, durationMs, exitCode, stoppedBy: stopping, signal, failedCommand, hostError: logFailure });
  const { recordPath, record } = await endRun(port, spec, end);
  const { outcome } = record;
  if (logFailure) process.stderr.write(`planloop: ${logFailure}\n`);

  // The plan and ledger may have been edited while the run went (or by a run that finished at the
  // same moment): compute on fresh text, and when a file moved on between read and write, again.
  // A red step (`Expected: FAIL`) that fails did its job; one that passes did not.
  const judged = judgeRun(record);
  let code = judged.ok ? 0 : outcome === 'interrupted' ? 130 : 1;
  for (let attempt = 1; ; attempt++) {
    const fresh = reloadWorkspace(ctx);
    const result = planRunOutcome(fresh.index, { path: recordPath, record });
    try {
      const written = writeSync(fresh, result);
      for (const note of [...result.notes, ...result.proposed]) process.stderr.write(`note: ${note}\n`);
      for (const file of written) process.stderr.write(`updated ${file}\n`);
      break;
    } catch (error) {
      if (attempt < 3 && error instanceof WriteConflictError) continue;
      process.stderr.write(
        `planloop: ${(error as Error).message}; the run is recorded in ${recordPath}: run "planloop sync --write" to apply it\n`,
      );
      if (code === 0) code = 1;
      break;
    }
  }
  const said = record.expected ? judged.result : `${outcome}${exitCode !== null && outcome !== 'passed' ? ` (exit ${exitCode})` : ''}`;
  const summary = `${spec.rowId} ${said} in ${(durationMs / 1000).toFixed(1)} s; log ${spec.logFile}`;
  process.stderr.write((judged.ok ? color.green(summary) : color.red(summary)) + '\n');
  for (const s of signals) process.off(s, onSignal);
  return code;
}
