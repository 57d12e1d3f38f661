// Ledgers (docs/fix_plan.md and archives): initiatives in every shape, their fields and attempts.
import { exact } from '../model/compact';
import type { List, ListItem } from 'mdast';
import {
  DiagnosticCodes,
  isWritableStyle,
  type ArtifactPath,
  type Attempt,
  type AttemptStyle,
  type Initiative,
  type LedgerField,
  type LedgerModel,
  type Problem,
  type Reference,
  type Row,
  type Span,
  type WritableAttemptStyle,
} from '../model/model';
import { headingLineText, markdownLimits, parseBlocks, parseMarkdown, plainText, readAsText, spanOf, type Nodes } from './markdown';
import { simpleBlocks } from './blockScan';
import { taskRows } from './rows';
import { findReferences, findReferencesInLines, referencesWithin, sectionPathAt, sectionPathReachesBefore } from './references';
import { artifactFromReference } from './artifacts';
import { normalizeStatus, statusOfTasks } from '../model/states';
import { stripEmphasis } from './inline';
import { fieldName, type FieldName } from './fieldKeys';
import type { OffsetCollector } from './shift';
import { parseSections, reparseSections, type SectionedParse } from './incremental';
import { childRole, previousItems, type ItemLookup, type ItemRole } from './itemReuse';
import { changedRange, detach, loneCrAsLf, type TextChange, type TextSource } from '../model/text';

/** The source of a list item: enough to classify it as a field or an attempt. */
export interface ItemSource {
  readonly span: Span;
  /** Indentation plus bullet as written, e.g. '  - ' or '* '. */
  readonly bullet: string;
  /** Source of the item from after its bullet to its end (nested lists included; the `Attempts History:` field's: its line, with its line break). */
  readonly text: string;
  readonly textStart: number;
}

/**
 * A list item reduced to what ledgers need (no mdast kept). Its field and attempt readings are
 * made once per section digest, not on every assembly: a keystroke re-reads only its section.
 */
export interface LightItem extends ItemSource {
  readonly children: readonly LightItem[];
  readonly field?: LedgerField;
  /** The item is the `Attempts History:` field, whose children are the attempts. */
  readonly history: boolean;
  /** Paths a `Working Plan:` field names (read once per digest, not on every assembly). */
  readonly workingPlans: readonly string[];
  /** For top-level items and children of fields: the attempt it is (children of `Attempts History` always are one). */
  readonly attempt?: Attempt;
}

type Block =
  | { readonly kind: 'items'; readonly items: readonly LightItem[]; readonly tasks: readonly Row[] }
  | { readonly kind: 'para'; readonly text: string; readonly span: Span }
  | { readonly kind: 'subheading'; readonly level: number; readonly text: string; readonly span: Span };

export interface LedgerSectionDigest {
  readonly span: Span;
  readonly heading?: { readonly level: number; readonly text: string; readonly raw: string; readonly span: Span };
  readonly blocks: readonly Block[];
  readonly references: readonly Reference[];
  /** Artifacts among the references, read only for headings shaped like an attempt (`### 2026-01-22T02:40Z — …`). */
  readonly headingArtifacts?: readonly ArtifactPath[];
  /** Lines too long or nested too deep for the Markdown library: each one's block is read as text, the rest as usual. */
  readonly limits: readonly { readonly span: Span; readonly reason: string }[];
}

const NO_PATHS: readonly string[] = [];

/** What reading a section's items needs: its text, its references (the path grammar runs once per section), and the previous readings that may stand. */
interface ItemContext {
  readonly src: string;
  readonly refs: readonly Reference[];
  readonly reuse?: ItemLookup<LightItem>;
}

function lightItems(list: List, role: ItemRole, context: ItemContext): LightItem[] {
  return list.children.map((item) => lightItem(item, role, context));
}

