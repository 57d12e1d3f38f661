// Loop health, read from the history: a row that keeps failing (thrash), iterations where no row
// moves (stall), a row done, reopened and done again (flip-flop), and a handoff whose Do Now
// points at rows already done (drift). Information, for the person coming back to the loop.
import type { RowState } from '../model/model';
import { initiativeOfPath } from '../model/layout';
import type { CommitRecord } from './records';
import { iterationOfCommit, type Iteration } from './iterations';

export type HealthKind = 'thrash' | 'stall' | 'flip-flop' | 'drift';

export interface HealthThresholds {
  /** Failed attempts in a row on one row that make it thrash. */
  readonly thrashAttempts: number;
  /** Iterations in a row without a row changing state that make a stall. */
  readonly stallIterations: number;
}

export const DEFAULT_HEALTH: HealthThresholds = { thrashAttempts: 3, stallIterations: 5 };

export interface HealthFinding {
  readonly kind: HealthKind;
  readonly message: string;
  readonly rowId?: string;
  readonly initiative?: string;
  readonly plan?: string;
  /** Failed attempts (thrash), iterations (stall), reopenings (flip-flop), items (drift). */
  readonly count: number;
  /** The commits it was read from, oldest first. */
  readonly commits: readonly string[];
}

/** What the history needs to know about the workspace now. */
export interface HealthLookup {
  /** Whether the initiative has a row with this ID. */
  hasRow(initiative: string, rowId: string): boolean;
  /** The states rows with this ID have now (in `planPath` when given, else in the initiative's plans). */
  rowStates(rowId: string, scope: { initiative?: string; planPath?: string }): RowState[];
}

const day = (time: number): string => new Date(time * 1000).toISOString().slice(0, 10);

export function loopHealth(
  commits: readonly CommitRecord[],
  iterations: readonly Iteration[],
  thresholds: HealthThresholds,
  lookup?: HealthLookup,
): HealthFinding[] {
  return [
    ...thrash(commits, iterations, thresholds.thrashAttempts, lookup),
    ...stall(iterations, thresholds.stallIterations),
    ...flipFlop(commits),
    ...drift(commits, lookup),
  ];
}

/** The rows an attempt is about: the row IDs it mentions, else its iteration's Do Now rows. */
function rowsOfAttempt(
  attempt: CommitRecord['attempts'][number],
  iteration: Iteration | undefined,
  lookup: HealthLookup | undefined,
): string[] {
  const mentioned = lookup ? attempt.mentions.filter((id) => lookup.hasRow(attempt.initiative, id)) : [];
  if (mentioned.length) return mentioned;
  const items = iteration?.handoff?.doNow ?? [];
  return [...new Set(items.filter((d) => !d.initiativeId || d.initiativeId === attempt.initiative).flatMap((d) => d.rowIds))];
}

function thrash(
  commits: readonly CommitRecord[],
  iterations: readonly Iteration[],
  threshold: number,
  lookup: HealthLookup | undefined,
): HealthFinding[] {
  const iterationOf = iterationOfCommit(iterations);
  const streaks = new Map<string, { initiative: string; rowId: string; attempts: string[]; commits: string[] }>();
  for (const commit of commits) {
    for (const t of commit.transitions) {
      if (t.to === 'done') streaks.delete(`${initiativeOfPath(t.plan) ?? ''}\u0000${t.rowId}`);
    }
    for (const attempt of commit.attempts) {
      for (const rowId of rowsOfAttempt(attempt, iterationOf.get(commit.sha), lookup)) {
        const key = `${attempt.initiative}\u0000${rowId}`;
        if (attempt.outcome !== 'failed') {
          streaks.delete(key);
          continue;
        }
        const streak = streaks.get(key) ?? { initiative: attempt.initiative, rowId, attempts: [], commits: [] };
        streak.attempts.push(attempt.number !== undefined ? `#${attempt.number}` : (attempt.timestamp ?? day(commit.time)));
        if (!streak.commits.includes(commit.sha)) streak.commits.push(commit.sha);
        streaks.set(key, streak);
      }
    }
  }
  return [...streaks.values()]
    .filter((s) => s.attempts.length >= threshold)
    .map((s) => ({
      kind: 'thrash' as const,
      message: `${s.rowId} (${s.initiative}): ${s.attempts.length} failed attempts in a row (${s.attempts.join(', ')})`,
      rowId: s.rowId,
      initiative: s.initiative,
      count: s.attempts.length,
      commits: s.commits,
    }));
}

function stall(iterations: readonly Iteration[], threshold: number): HealthFinding[] {
  let quiet = 0;
  for (let i = iterations.length - 1; i >= 0 && !iterations[i].commits.some((c) => c.transitions.length); i--) quiet++;
  if (quiet < threshold) return [];
  const first = iterations[iterations.length - quiet];
  return [
    {
      kind: 'stall',
      message: `No row changed state in the last ${quiet} iterations (since ${day(first.commits[0].time)})`,
      count: quiet,
      commits: iterations.slice(iterations.length - quiet).flatMap((it) => it.commits.map((c) => c.sha)),
    },
  ];
}

function flipFlop(commits: readonly CommitRecord[]): HealthFinding[] {
  const rows = new Map<string, { plan: string; rowId: string; reopened: boolean; flips: number; commits: string[] }>();
  for (const commit of commits) {
    for (const t of commit.transitions) {
      const key = `${t.plan}\u0000${t.rowId}`;
      const row = rows.get(key) ?? { plan: t.plan, rowId: t.rowId, reopened: false, flips: 0, commits: [] };
      rows.set(key, row);
      if (t.from === 'done' && t.to !== 'done') {
        row.reopened = true;
        row.commits.push(commit.sha);
      } else if (t.to === 'done' && row.reopened) {
        row.flips++;
        row.reopened = false;
        row.commits.push(commit.sha);
      }
    }
  }
  return [...rows.values()]
    .filter((r) => r.flips > 0)
    .map((r) => ({
      kind: 'flip-flop' as const,
      message: `${r.rowId} went done → open → done${r.flips > 1 ? ` ${r.flips} times` : ''} (${r.plan})`,
      rowId: r.rowId,
      initiative: initiativeOfPath(r.plan),
      plan: r.plan,
      count: r.flips,
      commits: r.commits,
    }));
}

function drift(commits: readonly CommitRecord[], lookup: HealthLookup | undefined): HealthFinding[] {
  if (!lookup) return [];
  const latest = [...commits].reverse().find((c) => c.handoff);
  if (!latest?.handoff) return [];
  const out: HealthFinding[] = [];
  latest.handoff.doNow.forEach((item, i) => {
    if (!item.rowIds.length) return;
    const initiative = item.initiativeId ?? latest.handoff!.focusInitiativeId;
    const done = item.rowIds.filter((id) => {
      const states = lookup.rowStates(id, { initiative, planPath: item.planPath });
      return states.length > 0 && states.every((s) => s === 'done');
    });
    if (done.length !== item.rowIds.length) return;
    out.push({
      kind: 'drift',
      message: `Do Now item ${i + 1} points at ${done.join(', ')}, already done`,
      rowId: done[0],
      ...(initiative ? { initiative } : {}),
      ...(item.planPath ? { plan: item.planPath } : {}),
      count: done.length,
      commits: [latest.sha],
    });
  });
  return out;
}
