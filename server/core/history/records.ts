// What the loop did, commit by commit: the records the history builder derives from each version
// of the loop files (ledger, plans, handoff). Plain JSON, so the cache on disk and the wire carry
// them as they are.
import type { RowState } from '../model/model';
import type { AttemptOutcome } from '../check/attemptReading';

/** A commit as the git port reports it. */
export interface CommitInfo {
  readonly sha: string;
  /** First parent ('' for a root commit): the diff of a change is taken against it. */
  readonly parent: string;
  /** Commit time, seconds since the epoch. */
  readonly time: number;
  readonly author: string;
  readonly subject: string;
}

/** A row whose state changed in a commit. */
export interface RowTransition {
  readonly plan: string;
  readonly rowId: string;
  readonly title: string;
  readonly from: RowState;
  readonly to: RowState;
  /** The markers as written, e.g. `[ ]` → `[P]`. */
  readonly fromRaw: string;
  readonly toRaw: string;
  /** 1-based line of the row in the commit's version of the plan. */
  readonly line: number;
}

/** An attempt a commit added to the ledger. */
export interface AddedAttempt {
  readonly initiative: string;
  readonly number?: number;
  readonly timestamp?: string;
  readonly outcome: AttemptOutcome;
  /** The words its outcome was read from (`failed`, `green`…), lower case. */
  readonly words: readonly string[];
  /** Its first line, shortened. */
  readonly summary: string;
  /** Row IDs its text mentions (candidates; the reader keeps the ones that exist). */
  readonly mentions: readonly string[];
  readonly ledger: string;
  readonly line: number;
}

export interface HandoffDoNow {
  readonly text: string;
  readonly rowIds: readonly string[];
  readonly initiativeId?: string;
  readonly planPath?: string;
  readonly line: number;
}

/** The handoff as a commit left it. */
export interface HandoffChange {
  readonly path: string;
  readonly focus?: string;
  readonly focusInitiativeId?: string;
  readonly doNow: readonly HandoffDoNow[];
  readonly focusChanged: boolean;
  readonly doNowChanged: boolean;
}

export interface CommitRecord extends CommitInfo {
  readonly transitions: readonly RowTransition[];
  readonly attempts: readonly AddedAttempt[];
  /** Set when the commit changed the handoff: it starts an iteration. */
  readonly handoff?: HandoffChange;
  /** Artifact hubs (`…/reports/<stamp>/`) that first appeared in this commit. */
  readonly hubs: readonly string[];
  /** Rows done / total per initiative after this commit, for the initiatives whose plans it changed. */
  readonly progress?: Readonly<Record<string, readonly [number, number]>>;
}

/** Counts of one plan at a commit, to carry progress across commits that do not touch it. */
export type PlanCounts = readonly [initiative: string, done: number, total: number];

/** What the builder carries from one commit to the next besides the parses (kept in the cache). */
export interface HistoryCarry {
  readonly planCounts: Readonly<Record<string, PlanCounts>>;
  readonly hubs: readonly string[];
}

export const HISTORY_CACHE_VERSION = 1;

/** The cache: records keyed by commit, oldest first, up to `head`. */
export interface HistoryCache extends HistoryCarry {
  readonly version: number;
  /** The settings that decide which files are read (ledger, handoff, states): another value rebuilds. */
  readonly settings: string;
  readonly head: string;
  readonly commits: readonly CommitRecord[];
}
