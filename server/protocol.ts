// Custom LSP requests shared by the server and the client: the one place their wire types live.
// Only plain JSON types here, so both sides (and tests) can import this file.
import { RequestType, RequestType0, NotificationType, type WorkspaceEdit } from 'vscode-languageserver-protocol';
import type { RunSpec } from './core/run/runPlan';
import type { AttemptOutcome } from './core/check/attemptReading';
import type { InitiativeStatus, RowState } from './core/model/model';
import type { StateKind } from './core/model/states';
import type { HistoryReport } from './core/history/report';
import type { DonePoint } from './core/history/timeline';

/** Row states as the client shows them: a kind of states.ts, or 'unknown' (a marker nothing defines). */
export type { RowState, StateKind, HistoryReport, DonePoint };
/** A ledger initiative's normalized status (states.ts reads it from the ledger's words). */
export type { InitiativeStatus };

/**
 * Node options the server process is started with (by the extension and by the tests alike), fixed
 * at spawn: nothing changes V8's flags at run time.
 * - A 2 MB young generation: the server mostly waits for the editor, and V8's default (growing to
 *   16 MB semi-spaces after a cold index) kept ~30 MB of resident memory for nothing.
 * - Not `--optimize-for-size`: it made a keystroke in a 400 KB ledger 2.4× slower (the core's
 *   update, median 3.6 → 8.8 ms; document symbols 1.3 → 3.2 ms) for 30–40 MB less after a cold
 *   index of the synthetic 2,000-plan workspace (`npm run bench` prints the resident memory both ways).
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=2'];

export interface WireRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface WireLocation {
  uri: string;
  range: WireRange;
}

export interface ServerInfo {
  version: string;
  /** The server's process ID (for diagnostics and the crash-restart test). */
  pid: number;
  indexedFiles: number;
  plans: number;
  ledgers: number;
  handoffs: number;
}

export interface TreeRow {
  id: string;
  title: string;
  /** How the view names a row whose ID the plan does not write (`Task 3 · Step 2`). */
  label?: string;
  /** What the row's step expects of its run (`Expected: FAIL`). */
  expected?: 'fail' | 'pass';
  rawState: string;
  state: RowState;
  guidance: string;
  commands: string[];
  artifacts: string[];
  parentId?: string;
  location: WireLocation;
  stateRange: WireRange;
}

/** A phase as planloop/planTree lists it: counts only; its rows come from planloop/planRows. */
export interface TreePhase {
  id: string;
  title: string;
  /** How the view names a phase that is not a `Phase` (`Task 3`). */
  label?: string;
  location: WireLocation;
  done: number;
  total: number;
}

export interface TreePlan {
  uri: string;
  relativePath: string;
  /** How the view names it: `implementation.md`, or a hub's `<phase>/plan.md`… */
  label: string;
  /** …and the hub it is in (its stamp folder). */
  where?: string;
  initiativeId?: string;
  title?: string;
  done: number;
  total: number;
  phases: TreePhase[];
}

export interface TreeInitiative {
  id: string;
  title: string;
  status: InitiativeStatus;
  plans: TreePlan[];
}

export interface PlanTreeResult {
  initiatives: TreeInitiative[];
  /**
   * What discovery found, per loop family (`superpowers plans: 268 · handoff loop: 1 ledger, 63 plans`),
   * for the view's description; '' when nothing was found (the view's welcome text says what it looks for).
   */
  found: string;
  /**
   * True while the first walk of the workspace runs: the plans read so far, answered at once
   * (the ones not read yet, and initiatives the ledger has still to name, come with the next answer).
   */
  partial?: boolean;
}

export const PlanTreeRequest = new RequestType0<PlanTreeResult, void>('planloop/planTree');

export interface PlanRowsParams {
  /** A plan's URI, as planloop/planTree gives it. */
  uri: string;
}

/**
 * The rows of one plan, one list per phase in the order planloop/planTree lists the plan's phases.
 * The Plans view asks when a plan is expanded: the tree of a workspace with thousands of plans
 * stays small, and so does the server's memory. Null when the URI is not an indexed plan.
 */
