// Commit by commit, what changed in the loop files: each new version of a plan or the ledger is
// re-parsed from the previous one over the range where the texts differ (the incremental parser,
// parse/incremental.ts), and compared with it in the parts that range touches.
import type { DocumentKind, DocumentModel, HandoffModel, Initiative, LedgerModel, PlanModel, Row } from '../model/model';
import { changedRange, type TextChange } from '../model/text';
import { initiativeOfPath, REPORTS_FOLDER } from '../model/layout';
import type { StateVocabulary } from '../model/states';
import { reparseDocument, type DocumentParse } from '../parse/document';
import { reparseLedgerSections } from '../parse/ledger';
import { PiecedText } from './piecedText';
import { applyHunks, type VersionEdit } from './gitPort';
import { parseHandoff } from '../parse/handoff';
import { findRowIdMentions } from '../parse/references';
import { attemptVerdict } from '../check/attemptReading';
import type { AddedAttempt, CommitInfo, CommitRecord, HandoffChange, HistoryCarry, PlanCounts, RowTransition } from './records';
import { attemptKey, lineAt, oneLine, rowKeys } from './keys';

/** One loop file as a commit left it; `text` undefined (and no `edit`): deleted. */
export interface FileText {
  readonly path: string;
  readonly kind: DocumentKind;
  readonly text: string | undefined;
  /**
   * The ledger only: the version as an edit of the one the builder holds (its hunks replaced;
   * none: the same text), given instead of `text`.
   */
  readonly edit?: VersionEdit;
  /** The parent commit's text, given when the builder does not know the file yet (`knows`). */
  readonly before?: string;
}

interface RowSnapshot {
  readonly row: Row;
}

interface PlanState {
  readonly text: string;
  readonly parse?: DocumentParse;
  readonly rows: ReadonlyMap<string, RowSnapshot>;
}

interface LedgerState {
  /** The version's text, whole or in its sections' pieces (then an edit replaces the pieces of the sections it touches). */
  readonly text: string | PiecedText;
  readonly parse?: DocumentParse;
  /**
   * The version's initiatives as its model has them: their spans in its offsets (an initiative's
   * span is its own object, never moved), their attempts the digests' (the next version's parse
   * moves their spans, never their text). The keys of the attempts of the ones the next change
   * touches are read from them then; the others need nothing.
   */
  readonly initiatives: readonly Initiative[];
}

interface HandoffState {
  readonly focus?: string;
  readonly doNow: string;
}

export class HistoryBuilder {
  /** The commit whose versions of the loop files the builder holds ('' before the first). */
  head = '';
  private readonly plans = new Map<string, PlanState>();
  private ledger: LedgerState | undefined;
  private handoff: HandoffState | undefined;
  private readonly planCounts: Map<string, PlanCounts>;
  private readonly hubs: Set<string>;

  constructor(
    private readonly vocabulary: StateVocabulary,
    carry: HistoryCarry = { planCounts: {}, hubs: [] },
    /** Parse every version from scratch: the reference the incremental path is tested against. */
    private readonly fromScratch = false,
  ) {
    this.planCounts = new Map(Object.entries(carry.planCounts));
    this.hubs = new Set(carry.hubs);
  }

  /** Whether the previous version of `path` is known (else its parent text should come as `before`). */
  knows(path: string, kind: DocumentKind): boolean {
    if (kind === 'plan') return this.plans.has(path);
    if (kind === 'ledger') return this.ledger !== undefined;
    return this.handoff !== undefined;
  }

  /** The record of one commit, given the loop files it changed and the files it added in hubs. */
  apply(commit: CommitInfo, files: readonly FileText[], addedHubFiles: readonly string[]): CommitRecord {
    const transitions: RowTransition[] = [];
    const attempts: AddedAttempt[] = [];
    let handoff: HandoffChange | undefined;
    const touched = new Set<string>();
    for (const file of files) {
      if (file.kind === 'plan') {
        transitions.push(...this.planVersion(file));
        touched.add(this.planCounts.get(file.path)?.[0] ?? initiativeOfPath(file.path) ?? '');
        this.countPlan(file.path);
      } else if (file.kind === 'ledger') attempts.push(...this.ledgerVersion(file));
      else handoff = this.handoffVersion(file) ?? handoff;
    }
    const hubs: string[] = [];
    for (const path of addedHubFiles) {
      const hub = hubOf(path);
      if (hub && !this.hubs.has(hub)) {
        this.hubs.add(hub);
        hubs.push(hub);
      }
    }
    const progress = touched.size ? this.progressOf(touched) : undefined;
    this.head = commit.sha;
    return owned({ ...commit, transitions, attempts, ...(handoff ? { handoff } : {}), hubs, ...(progress ? { progress } : {}) });
  }

