// Plan files: phases from headings, rows from task tables and task lists, phase metadata.
import type { Phase, PlanModel, Problem, Reference, Row, Span } from '../model/model';
import type { Table } from 'mdast';
import { parseBlocks, spanOf, type Nodes } from './markdown';
import { copyRow, tableRows, taskRows } from './rows';
import { simpleTables } from './blockScan';
import { findReferences, sameReference } from './references';
import { stripEmphasis } from './inline';
import type { OffsetCollector } from '../index/shift';
import { parseSections, type SectionedParse } from '../index/incremental';
import { changedRange, foldText, type TextChange } from '../model/text';

interface HeadingInfo {
  readonly level: number;
  readonly text: string;
  readonly span: Span;
}

type Block =
  | { readonly kind: 'subheading'; readonly level: number; readonly text: string; readonly span: Span }
  | { readonly kind: 'rows'; readonly rows: readonly Row[] }
  | { readonly kind: 'meta'; readonly key: 'goal' | 'prereqs' | 'exitCriteria'; readonly value: string };

export interface PlanSectionDigest {
  readonly span: Span;
  readonly heading?: HeadingInfo;
  readonly blocks: readonly Block[];
  readonly references: readonly Reference[];
  readonly problems: readonly Problem[];
}

const META = /^\s*(?:[-*]\s+)?(?:\*\*|__)?(Goal|Prereqs?|Prerequisites|Exit Criteria)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.*)$/i;

function metaKey(word: string): 'goal' | 'prereqs' | 'exitCriteria' {
  const w = word.toLowerCase();
  if (w.startsWith('goal')) return 'goal';
  if (w.startsWith('exit')) return 'exitCriteria';
  return 'prereqs';
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
// Lines that only remark can read correctly: table rows and task-list items.
const NEEDS_MARKDOWN = /^ {0,3}\||^\s*(?:[-*+]|\d+[.)])\s+\[.\]/m;
const TASK_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+\[.\]/m;

/** Heading text as a reader sees it: links become their text, emphasis markers go. */
function headingText(raw: string): string {
  return stripEmphasis(
    raw
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\*\*|__/g, '')
      .trim(),
  );
}

interface Placed {
  readonly at: number;
  readonly block: Block;
}

/**
 * Parses one section on its own; offsets are relative to the section text. Headings and phase
 * metadata come from a fence-aware line scan; remark runs only when the section holds table rows
 * or task items, which keeps prose-only sections (most report files) cheap to index.
 */
function digestPlanSection(src: string): PlanSectionDigest {
  const placed: Placed[] = [];
  const problems: Problem[] = [];
  let heading: HeadingInfo | undefined;
  let fence: string | undefined;
  let lineStart = 0;
  while (lineStart < src.length) {
    let lineEnd = src.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = src.length;
    const line = src.slice(lineStart, lineEnd).replace(/\r$/, '');
    const fenceMatch = FENCE.exec(line);
    if (fence) {
      if (fenceMatch && fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length && line.trim() === fenceMatch[1])
        fence = undefined;
    } else if (fenceMatch) {
      fence = fenceMatch[1];
    } else {
      const atx = ATX.exec(line);
      const meta = atx ? null : META.exec(line);
      if (atx) {
        const info = { level: atx[1].length, text: headingText(atx[2] ?? ''), span: { start: lineStart, end: lineStart + line.length } };
        if (!heading && lineStart === 0 && info.level <= 3) heading = info;
        else placed.push({ at: lineStart, block: { kind: 'subheading', ...info } });
      } else if (meta) {
        placed.push({ at: lineStart, block: { kind: 'meta', key: metaKey(meta[1]), value: meta[2].replace(/\*\*$/, '').trim() } });
      }
    }
    lineStart = lineEnd + 1;
  }
  if (NEEDS_MARKDOWN.test(src)) {
    // Plain task tables (most plan files) are found by a line scan; anything else goes to remark.
    const nodes = (!TASK_ITEM.test(src) && simpleTables(src)) || parseBlocks(src).children;
    for (const node of nodes) {
      const at = spanOf(node as Nodes).start;
      if (node.type === 'table') {
        const rows = tableRows(node as Table, src, 0, problems);
        if (rows) placed.push({ at, block: { kind: 'rows', rows } });
      } else if (node.type === 'list') {
        const rows = taskRows(node, src, 0);
        if (rows.length) placed.push({ at, block: { kind: 'rows', rows } });
      }
    }
  }
  placed.sort((a, b) => a.at - b.at);
  const blocks = placed.map((p) => p.block);
  return { span: { start: 0, end: src.length }, heading, blocks, references: shareRowReferences(findReferences(src), blocks), problems };
}

