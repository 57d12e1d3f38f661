// Plan files: phases from headings, rows from task tables and task lists, phase metadata.
import { DiagnosticCodes, type Phase, type PlanModel, type Problem, type Reference, type Row, type Span } from '../model/model';
import type { RootContent, Table } from 'mdast';
import { markdownLimits, parseBlocks, readAsText, spanOf, type Nodes } from './markdown';
import { copyRow, tableRows, taskRows, type TableItem, type UnreadLine } from './rows';
import { expectedFromTitle, readStepBody } from './steps';
import { readPlanHeader } from './planHeader';
import { exact } from '../model/compact';
import { DEFAULT_VOCABULARY, meaningKind, resolveState, withLegend, type StateKind, type StateVocabulary } from '../model/states';
import { simpleBlocks, simpleTables } from './blockScan';
import { findReferences, sameReference } from './references';
import { stripEmphasis } from './inline';
import type { OffsetCollector } from './shift';
import { parseSections, type SectionedParse } from './incremental';
import { changedRange, foldText, loneCrAsLf, type TextChange } from '../model/text';

interface HeadingInfo {
  readonly level: number;
  readonly text: string;
  readonly span: Span;
}

type Block =
  | { readonly kind: 'subheading'; readonly level: number; readonly text: string; readonly span: Span }
  | { readonly kind: 'rows'; readonly rows: readonly Row[] }
  | { readonly kind: 'meta'; readonly key: 'goal' | 'prereqs' | 'exitCriteria'; readonly value: string }
  /** A phase written as a bold line or a full-width table row. */
  | { readonly kind: 'phase'; readonly text: string; readonly span: Span }
  /** A line that looks like a row but is not read as one. */
  | UnreadLine
  /** Markers the plan defines itself (a legend line, list or table); null: "not a state". */
  | { readonly kind: 'legend'; readonly entries: ReadonlyArray<readonly [string, StateKind | null]> };

