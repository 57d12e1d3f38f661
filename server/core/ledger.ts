// Ledgers (docs/fix_plan.md and archives): initiatives in every shape, their fields and attempts.
import type { List, ListItem } from 'mdast';
import type { Attempt, AttemptStyle, Initiative, LedgerField, LedgerModel, Problem, Reference, Row, Span } from './model';
import { parseMarkdown, plainText, spanOf } from './markdown';
import { splitSections } from './sections';
import { taskRows } from './rows';
import { findReferences } from './references';
import { artifactFromReference } from './artifacts';
import { normalizeStatus } from './states';
import { stripEmphasis } from './inline';
import { shiftOffsets } from './shift';
import { SectionCache, type ParseOptions } from './sectionCache';

/** A list item reduced to what ledgers need (no mdast kept, so digests cache cheaply). */
export interface LightItem {
  readonly span: Span;
  /** Indentation plus bullet as written, e.g. '  - ' or '* '. */
  readonly bullet: string;
  /** Source of the item from after its bullet to its end (nested lists included). */
  readonly text: string;
  readonly textStart: number;
  /** Source of the item's first block (its first paragraph). */
  readonly head: string;
  readonly children: readonly LightItem[];
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
}

function lightItems(list: List, src: string): LightItem[] {
  return list.children.map((item) => lightItem(item, src));
}

function lightItem(item: ListItem, src: string): LightItem {
  const span = spanOf(item);
  const lineStart = src.lastIndexOf('\n', span.start - 1) + 1;
  const first = item.children[0];
  const firstSpan = first ? spanOf(first) : span;
  const contentStart = first && src.lastIndexOf('\n', firstSpan.start - 1) + 1 === lineStart ? firstSpan.start : span.end;
  // Task items keep their checkbox in `text`; the bullet is only indentation plus marker.
  const bulletMatch = /^\s*(?:[-*+]|\d+[.)])\s+/.exec(src.slice(lineStart, contentStart));
  const bulletEnd = lineStart + (bulletMatch ? bulletMatch[0].length : contentStart - lineStart);
  const children: LightItem[] = [];
  for (const child of item.children) if (child.type === 'list') children.push(...lightItems(child, src));
  return {
    span,
    bullet: src.slice(lineStart, bulletEnd),
    text: src.slice(bulletEnd, span.end),
    textStart: bulletEnd,
    head: first ? src.slice(firstSpan.start, firstSpan.end) : '',
    children,
  };
}

