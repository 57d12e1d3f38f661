// The record every run writes into its hub (planloop-run-<ROW>.json): the evidence sync and the
// ledger attempt are built from. Parsing never throws. recordRun is the one writer: the editor
// and the CLI only hand it the run's end and a port to their file system.
import { BLOCKER_NAME, blockerText } from './blocker';

/** Written into a hub while a run (the CLI's or the editor's) is going, so a half-written log is not taken as evidence. */
export const RUNNING_MARKER = '.planloop-running';

/** `planloop-run-D1.json`: one record per row, so rows sharing a hub keep their own evidence. */
export function runRecordName(rowId: string): string {
  return `planloop-run-${rowId.replace(/[^\w.-]+/g, '_') || 'row'}.json`;
}

export function isRunRecordName(name: string): boolean {
  return /^planloop-run(?:-[\w.-]+)?\.json$/.test(name);
}

export type RunOutcome = 'passed' | 'failed' | 'interrupted' | 'error';

export interface RunRecord {
  readonly version: 1;
  readonly rowId: string;
  readonly planPath?: string;
  readonly initiativeId?: string;
  readonly phaseId?: string;
  readonly commands: readonly string[];
  readonly profile: string;
  /** Environment in effect (a command's own CUDA_VISIBLE_DEVICES wins over the profile's). */
  readonly env: Readonly<Record<string, string>>;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly exitCode: number | null;
  readonly outcome: RunOutcome;
  readonly failedCommand?: string;
  readonly message?: string;
  /** Workspace-relative blocker.md this run wrote (runs that did not pass). */
  readonly blocker?: string;
  /** Workspace-relative log path. */
  readonly log: string;
  /** Workspace-relative files in the hub when the run ended. */
  readonly artifacts: readonly string[];
  /** What the row's step expects of the run (`Expected: FAIL` on a TDD red step); absent: it should pass. */
  readonly expected?: 'fail' | 'pass';
}

/**
 * Whether a run did what its row expects, and how the ledger says it. A red step that fails is
 * done ("failed as expected"); one that passes when it should fail is reported, not done.
 */
export function judgeRun(record: Pick<RunRecord, 'outcome' | 'exitCode' | 'expected'>): { ok: boolean; result: string } {
  const exit = `exit ${record.exitCode ?? '?'}`;
  if (record.outcome === 'interrupted') return { ok: false, result: 'interrupted' };
  if (record.expected === 'fail') {
    if (record.outcome === 'passed') return { ok: false, result: 'passed, but the step expects it to fail' };
    if (record.outcome === 'failed') return { ok: true, result: `failed as expected (${exit})` };
  }
  if (record.outcome === 'passed') return { ok: true, result: 'passed' };
  return { ok: false, result: `failed (${exit})` };
}

const OUTCOMES = new Set(['passed', 'failed', 'interrupted', 'error']);

export function parseRunRecord(text: string): { record?: RunRecord; problem?: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { problem: `not JSON: ${(error as Error).message}` };
  }
  const r = raw as Partial<RunRecord> | null;
  if (!r || typeof r !== 'object') return { problem: 'not a JSON object' };
  if (r.version !== 1) return { problem: `unsupported version ${String(r.version)}` };
  if (typeof r.rowId !== 'string' || !r.rowId) return { problem: 'missing rowId' };
  if (!Array.isArray(r.commands) || !r.commands.every((c) => typeof c === 'string')) return { problem: 'commands must be strings' };
  if (typeof r.outcome !== 'string' || !OUTCOMES.has(r.outcome)) return { problem: `outcome must be one of ${[...OUTCOMES].join(', ')}` };
  if (typeof r.log !== 'string') return { problem: 'missing log path' };
  if (typeof r.startedAt !== 'string' || Number.isNaN(Date.parse(r.startedAt))) return { problem: 'startedAt must be an ISO date' };
  return {
    record: {
      version: 1,
      rowId: r.rowId,
      planPath: typeof r.planPath === 'string' ? r.planPath : undefined,
      initiativeId: typeof r.initiativeId === 'string' ? r.initiativeId : undefined,
      phaseId: typeof r.phaseId === 'string' ? r.phaseId : undefined,
      commands: r.commands,
      profile: typeof r.profile === 'string' ? r.profile : 'cpu',
      env: r.env && typeof r.env === 'object' ? (r.env as Record<string, string>) : {},
      startedAt: r.startedAt,
      durationMs: typeof r.durationMs === 'number' ? r.durationMs : 0,
      exitCode: typeof r.exitCode === 'number' ? r.exitCode : null,
      outcome: r.outcome,
      failedCommand: typeof r.failedCommand === 'string' ? r.failedCommand : undefined,
      message: typeof r.message === 'string' ? r.message : undefined,
      blocker: typeof r.blocker === 'string' ? r.blocker : undefined,
      log: r.log,
      artifacts: Array.isArray(r.artifacts) ? r.artifacts.filter((a): a is string => typeof a === 'string') : [],
      expected: r.expected === 'fail' || r.expected === 'pass' ? r.expected : undefined,
    },
  };
}

