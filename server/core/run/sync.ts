// Reconciles plan states, ledger attempts and run records — the one implementation behind the
// editor's Sync ledger / run updates and `planloop sync` / `planloop run`.
import { isActive, isFinished, KIND_MARKERS, markerFor } from '../model/states';
import type { Initiative, Row, RowState, TextEdit } from '../model/model';
import type { IndexedDocument, WorkspaceIndex } from '../index/workspace';
import { appendAttempt, applyEdits, setRowState, type AttemptEntry } from '../edit/edits';
import { initiativeRoot, PLANS_FOLDER, REPORTS_FOLDER } from '../model/layout';
import { parseLedger } from '../parse/ledger';
import { hubOf, isRunRecordName, judgeRun, parseRunRecord, type RunRecord } from './runRecord';
import { isTemplated } from '../parse/artifacts';
import { joinPath } from '../index/fileSystem';
import { escapeRegExp } from '../model/text';

/** The markers sync writes: a passed run's row is done, a failed one's is under way. */
const DONE = KIND_MARKERS.done.marker;

export interface FileEdits {
  readonly path: string;
  /** The text the edits were computed against (callers refuse to write if the file moved on). */
  readonly original: string;
  readonly edits: readonly TextEdit[];
}

export interface SyncResult {
  readonly files: readonly FileEdits[];
  /** What the edits leave out or could not do, and side effects worth a look (a parent made done). */
  readonly notes: readonly string[];
  /** What the edits add, one line each ("D1: a new attempt for …"): said, but no cause for a warning. */
  readonly proposed: readonly string[];
}

export interface LocatedRecord {
  readonly path: string; // workspace-relative path of the run record
  readonly record: RunRecord;
}

/**
 * Lists run records under the report trees of the plans: all of `plans/`, plus the `reports/`
 * folder of every plan living elsewhere and a top-level `reports/` (listing, not reading, other files).
 */
export function findRunRecords(index: WorkspaceIndex, notes: string[] = []): LocatedRecord[] {
  const found = new Map<string, LocatedRecord>();
  const walk = (dir: string, depth: number): void => {
    if (depth > 8) return;
    for (const entry of index.fs.readDirectory(joinPath(index.root, dir))) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') walk(rel, depth + 1);
      } else if (isRunRecordName(entry.name) && !found.has(rel)) {
        const text = index.fs.readFile(joinPath(index.root, rel));
        const parsed = text === undefined ? { problem: 'unreadable' } : parseRunRecord(text);
        if (parsed.record) found.set(rel, { path: rel, record: parsed.record });
        else notes.push(`${rel}: ignored (${parsed.problem})`);
      }
    }
  };
  const roots = new Set<string>([PLANS_FOLDER, REPORTS_FOLDER]);
  for (const doc of index.ofKind('plan')) {
    const root = initiativeRoot(doc.path);
    if (root !== PLANS_FOLDER && !root.startsWith(`${PLANS_FOLDER}/`))
      roots.add(root === '.' ? REPORTS_FOLDER : `${root}/${REPORTS_FOLDER}`);
  }
  for (const root of [...roots].sort()) {
    if (index.fs.stat(joinPath(index.root, root))?.isDirectory) walk(root, 0);
  }
  return [...found.values()].sort(
    (a, b) => Date.parse(a.record.startedAt) - Date.parse(b.record.startedAt) || a.path.localeCompare(b.path),
  );
}