export interface PlanRowsResult {
  phases: TreeRow[][];
}
export const PlanRowsRequest = new RequestType<PlanRowsParams, PlanRowsResult | null, void>('planloop/planRows');
export const ServerInfoRequest = new RequestType0<ServerInfo, void>('planloop/serverInfo');

/**
 * Sent by the server while it indexes the workspace (at the start, then at most every 100 ms, and
 * once at the end with `done`), so views say "Indexing…" rather than "No plans found".
 * `found` grows as folders are listed: it is what the walk has found so far, not a final total.
 */
export interface IndexProgress {
  indexed: number;
  found: number;
  /** Plans read so far (while the walk runs), so the Plans view asks again only when it has more to show. */
  plans?: number;
  done: boolean;
}
export const IndexProgressNotification = new NotificationType<IndexProgress>('planloop/indexProgress');

/** Sent by the server when the index changed, so views can refresh. */
export const IndexChangedNotification = new NotificationType<{ uris: string[] }>('planloop/indexChanged');

export interface RowDetailsParams {
  uri: string;
  /** The row's ID; or `line` alone (0-based) for a row without one. `line` also picks among repeated IDs. */
  rowId?: string;
  line?: number;
}

/** An artifact a row cites, as it is on disk now. */
export interface RowArtifact {
  path: string;
  uri?: string;
  exists: boolean;
  templated: boolean;
  size?: number;
  mtimeMs?: number;
}

/** Everything the client needs to run a row. Paths are relative to `cwd` (the workspace root). */
export interface RowDetails {
  row: TreeRow;
  cwd: string;
  planPath: string;
  initiativeId?: string;
  phase?: { id: string; title: string };
  commands: string[];
  /** A fresh hub for this row's phase (core newHubFor: the workspace's own layout), for when the handoff names none. */
  hubSuggestion: string;
  artifacts: RowArtifact[];
}
export const RowDetailsRequest = new RequestType<RowDetailsParams, RowDetails | null, void>('planloop/rowDetails');

// ---- Testing view ----------------------------------------------------------------------------

/** A pytest node ID a row (or the handoff's Mapped tests) cites, where it is defined, or why it is not found. */
export interface TestTreeNode {
  nodeId: string;
  /** The test's `def`/`class` line (the file's start for an ID naming a whole file). */
  location?: WireLocation;
  error?: string;
}

export interface TestTreeRow {
  id: string;
  title: string;
  location: WireLocation;
  tests: TestTreeNode[];
}

export interface TestTreePlan {
  uri: string;
  relativePath: string;
  label: string;
  where?: string;
  rows: TestTreeRow[];
}

export interface TestTreeInitiative {
  id: string;
  title: string;
  plans: TestTreePlan[];
}

/** Only cited tests: rows with pytest node IDs, by initiative and plan, and the handoff's Mapped tests. */
export interface TestTreeResult {
  initiatives: TestTreeInitiative[];
  mapped?: { uri: string; tests: TestTreeNode[] };
}
export const TestTreeRequest = new RequestType0<TestTreeResult, void>('planloop/testTree');

export interface TestResultsParams {
  /** The run plan's `junitFiles` (workspace-relative). */
  junitFiles: string[];
  nodeIds: string[];
}

export type TestOutcome = 'passed' | 'failed' | 'error' | 'skipped';

/** One test case of a report (a node ID may cover several: a class, parameter sets). */
export interface TestCaseResult {
  classname: string;
  name: string;
  outcome: TestOutcome;
  seconds?: number;
  message?: string;
  /** pytest's traceback for a failure, error or skip. */
  details?: string;
  location?: WireLocation;
  actual?: string;
  expected?: string;
  output?: string;
}

export interface TestNodeResult {
  nodeId: string;
  /** Absent when no report has a case of this node (not run, or not collected). */
  outcome?: TestOutcome;
  cases: TestCaseResult[];
}

/** Per node ID, from the JUnit XML reports; `problems` name reports that are missing or unreadable. */
export interface TestResultsResult {
  results: TestNodeResult[];
  problems: string[];
}
export const TestResultsRequest = new RequestType<TestResultsParams, TestResultsResult, void>('planloop/testResults');

// ---- Ledger view -------------------------------------------------------------------------

export type { AttemptOutcome };

