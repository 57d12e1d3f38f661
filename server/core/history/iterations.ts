// Iterations: a loop's supervisor commits a new handoff, the engineer works on it. A commit that
// changes the handoff starts an iteration; a repository whose history never changes a handoff
// counts each commit as one.
import type { CommitRecord, HandoffChange } from './records';

export interface Iteration {
  /** 1 for the oldest. */
  readonly index: number;
  /** The handoff that started it (absent before the first handoff, or without handoffs). */
  readonly handoff?: HandoffChange;
  /** Oldest first. */
  readonly commits: readonly CommitRecord[];
}

export function iterationsOf(commits: readonly CommitRecord[]): Iteration[] {
  const withHandoff = commits.some((c) => c.handoff);
  const out: Array<{ index: number; handoff?: HandoffChange; commits: CommitRecord[] }> = [];
  for (const commit of commits) {
    const last = out[out.length - 1];
    if (!last || !withHandoff || commit.handoff) {
      out.push({ index: out.length + 1, ...(commit.handoff ? { handoff: commit.handoff } : {}), commits: [commit] });
    } else last.commits.push(commit);
  }
  return out;
}

/** The iteration each commit belongs to, by SHA. */
export function iterationOfCommit(iterations: readonly Iteration[]): Map<string, Iteration> {
  const out = new Map<string, Iteration>();
  for (const iteration of iterations) for (const c of iteration.commits) out.set(c.sha, iteration);
  return out;
}