/** Marker planloop writes into every attempt it appends, naming the run it records. */
const STARTED = /\brun started (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\b/;
const isoOf = (startedAt: string): string => new Date(startedAt).toISOString();

/**
 * Whether the ledger already records this run: an attempt planloop appended names its start time;
 * an attempt written by hand cites the run's hub folder or its log (as a whole path, not a prefix).
 */
function isRecorded(initiative: Initiative, located: LocatedRecord): boolean {
  const { record } = located;
  const hub = escapeRegExp(hubOf(located.path));
  const cites = new RegExp(`(?:^|[^\\w./-])(?:${hub}/?|${escapeRegExp(record.log)})(?![\\w./-])`);
  return initiative.attempts.some((a) => {
    const started = STARTED.exec(a.text)?.[1];
    if (started) return started === isoOf(record.startedAt);
    return cites.test(a.text);
  });
}

function attemptDetails(record: RunRecord): string {
  const env = Object.entries(record.env)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
  const commands = record.commands.map((c) => '`' + c.replace(/`/g, "'").replace(/\s*\n\s*/g, ' ') + '`').join(', ');
  const parts = [
    `Row ${record.rowId}${record.phaseId ? ` (Phase ${record.phaseId})` : ''}: ${commands}`,
    `profile ${record.profile}${env ? ` (${env})` : ''}`,
    `exit ${record.exitCode ?? 'none'}`,
    `runtime ${(record.durationMs / 1000).toFixed(1)} s`,
    `run started ${isoOf(record.startedAt)}`,
  ];
  if (record.message) parts.push(record.message);
  return parts.join('; ') + '.';
}

export interface RowTarget {
  readonly doc: IndexedDocument;
  readonly row: Row;
}

function rowOf(index: WorkspaceIndex, record: RunRecord): RowTarget | undefined {
  if (record.rowId === 'mapped-tests') return undefined;
  const scope = record.planPath ? { planPath: record.planPath } : { initiativeId: record.initiativeId };
  const hit = index.findRows(record.rowId, scope)[0];
  return hit && hit.doc.kind === 'plan' ? { doc: hit.doc, row: hit.row } : undefined;
}

/** Concrete expected artifacts of a row that are not on disk. */
function missingArtifacts(index: WorkspaceIndex, target: RowTarget): string[] {
  return index
    .artifactStatus(target.doc, target.row)
    .filter((a) => !a.templated && !isTemplated(a.path) && !a.stat && a.raw.includes('/'))
    .map((a) => a.path);
}

/**
 * One piece of evidence about a row: a run that ended (its record) or artifacts that landed
 * without a run. Both become the same row state and ledger attempt.
 */
export interface Evidence {
  /** Workspace-relative file the evidence came from, for notes. */
  readonly source: string;
  readonly rowId: string;
  readonly target?: RowTarget;
  readonly initiativeId?: string;
  readonly passed: boolean;
  readonly attempt: AttemptEntry;
  /** Whether the ledger entry already records this evidence. */
  readonly isRecordedIn: (initiative: Initiative) => boolean;
}

export function recordEvidence(index: WorkspaceIndex, located: LocatedRecord): Evidence {
  const { record, path } = located;
  const target = rowOf(index, record);
  // The log first, then the blocker (when the run left one), then what else the run wrote.
  const cited = [record.log, ...(record.blocker ? [record.blocker] : [])];
  const artifacts = [...cited, ...record.artifacts.filter((a) => !cited.includes(a) && !isRunRecordName(a.slice(a.lastIndexOf('/') + 1)))];
  return {
    source: path,
    rowId: record.rowId,
    target,
    initiativeId: record.initiativeId ?? (target ? index.initiativeForPlan(target.doc.path) : undefined),
    passed: judgeRun(record).ok,
    attempt: {
      date: new Date(record.startedAt),
      label: `${record.rowId} run (${record.profile})`,
      result: judgeRun(record).result,
      details: attemptDetails(record),
      artifacts: artifacts.length ? artifacts : [hubOf(path)],
    },
    isRecordedIn: (initiative) => isRecorded(initiative, located),
  };
}

/**
 * Proposes edits for run records: one ledger attempt per unrecorded run (in chronological order,
 * numbered consecutively, as a single insertion per initiative) and the row state the evidence
 * supports. Parent rows whose children are all done become [x].
 */
export interface SyncOptions {
  /** Treat every record as new evidence (a run that just ended). */
  readonly includeRecorded?: boolean;
  /** Only fix parents of rows these records touched (a single run's outcome stays about its row). */
  readonly onlyRelatedParents?: boolean;
}

export function planSync(index: WorkspaceIndex, records: readonly LocatedRecord[], options: SyncOptions = {}): SyncResult {
  const ordered = [...records].sort(
    (a, b) => Date.parse(a.record.startedAt) - Date.parse(b.record.startedAt) || a.path.localeCompare(b.path),
  );
  return planEvidence(
    index,
    ordered.map((r) => recordEvidence(index, r)),
    options,
  );
}

/** Row states and ledger attempts for evidence, in the order given. */
export function planEvidence(index: WorkspaceIndex, evidence: readonly Evidence[], options: SyncOptions = {}): SyncResult {
  const notes: string[] = [];
  const stateEdits = new Map<string, { doc: IndexedDocument; edits: Map<Row, string> }>();
  const setState = (doc: IndexedDocument, row: Row, marker: string): void => {
    const entry = stateEdits.get(doc.path) ?? { doc, edits: new Map<Row, string>() };
    entry.edits.set(row, marker);
    stateEdits.set(doc.path, entry);
  };
  const ledger = index.ledger();
  const attemptsByInitiative = new Map<Initiative, Evidence[]>();

  for (const item of evidence) {
    const { target, initiativeId } = item;
    const initiative = ledger?.model.initiatives.find((i) => i.id === initiativeId && i.shape !== 'roadmap');
    if (!ledger) notes.push(`${item.source}: ${index.noLedgerReason()}: nowhere to record the attempt`);
    else if (!initiative)
      notes.push(
        `${item.source}: ${ledger.path} has no entry for ${initiativeId ?? 'this run'}: create one (### [${initiativeId ?? 'ID'}] Title); no attempt was written`,
      );
    else if (options.includeRecorded || !item.isRecordedIn(initiative)) {
      attemptsByInitiative.set(initiative, [...(attemptsByInitiative.get(initiative) ?? []), item]);
    } else continue; // already in the ledger: its row state was settled then
    if (!target) {
      if (item.rowId !== 'mapped-tests') notes.push(`${item.source}: row ${item.rowId} not found; only the attempt is proposed`);
      continue;
    }
    const { row, doc } = target;
    if (item.passed) {
      const missing = missingArtifacts(index, target);
      if (missing.length)
        notes.push(
          `${item.rowId}: passed, but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing, so the row stays ${row.rawState || KIND_MARKERS.open.marker}`,
        );
      else if (row.state !== 'done') setState(doc, row, DONE);
    } else if (row.state !== 'done' && row.rawState !== markerFor('in-progress', doc.family)) {
      setState(doc, row, markerFor('in-progress', doc.family));
    }
  }

  // Parents whose children are all done (counting the states just proposed).
  for (const doc of index.ofKind('plan')) {
    const rows = [...doc.model.looseRows, ...doc.model.phases.flatMap((p) => p.rows)];
    const pending = stateEdits.get(doc.path)?.edits;
    const stateOf = (r: Row): RowState => (pending?.get(r) === DONE ? 'done' : r.state);
    for (const parent of rows) {
      if (!parent.id || !isActive(parent.state) || pending?.has(parent)) continue;
      if (options.onlyRelatedParents && ![...(pending?.keys() ?? [])].some((r) => r.parentId === parent.id)) continue;
      const children = rows.filter((r) => r.parentId === parent.id);
      if (children.length && children.every((c) => isFinished(stateOf(c)))) {
        setState(doc, parent, DONE);
        notes.push(`${parent.id}: all ${children.length} children are done, so it becomes ${DONE}`);
      }
    }
  }

  const files: FileEdits[] = [];
  for (const { doc, edits } of stateEdits.values()) {
    files.push({ path: doc.path, original: doc.text, edits: [...edits].map(([row, marker]) => setRowState(row, marker)) });
  }
  if (ledger && attemptsByInitiative.size) {
    const edits: TextEdit[] = [];
    for (const [initiative, items] of attemptsByInitiative)
      edits.push(
        attemptsInsertion(
          ledger.text,
          initiative,
          items.map((i) => i.attempt),
        ),
      );
    files.push({ path: ledger.path, original: ledger.text, edits });
  }
  const proposed = [...attemptsByInitiative.values()].flat().map((item) => `${item.rowId}: a new attempt for ${item.source}`);
  return { files, notes, proposed };
}

/** Several attempts for one initiative as one insertion, numbered as if appended one by one. */
function attemptsInsertion(text: string, initiative: Initiative, entries: readonly AttemptEntry[]): TextEdit {
  let current = text;
  let target = initiative;
  let start = -1;
  let inserted = 0;
  for (const entry of entries) {
    const edit = appendAttempt(current, target, entry);
    if (start < 0) start = edit.start;
    current = applyEdits(current, [edit]);
    inserted += edit.newText.length;
    const reparsed = parseLedger(current).initiatives.find(
      (i) => i.id === initiative.id && i.shape === initiative.shape && i.title === initiative.title,
    );
    if (!reparsed) break;
    target = reparsed;
  }
  return { start, end: start, newText: current.slice(start, start + inserted) };
}

/**
 * The row state and ledger attempt for one run that just ended (the CLI's `run`, the editor's
 * Apply run): like planSync, but the record is always new evidence, even when its hub is shared
 * with earlier runs the ledger already cites.
 */
export function planRunOutcome(index: WorkspaceIndex, located: LocatedRecord): SyncResult {
  return planSync(index, [located], { includeRecorded: true, onlyRelatedParents: true });
}

/** Applies a sync result to texts (pure). */
export function applySync(result: SyncResult): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of result.files) out.set(file.path, applyEdits(file.original, file.edits));
  return out;
}
