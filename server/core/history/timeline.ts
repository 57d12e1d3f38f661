// A row's states through history, for its hover: `[ ] → [P] (Oct 20, 3 iterations ago) → [x] (Oct 21, this iteration)`,
// and an initiative's rows done over time, for the Progress picture.
import type { CommitRecord } from './records';
import { iterationOfCommit, iterationsOf } from './iterations';

export interface TimelineStep {
  readonly fromRaw: string;
  readonly toRaw: string;
  readonly to: string;
  /** Seconds since the epoch. */
  readonly time: number;
  readonly sha: string;
  /** 0: the current iteration. */
  readonly iterationsAgo: number;
}

export function rowTimeline(commits: readonly CommitRecord[], plan: string, rowId: string): TimelineStep[] {
  const iterations = iterationsOf(commits);
  const iterationOf = iterationOfCommit(iterations);
  const last = iterations.length;
  const out: TimelineStep[] = [];
  for (const commit of commits) {
    for (const t of commit.transitions) {
      if (t.plan !== plan || t.rowId !== rowId) continue;
      out.push({
        fromRaw: t.fromRaw,
        toRaw: t.toRaw,
        to: t.to,
        time: commit.time,
        sha: commit.sha,
        iterationsAgo: last - (iterationOf.get(commit.sha)?.index ?? last),
      });
    }
  }
  return out;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const marker = (raw: string): string => raw || '[ ]';

/** `[ ] → [P] (Oct 20, 3 iterations ago) → [x] (Oct 21, this iteration)`; '' without steps. */
export function formatTimeline(steps: readonly TimelineStep[]): string {
  if (!steps.length) return '';
  const parts = [marker(steps[0].fromRaw)];
  for (const step of steps) {
    const date = new Date(step.time * 1000);
    const when = `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`;
    const ago =
      step.iterationsAgo === 0 ? 'this iteration' : step.iterationsAgo === 1 ? '1 iteration ago' : `${step.iterationsAgo} iterations ago`;
    parts.push(`${marker(step.toRaw)} (${when}, ${ago})`);
  }
  return parts.join(' → ');
}

export interface DonePoint {
  /** Seconds since the epoch. */
  readonly time: number;
  readonly done: number;
  readonly total: number;
}

/** Rows done / total in an initiative's plans after each commit that changed them. */
export function doneOverTime(commits: readonly CommitRecord[], initiative: string): DonePoint[] {
  const out: DonePoint[] = [];
  for (const commit of commits) {
    const counts = commit.progress?.[initiative];
    if (counts) out.push({ time: commit.time, done: counts[0], total: counts[1] });
  }
  return out;
}
