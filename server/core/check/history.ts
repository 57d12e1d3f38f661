// What a document says about the past and the future, as opposed to claims about the workspace
// now. History is not re-linted: an archived plan, a dated attempt entry or a finished row records
// what was true then; an open row names files it is still to create.
import type { InitiativeStatus, Span } from '../model/model';
import { STATUS_TRAITS } from '../model/states';
import type { IndexedDocument } from '../index/workspace';

/**
 * Archived documents: folders named archive/archived/attic/trash, finished-plan folders
 * (`plans/completed/`, `plans/done/`), files named as archives (`fix_plan_archive.md`,
 * `2026-01-13_fix_plan_archive.md`) and an agent's running memory or journal (`galph_memory.md`).
 */
const ARCHIVED = /(?:^|\/)(?:archive|archived|attic|trash|plans\/(?:completed|done))\/|(?:^|\/)[^/]*(?:archive|memory|journal)[^/]*\.md$/i;

export function isArchivedDocument(path: string): boolean {
  return ARCHIVED.test(path);
}

export interface HistorySpans {
  /** Dated attempt entries, finished initiatives, finished (done or skipped) rows and ticked list items. */
  readonly past: readonly Span[];
  /** Open rows: a file they say they will make (`namedForCreation`) need not exist yet. */
  readonly future: readonly Span[];
}

/**
 * `finishedPlan`: the plan's initiative is finished in the ledger, so the plan is a record as a
 * whole even where it still sits among the active ones.
 */
export function historySpans(doc: IndexedDocument, finishedPlan = false): HistorySpans {
  const model = doc.model;
  if (model.kind === 'ledger') {
    const past = model.initiatives.flatMap((i) => (isFinishedInitiative(i.status) ? [i.span] : i.attempts.map((a) => a.span)));
    return { past: [...past, ...pastItems(doc.text), ...finishedSections(doc.text)], future: [] };
  }
  if (model.kind !== 'plan') return { past: pastItems(doc.text), future: [] };
  const rows = [...model.phases.flatMap((p) => p.rows), ...model.looseRows];
  // A plan whose every row is finished is a record of finished work, as a whole.
  if (finishedPlan || (rows.length && rows.every((r) => r.state === 'done' || r.state === 'skipped')))
    return { past: [{ start: 0, end: doc.text.length }], future: [] };
  const past: Span[] = pastItems(doc.text);
  const future: Span[] = [];
  for (const row of rows) {
    (row.state === 'done' || row.state === 'skipped' ? past : future).push(row.span);
  }
  return { past, future };
}

/** Whether a ledger initiative is finished (STATUS_TRAITS): its record is history. */
export function isFinishedInitiative(status: InitiativeStatus): boolean {
  return STATUS_TRAITS[status].finished;
}

/**
 * List items that record the past: ticked (`- [x] …`, `4. ✅ COMPLETE …`) or dated
 * (`* [2025-10-11] Attempt #19 — …`, `- 2026-01-22T02:40Z …`), with their continuation lines.
 */
function pastItems(text: string): Span[] {
  const out: Span[] = [];
  const item = /^([ \t]*)(?:[-*+]|\d+[.)])[ \t]+(?:\[[xX]\]|✅|✔|~~|\[?\*?\d{4}[-\u2011]\d{2}[-\u2011]\d{2})[^\n]*/gm;
  for (const m of text.matchAll(item)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

/** Sections whose heading files them as finished (`## Completed / Archived Items`), to the next heading as high. */
function finishedSections(text: string): Span[] {
  const out: Span[] = [];
  const headings = [...text.matchAll(/^(#{1,6})[ \t]+([^\n]*)/gm)];
  headings.forEach((h, i) => {
    if (!/\b(?:completed|archived?|done|resolved|closed)\b/i.test(h[2])) return;
    const next = headings.slice(i + 1).find((n) => n[1].length <= h[1].length);
    out.push({ start: h.index, end: next ? next.index : text.length });
  });
  return out;
}

const CREATES =
  /\b(?:creat(?:e|es|ing)|author|add|write|generate|produce|emit|draft|capture|record|save|populate|build|move|rename|archive|copy|new)\b/i;

/**
 * Whether the clause before a cited path (back to a sentence end, a table cell or a line break)
 * says the path is to be made, moved or archived: `Author docs/x.md`, `move this file to plans/archive/…`.
 */
export function namedForCreation(text: string, span: Span): boolean {
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  const before = text.slice(lineStart, span.start);
  const clause = before.split(/[.;|]\s|\||<br\s*\/?>/i).pop() ?? before;
  return CREATES.test(clause);
}

/** "From the <other> repo", "in the upstream repository": paths of another repository. */
const OTHER_REPOSITORY = /\b(?:from|in|of)\s+(?:the\s+)?[\w.-]+\s+repo(?:sitory)?\b/i;
/** Arguments of `rm` / `git rm` / `mv`: files being removed or renamed. */
const REMOVAL = /(?:^|[\s`;&|(])(?:git\s+)?(?:rm|mv)\s[^`]*$/;
/** A path right after a verb that makes, moves or removes it (`Archive plans/active/x.md`, `author inbox/y.md`). */
const ACTED_ON = /\b(?:archive|move|rename|retire|delete|remove|author|create|write|add|draft)\s+(?:the\s+|a\s+|new\s+)?[`"'*]*$/i;
/** The start of a command up to its program's path: env assignments, `env`, `timeout N`, an interpreter. */
const COMMAND_START =
  /^(?:[A-Z_][A-Z0-9_]*=\S*\s+)*(?:env\s+(?:[A-Z_][A-Z0-9_]*=\S*\s+)*)?(?:timeout\s+\S+\s+)?(?:python3?(?:\s+-\S+)*|bash|sh|uv\s+run|poetry\s+run)\s+$/;
/** A command's input: `--targets-file x.json`, `--config=x.yaml`. */
const FLAG_VALUE = /--[\w-]+[= ]["']?$/;

/** Words that make a path a plan, a guess or an example rather than a file said to exist. */
const NOT_YET =
  /(?<!\w)(?:target|to be (?:created|written|added)|will (?:be )?(?:created?|added|written|pruned|removed|deleted)|once (?:published|created)|if (?:present|it exists)|e\.g\.|for example|planned|proposed|new file)(?!\w)/i;

/**
 * Whether the text around a cited path says it is not a file of this workspace now: another
 * repository's path, a file being removed, or a value handed to a command's flag.
 */
export function notAClaimOfExistence(text: string, span: Span): boolean {
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  let lineEnd = text.indexOf('\n', span.end);
  if (lineEnd < 0) lineEnd = text.length;
  const before = text.slice(lineStart, span.start);
  if (FLAG_VALUE.test(before) || ACTED_ON.test(before)) return true;
  const tick = before.lastIndexOf('`');
  const inCode = tick >= 0 ? before.slice(tick + 1) : before;
  if (REMOVAL.test(inCode)) return true;
  // The program of a command written inline (`python tools/x.py --phases 4`): where it runs is the
  // command's business (often another checkout), and a handoff's or row's commands are outputs anyway.
  if (tick >= 0 && COMMAND_START.test(inCode)) return true;
  const line = text.slice(lineStart, lineEnd);
  return OTHER_REPOSITORY.test(line) || NOT_YET.test(line);
}