export interface TreeAttempt {
  label: string; // e.g. 'Attempt #3 — passed' or the timestamp and label
  number?: number;
  timestamp?: string;
  /** The timestamp read as milliseconds since the epoch (UTC); absent when it has none or it is unreadable. */
  time?: number;
  /** How its wording reads (core attemptReading). */
  outcome: AttemptOutcome;
  text: string;
  artifacts: Array<{ path: string; uri?: string; exists: boolean }>;
  location: WireLocation;
}

export interface TreeLedgerInitiative {
  id: string;
  title: string;
  status: InitiativeStatus;
  rawStatus?: string;
  location: WireLocation;
  /** Newest first (by timestamp, then by position). */
  attempts: TreeAttempt[];
}

export interface LedgerTreeResult {
  ledgerUri?: string;
  /** Most urgent status first; an `active` group opens expanded. */
  groups: Array<{ status: InitiativeStatus; active: boolean; initiatives: TreeLedgerInitiative[] }>;
}
export const LedgerTreeRequest = new RequestType0<LedgerTreeResult, void>('planloop/ledgerTree');

// ---- Do Now view -------------------------------------------------------------------------

export interface DoNowRow {
  id: string;
  /** The row's task, for rows without an ID (task-list items). */
  title?: string;
  state?: RowState;
  rawState?: string;
  location?: WireLocation;
  runnable: boolean;
}

export interface DoNowEntry {
  text: string;
  location: WireLocation;
  initiativeId?: string;
  rows: DoNowRow[];
  tests: string[];
  /** The ledger initiative the item points at (`[ID]`, `fix_plan.md#anchor`, or the Focus), with its plans' open rows. */
  initiative?: {
    id: string;
    title: string;
    status: InitiativeStatus;
    via: 'id' | 'anchor' | 'focus';
    location: WireLocation;
    /** `open`: rows still to do (open, in progress, blocked); skipped and deferred rows are not. */
    plans: Array<{ uri: string; relativePath: string; done: number; total: number; open: number; openRows: DoNowRow[] }>;
  };
}

export interface DoNowResult {
  handoffUri?: string;
  focusInitiativeId?: string;
  summary?: string;
  items: DoNowEntry[];
  mappedTests: string[];
  artifacts: Array<{ path: string; uri?: string; landed: boolean; templated: boolean }>;
}
export const DoNowRequest = new RequestType0<DoNowResult, void>('planloop/doNow');

// ---- Edits the client applies as WorkspaceEdits (undoable, dirty-buffer safe) ----------------

export interface RowStateEditParams {
  uri: string;
  /** Row ID; '' means "the row on `line`". */
  rowId: string;
  line?: number;
  /** The marker to write as it is (`[x]`, a plan's own `[T]`)… */
  marker?: string;
  /** …or the kind whose marker Plan Loop writes (states.ts's KIND_MARKERS). */
  kind?: StateKind;
}
/** Returns an LSP WorkspaceEdit replacing exactly the marker bytes, or an error message. */
export const RowStateEditRequest = new RequestType<RowStateEditParams, { edit?: WorkspaceEdit; error?: string }, void>(
  'planloop/rowStateEdit',
);

/** A state the Mark Row State pick offers: its kind and the marker Plan Loop writes for it. */
export interface RowStateChoice {
  kind: StateKind;
  marker: string;
}
/** The states a row can be marked with, from the core's vocabulary, in the order the pick shows them. */
/** `uri`: the plan the pick is for, so each choice is the marker that file's loop family reads (Kiro's `[-]`). */
export interface RowStateChoicesParams {
  uri?: string;
}
export const RowStateChoicesRequest = new RequestType<RowStateChoicesParams | null, RowStateChoice[], void>('planloop/rowStateChoices');

// ---- Runs ------------------------------------------------------------------------------------

export interface RunPlanParams {
  /** A row (uri + rowId/line) or the handoff's mapped tests. */
  uri?: string;
  rowId?: string;
  line?: number;
  mappedTests?: boolean;
  /** Run profile name (planloop.profiles); the server's default when absent. */
  profile?: string;
  /** Each pytest invocation also writes a JUnit XML report into the hub (the Testing view reads them). */
  junit?: boolean;
}

/**
 * Everything the client needs to run a row in a terminal (paths workspace-relative): the core's
 * RunSpec, and `script`, the one shell line its task executes (core buildRunScript).
 */