export function digestLedgerSection(src: string): LedgerSectionDigest {
  const root = parseMarkdown(src);
  const blocks: Block[] = [];
  let heading: LedgerSectionDigest['heading'];
  for (const node of root.children) {
    if (node.type === 'heading') {
      const span = spanOf(node);
      const raw = src.slice(span.start, span.end).replace(/^\s*#+\s*/, '').replace(/\s*#*\s*$/, '');
      const info = { level: node.depth, text: stripEmphasis(plainText(node)), raw, span };
      if (!heading && node.depth <= 3 && blocks.length === 0) heading = info;
      else blocks.push({ kind: 'subheading', level: info.level, text: info.text, span });
    } else if (node.type === 'list') {
      blocks.push({ kind: 'items', items: lightItems(node, src), tasks: taskRows(node, src, 0) });
    } else if (node.type === 'paragraph' || node.type === 'code') {
      const span = spanOf(node);
      blocks.push({ kind: 'para', text: src.slice(span.start, span.end), span });
    }
  }
  return { span: { start: 0, end: src.length }, heading, blocks, references: findReferences(src) };
}

// ---- attempts ---------------------------------------------------------------------------

const TS = String.raw`\d{4}[-\u2011]\d{2}[-\u2011]\d{2}(?:T[\d:]+Z?)?`;
const NUMBERED = new RegExp(String.raw`^(?:\[([^\]]+)\]\s+)?Attempts?\s+#(\d+)`);
const ITALIC = new RegExp(String.raw`^\*((?:${TS}|(?:First|Last|Latest)\s*\([^)]*\))[^*]*?):?\*:?\s*`);
const PLAIN = new RegExp(String.raw`^(${TS})\b`);
const HEADING_ATTEMPT = new RegExp(String.raw`^(${TS})\s*(?:[—–-]\s*(.*))?$`);
const ELISION = /^(?:\.\.\.|…)/;

function splitTimestampLabel(inner: string): { timestamp?: string; label?: string } {
  const m = new RegExp(String.raw`(${TS})`).exec(inner);
  // `First (2025-11-11)`: the word is the label, the parentheses hold the time.
  const word = /^([A-Za-z]+)\s*\(/.exec(inner)?.[1];
  if (word && m) return { timestamp: m[1], label: word };
  const label = /\(([^)]*)\)/.exec(inner)?.[1];
  return { timestamp: m?.[1], label: label ?? (m ? undefined : inner.trim()) };
}

/** Classifies a list item as an attempt, or undefined when it is not one. */
export function attemptOf(item: LightItem, inHistory: boolean): Attempt | undefined {
  const body = item.text.replace(/^\s+/, '');
  let style: AttemptStyle | undefined;
  let number: number | undefined;
  let timestamp: string | undefined;
  let label: string | undefined;
  const numbered = NUMBERED.exec(body);
  const italic = ITALIC.exec(body);
  const plain = PLAIN.exec(body);
  if (numbered) {
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
  const references = findReferences(item.text, item.textStart);
  return {
    number,
    timestamp,
    label,
    text: item.text,
    style,
    artifacts: references.map(artifactFromReference).filter((a): a is NonNullable<typeof a> => !!a),
    references,
    span: item.span,
    bullet: item.bullet,
  };
}

// ---- fields -----------------------------------------------------------------------------

const FIELD = /^(?:\*\*|__)?([A-Za-z][A-Za-z /&'’-]{0,40}?)(\s*\([^)\n]*\))?(?:\*\*|__)?\s*:(?:\*\*|__)?(?:[ \t]+|(?=\r?\n)|$)/;

function fieldOf(item: LightItem): LedgerField | undefined {
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

const KEY = (field: LedgerField): string => field.key.toLowerCase();

// ---- assembly ---------------------------------------------------------------------------

const SECTION_NAMES = /^(?:status|current focus|completed(?: items)?|artifacts produced|attempts history|todos?|notes|housekeeping notes|index|archive[sd]?(?: items)?|active \/ pending initiatives|backlog|summary)\b/i;
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
  attempts: Attempt[];
  tasks: Row[];
  historyEnd?: number;
  rawStatus?: string;
}

function newBuilder(id: string, title: string, shape: Initiative['shape'], span: Span, level: number): Builder {
  return { id, title, shape, headingSpan: span, start: span.start, end: span.end, level, fields: [], attempts: [], tasks: [] };
}

function collectItems(builder: Builder, items: readonly LightItem[]): void {
  for (const item of items) {
    const field = fieldOf(item);
    if (field && /^attempts? history$/i.test(field.key)) {
      builder.fields.push(field);
      builder.historyEnd = item.span.end;
      for (const child of item.children) {
        const attempt = attemptOf(child, true);
        if (attempt) builder.attempts.push(attempt);
      }
      continue;
    }
    const attempt = attemptOf(item, false);
    if (attempt && attempt.style !== 'other') {
      builder.attempts.push(attempt);
      continue;
    }
    if (field) {
      builder.fields.push(field);
      // Attempts sometimes sit under other fields (`- Latest Attempt (…)`), or nested deeper.
      for (const child of item.children) {
        const nested = attemptOf(child, false);
        if (nested && nested.style !== 'other' && nested.style !== 'elision') builder.attempts.push(nested);
      }
    }
  }
}

function finish(b: Builder, text: string): Initiative {
  const field = (re: RegExp): LedgerField | undefined => b.fields.find((f) => re.test(KEY(f)));
  const rawStatus = b.rawStatus ?? field(/^status$/)?.value;
  const statusFromTasks =
    b.shape === 'task-list' && b.tasks.length
      ? b.tasks.every((t) => t.state === 'done')
        ? 'done'
        : b.tasks.some((t) => t.state === 'done')
          ? 'in-progress'
          : 'pending'
      : undefined;
  const attempts = b.attempts;
  const styles = new Map<AttemptStyle, number>();
  for (const a of attempts) if (a.style !== 'elision' && a.style !== 'other') styles.set(a.style, (styles.get(a.style) ?? 0) + 1);
  const attemptStyle = [...styles.entries()].sort((x, y) => y[1] - x[1])[0]?.[0] ?? 'numbered';
  const last = attempts.reduce<Attempt | undefined>((acc, a) => (!acc || a.span.end > acc.span.end ? a : acc), undefined);
  let insertAt = last?.span.end ?? b.historyEnd ?? b.end;
  // Never insert into trailing blank lines of the entry.
  while (insertAt > b.start && /\s/.test(text[insertAt - 1])) insertAt--;
  return {
    id: b.id,
    title: b.title,
    shape: b.shape,
    headingSpan: b.headingSpan,
    span: { start: b.start, end: b.end },
    fields: b.fields,
    rawStatus,
    status: statusFromTasks ?? normalizeStatus(rawStatus),
    priority: field(/^priority$/)?.value,
    owner: field(/^owner/)?.value,
    dependsOn: field(/^depends on$/)?.value,
    workingPlans: b.fields
      .filter((f) => /^(?:working plan|plan|plan reference)$/.test(KEY(f)))
      .flatMap((f) => findReferences(f.value).filter((r) => r.kind === 'path').map((r) => r.path as string)),
    attempts,
    attemptInsertAt: insertAt,
    attemptStyle,
    tasks: b.tasks,
  };
}

export function assembleLedger(digests: readonly LedgerSectionDigest[], text: string): LedgerModel {
  const problems: Problem[] = [];
  const references: Reference[] = [];
  const initiatives: Initiative[] = [];
  const entryLevels = digests.filter((d) => d.heading && ENTRY_HEADING.test(d.heading.raw)).map((d) => d.heading!.level);
  const entryLevel = entryLevels.length ? Math.min(...entryLevels) : undefined;
  const sectioned = digests.some((d) => d.heading && /^attempts history$/i.test(d.heading.text)) && entryLevel === undefined;
  let title: string | undefined;
  let current: Builder | undefined;
  let sectionedEntry: Builder | undefined;
  let inAttemptsSection = false;
  let seenEntry = false;

  const close = (at: number): void => {
    if (current && current !== sectionedEntry) {
      current.end = at;
      initiatives.push(finish(current, text));
    }
    current = sectionedEntry;
  };

  if (sectioned) {
    sectionedEntry = newBuilder('', 'Ledger', 'sectioned', { start: 0, end: 0 }, 1);
    current = sectionedEntry;
  }

  for (const d of digests) {
    references.push(...d.references);
    const h = d.heading;
    if (h) {
      const entry = ENTRY_HEADING.exec(h.raw);
      if (h.level === 1 && title === undefined) title = h.text;
      if (sectioned && sectionedEntry) {
        const name = h.text.toLowerCase();
        if (/^attempts history/.test(name)) inAttemptsSection = true;
        const attemptHeading = HEADING_ATTEMPT.exec(h.text);
        if (attemptHeading && inAttemptsSection) {
          sectionedEntry.attempts.push({
            timestamp: attemptHeading[1],
            label: attemptHeading[2]?.trim(),
            text: text.slice(d.span.start, d.span.end),
            style: 'heading',
            artifacts: d.references.map(artifactFromReference).filter((a): a is NonNullable<typeof a> => !!a),
            references: d.references,
            span: d.span,
            bullet: '#'.repeat(h.level) + ' ',
          });
        }
        if (/^current focus/.test(name)) {
          const para = d.blocks.find((b) => b.kind === 'para');
          const focus = para && para.kind === 'para' ? stripEmphasis(para.text.split('\n')[0]) : '';
          const id = /^([A-Z][A-Z0-9]*(?:[-\u2011][A-Z0-9]+)+)/.exec(focus)?.[1];
          if (id && !sectionedEntry.id) {
            sectionedEntry.id = id;
            sectionedEntry.title = focus.replace(/^\S+\s*[—–-]\s*/, '') || focus;
            sectionedEntry.headingSpan = h.span;
          }
        }
        if (/^status$/.test(name)) {
          const para = d.blocks.find((b) => b.kind === 'para');
          if (para && para.kind === 'para') sectionedEntry.rawStatus = para.text.replace(/`/g, '').trim();
        }
      } else if (entry && entryLevel !== undefined && h.level === entryLevel) {
        close(d.span.start);
        seenEntry = true;
        current = newBuilder(entry[1].trim(), entry[2].replace(/^[—–-]\s*/, '').trim(), 'heading', h.span, h.level);
        current.start = d.span.start;
        const inlineStatus = /\*\*([^*]+)\*\*/.exec(entry[2])?.[1];
        if (inlineStatus) current.rawStatus = inlineStatus;
      } else if (entryLevel !== undefined && h.level <= entryLevel) {
        close(d.span.start);
        if (seenEntry && h.level === entryLevel && !SECTION_NAMES.test(h.text)) {
          // An entry without an ID among entries that have one.
          current = newBuilder('', h.text, 'heading', h.span, h.level);
          current.start = d.span.start;
        }
      } else if (entryLevel === undefined && !sectioned) {
        close(d.span.start);
        const hasTasks = d.blocks.some((b) => b.kind === 'items' && b.tasks.length > 0);
        if (hasTasks && h.level >= 2) {
          current = newBuilder('', h.text, 'task-list', h.span, h.level);
          current.start = d.span.start;
        }
      }
    }
    for (const block of d.blocks) {
      if (block.kind === 'subheading') continue;
      if (block.kind === 'para') {
        if (current && /^(?:\*\*)?Attempts History(?:\*\*)?:?/i.test(block.text)) current.historyEnd = block.span.end;
        continue;
      }
      // Roadmap one-liners: `- [ID] (Title) — **status** (…)` outside entries.
      let rest: LightItem[] = [...block.items];
      if (!current || current.shape !== 'heading') {
        rest = [];
        for (const item of block.items) {
          const road = ROADMAP.exec(item.text.trim());
          if (road && /^[A-Z][A-Z0-9]*(?:[-\u2011_][A-Za-z0-9]+)+$/.test(road[1])) {
            const b = newBuilder(road[1], (/^\(([^)]*)\)/.exec(road[2])?.[1] ?? road[2].split(/\s[—–]\s/)[0]).trim(), 'roadmap', item.span, 0);
            b.rawStatus = /[—–]\s*(\*\*[^*]+\*\*|\*[^*]+\*|[a-z_]+)/.exec(road[2])?.[1];
            b.end = item.span.end;
            initiatives.push(finish(b, text));
          } else rest.push(item);
        }
      }
      if (current) {
        collectItems(current, rest);
        current.tasks.push(...block.tasks);
      }
    }
    if (current) current.end = d.span.end;
  }
  close(text.length);
  if (sectionedEntry) {
    sectionedEntry.end = text.length;
    initiatives.push(finish(sectionedEntry, text));
  }
  initiatives.sort((a, b) => a.span.start - b.span.start);
  problems.push(...attemptNumberProblems(initiatives));
  return { kind: 'ledger', title, initiatives, references, problems };
}

/** Attempt numbers duplicated or out of sequence within one initiative. */
function attemptNumberProblems(initiatives: readonly Initiative[]): Problem[] {
  const problems: Problem[] = [];
  for (const ini of initiatives) {
    const seen = new Map<number, Attempt>();
    let previous: number | undefined;
    for (const a of ini.attempts) {
      if (a.number === undefined) continue;
      const name = ini.id || ini.title;
      if (seen.has(a.number)) {
        problems.push({ code: 'attempt-duplicate', message: `Attempt #${a.number} appears twice in ${name}`, span: a.span, severity: 'warning' });
      } else if (previous !== undefined && a.number !== previous + 1) {
        problems.push({
          code: 'attempt-sequence',
          message: `Attempt #${a.number} follows #${previous} in ${name}; expected #${previous + 1}`,
          span: a.span,
          severity: 'info',
        });
      }
      seen.set(a.number, a);
      previous = a.number;
    }
  }
  return problems;
}

/** Drops cached section digests (benchmarks measure cold parses). */
export function clearLedgerCache(): void {
  cache.clear();
}

const cache = new SectionCache<LedgerSectionDigest>(digestLedgerSection);

export function parseLedger(text: string, options: ParseOptions = {}): LedgerModel {
  // A byte-order mark is not content: parse after it, with offsets into the text as written.
  if (text.charCodeAt(0) === 0xfeff) return shiftOffsets(parseLedger(text.slice(1), options), 1);
  try {
    const digests = splitSections(text).map((s) => {
      const src = text.slice(s.start, s.end);
      return shiftOffsets(options.useCache === false ? digestLedgerSection(src) : cache.get(src), s.start);
    });
    return assembleLedger(digests, text);
  } catch (error) {
    return {
      kind: 'ledger',
      initiatives: [],
      references: [],
      problems: [{ code: 'parse-failed', message: `Could not parse ledger: ${String(error)}`, span: { start: 0, end: 0 }, severity: 'error' }],
    };
  }
}