export interface PlanSectionDigest {
  readonly span: Span;
  readonly heading?: HeadingInfo;
  /** The section is an example or template (its heading says so): its rows are not the plan's. */
  readonly example: boolean;
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
const NEEDS_MARKDOWN = /^ {0,3}\||^\s*(?:[-*+]|\d+[.)])\s+\[(?:[^\][\s]{1,6}| ?)\]/mu;
const TASK_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+\[(?:[^\][\s]{1,6}| ?)\]/mu;
// `**Phase 0: Foundational Setup**` alone on its line: a phase.
const BOLD_LINE = /^ {0,3}\*\*([^*].*?)\*\*[ \t]*$/;
// A checklist pasted as white-space aligned text: `  3.A.1    Re-read …    [ ]`.
const ALIGNED_ROW = /^[ \t]*[^\s|>*+-][^\s]*[ \t]{2,}\S.*?[ \t]{2,}`?\[(?:[^\][\s]{1,6}| ?)\]`?(?:[ \t]{2,}.*)?[ \t]*$/u;
// A legend entry written as a definition: `- [P] = parallelizable`, `- **[P]**: Can run in parallel`, `- [P] tasks = …`.
const LEGEND_DEFINITION = /^\s*(?:[-*+]\s+)?(?:\*\*)?`?(\[(?:[^\][\s]{1,6}| ?)\])`?(?:\*\*)?(?:\s*[=:：]|\s+[\p{L} ]{0,24}?\s=\s)\s*(.*)$/u;
// What a definition's meaning needs: a word (two letters in a row, or one ideograph or kana).
const DEFINITION_WORD = /\p{L}{2}|[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const BRACKET_TOKEN = /\[(?:[^\][\s]{1,6}| ?)\]/gu;
// Headings over illustrations, not plan content: the section IS an example (`Example`,
// `4. Example Filled-Out Checklist`, `Example plan`, `Implementation Checklist Template`). A work item
// that names examples stays a task: `Example 1: Hello Responder`, `Godoc Examples`,
// `Task 3: Validate … examples`, `Examples Documentation Enhancement`.
const EXAMPLE_HEADING =
  /^(?:[\d.]+\s*)?(?:an?\s+)?(?:worked\s+)?(?:(?:examples?|templates?|samples?)\s*:?$|(?:example|template|sample)(?!\s+[\dA-Z][\w.]*(?:\s*[:：]|\s+[—–-]\s))\s+\S)|^(?:[\d.]+\s*)?(?!(?:task|step|phase)\s)[^:：]*\btemplate$/i;
const LEGEND_HEADING = /^(?:[\d.]+\s*)?(?:legend|key|status key|state key|markers?|图例|凡例|圖例)\b/i;

/** Legend entries on one line: a definition, or two or more markers each followed by a meaning. */
function legendEntries(line: string): Array<readonly [string, StateKind | null]> | undefined {
  const def = LEGEND_DEFINITION.exec(line);
  // A definition with no word after the colon (`- [SKIP] :`, `- [SKIP] : |`, `- [SKIP] : A1`) is
  // still a legend line, and it leaves the marker what it was: read as "[SKIP] is not a state", it
  // made every [SKIP] row of the plan vanish.
  if (def) {
    const kind = meaningKind(def[2]);
    return kind || DEFINITION_WORD.test(def[2]) ? [[def[1], kind ?? null]] : [];
  }
  const tokens = [...line.matchAll(BRACKET_TOKEN)];
  if (tokens.length < 2) return undefined;
  const entries: Array<readonly [string, StateKind | null]> = [];
  tokens.forEach((m, i) => {
    const meaning = line.slice(m.index + m[0].length, i + 1 < tokens.length ? tokens[i + 1].index : line.length);
    const kind = meaningKind(meaning);
    if (kind) entries.push([m[0], kind]);
  });
  return entries.length >= 2 ? entries : undefined;
}

/**
 * A task list that is a legend: under a Legend heading, or every item only names a state
 * (`- [ ] Not Started`, `- [~] In Progress`): in words, with no ID, number or other marker
 * (`- [x] [✓] A1:` is a task), and a marker every plan knows means what it says (`- [x] ⏳` is a
 * task). Else marking one of two rows titled `✅ Done` and `⏳` made them a legend, and both vanished.
 */
function listLegend(rows: readonly Row[], underLegendHeading: boolean): Array<readonly [string, StateKind | null]> | undefined {
  if (!rows.length) return undefined;
  const meanings = rows.map((r) => {
    if (r.guidance.trim().split(/\s+/).length > 4) return undefined;
    const kind = meaningKind(r.guidance);
    if (underLegendHeading || !kind) return kind;
    if (r.id || /\d/.test(r.guidance) || r.guidance.search(BRACKET_TOKEN) >= 0) return undefined;
    const known = resolveState(r.rawState);
    return known === undefined || known === kind ? kind : undefined;
  });
  const distinct = new Set(rows.map((r) => r.rawState)).size === rows.length;
  if (underLegendHeading || (rows.length >= 2 && distinct && meanings.every(Boolean))) {
    return rows.map((r, i) => [r.rawState, meanings[i] ?? null] as const);
  }
  return undefined;
}

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
  // Illustrations inside the section (`#### Example …`): [start, end) ranges whose rows are dropped.
  const examples: Array<{ start: number; end: number; level: number }> = [];
  const legendHeadings: Array<{ start: number; end: number; level: number }> = [];
  const legendLines = new Set<number>();
  const definitions: Array<readonly [string, StateKind | null]> = [];
  const inside = (ranges: typeof examples, at: number): boolean => ranges.some((r) => at >= r.start && at < r.end);
  const closeRanges = (level: number, at: number): void => {
    for (const r of [...examples, ...legendHeadings]) if (r.end === Infinity && level <= r.level) r.end = at;
  };
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
        else {
          placed.push({ at: lineStart, block: { kind: 'subheading', ...info } });
          closeRanges(info.level, lineStart);
          if (isExampleHeading(info.text)) examples.push({ start: lineStart, end: Infinity, level: info.level });
        }
        if (LEGEND_HEADING.test(info.text)) legendHeadings.push({ start: lineStart, end: Infinity, level: info.level });
      } else if (meta) {
        placed.push({ at: lineStart, block: { kind: 'meta', key: metaKey(meta[1]), value: meta[2].replace(/\*\*$/, '').trim() } });
      } else if (!/^ {0,3}\|/.test(line)) {
        const bold = BOLD_LINE.exec(line);
        const legend = bold ? undefined : legendEntries(line);
        if (bold && phaseHeading(bold[1]))
          placed.push({ at: lineStart, block: { kind: 'phase', text: bold[1], span: { start: lineStart, end: lineStart + line.length } } });
        else if (legend) {
          definitions.push(...legend);
          placed.push({ at: lineStart, block: { kind: 'legend', entries: legend } });
          legendLines.add(lineStart);
        } else if (ALIGNED_ROW.test(line))
          placed.push({
            at: lineStart,
            block: {
              kind: 'unread',
              span: { start: lineStart, end: lineStart + line.length },
              reason: 'checklist line is white-space aligned text, not a table row (no pipes)',
            },
          });
      }
    }
    lineStart = lineEnd + 1;
  }
  if (NEEDS_MARKDOWN.test(src)) {
    // Plain task tables (most plan files) and plain task lists with fenced code between them
    // (superpowers steps) are found by a line scan; anything else goes to remark.
    const listLimits = TASK_ITEM.test(src) ? markdownLimits(src) : undefined;
    const simple = listLimits ? !listLimits.length && taskListBlocks(src) : simpleTables(src);
    for (const limit of simple ? [] : (listLimits ?? markdownLimits(src)))
      placed.push({ at: limit.span.start, block: { kind: 'unread', span: limit.span, reason: readAsText(limit) } });
    const nodes = simple || parseBlocks(src).children;
    for (const node of nodes) {
      const at = spanOf(node as Nodes).start;
      if (inside(examples, at)) continue;
      if (node.type === 'table') {
        const items = tableRows(node as Table, src, 0);
        if (items) placeTableItems(items, placed);
      } else if (node.type === 'list') {
        // Every box marker is taken here; the plan's legend decides later which ones are states.
        const rows = taskRows(node, src, 0, undefined, () => true).filter((r) => !legendLines.has(lineStartOf(src, r.span.start)));
        const legend = listLegend(
          rows,
          inside(legendHeadings, at) || (!!heading && LEGEND_HEADING.test(heading.text) && !legendHeadings.length),
        );
        if (legend) placed.push({ at, block: { kind: 'legend', entries: legend } });
        else if (rows.length) placed.push({ at, block: { kind: 'rows', rows } });
      }
    }
  }
  // A legend whose other entries name states (`[x]` = 已完成, `[~]` = 进行中) keeps the default
  // meaning of an entry it explains otherwise (`[!]` = 高风险功能); a lone `[P] = parallelizable` redefines [P].
  if (definitions.some(([, kind]) => kind))
    for (let i = 0; i < placed.length; i++) {
      const b = placed[i].block;
      if (b.kind === 'legend' && b.entries.some(([, kind]) => kind === null))
        placed[i] = { at: placed[i].at, block: { kind: 'legend', entries: b.entries.filter(([, kind]) => kind !== null) } };
    }
  placed.sort((a, b) => a.at - b.at);
  withStepBodies(placed, src);
  const blocks = placed.filter((p) => p.block.kind === 'subheading' || !inside(examples, p.at)).map((p) => p.block);
  const example = !!heading && isExampleHeading(heading.text);
  return {
    span: { start: 0, end: src.length },
    heading,
    example,
    blocks,
    references: shareRowReferences(findReferences(src), blocks),
    problems,
  };
}