  /** What the next session (after a restart) needs besides the files' texts. */
  carry(): HistoryCarry {
    return { planCounts: Object.fromEntries(this.planCounts), hubs: [...this.hubs] };
  }

  private parse(kind: DocumentKind, text: string, previous?: { text: string; parse?: DocumentParse }, known?: TextChange) {
    const change = previous ? (known ?? changedRange(previous.text, text)) : undefined;
    if (this.fromScratch) return { ...reparseDocument(kind, text, undefined, undefined, true, this.vocabulary), change };
    return { ...reparseDocument(kind, text, previous?.parse, change, true, this.vocabulary), change };
  }

  private planVersion(file: FileText): RowTransition[] {
    let previous = this.plans.get(file.path);
    if (!previous && file.before !== undefined) previous = this.planState(file.before);
    if (file.text === undefined) {
      this.plans.delete(file.path);
      return [];
    }
    const { model, parse } = this.parse('plan', file.text, previous);
    const next = { text: file.text, parse, rows: snapshotRows(model as PlanModel) };
    this.plans.set(file.path, next);
    if (!previous) return [];
    const out: RowTransition[] = [];
    for (const [key, { row }] of next.rows) {
      const before = previous.rows.get(key)?.row;
      if (!before || (before.state === row.state && before.rawState === row.rawState)) continue;
      out.push({
        plan: file.path,
        rowId: row.id || row.title,
        title: row.title,
        from: before.state,
        to: row.state,
        fromRaw: before.rawState,
        toRaw: row.rawState,
        line: lineAt(file.text, row.span.start),
      });
    }
    return out;
  }

  private planState(text: string): PlanState {
    const { model, parse } = this.parse('plan', text);
    return { text, parse, rows: snapshotRows(model as PlanModel) };
  }

  private countPlan(path: string): void {
    const state = this.plans.get(path);
    if (!state) {
      this.planCounts.delete(path);
      return;
    }
    let done = 0;
    for (const { row } of state.rows.values()) if (row.state === 'done') done++;
    this.planCounts.set(path, [initiativeOfPath(path) ?? '', done, state.rows.size]);
  }

  private progressOf(initiatives: ReadonlySet<string>): Record<string, readonly [number, number]> {
    const out: Record<string, [number, number]> = {};
    for (const id of initiatives) out[id] = [0, 0];
    for (const [initiative, done, total] of this.planCounts.values()) {
      const sum = out[initiative];
      if (!sum) continue;
      sum[0] += done;
      sum[1] += total;
    }
    return out;
  }

  private ledgerVersion(file: FileText): AddedAttempt[] {
    let previous = this.ledger;
    if (!previous && file.before !== undefined) {
      const { model, parse } = this.parse('ledger', file.before);
      previous = { text: file.before, parse, initiatives: (model as LedgerModel).initiatives };
    }
    if (file.text === undefined && !file.edit) {
      this.ledger = undefined;
      return [];
    }
    const next = this.nextLedger(file, previous);
    if (!next) return [];
    const { model, parse, change, text } = next;
    const ledger = model as LedgerModel;
    this.ledger = { text, parse, initiatives: ledger.initiatives };
    if (!previous || !change) return [];
    // The attempts of the initiatives the change touched, before and after: an attempt is added
    // when the old ones do not account for it (so a restructured or renamed entry adds nothing).
    const old = new Map<string, number>();
    for (const before of previous.initiatives) {
      if (!touches(before.span, change.start, change.oldEnd)) continue;
      for (const attempt of before.attempts) {
        const k = attemptKey(attempt);
        old.set(k, (old.get(k) ?? 0) + 1);
      }
    }
    const out: AddedAttempt[] = [];
    for (const initiative of ledger.initiatives) {
      if (!touches(initiative.span, change.start, change.newEnd)) continue;
      for (const attempt of initiative.attempts) {
        const k = attemptKey(attempt);
        const left = old.get(k) ?? 0;
        if (left > 0) {
          old.set(k, left - 1);
          continue;
        }
        const { outcome, words } = attemptVerdict(attempt.text);
        out.push({
          initiative: initiative.id || initiative.title,
          ...(attempt.number !== undefined ? { number: attempt.number } : {}),
          ...(attempt.timestamp ? { timestamp: attempt.timestamp } : {}),
          outcome,
          words,
          summary: oneLine(attempt.text),
          mentions: [...new Set(findRowIdMentions(attempt.text).map((r) => r.id!))].slice(0, 12),
          ledger: file.path,
          line: typeof text === 'string' ? lineAt(text, attempt.span.start) : text.lineAt(attempt.span.start),
        });
      }
    }
    return out;
  }

