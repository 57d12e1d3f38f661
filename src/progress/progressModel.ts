// What the progress picture shows for one initiative: rows by state per phase, and attempts over
// time. Pure (no vscode import) so unit tests cover it; the data comes from the plan and ledger
// trees, the plans' rows (planloop/planRows) and attempts already read by the server (time and
// outcome): nothing here reads ledger text.
import type {
  AttemptOutcome,
  DonePoint,
  InitiativeStatus,
  RowState,
  TreeInitiative,
  TreeLedgerInitiative,
  TreeRow,
} from '../../server/protocol';

export const STATE_ORDER = ['done', 'in-progress', 'blocked', 'open', 'deferred', 'skipped', 'unknown'] as const;
// Every state has a count (a new kind is a compile error in emptyCounts and the bar styles).
export type StateCounts = Record<RowState, number>;
const everyStateOrdered: Exclude<RowState, (typeof STATE_ORDER)[number]> extends never ? true : never = true;
void everyStateOrdered;

export interface PhaseBar {
  plan: string;
  label: string;
  counts: StateCounts;
  total: number;
}

export interface AttemptPoint {
  /** Milliseconds since the epoch (UTC). */
  time: number;
  /** The timestamp as written. */
  stamp: string;
  label: string;
  /** How the server read its wording. */
  tone: AttemptOutcome;
}

/** Rows done in the initiative's plans after a commit that changed them (from the loop history). */
export interface DoneStep {
  /** Milliseconds since the epoch (the commit's time). */
  time: number;
  done: number;
  total: number;
}

export interface ProgressModel {
  id: string;
  title: string;
  status: InitiativeStatus;
  counts: StateCounts;
  total: number;
  phases: PhaseBar[];
  /** Oldest first. */
  attempts: AttemptPoint[];
  /** Attempts whose entry carries no readable date. */
  undated: number;
  /** Oldest first; empty until the loop history has been read (or without git). */
  doneOverTime: DoneStep[];
}

function emptyCounts(): StateCounts {
  return { done: 0, 'in-progress': 0, blocked: 0, open: 0, deferred: 0, skipped: 0, unknown: 0 };
}

function stateKey(state: string): keyof StateCounts {
  return (STATE_ORDER as readonly string[]).includes(state) ? (state as keyof StateCounts) : 'unknown';
}

/** `rows`: each plan's rows by phase (planloop/planRows), keyed by the plan's URI. */
export function buildProgress(
  id: string,
  plans: TreeInitiative | undefined,
  rows: ReadonlyMap<string, readonly TreeRow[][]>,
  ledger: TreeLedgerInitiative | undefined,
  history: readonly DonePoint[] = [],
): ProgressModel {
  const counts = emptyCounts();
  const phases: PhaseBar[] = [];
  for (const plan of plans?.plans ?? []) {
    const byPhase = rows.get(plan.uri) ?? [];
    for (const [i, phase] of plan.phases.entries()) {
      const bar: PhaseBar = {
        plan: plan.relativePath,
        label: phase.id ? `Phase ${phase.id}${phase.title ? ` — ${phase.title}` : ''}` : phase.title || 'Checklist',
        counts: emptyCounts(),
        total: 0,
      };
      for (const row of byPhase[i] ?? []) {
        const key = stateKey(row.state);
        bar.counts[key]++;
        counts[key]++;
        bar.total++;
      }
      if (bar.total > 0) phases.push(bar);
    }
  }
  const attempts: AttemptPoint[] = [];
  let undated = 0;
  for (const attempt of ledger?.attempts ?? []) {
    if (attempt.time === undefined) {
      undated++;
      continue;
    }
    attempts.push({ time: attempt.time, stamp: attempt.timestamp ?? '', label: attempt.label, tone: attempt.outcome });
  }
  attempts.sort((a, b) => a.time - b.time);
  return {
    id,
    title: plans?.title || ledger?.title || '',
    status: ledger?.status ?? plans?.status ?? 'unknown',
    counts,
    total: phases.reduce((n, p) => n + p.total, 0),
    phases,
    attempts,
    undated,
    doneOverTime: history.map((p) => ({ time: p.time * 1000, done: p.done, total: p.total })),
  };
}