/**
 * The ID and name of step `number` of a task: `Step 2` of Task 3 is `3.2`, `Task 3 · Step 2`. A
 * plan that numbers steps within tasks (`Step 3.2` under Task 3) has written that ID itself.
 */
function stepNamed(task: { id: string; label?: string }, number: string): { id: string; label: string } {
  const own = number.startsWith(`${task.id}.`);
  return { id: own ? number : `${task.id}.${number}`, label: `${task.label} · Step ${own ? number.slice(task.id.length + 1) : number}` };
}

/**
 * A section's blocks from the line scan when it holds task lists but no table (the scan keeps a
 * table's rows, not their cells), with the nodes and offsets remark's block parse gives; else
 * undefined. (A section past the Markdown limits is not asked: remark reads it up to them.)
 */
function taskListBlocks(src: string): RootContent[] | undefined {
  const blocks = simpleBlocks(src);
  return blocks && !blocks.some((b) => b.type === 'table') ? blocks : undefined;
}

/**
 * Superpowers steps carry their body below the item, not inside it: the lines up to the next row
 * or heading give the step's commands and its expected outcome.
 */
function withStepBodies(placed: Placed[], src: string): void {
  const starts: number[] = [];
  for (const p of placed) {
    if (p.block.kind === 'rows') for (const row of p.block.rows) starts.push(row.span.start);
    else starts.push(p.at);
  }
  starts.sort((a, b) => a - b);
  const nextStart = (after: number): number => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= after) lo = mid + 1;
      else hi = mid;
    }
    return lo < starts.length ? starts[lo] : src.length;
  };
  for (let i = 0; i < placed.length; i++) {
    const block = placed[i].block;
    if (block.kind !== 'rows' || !block.rows.some((r) => r.label)) continue;
    const rows = block.rows.map((row) => {
      if (!row.label) return row;
      // From the end of the step's own text: a command fenced inside the item counts too.
      const from = Math.min(row.guidanceEnd, row.span.end);
      const body = readStepBody(src, from, Math.max(row.span.end, nextStart(row.span.start)));
      const expected = body.expected ?? expectedFromTitle(row.title);
      return body.commands.length || expected ? copyRow(row, { commands: [...row.commands, ...body.commands], expected }) : row;
    });
    placed[i] = { at: placed[i].at, block: { kind: 'rows', rows } };
  }
}

