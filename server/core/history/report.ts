// The history as the CLI (`planloop history --json`) and the views read it: iterations newest
// first, what has happened since the last handoff, loop health; narrowed to a row, an initiative
// or the commits after a point.
import { initiativeOfPath } from '../model/layout';
import type { AddedAttempt, CommitRecord, HandoffChange, RowTransition } from './records';
import { iterationsOf, type Iteration } from './iterations';
import { loopHealth, type HealthFinding, type HealthLookup, type HealthThresholds } from './health';

export const HISTORY_REPORT_VERSION = 1;

export interface HistoryFilter {
  /** Only commits in this set (the commits after a ref), or at/after this time (seconds). */
  readonly commits?: ReadonlySet<string>;
  readonly sinceTime?: number;
  readonly row?: string;
  readonly initiative?: string;
}

export interface CommitChanges {
  readonly sha: string;
  readonly parent: string;
  readonly time: string;
  readonly author: string;
  readonly subject: string;
  readonly transitions: readonly RowTransition[];
  readonly attempts: readonly AddedAttempt[];
  readonly hubs: readonly string[];
  readonly handoff?: HandoffChange;
}

export interface IterationReport {
  readonly index: number;
  readonly handoff?: HandoffChange & { readonly sha: string };
  readonly from: string;
  readonly to: string;
  readonly commits: readonly CommitChanges[];
}

export interface ChangeCounts {
  readonly commits: number;
  readonly transitions: number;
  readonly done: number;
  readonly attempts: { readonly failed: number; readonly passed: number; readonly neutral: number };
  readonly hubs: number;
}

export interface HistoryReport {
  readonly version: number;
  readonly head: string;
  readonly notice?: string;
  readonly iterations: readonly IterationReport[];
  readonly sinceHandoff?: ChangeCounts & { readonly iteration: number; readonly handoff?: string; readonly since: string };
  readonly health: readonly HealthFinding[];
}

const iso = (time: number): string => new Date(time * 1000).toISOString().replace(/\.000Z$/, 'Z');

function keepTransition(t: RowTransition, filter: HistoryFilter): boolean {
  if (filter.row && t.rowId !== filter.row) return false;
  return !filter.initiative || initiativeOfPath(t.plan) === filter.initiative;
}

function keepAttempt(a: AddedAttempt, filter: HistoryFilter): boolean {
  if (filter.initiative && a.initiative !== filter.initiative) return false;
  return !filter.row || a.mentions.includes(filter.row);
}

function keepHandoff(h: HandoffChange, filter: HistoryFilter): boolean {
  if (filter.row && !h.doNow.some((d) => d.rowIds.includes(filter.row!))) return false;
  if (filter.initiative && h.focusInitiativeId !== filter.initiative && !h.doNow.some((d) => d.initiativeId === filter.initiative))
    return false;
  return true;
}

function narrow(commit: CommitRecord, filter: HistoryFilter): CommitChanges | undefined {
  if (filter.commits && !filter.commits.has(commit.sha)) return undefined;
  if (filter.sinceTime !== undefined && commit.time < filter.sinceTime) return undefined;
  const narrowed = Boolean(filter.row || filter.initiative);
  const transitions = commit.transitions.filter((t) => keepTransition(t, filter));
  const attempts = commit.attempts.filter((a) => keepAttempt(a, filter));
  const handoff = commit.handoff && keepHandoff(commit.handoff, filter) ? commit.handoff : undefined;
  // Hubs belong to an initiative (by their folder), not to a row.
  const hubs = filter.row ? [] : commit.hubs.filter((h) => !filter.initiative || initiativeOfPath(h) === filter.initiative);
  if (narrowed && !transitions.length && !attempts.length && !handoff && !hubs.length) return undefined;
  return {
    sha: commit.sha,
    parent: commit.parent,
    time: iso(commit.time),
    author: commit.author,
    subject: commit.subject,
    transitions,
    attempts,
    hubs,
    ...(handoff ? { handoff } : {}),
  };
}

export function countChanges(commits: readonly CommitChanges[]): ChangeCounts {
  const attempts = { failed: 0, passed: 0, neutral: 0 };
  let transitions = 0;
  let done = 0;
  let hubs = 0;
  for (const c of commits) {
    transitions += c.transitions.length;
    done += c.transitions.filter((t) => t.to === 'done').length;
    hubs += c.hubs.length;
    for (const a of c.attempts) attempts[a.outcome]++;
  }
  return { commits: commits.length, transitions, done, attempts, hubs };
}

function iterationReport(iteration: Iteration, filter: HistoryFilter): IterationReport | undefined {
  const commits = iteration.commits.map((c) => narrow(c, filter)).filter((c): c is CommitChanges => c !== undefined);
  if (!commits.length) return undefined;
  const first = iteration.commits[0];
  return {
    index: iteration.index,
    ...(iteration.handoff ? { handoff: { ...iteration.handoff, sha: first.sha } } : {}),
    from: iso(first.time),
    to: iso(iteration.commits[iteration.commits.length - 1].time),
    commits: [...commits].reverse(),
  };
}

export interface ReportInput {
  readonly head: string;
  readonly notice?: string;
  readonly commits: readonly CommitRecord[];
  readonly filter?: HistoryFilter;
  readonly thresholds: HealthThresholds;
  readonly lookup?: HealthLookup;
}

export function historyReport(input: ReportInput): HistoryReport {
  const filter = input.filter ?? {};
  const iterations = iterationsOf(input.commits);
  const reports = iterations.map((it) => iterationReport(it, filter)).filter((r): r is IterationReport => r !== undefined);
  const current = iterations[iterations.length - 1];
  const currentReport = current && reports.find((r) => r.index === current.index);
  const health = loopHealth(input.commits, iterations, input.thresholds, input.lookup).filter(
    (f) => (!filter.row || f.rowId === filter.row) && (!filter.initiative || !f.initiative || f.initiative === filter.initiative),
  );
  return {
    version: HISTORY_REPORT_VERSION,
    head: input.head,
    ...(input.notice ? { notice: input.notice } : {}),
    iterations: reports.reverse(),
    ...(currentReport
      ? {
          sinceHandoff: {
            iteration: current.index,
            ...(current.handoff ? { handoff: current.commits[0].sha } : {}),
            since: iso(current.commits[0].time),
            ...countChanges(currentReport.commits),
          },
        }
      : {}),
    health,
  };
}
