// The record every run writes into its hub (planloop-run-<ROW>.json): the evidence sync and the
// ledger attempt are built from. Parsing never throws.

/** Written into a hub while `planloop run` is going, so a half-written log is not taken as evidence. */
export const RUNNING_MARKER = '.planloop-running';

/** The one-per-hub name of early versions; still read. */
export const RUN_RECORD_NAME = 'planloop-run.json';

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
  /** Workspace-relative log path. */
  readonly log: string;
  /** Workspace-relative files in the hub when the run ended. */
  readonly artifacts: readonly string[];
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
      log: r.log,
      artifacts: Array.isArray(r.artifacts) ? r.artifacts.filter((a): a is string => typeof a === 'string') : [],
    },
  };
}

/** The hub folder of a record path: `…/reports/<TS>/<phase>/planloop-run.json` → `…/reports/<TS>/<phase>`. */
export function hubOf(recordPath: string): string {
  return recordPath.slice(0, recordPath.lastIndexOf('/'));
}