function isExampleHeading(text: string): boolean {
  // A trailing note such as `(2 hours)` or `(For Fixing …)` says nothing about what the section is.
  return !phaseHeading(text) && EXAMPLE_HEADING.test(text.trim().replace(/\s*\([^()]*\)$/, ''));
}

function lineStartOf(src: string, at: number): number {
  return src.lastIndexOf('\n', at - 1) + 1;
}

/** A table's rows in runs, with its phase separators and unread lines between them. */
function placeTableItems(items: readonly TableItem[], placed: Placed[]): void {
  let run: Row[] = [];
  const flush = (): void => {
    if (run.length) placed.push({ at: run[0].span.start, block: { kind: 'rows', rows: exact(run) } });
    run = [];
  };
  for (const item of items) {
    if (!('kind' in item)) run.push(item);
    else {
      flush();
      if (item.kind === 'phase') {
        if (phaseHeading(item.text)) placed.push({ at: item.span.start, block: item });
      } else placed.push({ at: item.span.start, block: item });
    }
  }
  flush();
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

// `Phase A — …`, `PHASE 1: …`, `4. Phase 1：…` (full-width colon), `Phase 3a: …`.
const PHASE_WORD =
  /^(?:\d+\.\s*)?(?:Phase|PHASE)\s+([A-Z0-9]{1,4}[a-z]?(?:\.[A-Z0-9]{1,4}[a-z]?)*)(?=$|[\s:：—–-])\s*(?:[—–:：-]\s*)?(.*)$/;
const BARE_PHASE = /^([A-Z]{1,3}\d+[a-z]?(?:\.[A-Z0-9]+)*|[A-Z](?:\.[A-Z0-9]+)+)\s*[—–:]\s*(.+)$/;
// spec-kit written in Japanese: `フェーズ 3: User Story 1 - …`.
const PHASE_WORD_JA = /^フェーズ\s*(\d+[a-z]?)\s*(?:[:：—–-]\s*)?(.*)$/;
// A superpowers task heading: `### Task 3: …`, `## Task R2: …` (its steps are the task's rows).
// `Task 3: …`, `Task 3b — …`, and numbered within a component or chunk, `Task C1-2: …`, `Task 2.1: …`.
const TASK_WORD = /^(?:Task|TASK)\s+([A-Z]?\d+(?:[.-]\d+)*[a-z]?)(?=\s*[:：—–-]|\s*$)\s*(?:[:：—–-]\s*)?(.*)$/;
// Headings that group tasks without being a task or a phase of rows: `## Chunk 2: …`.
const GROUP_WORD = /^(?:Chunk|Part|Milestone|Stage|Sprint|Epic)\s+\S+/i;

interface PhaseHeading {
  readonly id: string;
  readonly title: string;
  /** Set for a superpowers task: the view names it `Task 3`, and its steps are rows `3.1`, `3.2`… */
  readonly task?: true;
}

/**
 * `Phase A — Title`, `Phase 1: …`, `C4.A — …` → { id, title }; look-alikes → undefined. A
 * heading (not a bold line) may also be a superpowers `Task N`.
 */
function phaseHeading(text: string, options: { tasks?: boolean } = {}): PhaseHeading | undefined {
  const folded = foldText(stripEmphasis(text)).trim();
  const task = options.tasks ? TASK_WORD.exec(folded) : null;
  const m = task ?? PHASE_WORD.exec(folded) ?? PHASE_WORD_JA.exec(folded) ?? BARE_PHASE.exec(folded);
  if (!m) return undefined;
  const title = stripEmphasis(m[2] ?? '')
    .replace(/\*\*$/, '')
    .trim();
  return task ? { id: m[1], title, task: true } : { id: m[1], title };
}

interface PhaseBuilder {
  id: string;
  title: string;
  label?: string;
  group?: string;
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

/**
 * Assembles a plan from its section digests. Row states are resolved here, with the whole plan's
 * legend over `vocabulary` (a legend may sit anywhere in the file), so a plan updated section by
 * section reads exactly as one parsed from scratch.
 */
export function assemblePlan(
  digests: readonly PlanSectionDigest[],
  textLength: number,
  vocabulary: StateVocabulary = DEFAULT_VOCABULARY,
): PlanModel {
  const phases: PhaseBuilder[] = [];
  const looseRows: Row[] = [];
  const problems: Problem[] = [];
  const references: Reference[] = [];
  const subheadingParent = new Map<Row, string>();
  let title: string | undefined;
  let current: PhaseBuilder | undefined;
  let where: string | undefined; // the nearest heading or phase, for messages
  let exampleLevel = 0;

  const legend = new Map<string, StateKind | null>();
  for (const digest of digests)
    for (const block of digest.blocks)
      if (block.kind === 'legend') for (const [marker, kind] of block.entries) if (!legend.has(marker)) legend.set(marker, kind);
  const states = withLegend(vocabulary, legend);

  const close = (at: number): void => {
    if (current) current.end = at;
    current = undefined;
  };
  const open = (id: string, phaseTitle: string, headingSpan: Span, start: number, end: number, level: number): void => {
    close(start);
    current = { id, title: phaseTitle, headingSpan, start, end, level, rows: [] };
    phases.push(current);
  };
  // The heading that groups the tasks below it (`## Chunk 2: …`, or a `## Phase 5` over `### Task N`).
  let group: { level: number; text: string } | undefined;
  const under = (): string => (where ? `under '${where}'` : 'before the first heading');

  for (const digest of digests) {
    problems.push(...digest.problems);
    references.push(...digest.references);
    const h = digest.heading;
    if (h) {
      if (exampleLevel && h.level <= exampleLevel) exampleLevel = 0;
      if (digest.example && !exampleLevel) exampleLevel = h.level;
      where = h.text;
      const phase = phaseHeading(h.text, { tasks: true });
      if (group && h.level <= group.level) group = undefined;
      if (phase) {
        // A phase heading that only contains deeper phases is a container (e.g. an h1 plan title).
        if (current && h.level > current.level && current.rows.length === 0) {
          phases.pop();
          const containerText = current.title ? `Phase ${current.id} — ${current.title}` : current.id;
          if (phase.task && !current.label) group = { level: current.level, text: containerText };
          else title ??= containerText;
        }
        open(phase.id, phase.title, h.span, digest.span.start, digest.span.end, h.level);
        if (phase.task && current) {
          current.label = `Task ${phase.id}`;
          if (group) current.group = group.text;
        } else if (!phase.task) group = undefined;
      } else {
        if (GROUP_WORD.test(h.text)) group = { level: h.level, text: h.text };
        if (current && h.level <= current.level) close(digest.span.start);
        if (h.level === 1 && title === undefined) title = h.text;
      }
    }
    if (exampleLevel) continue; // an example's rows are not the plan's
    let parentFromHeading: string | undefined;
    for (const block of digest.blocks) {
      if (block.kind === 'subheading') {
        where = block.text;
        const lead = /^([A-Za-z0-9][\w.]*)\s/.exec(foldText(block.text));
        parentFromHeading = lead && current?.rows.some((r) => r.id === lead[1]) ? lead[1] : undefined;
      } else if (block.kind === 'phase') {
        const phase = phaseHeading(block.text);
        if (phase) {
          // Deeper than any heading: the next heading of the document ends it.
          open(phase.id, phase.title, block.span, block.span.start, digest.span.end, 7);
          where = block.text;
        }
      } else if (block.kind === 'unread') {
        problems.push(
          block.code === DiagnosticCodes.tableColumns
            ? { code: DiagnosticCodes.tableColumns, message: block.reason, span: block.span, severity: 'warning' }
            : {
                code: DiagnosticCodes.unreadRow,
                message: `${capitalize(block.reason)} ${under()}; it is not read as a row`,
                span: block.span,
                severity: 'info',
              },
        );
      } else if (block.kind === 'rows') {
        for (const row of block.rows) {
          const resolved = resolveState(row.rawState, states);
          if (row.source === 'task' && typeof resolved !== 'string') {
            // A box that is no state is no row. One the plan's legend defines as something else is
            // said only where that takes a state away (`[x] = checked by hand`): spec-kit's
            // template explains its `[Story]` label in a list item, and that line is no task.
            if (resolved === null && typeof resolveState(row.rawState, vocabulary) !== 'string') continue;
            problems.push({
              code: DiagnosticCodes.unreadRow,
              message:
                resolved === null
                  ? `Task item ${under()} has the marker '${row.rawState}', which the plan's legend defines as something other than a state; it is not read as a row`
                  : `Task item ${under()} has the marker '${row.rawState}', which is not a state; it is not read as a row (add it to planloop.states to read it)`,
              span: row.stateSpan,
              severity: 'info',
            });
            continue;
          }
          const state = resolved ?? 'unknown';
          if (state === 'unknown')
            problems.push({
              code: DiagnosticCodes.unknownState,
              message: `Unknown state '${row.rawState}' on row ${row.id || row.title.slice(0, 40)} ${under()}`,
              span: row.stateSpan,
              severity: 'warning',
            });
          // A superpowers step is row `3.2` of task 3, named `Task 3 · Step 2`.
          const step = row.label && current?.label ? row.label.slice('Step '.length) : undefined;
          const named = step ? stepNamed(current!, step) : {};
          const placed =
            current || state !== row.state || step ? copyRow(row, { phaseId: current?.id ?? row.phaseId, state, ...named }) : row;
          if (parentFromHeading) subheadingParent.set(placed, parentFromHeading);
          (current ? current.rows : looseRows).push(placed);
        }
      } else if (block.kind === 'meta') {
        if (current && current[block.key] === undefined) current[block.key] = block.value;
      }
    }
    if (current) current.end = digest.span.end;
  }
  close(textLength);

  const finalPhases: Phase[] = phases.map((p) => ({
    id: p.id,
    title: p.title,
    label: p.label,
    group: p.group,
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
        code: DiagnosticCodes.duplicateRowId,
        message: `Duplicate row ID ${row.id}`,
        span: row.span,
        severity: 'warning',
      });
    } else seen.set(row.id, row);
  }
  return { kind: 'plan', title, phases: finalPhases, looseRows: loose, references, problems };
}

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function planDigestOffsets(d: PlanSectionDigest, into: OffsetCollector): void {
  into.span(d.span);
  into.span(d.heading?.span);
  for (const b of d.blocks) {
    if (b.kind === 'subheading' || b.kind === 'phase' || b.kind === 'unread') into.span(b.span);
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
export function reparsePlan(
  written: string,
  previous?: PlanParse,
  change?: TextChange,
  keep = true,
  vocabulary: StateVocabulary = DEFAULT_VOCABULARY,
): { model: PlanModel; parse?: PlanParse } {
  try {
    const text = loneCrAsLf(written);
    const parse = parseSections(text, previous, planDigester, previous && (change ?? changedRange(previous.text, text)), keep);
    const model = assemblePlan(parse.digests, text.length, vocabulary);
    const header = readPlanHeader(text);
    const said = header.rawStatus || header.id || header.initiative || header.plans.length;
    return { model: said ? { ...model, header } : model, parse };
  } catch (error) {
    return {
      model: {
        kind: 'plan',
        phases: [],
        looseRows: [],
        references: [],
        problems: [
          {
            code: DiagnosticCodes.parseFailed,
            message: `Could not parse plan: ${String(error)}`,
            span: { start: 0, end: 0 },
            severity: 'error',
          },
        ],
      },
    };
  }
}

/** Parses a plan from scratch; `vocabulary`: the defaults plus `planloop.states`. */
export function parsePlan(text: string, vocabulary?: StateVocabulary): PlanModel {
  return reparsePlan(text, undefined, undefined, false, vocabulary).model;
}