/** The hub folder of a record path: `…/reports/<TS>/<phase>/planloop-run.json` → `…/reports/<TS>/<phase>`. */
export function hubOf(recordPath: string): string {
  return recordPath.slice(0, recordPath.lastIndexOf('/'));
}

// ---- Writing a record ------------------------------------------------------------------------

/** What a run was (the core's RunSpec, or the protocol's RunPlan: the same shape). */
export interface RunDescription {
  readonly rowId: string;
  readonly planPath?: string;
  readonly initiativeId?: string;
  readonly phaseId?: string;
  readonly commands: readonly string[];
  readonly hubDir: string;
  readonly logFile: string;
  readonly profile: string;
  readonly effectiveEnv: Readonly<Record<string, string>>;
  /** What the row's step expects (`Expected: FAIL`), carried into the record. */
  readonly expected?: 'fail' | 'pass';
}

/** How a run ended, as its host saw it. */
export interface RunEnd {
  readonly startedAt: Date;
  readonly durationMs: number;
  /** The exit status; null when the process ended without one (killed). */
  readonly exitCode: number | null;
  /** Set when the user stopped the run: what stopped it (`SIGINT`, `the editor`). */
  readonly stoppedBy?: string;
  /** The signal that killed the failing command, when the host knows it. */
  readonly signal?: string;
  /** The command that failed, when the host knows it; otherwise read from the log's `$ command` lines. */
  readonly failedCommand?: string;
  /** The host could not do its part (the log could not be written): the run is an `error`. */
  readonly hostError?: string;
}

/** The file operations recordRun needs; paths are workspace-relative. */
export interface HubPort {
  readFile(path: string): Promise<string | undefined>;
  readDirectory(path: string): Promise<ReadonlyArray<{ name: string; isDirectory: boolean; isFile: boolean }>>;
  mtimeMs(path: string): Promise<number | undefined>;
  writeFile(path: string, text: string): Promise<void>;
  /** Removes a file; nothing when it is not there. */
  removeFile(path: string): Promise<void>;
}

/** The files a run writes into its hub besides the log: the running marker, blocker.md and its record. */
export function runFilesOf(run: Pick<RunDescription, 'hubDir' | 'rowId'>): string[] {
  const hubDir = run.hubDir.replace(/\/$/, '');
  return [RUNNING_MARKER, BLOCKER_NAME, runRecordName(run.rowId)].map((name) => `${hubDir}/${name}`);
}

/** Who is writing a hub: the process of the run, and the process groups of the commands it started. */
export interface RunningHolder {
  readonly pid: number;
  readonly groups?: readonly number[];
}

/** Where a run's hub holds its running marker (workspace-relative). */
export function runningMarkerPath(run: Pick<RunDescription, 'hubDir'>): string {
  return `${run.hubDir.replace(/\/$/, '')}/${RUNNING_MARKER}`;
}

/** The marker's text: the writer's PID, then one process group a line. */
export function runningMarkerText(holder: RunningHolder): string {
  return [holder.pid, ...(holder.groups ?? [])].map((n) => `${n}\n`).join('');
}

/** A marker's holder; undefined when the text names no process. */
export function parseRunningMarker(text: string): RunningHolder | undefined {
  const [pid, ...groups] = text.split('\n').filter(Boolean).map(Number);
  return Number.isInteger(pid) && pid > 0 ? { pid, groups: groups.filter((g) => Number.isInteger(g) && g > 1) } : undefined;
}

/**
 * Marks the hub as being written by a run (`.planloop-running`): an editor watching the hub leaves
 * the files that land there to the run's own record. Both hosts mark through here (the CLI again
 * for each command's process group).
 */
export async function markRunning(port: HubPort, run: Pick<RunDescription, 'hubDir'>, holder: RunningHolder): Promise<void> {
  await port.writeFile(runningMarkerPath(run), runningMarkerText(holder));
}

/** The run is over: the hub is no longer being written. */
export async function clearRunning(port: HubPort, run: Pick<RunDescription, 'hubDir'>): Promise<void> {
  await port.removeFile(runningMarkerPath(run));
}

/** The line every run (editor and CLI) writes into its log before a command. */
export function commandLogLine(command: string): string {
  return `$ ${command}`;
}

/** The last of the run's commands whose `$ command` line is in the log: the one that was running. */
export function lastStartedCommand(commands: readonly string[], log: string): string | undefined {
  const text = '\n' + log.replace(/\r\n?/g, '\n');
  let found: { command: string; at: number } | undefined;
  for (const command of commands) {
    const at = text.lastIndexOf(`\n${commandLogLine(command)}\n`);
    if (at >= 0 && (!found || at >= found.at)) found = { command, at };
  }
  return found?.command;
}

