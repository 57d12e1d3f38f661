// The host-free model of plans, ledgers and handoffs.
// Every node carries a Span: [start, end) UTF-16 offsets into the exact source text.
// Positions (line/character) are derived on demand through LineIndex.

export interface Span {
  readonly start: number;
  readonly end: number;
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * Every diagnostic Plan Loop reports, parse problems and workspace checks alike: the one closed
 * list. Code elsewhere names a code through this table (`DiagnosticCodes.missingFile`), never as a
 * string. Each code needs a default severity (check/diagnostics.ts, a Record over DiagnosticCode),
 * so a new code is a compile error until it has one.
 */
export const DiagnosticCodes = {
  unknownState: 'unknown-state',
  unreadRow: 'unread-row',
  duplicateRowId: 'duplicate-row-id',
  tableColumns: 'table-columns',
  missingFile: 'missing-file',
  lineOutOfRange: 'line-out-of-range',
  doNowRowMissing: 'do-now-row-missing',
  doneMissingArtifacts: 'done-missing-artifacts',
  parentOpenChildrenDone: 'parent-open-children-done',
  finishedWithOpenRows: 'finished-with-open-rows',
  cudaUnmasked: 'cuda-unmasked',
  attemptDuplicate: 'attempt-duplicate',
  attemptSequence: 'attempt-sequence',
  planMoved: 'plan-moved',
  staleAnchor: 'stale-anchor',
  parseFailed: 'parse-failed',
} as const;

export type DiagnosticCode = (typeof DiagnosticCodes)[keyof typeof DiagnosticCodes];

/** A problem found while parsing; parsing itself never throws. */
export interface Problem {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly span: Span;
  readonly severity: Severity;
}

export type DocumentKind = 'plan' | 'ledger' | 'handoff';

export type RowState = 'open' | 'in-progress' | 'done' | 'blocked' | 'skipped' | 'deferred' | 'unknown';

export type ReferenceKind =
  | 'path' // docs/x.md, with optional line/range/anchor/symbol
  | 'section' // §4.6, §Stage A
  | 'row' // a row ID such as D1 or C4.D3
  | 'initiative'; // [ADR-003-BACKEND-API]

export interface Reference {
  readonly kind: ReferenceKind;
  readonly span: Span;
  /** The text as written, e.g. `plan.md:58` or `§C2`. */
  readonly raw: string;
  /** Workspace-relative or file-relative path as written (no line suffix). */
  readonly path?: string;
  readonly line?: number; // 1-based
  readonly endLine?: number; // 1-based, inclusive
  readonly anchor?: string; // #anchor (not #L60)
  readonly symbol?: string; // ::Test::test_x or findings.md::ID
  readonly section?: string; // text after §
  readonly id?: string; // row or initiative ID
}

export interface ShellCommand {
  /** The command with `\"` unescaped, ready to run. */
  readonly text: string;
  readonly span: Span;
}

export interface ArtifactPath {
  /** The path as written (may contain braces, globs and placeholders). */
  readonly raw: string;
  /** Brace-expanded concrete patterns. */
  readonly expanded: readonly string[];
  readonly span: Span;
  /** True when the path contains <TS>, $STAMP, {stamp}, … placeholders or globs. */
  readonly templated: boolean;
}

/** What a step says its run should do (`Expected: FAIL …`, `Expected: PASS`): a TDD red step fails on purpose. */
export interface ExpectedOutcome {
  readonly outcome: 'fail' | 'pass';
  /** The line's text after `Expected:`, as written. */
  readonly text: string;
}

export interface Row {
  readonly id: string; // '' for task items without an ID
  readonly title: string;
  /** The marker as written, e.g. `[x]`, `[P]`, or '' when the cell is empty. */
  readonly rawState: string;
  readonly state: RowState;
  readonly guidance: string;
  readonly commands: readonly ShellCommand[];
  readonly artifacts: readonly ArtifactPath[];
  readonly references: readonly Reference[];
  readonly span: Span;
  /** Exact span of the state marker; an empty span where a marker would be inserted. */
  readonly stateSpan: Span;
  /** A table row too short to have a State cell: the cells to add around a marker set into it. */
  readonly missingStateCell?: { readonly before: string; readonly after: string };
  /** Where text can be appended to the guidance (end of its content). */
  readonly guidanceEnd: number;
  readonly source: 'table' | 'task';
  /** ID of the parent row for nested checklists (B3.a → B3). */
  readonly parentId?: string;
  readonly phaseId?: string;
  /** Set when the ID was written qualified (`DEBUG-SIM-LINES-DOSE-001.F1`). */
  readonly initiativeId?: string;
  /**
   * How a person names a row whose ID the plan does not write: a superpowers step is row `3.2`,
   * named `Task 3 · Step 2`. Absent where the ID is as written.
   */
  readonly label?: string;
  /** The step's `Expected:` line, when it says pass or fail. */
  readonly expected?: ExpectedOutcome;
  /** Tags written beside the ID, not states: spec-kit `P` (parallel) and `US1` (story), Kiro `P` and `optional` (`[ ]*`). */
  readonly tags?: readonly string[];
}

export interface Phase {
  readonly id: string; // 'A', 'C4.A', '1', or the heading text when no ID exists
  readonly title: string;
  /** How a view names it when it is not a `Phase`: a superpowers task is `Task 3`. */
  readonly label?: string;
  /** The heading that groups it, when one does (`Chunk 2: Workflow Routing`, `Phase 5: …` over tasks). */
  readonly group?: string;
  readonly headingSpan: Span;
  readonly span: Span;
  readonly level: number;
  readonly goal?: string;
  readonly prereqs?: string;
  readonly exitCriteria?: string;
  readonly rows: readonly Row[];
}

/** What a plan says about itself at its top (front matter, `- Status:`, `- Plan:`, `- Initiative:` lines). */
export interface PlanHeader {
  readonly id?: string;
  readonly title?: string;
  readonly rawStatus?: string;
  readonly status?: InitiativeStatus;
  readonly statusSpan?: Span;
  /** The initiative the plan declares it belongs to. */
  readonly initiative?: string;
  /** Plans the item names (`- Plan: <path>`), as written. */
  readonly plans: readonly string[];
}

export interface PlanModel {
  readonly kind: 'plan';
  readonly title?: string;
  readonly header?: PlanHeader;
  readonly phases: readonly Phase[];
  /** Rows outside any phase (e.g. a checklist before the first phase heading). */
  readonly looseRows: readonly Row[];
  readonly references: readonly Reference[];
  readonly problems: readonly Problem[];
}

export type AttemptStyle =
  | 'numbered' //  * [2025-10-10] Attempt #6 — Result: …
  | 'italic-timestamp' // - *2026-01-13T000000Z (label):* …
  | 'plain-timestamp' // * 2025-12-07T230000Z (Loop i=140) — …
  | 'heading' // ### 2026-01-22T02:40Z — seed S1 (initial)
  | 'elision' // * ... (see docs/fix_plan_archive.md …)
  | 'iteration' // iter 12 | PASS | 1a2b3c4..5d6e7f8 | summary (a line-form loop ledger)
  | 'other';

/** The styles a new attempt can be written in (appendAttempt switches over them exhaustively). */
export type WritableAttemptStyle = Exclude<AttemptStyle, 'elision' | 'iteration' | 'other'>;

export function isWritableStyle(style: AttemptStyle): style is WritableAttemptStyle {
  return style !== 'elision' && style !== 'iteration' && style !== 'other';
}

export interface Attempt {
  readonly number?: number;
  readonly timestamp?: string;
  readonly label?: string;
  readonly text: string;
  readonly style: AttemptStyle;
  readonly artifacts: readonly ArtifactPath[];
  readonly references: readonly Reference[];
  readonly span: Span;
  /** Indentation and bullet as written (e.g. '  - ' or '* '), for appending in the same style. */
  readonly bullet: string;
}

export type InitiativeStatus =
  'planning' | 'in-progress' | 'blocked' | 'pending' | 'partial' | 'done' | 'archived' | 'superseded' | 'unknown';

export interface LedgerField {
  readonly key: string;
  readonly value: string;
  readonly span: Span;
  readonly valueSpan: Span;
}

export interface Initiative {
  readonly id: string; // '' for entries without an ID
  readonly title: string;
  readonly shape: 'heading' | 'roadmap' | 'sectioned' | 'task-list';
  readonly headingSpan: Span;
  readonly span: Span;
  readonly fields: readonly LedgerField[];
  readonly rawStatus?: string;
  readonly status: InitiativeStatus;
  readonly priority?: string;
  readonly owner?: string;
  readonly dependsOn?: string;
  readonly workingPlans: readonly string[];
  readonly attempts: readonly Attempt[];
  /** Offset where a new attempt is inserted (after the last attempt in source order). */
  readonly attemptInsertAt: number;
  /** Attempt style used by this initiative (the most common writable one), for appending. */
  readonly attemptStyle: WritableAttemptStyle;
  /** Task items of task-list ledgers (Ralph style, `## Completed Items`). */
  readonly tasks: readonly Row[];
}

export interface LedgerModel {
  readonly kind: 'ledger';
  readonly title?: string;
  readonly initiatives: readonly Initiative[];
  readonly references: readonly Reference[];
  readonly problems: readonly Problem[];
}

export type HandoffSectionName =
  | 'summary'
  | 'mode'
  | 'focus'
  | 'branch'
  | 'mappedTests'
  | 'artifacts'
  | 'doNow'
  | 'ifBlocked'
  | 'priorities'
  | 'howTo'
  | 'pitfalls'
  | 'pointers'
  | 'nextUp'
  | 'findings'
  | 'other';

export interface HandoffSection {
  readonly name: HandoffSectionName;
  readonly label: string; // as written, e.g. 'Do Now (hard validity contract)'
  readonly span: Span;
  readonly labelSpan: Span;
  /** Text after the label on the same line plus following lines, trimmed. */
  readonly text: string;
  readonly textSpan: Span;
}

export interface DoNowItem {
  readonly text: string;
  readonly span: Span;
  readonly initiativeId?: string;
  readonly rowIds: readonly string[];
  readonly planPath?: string;
  readonly planLine?: number;
  readonly tests: readonly string[];
  readonly references: readonly Reference[];
}

export interface HandoffModel {
  readonly kind: 'handoff';
  readonly sections: readonly HandoffSection[];
  readonly summary?: string;
  readonly mode?: string;
  readonly focus?: string;
  readonly focusInitiativeId?: string;
  readonly branch?: string;
  readonly mappedTests: readonly ShellCommand[];
  readonly artifacts: readonly ArtifactPath[];
  readonly doNow: readonly DoNowItem[];
  readonly ifBlocked?: string;
  readonly commands: readonly ShellCommand[]; // How-To Map commands
  readonly pitfalls: readonly string[];
  readonly pointers: readonly Reference[];
  readonly nextUp?: string;
  readonly references: readonly Reference[];
  readonly problems: readonly Problem[];
}

export type DocumentModel = PlanModel | LedgerModel | HandoffModel;

/** A minimal text edit: replace [start, end) with newText. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}