export type RunPlan = RunSpec & { script: string };
export const RunPlanRequest = new RequestType<RunPlanParams, { plan?: RunPlan; error?: string }, void>('planloop/runPlan');

export interface ApplyRunResult {
  edit?: WorkspaceEdit;
  /** Human-readable lines: what the edit leaves out, or why nothing is written (the editor warns with them). */
  notes: string[];
  /** What the edit adds, one line each (the editor logs them, and names them when it asks). */
  proposed?: string[];
}

/** A run the editor started: the server marks its hub as being written (`.planloop-running`). */
export interface StartRunParams {
  plan: RunPlan;
}
export const StartRunRequest = new RequestType<StartRunParams, { error?: string }, void>('planloop/startRun');

/** How an editor run ended: the plan it ran (its hub and log) and what the task reported. */
export interface FinishRunParams {
  plan: RunPlan;
  /** The task's exit status; null when it ended without one (killed). */
  exitCode: number | null;
  /** ISO 8601. */
  startedAt: string;
  durationMs: number;
  /** Set when the user stopped the run: what stopped it (`the editor (Cancel)`). */
  stoppedBy?: string;
}
export interface FinishRunResult extends ApplyRunResult {
  /** The record the server wrote (workspace-relative), with blocker.md beside it when the run did not pass. */
  recordPath?: string;
  /** How the run did against what its row expects, in the core's words (`passed`, `failed as expected (exit 1)`). */
  result?: string;
}
/**
 * The end of an editor run: the server writes the run's record and blocker.md (the core's recordRun,
 * through the same port as the CLI), clears the running marker, and answers with the row state and
 * ledger attempt the run supports, computed on the record in hand.
 */
export const FinishRunRequest = new RequestType<FinishRunParams, FinishRunResult, void>('planloop/finishRun');

/** Reconciles plan states, ledger attempts and artifacts (the same as `planloop sync`). */
export const SyncLedgerRequest = new RequestType0<ApplyRunResult, void>('planloop/syncLedger');

// ---- Ledger and hub commands ---------------------------------------------------------------

export interface NewAttemptParams {
  initiativeId?: string;
  /** Short label; defaults to "manual entry". */
  label?: string;
}
/** Inserts a prefilled attempt (next number, ledger's style) and says where it landed. */
export const NewAttemptEditRequest = new RequestType<
  NewAttemptParams,
  { edit?: WorkspaceEdit; location?: WireLocation; error?: string },
  void
>('planloop/newAttemptEdit');

export interface NewHubParams {
  uri?: string;
  rowId?: string;
  line?: number;
}
/** A fresh timestamped hub path for a row's plan (workspace-relative, not created). */
export const NewHubRequest = new RequestType<NewHubParams, { hubDir?: string; error?: string }, void>('planloop/newHub');

export interface RowArtifactsParams {
  uri: string;
  rowId: string;
  line?: number;
}
export const RowArtifactsRequest = new RequestType<
  RowArtifactsParams,
  Array<{ path: string; uri?: string; exists: boolean; templated: boolean }>,
  void
>('planloop/rowArtifacts');

// ---- Evidence landing without a run ----------------------------------------------------------

export interface EvidenceLandedParams {
  /** Names this landing for LandingEditRequest. */
  id: number;
  /** e.g. `E1: evidence landed (passed)`. */
  summary: string;
  rows: Array<{ rowId: string; planUri: string; passed: boolean; artifacts: string[] }>;
}
/** Sent by the server when files land that complete rows' expected artifacts. */
export const EvidenceLandedNotification = new NotificationType<EvidenceLandedParams>('planloop/evidenceLanded');

/**
 * The row states and ledger attempt a landing supports, computed on the files as they are now
 * (the client asks when it is ready to apply, so edits applied meanwhile are counted).
 */
export const LandingEditRequest = new RequestType<{ id: number }, ApplyRunResult, void>('planloop/landingEdit');

// ---- Hygiene: leftover outputs -------------------------------------------------------------