/** The section's references, reusing the equal objects its rows already hold (plans are mostly rows: half the memory). */
function shareRowReferences(refs: Reference[], blocks: readonly Block[]): Reference[] {
  const byStart = new Map<number, Reference>();
  for (const b of blocks) if (b.kind === 'rows') for (const row of b.rows) for (const r of row.references) byStart.set(r.span.start, r);
  if (!byStart.size) return refs;
  return refs.map((ref) => {
    const same = byStart.get(ref.span.start);
    return same && sameReference(same, ref) ? same : ref;
  });
}

const PHASE_WORD = /^Phase\s+([A-Z0-9]{1,4}(?:\.[A-Z0-9]{1,4})*)(?=$|[\s:—–-])\s*(?:[—–:-]\s*)?(.*)$/;
const BARE_PHASE = /^([A-Z]{1,3}\d+[a-z]?(?:\.[A-Z0-9]+)*|[A-Z](?:\.[A-Z0-9]+)+)\s*[—–:]\s*(.+)$/;

/** `Phase A — Title`, `Phase 1: …`, `C4.A — …` → { id, title }; look-alikes → undefined. */
function phaseHeading(text: string): { id: string; title: string } | undefined {
  const folded = foldText(stripEmphasis(text)).trim();
  const m = PHASE_WORD.exec(folded) ?? BARE_PHASE.exec(folded);
  if (!m) return undefined;
  return {
    id: m[1],
    title: stripEmphasis(m[2] ?? '')
      .replace(/\*\*$/, '')
      .trim(),
  };
}

interface PhaseBuilder {
  id: string;
  title: string;
  headingSpan: Span;
  start: number;
  end: number;
  level: number;
  goal?: string;
  prereqs?: string;
  exitCriteria?: string;
  rows: Row[];
}

function linkParents(rows: Row[], subheadingParent: Map<Row, string>): Row[] {
  const ids = new Set(rows.map((r) => r.id).filter(Boolean));
  return rows.map((row) => {
    if (row.parentId || !row.id) return row;
    const fromHeading = subheadingParent.get(row);
    if (fromHeading && row.id !== fromHeading && row.id.startsWith(fromHeading)) return copyRow(row, { parentId: fromHeading });
    const dot = row.id.lastIndexOf('.');
    if (dot > 0 && ids.has(row.id.slice(0, dot))) return copyRow(row, { parentId: row.id.slice(0, dot) });
    return row;
  });
}