  /**
   * The next version of the ledger: an edit re-reads the new texts of the sections it touches alone
   * (the text stays in pieces); one that moves a section boundary builds the whole text and
   * re-parses it from the previous parse; a whole text is parsed as it comes. Undefined: an
   * unchanged edit.
   */
  private nextLedger(
    file: FileText,
    previous: LedgerState | undefined,
  ): { model: DocumentModel; parse?: DocumentParse; change?: TextChange; text: string | PiecedText } | undefined {
    const edit = file.edit;
    if (!edit)
      return {
        ...this.parse('ledger', file.text!, previous && { text: wholeText(previous.text), parse: previous.parse }),
        text: file.text!,
      };
    // update.ts asks for an edit only of a version the builder holds.
    if (!previous) throw new Error(`the ledger ${file.path} changed in a commit before the history had read it`);
    const change = edit.change;
    if (!change) {
      this.ledger = previous;
      return undefined;
    }
    const parse = previous.parse?.kind === 'ledger' ? previous.parse.parse : undefined;
    const pieces =
      typeof previous.text === 'string' ? parse && !this.fromScratch && PiecedText.of(previous.text, parse.sections) : previous.text;
    if (pieces && parse && !edit.hunks.some((hunk) => hunk.inserted.includes('\r'))) {
      const edited = pieces.editedBy(edit.hunks);
      const read =
        edited &&
        reparseLedgerSections(parse, edited.first, edited.texts, change, (sections) => pieces.with(edited.first, edited.texts, sections));
      if (read) return { model: read.model, parse: { kind: 'ledger', parse: read.parse }, change, text: read.text };
    }
    const before = wholeText(previous.text);
    const text = applyHunks(before, edit.hunks);
    return { ...this.parse('ledger', text, { text: before, parse: previous.parse }, change), text };
  }

  private handoffVersion(file: FileText): HandoffChange | undefined {
    if (!this.handoff && file.before !== undefined) this.handoff = handoffState(parseHandoff(file.before));
    if (file.text === undefined) {
      this.handoff = undefined;
      return undefined;
    }
    const model = parseHandoff(file.text);
    const next = handoffState(model);
    const previous = this.handoff;
    this.handoff = next;
    return {
      path: file.path,
      ...(model.focus ? { focus: oneLine(model.focus) } : {}),
      ...(model.focusInitiativeId ? { focusInitiativeId: model.focusInitiativeId } : {}),
      doNow: model.doNow.map((item) => ({
        text: oneLine(item.text),
        rowIds: [...item.rowIds],
        ...(item.initiativeId ? { initiativeId: item.initiativeId } : {}),
        ...(item.planPath ? { planPath: item.planPath } : {}),
        line: lineAt(file.text!, item.span.start),
      })),
      focusChanged: previous?.focus !== next.focus,
      doNowChanged: previous?.doNow !== next.doNow,
    };
  }
}

/**
 * The record as its JSON reads back: plain data whose strings are copies of their own. A title or
 * an initiative ID sliced from a version's text would keep that whole section (or version) alive
 * for as long as the cache is held: over 2,000 commits that was most of the server's heap.
 */
function owned(record: CommitRecord): CommitRecord {
  return JSON.parse(JSON.stringify(record)) as CommitRecord;
}

function wholeText(text: string | PiecedText): string {
  return typeof text === 'string' ? text : text.whole();
}

function handoffState(model: HandoffModel): HandoffState {
  return { focus: model.focus, doNow: model.doNow.map((d) => d.text).join('\n') };
}

function snapshotRows(model: PlanModel): Map<string, RowSnapshot> {
  const rows = [...model.looseRows, ...model.phases.flatMap((p) => p.rows)];
  const out = new Map<string, RowSnapshot>();
  rowKeys(rows).forEach((key, i) => out.set(key, { row: rows[i] }));
  return out;
}

function touches(span: { start: number; end: number }, start: number, end: number): boolean {
  return span.start <= end && start <= span.end;
}

const STAMP = /^(?:\d{4}-\d{2}-\d{2}T\d{6}Z|\d{8}T\d{6}Z)$/;

/** The hub a file lies in: `…/reports/<stamp>/`, with the phase folder after the stamp when there is one. */
export function hubOf(path: string): string | undefined {
  const parts = path.split('/');
  const s = parts.findIndex((p, i) => STAMP.test(p) && parts.lastIndexOf(REPORTS_FOLDER, i) >= 0);
  if (s < 0) return undefined;
  return parts.slice(0, s + 2 < parts.length ? s + 2 : s + 1).join('/') + '/';
}