/** The outcome, its reason and the failing command, from how the run ended and what it logged. */
export function classifyRunEnd(
  run: Pick<RunDescription, 'commands'>,
  end: RunEnd,
  log: string,
): { outcome: RunOutcome; message?: string; failedCommand?: string } {
  const failedCommand = (): string | undefined => end.failedCommand ?? lastStartedCommand(run.commands, log);
  if (end.hostError) return { outcome: 'error', message: end.hostError, failedCommand: end.failedCommand };
  if (end.stoppedBy) return { outcome: 'interrupted', message: `stopped by ${end.stoppedBy}`, failedCommand: failedCommand() };
  if (end.exitCode === 0) return { outcome: 'passed' };
  if (end.exitCode === 130) return { outcome: 'interrupted', message: 'stopped by SIGINT', failedCommand: failedCommand() };
  if (end.exitCode === 126 || end.exitCode === 127) {
    // The shell's own line names the missing program: `bash: ./x.sh: No such file or directory`.
    const shellLine = /^.*(?:command not found|No such file or directory|Permission denied)\s*$/m
      .exec(log)?.[0]
      .trim()
      .replace(/^\S*\b(?:ba|z|da)?sh: (?:line \d+: |\d+: )?/, '');
    const command = failedCommand();
    const program = command?.split(/\s+/).find((w) => !/^\w+=/.test(w));
    const what = shellLine ?? program;
    return { outcome: 'error', message: `command not found or not executable${what ? `: ${what}` : ''}`, failedCommand: command };
  }
  const message = end.signal ? `killed by ${end.signal}` : end.exitCode === null ? 'ended without an exit code' : undefined;
  return { outcome: 'failed', message, failedCommand: failedCommand() };
}

/** Files under the hub (recursively) written since the run started, minus records and the running marker. */
async function hubEvidence(port: HubPort, hubDir: string, sinceMs: number): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 8) return;
    for (const entry of await port.readDirectory(dir)) {
      const child = `${dir}/${entry.name}`;
      if (entry.isDirectory) await walk(child, depth + 1);
      else if (entry.isFile && !isRunRecordName(entry.name) && entry.name !== RUNNING_MARKER) {
        const mtime = await port.mtimeMs(child);
        if (mtime !== undefined && mtime >= sinceMs) out.push(child);
      }
    }
  };
  await walk(hubDir, 0);
  return out.sort();
}

/** A record as written to disk: two-space JSON and a final line break. */
export function runRecordText(record: RunRecord): string {
  return JSON.stringify(record, null, 2) + '\n';
}

/**
 * Writes a finished run's blocker.md (when it did not pass) and then its record into the hub.
 * Returns the record and its workspace-relative path.
 */
export async function recordRun(port: HubPort, run: RunDescription, end: RunEnd): Promise<{ recordPath: string; record: RunRecord }> {
  const hubDir = run.hubDir.replace(/\/$/, '');
  const log = (await port.readFile(run.logFile)) ?? '';
  const { outcome, message, failedCommand } = classifyRunEnd(run, end, log);
  const base = {
    version: 1 as const,
    rowId: run.rowId,
    planPath: run.planPath,
    initiativeId: run.initiativeId,
    phaseId: run.phaseId,
    commands: [...run.commands],
    profile: run.profile,
    env: { ...run.effectiveEnv },
    startedAt: end.startedAt.toISOString(),
    durationMs: Math.round(end.durationMs),
    exitCode: end.exitCode,
    outcome,
    failedCommand,
    message,
    expected: run.expected,
  };
  let blocker: string | undefined;
  if (!judgeRun(base).ok) {
    blocker = `${hubDir}/${BLOCKER_NAME}`;
    await port.writeFile(blocker, blockerText({ ...base, log: run.logFile }, log));
  }
  const record: RunRecord = {
    ...base,
    blocker,
    log: run.logFile,
    // Evidence is what this run wrote: files in the hub touched since it started.
    artifacts: await hubEvidence(port, hubDir, end.startedAt.getTime()),
  };
  const recordPath = `${hubDir}/${runRecordName(run.rowId)}`;
  await port.writeFile(recordPath, runRecordText(record));
  return { recordPath, record };
}

/**
 * A run is over, in both hosts: its blocker.md and record are written (recordRun) and its running
 * marker is cleared, whether or not the writing succeeded.
 */
export async function endRun(port: HubPort, run: RunDescription, end: RunEnd): Promise<{ recordPath: string; record: RunRecord }> {
  try {
    return await recordRun(port, run, end);
  } finally {
    await clearRunning(port, run);
  }
}