function assemblePlan(digests: readonly PlanSectionDigest[], textLength: number): PlanModel {
  const phases: PhaseBuilder[] = [];
  const looseRows: Row[] = [];
  const problems: Problem[] = [];
  const references: Reference[] = [];
  const subheadingParent = new Map<Row, string>();
  let title: string | undefined;
  let current: PhaseBuilder | undefined;

  const close = (at: number): void => {
    if (current) current.end = at;
    current = undefined;
  };

  for (const digest of digests) {
    problems.push(...digest.problems);
    references.push(...digest.references);
    const h = digest.heading;
    if (h) {
      const phase = phaseHeading(h.text);
      if (phase) {
        // A phase heading that only contains deeper phases is a container (e.g. an h1 plan title).
        if (current && h.level > current.level && current.rows.length === 0) {
          phases.pop();
          title ??= current.title ? `Phase ${current.id} — ${current.title}` : current.id;
        }
        close(digest.span.start);
        current = {
          id: phase.id,
          title: phase.title,
          headingSpan: h.span,
          start: digest.span.start,
          end: digest.span.end,
          level: h.level,
          rows: [],
        };
        phases.push(current);
      } else {
        if (current && h.level <= current.level) close(digest.span.start);
        if (h.level === 1 && title === undefined) title = h.text;
      }
    }
    let parentFromHeading: string | undefined;
    for (const block of digest.blocks) {
      if (block.kind === 'subheading') {
        const lead = /^([A-Za-z0-9][\w.]*)\s/.exec(foldText(block.text));
        parentFromHeading = lead && current?.rows.some((r) => r.id === lead[1]) ? lead[1] : undefined;
      } else if (block.kind === 'rows') {
        for (const row of block.rows) {
          const placed = current ? copyRow(row, { phaseId: current.id }) : row;
          if (parentFromHeading) subheadingParent.set(placed, parentFromHeading);
          (current ? current.rows : looseRows).push(placed);
        }
      } else if (current && current[block.key] === undefined) {
        current[block.key] = block.value;
      }
    }
    if (current) current.end = digest.span.end;
  }
  close(textLength);

  const finalPhases: Phase[] = phases.map((p) => ({
    id: p.id,
    title: p.title,
    headingSpan: p.headingSpan,
    span: { start: p.start, end: p.end },
    level: p.level,
    goal: p.goal,
    prereqs: p.prereqs,
    exitCriteria: p.exitCriteria,
    rows: linkParents(p.rows, subheadingParent),
  }));
  const loose = linkParents(looseRows, subheadingParent);

  const seen = new Map<string, Row>();
  for (const row of [...finalPhases.flatMap((p) => p.rows), ...loose]) {
    if (!row.id) continue;
    const first = seen.get(row.id);
    if (first) {
      problems.push({
        code: 'duplicate-row-id',
        message: `Duplicate row ID ${row.id}`,
        span: row.span,
        severity: 'warning',
      });
    } else seen.set(row.id, row);
  }
  return { kind: 'plan', title, phases: finalPhases, looseRows: loose, references, problems };
}

function planDigestOffsets(d: PlanSectionDigest, into: OffsetCollector): void {
  into.span(d.span);
  into.span(d.heading?.span);
  for (const b of d.blocks) {
    if (b.kind === 'subheading') into.span(b.span);
    else if (b.kind === 'rows') for (const row of b.rows) into.row(row);
  }
  for (const r of d.references) into.reference(r);
  for (const p of d.problems) into.problem(p);
}

/** A plan's sections and digests, kept so the next version re-parses only what changed. */
export type PlanParse = SectionedParse<PlanSectionDigest>;

const planDigester = { digest: digestPlanSection, offsets: planDigestOffsets };

/**
 * Parses a plan; with the previous version's parse, only the sections the change touches are
 * parsed again. `keep: false`: no later version will reuse the parse. Never throws: unexpected
 * failures become a problem on the whole file.
 */
export function reparsePlan(text: string, previous?: PlanParse, change?: TextChange, keep = true): { model: PlanModel; parse?: PlanParse } {
  try {
    const parse = parseSections(text, previous, planDigester, previous && (change ?? changedRange(previous.text, text)), keep);
    return { model: assemblePlan(parse.digests, text.length), parse };
  } catch (error) {
    return {
      model: {
        kind: 'plan',
        phases: [],
        looseRows: [],
        references: [],
        problems: [
          { code: 'parse-failed', message: `Could not parse plan: ${String(error)}`, span: { start: 0, end: 0 }, severity: 'error' },
        ],
      },
    };
  }
}

/** Parses a plan from scratch. */
export function parsePlan(text: string): PlanModel {
  return reparsePlan(text, undefined, undefined, false).model;
}