function lightItem(item: ListItem, role: ItemRole, context: ItemContext): LightItem {
  const { src, refs } = context;
  const span = spanOf(item);
  const lineStart = src.lastIndexOf('\n', span.start - 1) + 1;
  const first = item.children[0];
  const firstSpan = first ? spanOf(first) : span;
  const contentStart = first && src.lastIndexOf('\n', firstSpan.start - 1) + 1 === lineStart ? firstSpan.start : span.end;
  // Task items keep their checkbox in `text`; the bullet is only indentation plus marker.
  const bulletMatch = /^\s*(?:[-*+]|\d+[.)])\s+/.exec(src.slice(lineStart, contentStart));
  const bulletEnd = lineStart + (bulletMatch ? bulletMatch[0].length : contentStart - lineStart);
  const previous = context.reuse?.(role, lineStart, span.start, span.end, bulletEnd);
  if (previous) return previous;
  // The `Attempts History:` item's text is its own line (with its line break): its attempts are
  // its children, each read from its own lines. (Its text is read for the field alone, which is on that line.)
  const lineEnd = src.indexOf('\n', bulletEnd);
  const headEnd = lineEnd < 0 || lineEnd >= span.end ? span.end : lineEnd + 1;
  const history = role === 'top' && isHistoryField(src.slice(bulletEnd, headEnd));
  const end = history ? headEnd : span.end;
  // After an edit, an item read afresh may be reused by later versions: its strings come from a
  // copy of its own lines (its children copy theirs), so it never keeps this version's copy of
  // the section alive. The history item copies its one line: a copy of the whole list, kept for as
  // long as the entry goes unedited, was most of what a loop history kept of each ledger version.
  const lines = context.reuse ? detach(src.slice(lineStart, end)) : src;
  const base = context.reuse ? lineStart : 0;
  const source: ItemSource = {
    span,
    bullet: lines.slice(lineStart - base, bulletEnd - base),
    text: lines.slice(bulletEnd - base, end - base),
    textStart: bulletEnd,
  };
  const field = role === 'top' ? fieldOf(source) : undefined;
  const name = field && fieldName(field.key);
  const workingPlans = name === 'workingPlan' ? planPathsOf(source.text) : NO_PATHS;
  const attempt =
    role === 'none' || history ? undefined : attemptOf(source, role === 'history', referencesWithin(refs, bulletEnd, span.end));
  const children: LightItem[] = [];
  for (const child of item.children) if (child.type === 'list') children.push(...lightItems(child, childRole(history, !!field), context));
  // One literal with every key, so all items share a hidden class (a spread gives each its own).
  return {
    span,
    bullet: source.bullet,
    text: source.text,
    textStart: bulletEnd,
    children: exact(children),
    field,
    history,
    workingPlans,
    attempt,
  };
}

/** Plans a plan field names, on its line or in its nested list (`Plan References:` then `- plans/…`). */
function planPathsOf(text: string): string[] {
  return findReferences(text)
    .filter((ref) => ref.kind === 'path' && /(?:\.md|\/)$/.test(ref.path as string))
    .map((ref) => (ref.path as string).replace(/^\.\//, ''));
}

function itemOffsets(item: LightItem, into: OffsetCollector): void {
  into.span(item.span);
  into.scalar(item, 'textStart');
  if (item.field) into.field(item.field);
  if (item.attempt) into.attempt(item.attempt);
  for (const child of item.children) itemOffsets(child, into);
}

function ledgerDigestOffsets(d: LedgerSectionDigest, into: OffsetCollector): void {
  into.span(d.span);
  into.span(d.heading?.span);
  for (const limit of d.limits) into.span(limit.span);
  for (const b of d.blocks) {
    if (b.kind === 'items') {
      for (const item of b.items) itemOffsets(item, into);
      for (const row of b.tasks) into.row(row);
    } else into.span(b.span);
  }
  for (const r of d.references) into.reference(r);
  for (const a of d.headingArtifacts ?? []) into.artifact(a);
}

// A line that may be a link reference or footnote definition (also inside lists and quotes).
const MAY_DEFINE = /^[ \t>*+\-\d.)]*\[[^\]\n]+\]:/m;