export interface StrayOutputsResult {
  strays: Array<{ path: string; uri: string; size: number; reason: 'tmp' | 'root-log' }>;
  /** Suggested hub folder (workspace-relative): the handoff's, or a fresh `hygiene` hub. */
  hub?: string;
  notes: string[];
}
/** Leftover `tmp/` outputs and logs at the repository root (the handoffs' hygiene pitfalls). */
export const StrayOutputsRequest = new RequestType0<StrayOutputsResult, void>('planloop/strayOutputs');

/** Whether a hub folder may be written: inside the workspace, no `..`, no symlink out. */
export const CheckHubRequest = new RequestType<{ hub: string }, { error?: string }, void>('planloop/checkHub');

// ---- Loop history (from git) -----------------------------------------------------------------

export interface LoopHistoryParams {
  /** Bring the history up to HEAD first (in the background): the view asks on opening and when git's HEAD moved. */
  refresh?: boolean;
  row?: string;
  initiative?: string;
}

export interface LoopHistoryResult {
  /** `reading`: commits are being read (the report, when present, is the cached one). */
  state: 'idle' | 'reading' | 'ready' | 'unavailable';
  /** One sentence about the repository (no git, shallow clone, detached HEAD). */
  notice?: string;
  /** Commits read so far by the running update. */
  read: number;
  /** The workspace folder's URI: report paths are relative to it. */
  rootUri: string;
  report?: HistoryReport;
}
/** The loop history as planloop history --json gives it, from the server's cache; never computed on a keystroke. */
export const LoopHistoryRequest = new RequestType<LoopHistoryParams, LoopHistoryResult, void>('planloop/loopHistory');

/** Sent while the history reads commits (at most every 200 ms) and once with `done` when it is up to HEAD. */
export const LoopHistoryProgressNotification = new NotificationType<{ read: number; done: boolean }>('planloop/loopHistoryProgress');

/** A loop file's text at a commit (for the diff of a history change); `text` absent when it did not exist there. */
export const HistoryFileRequest = new RequestType<{ sha: string; path: string }, { text?: string }, void>('planloop/historyFile');

/** An initiative's rows done over time, from the history (empty until it has been read; the first ask starts the read). */
export const DoneOverTimeRequest = new RequestType<{ initiative: string }, { points: DonePoint[] }, void>('planloop/doneOverTime');

// ---- Client commands -----------------------------------------------------------------------

/**
 * Every command the client registers, by name. The server names them in code lenses and code
 * actions through this table; the client registers a handler for each through Records over
 * CommandName (registerCommands.ts, registerPlansView.ts), so a new entry is a compile error until
 * it is handled; test/unit/manifest.test.ts checks that package.json contributes exactly these.
 */
export const Commands = {
  runRow: 'planloop.runRow',
  runMappedTests: 'planloop.runMappedTests',
  markRowState: 'planloop.markRowState',
  markRowDone: 'planloop.markRowDone',
  markRowInProgress: 'planloop.markRowInProgress',
  defineStateMarker: 'planloop.defineStateMarker',
  openArtifacts: 'planloop.openArtifacts',
  revealRow: 'planloop.revealRow',
  newArtifactHub: 'planloop.newArtifactHub',
  newAttempt: 'planloop.newAttempt',
  syncLedger: 'planloop.syncLedger',
  showProgress: 'planloop.showProgress',
  refresh: 'planloop.refresh',
  showOutput: 'planloop.showOutput',
  createFolder: 'planloop.createFolder',
  tidyOutputs: 'planloop.tidyOutputs',
  revealInTree: 'planloop.revealInTree',
  filterHideDone: 'planloop.filterHideDone',
  filterShowDone: 'planloop.filterShowDone',
  filterFocusInitiative: 'planloop.filterFocusInitiative',
  filterAllInitiatives: 'planloop.filterAllInitiatives',
  refreshHistory: 'planloop.refreshHistory',
  openHistoryChange: 'planloop.openHistoryChange',
} as const;
export type CommandName = keyof typeof Commands;
/** The commands of the Plans view's title bar and context (registerPlansView.ts); registerCommands.ts has the others. */
export type PlansViewCommandName = 'revealInTree' | 'filterHideDone' | 'filterShowDone' | 'filterFocusInitiative' | 'filterAllInitiatives';
/** The Loop History view's commands (registerHistoryView.ts, history/historyDiff.ts). */
export type HistoryViewCommandName = 'refreshHistory' | 'openHistoryChange';