export function digestLedgerSection(
  src: string,
  references: readonly Reference[] = findReferences(src),
  reuse?: ItemLookup<LightItem>,
): LedgerSectionDigest {
  // Only headings need inline content. Block structure comes from the fast block parse; each
  // heading's text from a full parse of its own line, unless the section may define link
  // references or footnotes (which change how a heading reads): then the section is parsed whole.
  const whole = MAY_DEFINE.test(src);
  const simple = whole ? undefined : simpleBlocks(src);
  const nodes = whole ? parseMarkdown(src).children : (simple ?? parseBlocks(src).children);
  const headingText = (node: Nodes, span: Span): string =>
    stripEmphasis(whole ? plainText(node) : headingLineText(src.slice(span.start, span.end)));
  const context: ItemContext = { src, refs: references, reuse };
  const blocks: Block[] = [];
  let heading: LedgerSectionDigest['heading'];
  for (const node of nodes) {
    if (node.type === 'heading') {
      const span = spanOf(node);
      const raw = src
        .slice(span.start, span.end)
        .replace(/^\s*#+\s*/, '')
        .replace(/\s*#*\s*$/, '');
      const info = { level: node.depth, text: headingText(node, span), raw, span };
      if (!heading && node.depth <= 3 && blocks.length === 0) heading = info;
      else blocks.push({ kind: 'subheading', level: info.level, text: info.text, span });
    } else if (node.type === 'list') {
      blocks.push({ kind: 'items', items: lightItems(node, 'top', context), tasks: taskRows(node, src, 0) });
    } else if (node.type === 'paragraph' || node.type === 'code') {
      const span = spanOf(node);
      blocks.push({ kind: 'para', text: src.slice(span.start, span.end), span });
    }
  }
  const headingArtifacts = heading && HEADING_ATTEMPT.test(heading.text) ? artifactsOf(references) : undefined;
  // Span and reason only: the offsets a moved digest shifts.
  const limits = simple ? [] : markdownLimits(src).map(({ span, reason }) => ({ span, reason }));
  return { span: { start: 0, end: src.length }, heading, blocks, references, headingArtifacts, limits };
}

function artifactsOf(references: readonly Reference[]): ArtifactPath[] {
  return exact(references.map(artifactFromReference).filter((a): a is NonNullable<typeof a> => !!a));
}

// ---- attempts ---------------------------------------------------------------------------

const TS = String.raw`\d{4}[-\u2011]\d{2}[-\u2011]\d{2}(?:T[\d:]+Z?)?`;
const NUMBERED = new RegExp(String.raw`^(?:\[([^\]]+)\]\s+)?Attempts?\s+#(\d+)`);
const ITALIC = new RegExp(String.raw`^\*((?:${TS}|(?:First|Last|Latest)\s*\([^)]*\))[^*]*?):?\*:?\s*`);
const PLAIN = new RegExp(String.raw`^(${TS})\b`);
const HEADING_ATTEMPT = new RegExp(String.raw`^(${TS})\s*(?:[—–-]\s*(.*))?$`);
const ELISION = /^(?:\.\.\.|…)/;
// A line-form loop ledger: `iter 12 | PASS | 1a2b3c4..5d6e7f8 | summary` (the status word is its outcome).
const ITERATION = /^(?:iter(?:ation)?|loop)\s+#?(\d+)\s*\|\s*([^|\n]*?)\s*\|/i;

const STAMP = new RegExp(String.raw`(${TS})`);

function splitTimestampLabel(inner: string): { timestamp?: string; label?: string } {
  const m = STAMP.exec(inner);
  // `First (2025-11-11)`: the word is the label, the parentheses hold the time.
  const word = /^([A-Za-z]+)\s*\(/.exec(inner)?.[1];
  if (word && m) return { timestamp: m[1], label: word };
  const label = /\(([^)]*)\)/.exec(inner)?.[1];
  return { timestamp: m?.[1], label: label ?? (m ? undefined : inner.trim()) };
}

/** Classifies a list item as an attempt, or undefined when it is not one. `known`: the item's references, when already found. */
export function attemptOf(item: ItemSource, inHistory: boolean, known?: Reference[]): Attempt | undefined {
  const body = item.text.replace(/^\s+/, '');
  let style: AttemptStyle | undefined;
  let number: number | undefined;
  let timestamp: string | undefined;
  let label: string | undefined;
  const numbered = NUMBERED.exec(body);
  const italic = ITALIC.exec(body);
  const plain = PLAIN.exec(body);
  const iteration = numbered || italic || plain ? null : ITERATION.exec(body);
  if (iteration) {
    style = 'iteration';
    number = +iteration[1];
    label = iteration[2] || undefined;
  } else if (numbered) {
    style = 'numbered';
    number = +numbered[2];
    timestamp = numbered[1];
    label = /—\s*([^.\n]*)/.exec(body)?.[1]?.trim();
  } else if (italic) {
    style = 'italic-timestamp';
    ({ timestamp, label } = splitTimestampLabel(italic[1]));
  } else if (plain) {
    style = 'plain-timestamp';
    timestamp = plain[1];
    label = /^\S+\s*(?:i=\d+\s*)?\(([^)\n]*)\)/.exec(body)?.[1];
  } else if (ELISION.test(body)) {
    style = 'elision';
  } else if (inHistory) {
    style = 'other';
  }
  if (!style) return undefined;
  // The number is the header's last `Attempt #n` (a label may cite an earlier one), else its first `#n`.
  const firstLine = body.split('\n')[0];
  const header = italic ? italic[0] : plain ? firstLine.split(/\s[—–]\s/)[0] : firstLine;
  const inner = [...header.matchAll(/Attempts?\s+#(\d+)/g)].pop() ?? /#(\d+)/.exec(firstLine);
  if (number === undefined && inner && /Attempt/.test(firstLine)) number = +inner[1];
  const references = known ?? findReferences(item.text, item.textStart);
  return {
    number,
    timestamp,
    label,
    text: item.text,
    style,
    artifacts: artifactsOf(references),
    references,
    span: item.span,
    bullet: item.bullet,
  };
}

// ---- fields -----------------------------------------------------------------------------

/** Whether an item's first line (with its line break) is the `Attempts History:` field. */
function isHistoryField(firstLine: string): boolean {
  const m = FIELD.exec(firstLine);
  return !!m && fieldName(m[1].trim()) === 'attemptsHistory';
}

const FIELD = /^(?:\*\*|__)?([A-Za-z][A-Za-z /&'’-]{0,40}?)(\s*\([^)\n]*\))?(?:\*\*|__)?\s*:(?:\*\*|__)?(?:[ \t]+|(?=\r?\n)|$)/;

function fieldOf(item: ItemSource): LedgerField | undefined {
  const m = FIELD.exec(item.text);
  if (!m) return undefined;
  const valueStart = item.textStart + m[0].length;
  const firstLineEnd = item.text.indexOf('\n');
  const valueEnd = item.textStart + (firstLineEnd < 0 ? item.text.length : firstLineEnd);
  return {
    key: m[1].trim(),
    value: item.text.slice(m[0].length, firstLineEnd < 0 ? undefined : firstLineEnd).trim(),
    span: item.span,
    valueSpan: { start: valueStart, end: Math.max(valueStart, valueEnd) },
  };
}

// ---- assembly ---------------------------------------------------------------------------

const SECTION_NAMES =
  /^(?:status|current focus|completed(?: items)?|artifacts produced|attempts history|todos?|notes|housekeeping notes|index|archive[sd]?(?: items)?|active \/ pending initiatives|backlog|summary)\b/i;
const ENTRY_HEADING = /^\[([^\]]+)\]\s*(.*)$/;
const ROADMAP = /^\[([A-Z][^\]\s]*)\]\s*(.*)$/;

interface Builder {
  id: string;
  title: string;
  shape: Initiative['shape'];
  headingSpan: Span;
  start: number;
  end: number;
  level: number;
  fields: LedgerField[];
  workingPlans: string[];
  attempts: Attempt[];
  tasks: Row[];
  historyEnd?: number;
  rawStatus?: string;
}

function newBuilder(id: string, title: string, shape: Initiative['shape'], span: Span, level: number): Builder {
  return {
    id,
    title,
    shape,
    headingSpan: span,
    start: span.start,
    end: span.end,
    level,
    fields: [],
    workingPlans: [],
    attempts: [],
    tasks: [],
  };
}

function collectItems(builder: Builder, items: readonly LightItem[]): void {
  for (const item of items) {
    const field = item.field;
    if (field && item.history) {
      builder.fields.push(field);
      builder.historyEnd = item.span.end;
      for (const child of item.children) if (child.attempt) builder.attempts.push(child.attempt);
      continue;
    }
    const attempt = item.attempt;
    if (attempt && attempt.style !== 'other') {
      builder.attempts.push(attempt);
      continue;
    }
    if (field) {
      builder.fields.push(field);
      builder.workingPlans.push(...item.workingPlans);
      // Attempts sometimes sit under other fields (`- Latest Attempt (…)`), or nested deeper.
      for (const child of item.children) {
        const nested = child.attempt;
        // An undated `- Attempt #14 confirms …` under a notes field mentions an attempt; it is not one.
        if (nested && nested.style !== 'other' && nested.style !== 'elision' && (nested.style !== 'numbered' || nested.timestamp))
          builder.attempts.push(nested);
      }
    }
  }
}

function finish(b: Builder, text: TextSource): Initiative {
  const field = (name: FieldName): LedgerField | undefined => b.fields.find((f) => fieldName(f.key) === name);
  const rawStatus = b.rawStatus ?? field('status')?.value;
  const statusFromTasks = b.shape === 'task-list' ? statusOfTasks(b.tasks.map((t) => t.state)) : undefined;
  const attempts = b.attempts;
  const styles = new Map<WritableAttemptStyle, number>();
  for (const a of attempts) if (isWritableStyle(a.style)) styles.set(a.style, (styles.get(a.style) ?? 0) + 1);
  const attemptStyle = [...styles.entries()].sort((x, y) => y[1] - x[1])[0]?.[0] ?? 'numbered';
  const last = attempts.reduce<Attempt | undefined>((acc, a) => (!acc || a.span.end > acc.span.end ? a : acc), undefined);
  let insertAt = last?.span.end ?? b.historyEnd ?? b.end;
  // Never insert into trailing blank lines of the entry.
  while (insertAt > b.start && /\s/.test(text.charAt(insertAt - 1))) insertAt--;
  return {
    id: b.id,
    title: b.title,
    shape: b.shape,
    headingSpan: b.headingSpan,
    span: { start: b.start, end: b.end },
    fields: b.fields,
    rawStatus,
    status: statusFromTasks ?? normalizeStatus(rawStatus),
    priority: field('priority')?.value,
    owner: field('owner')?.value,
    dependsOn: field('dependsOn')?.value,
    workingPlans: b.workingPlans,
    attempts,
    attemptInsertAt: insertAt,
    attemptStyle,
    tasks: b.tasks,
  };
}

/**
 * The three ways a ledger is laid out. `entries`: `### [ID] Title` headings, one initiative each
 * (at the shallowest such level). `sectioned`: one initiative for the whole file, whose sections
 * (Current Focus, Status, Attempts History with `### <timestamp>` attempts) are its parts.
 * `task-lists`: headings over task lists. Roadmap one-liners (`- [ID] (Title) — status`) may
 * appear in any of them, outside entries.
 */
type LedgerShape =
  | { readonly kind: 'entries'; readonly level: number }
  | { readonly kind: 'sectioned' }
  | { readonly kind: 'task-lists' }
  /** A line-form loop ledger: one initiative for the file, each `iter N | STATUS | … | summary` line an attempt. */
  | { readonly kind: 'iterations' };

/** A line of a line-form loop ledger (`iter 12 | PASS | … | summary`, bulleted or not); discovery counts them too. */
export const ITERATION_LINE = /^[ \t]*(?:[-*+][ \t]+)?((?:iter(?:ation)?|loop)\s+#?\d+\s*\|[^\n]*)$/gim;

/** The `iter N | …` lines of a paragraph or code block, with their absolute spans. */
function iterationLines(block: { readonly text: string; readonly span: Span }): Array<{ text: string; span: Span }> {
  const lines: Array<{ text: string; span: Span }> = [];
  ITERATION_LINE.lastIndex = 0;
  for (let m = ITERATION_LINE.exec(block.text); m; m = ITERATION_LINE.exec(block.text)) {
    const start = block.span.start + m.index + m[0].length - m[1].length;
    lines.push({ text: m[1], span: { start, end: start + m[1].length } });
  }
  return lines;
}

function ledgerShape(digests: readonly LedgerSectionDigest[]): LedgerShape {
  const entryLevels = digests.filter((d) => d.heading && ENTRY_HEADING.test(d.heading.raw)).map((d) => d.heading!.level);
  if (entryLevels.length) return { kind: 'entries', level: Math.min(...entryLevels) };
  if (digests.some((d) => d.heading && /^attempts history$/i.test(d.heading.text))) return { kind: 'sectioned' };
  let iterations = 0;
  for (const d of digests)
    for (const b of d.blocks) {
      if (b.kind === 'para') iterations += iterationLines(b).length;
      else if (b.kind === 'items') iterations += b.items.filter((i) => i.attempt?.style === 'iteration').length;
    }
  if (iterations >= 2) return { kind: 'iterations' };
  return { kind: 'task-lists' };
}

type Heading = NonNullable<LedgerSectionDigest['heading']>;

/** The walk over a ledger's sections: the initiative being built, and the finished ones. */
class Assembly {
  readonly initiatives: Initiative[] = [];
  current: Builder | undefined;
  /** The whole-file initiative of a sectioned ledger; what `current` falls back to. */
  readonly whole: Builder | undefined;
  /** Sectioned: the sections from `Attempts History` on hold heading attempts. */
  inAttemptsSection = false;
  /** Entries: an entry with an ID has been seen (later headings at its level without one are entries too). */
  seenEntry = false;
  /** A line-form ledger: `iter N | …` lines outside lists are attempts too. */
  readonly iterations: boolean;

  constructor(
    readonly text: TextSource,
    shape: LedgerShape,
  ) {
    this.iterations = shape.kind === 'iterations';
    if (shape.kind === 'sectioned') this.whole = this.current = newBuilder('', 'Ledger', 'sectioned', { start: 0, end: 0 }, 1);
    if (shape.kind === 'iterations') this.whole = this.current = newBuilder('', 'Loop iterations', 'sectioned', { start: 0, end: 0 }, 1);
  }

  /** Ends the initiative being built at `at`; the whole-file one (if any) is current again. */
  close(at: number): void {
    if (this.current && this.current !== this.whole) {
      this.current.end = at;
      this.initiatives.push(finish(this.current, this.text));
    }
    this.current = this.whole;
  }

  /** Starts an initiative at this section's heading. */
  open(d: LedgerSectionDigest, builder: Builder): Builder {
    builder.start = d.span.start;
    this.current = builder;
    return builder;
  }
}

/** Sectioned: attempts under `Attempts History` headings, the focus and the status sections. */
function sectionedHeading(a: Assembly, d: LedgerSectionDigest, h: Heading): void {
  const whole = a.whole!;
  const name = h.text.toLowerCase();
  if (/^attempts history/.test(name)) a.inAttemptsSection = true;
  const attemptHeading = HEADING_ATTEMPT.exec(h.text);
  if (attemptHeading && a.inAttemptsSection) {
    whole.attempts.push({
      timestamp: attemptHeading[1],
      label: attemptHeading[2]?.trim(),
      text: a.text.slice(d.span.start, d.span.end),
      style: 'heading',
      artifacts: d.headingArtifacts ?? [],
      references: d.references,
      span: d.span,
      bullet: '#'.repeat(h.level) + ' ',
    });
  }
  if (/^current focus/.test(name)) {
    const para = d.blocks.find((b) => b.kind === 'para');
    const focus = para && para.kind === 'para' ? stripEmphasis(para.text.split('\n')[0]) : '';
    const id = /^([A-Z][A-Z0-9]*(?:[-\u2011][A-Z0-9]+)+)/.exec(focus)?.[1];
    if (id && !whole.id) {
      whole.id = id;
      whole.title = focus.replace(/^\S+\s*[—–-]\s*/, '') || focus;
      whole.headingSpan = h.span;
    }
  }
  if (/^status$/.test(name)) {
    const para = d.blocks.find((b) => b.kind === 'para');
    if (para && para.kind === 'para') whole.rawStatus = para.text.replace(/`/g, '').trim();
  }
}

/** Entries: `[ID] Title` at the entry level opens an initiative; another heading at or above that level ends it. */
function entryHeading(a: Assembly, d: LedgerSectionDigest, h: Heading, level: number): void {
  const entry = ENTRY_HEADING.exec(h.raw);
  if (entry && h.level === level) {
    a.close(d.span.start);
    a.seenEntry = true;
    const b = a.open(d, newBuilder(entry[1].trim(), entry[2].replace(/^[—–-]\s*/, '').trim(), 'heading', h.span, h.level));
    const inlineStatus = /\*\*([^*]+)\*\*/.exec(entry[2])?.[1];
    if (inlineStatus) b.rawStatus = inlineStatus;
  } else if (h.level <= level) {
    a.close(d.span.start);
    // An entry without an ID among entries that have one.
    if (a.seenEntry && h.level === level && !SECTION_NAMES.test(h.text)) a.open(d, newBuilder('', h.text, 'heading', h.span, h.level));
  }
}

/** Task lists: a heading (level 2 or deeper) over a section with task items is an initiative. */
function taskListHeading(a: Assembly, d: LedgerSectionDigest, h: Heading): void {
  a.close(d.span.start);
  const hasTasks = d.blocks.some((b) => b.kind === 'items' && b.tasks.length > 0);
  if (hasTasks && h.level >= 2) a.open(d, newBuilder('', h.text, 'task-list', h.span, h.level));
}

/** Roadmap one-liners, `- [ID] (Title) — **status** (…)`, each an initiative; returns the other items. */
function roadmapItems(a: Assembly, items: readonly LightItem[]): LightItem[] {
  const rest: LightItem[] = [];
  for (const item of items) {
    const road = ROADMAP.exec(item.text.trim());
    if (road && /^[A-Z][A-Z0-9]*(?:[-\u2011_][A-Za-z0-9]+)+$/.test(road[1])) {
      const b = newBuilder(road[1], (/^\(([^)]*)\)/.exec(road[2])?.[1] ?? road[2].split(/\s[—–]\s/)[0]).trim(), 'roadmap', item.span, 0);
      b.rawStatus = /[—–]\s*(\*\*[^*]+\*\*|\*[^*]+\*|[a-z_]+)/.exec(road[2])?.[1];
      b.end = item.span.end;
      a.initiatives.push(finish(b, a.text));
    } else rest.push(item);
  }
  return rest;
}

/** The attempts a paragraph's `iter N | STATUS | … | summary` lines record. */
function iterationAttempts(block: { readonly text: string; readonly span: Span }): Attempt[] {
  return iterationLines(block).flatMap((line) => {
    const attempt = attemptOf({ span: line.span, bullet: '', text: line.text, textStart: line.span.start }, true);
    return attempt ? [attempt] : [];
  });
}

/** A section's paragraphs and lists go to the initiative being built (fields, attempts, tasks). */
function collectBlocks(a: Assembly, d: LedgerSectionDigest): void {
  for (const block of d.blocks) {
    if (block.kind === 'subheading') continue;
    if (block.kind === 'para') {
      if (a.current && /^(?:\*\*)?Attempts History(?:\*\*)?:?/i.test(block.text)) a.current.historyEnd = block.span.end;
      if (a.current && a.current === a.whole && a.iterations) a.current.attempts.push(...iterationAttempts(block));
      continue;
    }
    // Inside a heading entry list items are its own; elsewhere roadmap one-liners are initiatives.
    const rest = !a.current || a.current.shape !== 'heading' ? roadmapItems(a, block.items) : block.items;
    if (a.current) {
      collectItems(a.current, rest);
      a.current.tasks.push(...block.tasks);
    }
  }
  if (a.current) a.current.end = d.span.end;
}

/** `initiativesOnly`: the model without its references and problems (the loop history reads thousands of versions and only their initiatives). */
export function assembleLedger(digests: readonly LedgerSectionDigest[], text: TextSource, initiativesOnly = false): LedgerModel {
  return assemble(digests, text, initiativesOnly).model;
}

/**
 * An entry the previous version read that stands as it was: the initiative opened at digest
 * `index` (an entry heading at the entries' `level`), and how many digests it spans.
 */
type EntryReuse = (index: number, level: number) => { readonly initiative: Initiative; readonly count: number } | undefined;

function assemble(
  digests: readonly LedgerSectionDigest[],
  text: TextSource,
  initiativesOnly: boolean,
  reuse?: EntryReuse,
): { model: LedgerModel; shape: LedgerShape } {
  const shape = ledgerShape(digests);
  const a = new Assembly(text, shape);
  const references: Reference[] = [];
  let title: string | undefined;
  for (let i = 0; i < digests.length; i++) {
    const d = digests[i];
    if (!initiativesOnly) references.push(...d.references);
    const h = d.heading;
    if (h) {
      if (h.level === 1 && title === undefined) title = h.text;
      const kept = reuse && shape.kind === 'entries' && h.level === shape.level ? reuse(i, shape.level) : undefined;
      if (kept) {
        // As entryHeading and collectBlocks would read it: the entry before ends here, this one
        // is the previous version's (its digests are those it was read from), and it has ended
        // where the next one starts.
        a.close(d.span.start);
        a.seenEntry = true;
        a.initiatives.push(kept.initiative);
        i += kept.count - 1;
        continue;
      }
      if (shape.kind === 'sectioned') sectionedHeading(a, d, h);
      else if (shape.kind === 'entries') entryHeading(a, d, h, shape.level);
      else if (shape.kind === 'task-lists') taskListHeading(a, d, h);
    }
    collectBlocks(a, d);
  }
  a.close(text.length);
  if (a.whole) {
    a.whole.end = text.length;
    if (a.iterations && title) a.whole.title = title;
    a.initiatives.push(finish(a.whole, text));
  }
  const initiatives = a.initiatives.sort((x, y) => x.span.start - y.span.start);
  if (initiativesOnly) return { model: { kind: 'ledger', title, initiatives, references, problems: [] }, shape };
  const unread: Problem[] = digests.flatMap((d) =>
    d.limits.map((limit) => ({
      code: DiagnosticCodes.unreadRow,
      message: readAsText(limit).replace(/^./, (c) => c.toUpperCase()),
      span: limit.span,
      severity: 'info' as const,
    })),
  );
  return { model: { kind: 'ledger', title, initiatives, references, problems: [...attemptNumberProblems(initiatives), ...unread] }, shape };
}

/**
 * Attempt numbers reused or going backwards (below the entry just before) within one initiative.
 * A gap (#1, #15, #17) is how many ledgers number across initiatives, so only a repeat or a step
 * back is worth a fix.
 * A repeated number is reported once, where it is first reused, with how often it is used.
 */
function attemptNumberProblems(initiatives: readonly Initiative[]): Problem[] {
  const problems: Problem[] = [];
  for (const ini of initiatives) {
    const name = ini.id || ini.title;
    const uses = new Map<number, Attempt[]>();
    for (const a of ini.attempts) if (a.number !== undefined) uses.set(a.number, [...(uses.get(a.number) ?? []), a]);
    let previous: number | undefined;
    for (const a of ini.attempts) {
      if (a.number === undefined) continue;
      const same = uses.get(a.number) ?? [];
      if (same.length > 1 && same[1] === a) {
        problems.push({
          code: DiagnosticCodes.attemptDuplicate,
          message: `Attempt #${a.number} is used ${timesWord(same.length)} in ${name}`,
          span: a.span,
          severity: 'warning',
        });
      } else if (same[0] === a && previous !== undefined && a.number < previous) {
        problems.push({
          code: DiagnosticCodes.attemptSequence,
          message: `Attempt #${a.number} comes after #${previous} in ${name}; the numbers go backwards (expected #${previous + 1})`,
          span: a.span,
          severity: 'info',
        });
      }
      previous = a.number;
    }
  }
  return problems;
}

function timesWord(n: number): string {
  return n === 2 ? 'twice' : `${n} times`;
}

/** A ledger's sections and digests, kept so the next version re-parses only what changed. */
export type LedgerParse = SectionedParse<LedgerSectionDigest>;

/**
 * A section's digest after an edit inside it: the references of the lines the edit touched are
 * found again, the others are the previous digest's, moved (the path grammar over a 100 KB
 * section was half of a keystroke); items the edit did not touch keep their previous reading.
 * `previous` is in the old document's offsets, and the section started at `start` there and
 * here; `change` is relative to the section.
 */
function redigestLedgerSection(src: string, previous: LedgerSectionDigest, start: number, change: TextChange): LedgerSectionDigest {
  const references = referencesAfterEdit(src, previous.references, start, change);
  const items = previous.blocks.flatMap((b) => (b.kind === 'items' ? b.items : []));
  const reuse = previousItems(items, start, change, previous.references, references, itemOffsets);
  const digest = digestLedgerSection(src, references, reuse.lookup);
  reuse.moveTaken();
  return digest;
}

/**
 * The references of a section's new text `src`, given its old ones (in absolute offsets, the
 * section starting at `start`) and the change (relative to the section): the same list a scan of
 * `src` gives (references never cross a line break; a `§` right after the touched lines reads its
 * `.md` path back across them, so its path is read again).
 */
export function referencesAfterEdit(src: string, old: readonly Reference[], start: number, change: TextChange): Reference[] {
  const delta = change.newEnd - change.oldEnd;
  const from = src.lastIndexOf('\n', change.start - 1) + 1;
  const lineEnd = src.indexOf('\n', change.newEnd);
  const to = lineEnd < 0 ? src.length : lineEnd;
  const out: Reference[] = [];
  let i = 0;
  for (; i < old.length && old[i].span.end - start <= from; i++) out.push(relative(old[i], -start));
  out.push(...findReferencesInLines(src, from, to));
  const oldTo = to - delta;
  while (i < old.length && old[i].span.start - start < oldTo) i++;
  for (; i < old.length; i++) {
    const ref = relative(old[i], delta - start);
    if (ref.kind === 'section' && sectionPathReachesBefore(src, to, ref.span.start)) {
      out.push({ ...ref, path: sectionPathAt(src, ref.span.start) });
    } else out.push(ref);
  }
  return out;
}

/** A reference moved by `delta`: a new object (the previous version's digest keeps its own). */
function relative(ref: Reference, delta: number): Reference {
  return { ...ref, span: { start: ref.span.start + delta, end: ref.span.end + delta } };
}

const ledgerDigester = { digest: (src: string) => digestLedgerSection(src), redigest: redigestLedgerSection, offsets: ledgerDigestOffsets };

/**
 * Parses a ledger; with the previous version's parse, only the sections the change touches are
 * parsed again. `keep: false`: no later version will reuse the parse. Never throws.
 */
export function reparseLedger(
  written: string,
  previous?: LedgerParse,
  change?: TextChange,
  keep = true,
): { model: LedgerModel; parse?: LedgerParse } {
  try {
    const text = loneCrAsLf(written);
    const parse = parseSections(text, previous, ledgerDigester, previous && (change ?? changedRange(previous.text, text)), keep);
    return { model: assembleLedger(parse.digests, text), parse };
  } catch (error) {
    return {
      model: {
        kind: 'ledger',
        initiatives: [],
        references: [],
        problems: [
          {
            code: DiagnosticCodes.parseFailed,
            message: `Could not parse ledger: ${String(error)}`,
            span: { start: 0, end: 0 },
            severity: 'error',
          },
        ],
      },
    };
  }
}

/**
 * The ledger after a change inside sections `first`…, from those sections' new texts alone (see
 * reparseSections: each text with its change relative to it, none when it is the same); undefined
 * when the change moves a section boundary (then reparseLedger over the whole text). `textOf`
 * gives the new version, from its sections, as the model's assembly reads it (it may be held in
 * pieces). The text has no carriage returns (the caller keeps those on the whole-text path). The
 * model has its initiatives only (no references, no problems).
 */
export function reparseLedgerSections<T extends TextSource>(
  previous: LedgerParse,
  first: number,
  texts: ReadonlyArray<{ readonly text: string; readonly change?: TextChange }>,
  change: TextChange,
  textOf: (sections: LedgerParse['sections']) => T,
): { model: LedgerModel; parse: LedgerParse; text: T } | undefined {
  try {
    const read = assembled.get(previous);
    const parse = reparseSections(previous, first, texts, change, ledgerDigester);
    if (!parse) return undefined;
    const text = textOf(parse.sections);
    const { model, shape } = assemble(parse.digests, text, true, read && entryReuse(read, previous, parse));
    if (shape.kind === 'entries') assembled.set(parse, { level: shape.level, initiatives: model.initiatives });
    return { model, parse, text };
  } catch {
    // The whole-text path reads it again (and never throws either).
    return undefined;
  }
}

/**
 * The initiatives assembled from a parse of an entries ledger by reparseLedgerSections (the loop
 * history's path), for the next version's assembly: its entries that no changed section touches
 * are taken as they were (moved), not assembled again. A loop commit adds an attempt to one entry
 * of fifty; assembling every entry of every version was most of what a cold history allocated.
 */
const assembled = new WeakMap<LedgerParse, { readonly level: number; readonly initiatives: readonly Initiative[] }>();

/**
 * The previous version's entries that stand in the next: an ID'd entry opened at the same digest
 * index, whose digests are all the previous version's (reparseSections keeps the sections' count
 * and replaces only the digests of the sections it read again), at the same entry level, and still
 * ended by the digest after them (a heading at or above that level) or by the end of the text.
 */
function entryReuse(
  read: { readonly level: number; readonly initiatives: readonly Initiative[] },
  previous: LedgerParse,
  next: LedgerParse,
): EntryReuse {
  return (index, level) => {
    if (level !== read.level || next.digests.length !== previous.digests.length) return undefined;
    const start = previous.sections[index]?.start;
    const initiative = initiativeStartingAt(read.initiatives, start);
    if (!initiative || initiative.shape !== 'heading' || !initiative.id) return undefined;
    let last = index;
    while (last < previous.sections.length && previous.sections[last].end < initiative.span.end) last++;
    if (last >= previous.sections.length || previous.sections[last].end !== initiative.span.end) return undefined;
    for (let k = index; k <= last; k++) if (next.digests[k] !== previous.digests[k]) return undefined;
    const after = next.digests[last + 1]?.heading;
    if (last + 1 < next.digests.length && !(after && after.level <= level)) return undefined;
    const delta = next.sections[index].start - start;
    return { initiative: delta ? movedInitiative(initiative, delta) : initiative, count: last - index + 1 };
  };
}

/** The initiative whose span starts at `start` (initiatives sorted by start). */
function initiativeStartingAt(initiatives: readonly Initiative[], start: number | undefined): Initiative | undefined {
  if (start === undefined) return undefined;
  let lo = 0;
  let hi = initiatives.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = initiatives[mid].span.start;
    if (at === start) {
      // Roadmap one-liners start inside entries, never at a section's start: the first at `start` is the entry.
      let k = mid;
      while (k > 0 && initiatives[k - 1].span.start === start) k--;
      return initiatives[k];
    }
    if (at < start) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

/**
 * An initiative `delta` further on: its own offsets moved (its fields, attempts and tasks are the
 * digests' objects, which the parse has moved already).
 */
function movedInitiative(initiative: Initiative, delta: number): Initiative {
  return {
    ...initiative,
    span: { start: initiative.span.start + delta, end: initiative.span.end + delta },
    attemptInsertAt: initiative.attemptInsertAt + delta,
  };
}

/** Parses a ledger from scratch. */
export function parseLedger(text: string): LedgerModel {
  return reparseLedger(text, undefined, undefined, false).model;
}
