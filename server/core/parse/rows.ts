// Rows from plan tables and GFM task lists. Cells are re-split from the source so that
// unescaped `|` inside code spans does not break a row (GFM would split there).
import { exact } from '../model/compact';
import type { List, ListItem, Table } from 'mdast';
import { DiagnosticCodes, type ArtifactPath, type Reference, type Row, type Span } from '../model/model';
import { spanOf } from './markdown';
import { splitTableRow, stripEmphasis, toPlain, type Cell } from './inline';
import { BRACKET_MARKER, GFM_TASK_BOX, resolveState } from '../model/states';
import { findCommands } from './commands';
import { findReferences, isRowId } from './references';
import { artifactFromReference } from './artifacts';

export interface TableColumns {
  /** -1: the table has no ID column (rows then need a bracket marker, and have no ID). */
  readonly id: number;
  readonly state: number;
  readonly title: number;
  readonly guidance: number;
  readonly count: number;
}

// Headers that name a state column (`State`, `Status`, `St`, `状态`) and an ID column (`ID`,
// `Item ID`, `Cluster ID`, `#`, `Part`, `Line`).
const STATE_HEADER = /^(?:state|status|st|stat|状态|狀態|状況|状態|estado|statut|état|etat|stato)$/;
const ID_HEADER = /^(?:id|#|no\.?|nr\.?|key|ref|row|part|line|编号|序号|[\w ]{1,20} id)$/;

/** Finds the ID and State columns of a header row; undefined when the table has no state column. */
export function taskColumns(header: readonly Cell[]): TableColumns | undefined {
  const names = header.map((c) => stripEmphasis(toPlain(c.text)).toLowerCase());
  let state = names.findIndex((n) => STATE_HEADER.test(n));
  if (state < 0) state = names.findIndex((n) => n === ''); // `| | Item | Note |`: a marker column without a name
  if (state < 0) return undefined;
  const id = names.findIndex((n, i) => i !== state && ID_HEADER.test(n));
  const free = (i: number): boolean => i !== id && i !== state;
  let title = names.findIndex((n, i) => free(i) && /task|title|description|item|goal|feature|component|function|功能|项|任务|任務/.test(n));
  if (title < 0) title = id >= 0 ? (id + 1 === state ? -1 : id + 1) : names.findIndex((_, i) => free(i));
  const guidance = names.findIndex(
    (n, i) => free(i) && i !== title && i > state && /how|why|guidance|notes?|details|evidence|说明|說明|备注/.test(n),
  );
  return {
    id,
    state,
    title,
    guidance: guidance >= 0 ? guidance : state + 1 < header.length && state + 1 !== title ? state + 1 : -1,
    count: header.length,
  };
}

function artifactsOf(refs: readonly Reference[]): ArtifactPath[] {
  const out: ArtifactPath[] = [];
  for (const ref of refs) {
    const artifact = artifactFromReference(ref);
    if (artifact) out.push(artifact);
  }
  return exact(out);
}

/** The ID in an ID column: `A1`, `**B3**`, `` `v0.6.0-alpha.1` ``, `AREA-KIND-001`, `P1.1a / P1.1b`; prose is not an ID. */
function rowIdOf(cell: Cell | undefined): string | undefined {
  if (!cell) return undefined;
  const id = stripEmphasis(cell.text);
  // A link is an index entry pointing elsewhere (`[LEDGER-ROW](#ledger-row)`), not a row of this plan.
  if (!id || id.length > 40 || id.split(/\s+/).length > 4 || /:\s/.test(id) || /^\[[^\]]*\]\(/.test(id)) return undefined;
  return id;
}

/** A state token at the start of a state cell: `[x]`, `` `[D]` ``, `[SKIP]`, or a word / emoji (`DONE (…)`, `✅`). */
interface StateToken {
  readonly raw: string;
  readonly start: number; // absolute
  readonly bracket: boolean;
}

const CODE_MARKER = /^(`+)\s*(\[(?:[^\][\s]{1,6}| ?)\])\s*\1(?!`)/u;
// A word state ends where its explanation starts: `DONE (2026-07-31, …)`, `TODO / TODO`, `Code complete, BLOCKED`.
const WORD_END = /\s*(?:\(|（|\s[—–-]\s|—|–|,|，|;|；|:|：|\s\/\s|<br)/;

function stateToken(cell: Cell): StateToken | undefined {
  const code = CODE_MARKER.exec(cell.text);
  if (code) return { raw: code[2], start: cell.start + code[0].indexOf(code[2], code[1].length), bracket: true };
  const bracket = BRACKET_MARKER.exec(cell.text);
  if (bracket) return { raw: bracket[0], start: cell.start, bracket: true };
  const end = WORD_END.exec(cell.text);
  const word = (end ? cell.text.slice(0, end.index) : cell.text).trim();
  if (!word) return undefined;
  return { raw: word, start: cell.start, bracket: false };
}

/** A word state is short (`DONE`, `⚠️ Partial`, `✅ Staging + Production`); longer text is prose, not a state. */
const isWordState = (raw: string): boolean => raw.length <= 32 && raw.split(/\s+/).length <= 4 && !/[`|[\]]/.test(raw);

/** Why a state cell is not read: a word in a code span is named as such, only longer text is prose. */
function unreadStateCell(raw: string): string {
  const code = /^`+([^`\s]+)`+$/.exec(raw);
  return code ? `its state cell is the code span \`${code[1]}\`, not a state marker` : 'its state cell is prose, not a state';
}

/** A line that looks like a row but is not read as one, and why. */
export interface UnreadLine {
  readonly kind: 'unread';
  readonly span: Span;
  readonly reason: string;
  /** A table-columns problem: a row that is read, but whose cell count differs from its header's. */
  readonly code?: typeof DiagnosticCodes.tableColumns;
}

/** A full-width table row (`| **Phase 0: Preparation** |`) that starts a phase. */
export interface PhaseMark {
  readonly kind: 'phase';
  readonly text: string;
  readonly span: Span;
}

export type TableItem = Row | UnreadLine | PhaseMark;

type MutableRow = { -readonly [K in keyof Row]: Row[K] };

/**
 * A row with `changes`, built with every key in one order: all rows then share one hidden
 * class. (Spread copies that add a key gave each of the 30,000 rows of a big workspace its own,
 * about 400 bytes apiece.)
 */
export function copyRow(row: Row, changes: Partial<Row> = {}): Row {
  const r = { ...row, ...changes };
  return {
    id: r.id,
    title: r.title,
    rawState: r.rawState,
    state: r.state,
    guidance: r.guidance,
    commands: r.commands,
    artifacts: r.artifacts,
    references: r.references,
    span: r.span,
    stateSpan: r.stateSpan,
    guidanceEnd: r.guidanceEnd,
    source: r.source,
    parentId: r.parentId,
    phaseId: r.phaseId,
    initiativeId: r.initiativeId,
    missingStateCell: r.missingStateCell,
    label: r.label,
    expected: r.expected,
    tags: r.tags,
  };
}

/**
 * Rows of one table with a state column, in order with the phase separators and unread lines
 * among them; undefined when the table has no state column. `text` is the whole document;
 * offsets are absolute. A row needs a state token: a bracket marker (`[x]`, `` `[D]` ``), or,
 * when the table has an ID column and the row an ID, a short word or emoji (`DONE`, `✅`) or
 * nothing (an open row). Kinds are resolved later, with the plan's legend (assemblePlan).
 */
export function tableRows(table: Table, text: string, base: number): TableItem[] | undefined {
  const [headerNode, ...bodyNodes] = table.children;
  if (!headerNode) return undefined;
  const headerSpan = spanOf(headerNode, base);
  const header = splitTableRow(text.slice(headerSpan.start, headerSpan.end), headerSpan.start);
  const cols = taskColumns(header);
  if (!cols) return undefined;
  const items: TableItem[] = [];
  const unread: UnreadLine[] = [];
  // Without an ID column, word states count only when every one of them names a state
  // (`✅ Staging + Production`, `Not started`); a gate or coverage table (`PASS`, prose) is not a task table.
  const wordsAreStates =
    cols.id < 0 &&
    bodyNodes.every((node) => {
      const span = spanOf(node, base);
      const cell = splitTableRow(text.slice(span.start, span.end), span.start)[cols.state];
      const token = cell && stateToken(cell);
      return !token || token.bracket || (isWordState(token.raw) && typeof resolveState(token.raw) === 'string');
    });
  let previous: MutableRow | undefined;
  let rowCount = 0;
  for (const node of bodyNodes) {
    const span = spanOf(node, base);
    const source = text.slice(span.start, span.end);
    const isMarker = (c: Cell): boolean => BRACKET_MARKER.test(c.text) || CODE_MARKER.test(c.text);
    const hasMarker = (cells: Cell[]): boolean =>
      cells.slice(cols.state, cols.state + 1 + Math.max(0, cells.length - cols.count)).some(isMarker);
    const cells = splitTableRow(source, span.start, cols.count, hasMarker);
    const filled = cells.filter((c) => c.text !== '');
    if (filled.length === 0) continue; // a spacer row
    const extra = Math.max(0, cells.length - cols.count);
    let stateIndex = cols.state;
    for (let i = cols.state; i <= cols.state + extra && i < cells.length; i++) {
      if (isMarker(cells[i])) {
        stateIndex = i;
        break;
      }
    }
    if (filled.length === 1 && filled[0] === cells[0] && /^\*\*.*\*\*$/.test(cells[0].text) && !stateToken(cells[0])?.bracket) {
      // `| **Phase 0: Preparation** |` or `| **Section 1: …** | | | |`: a divider; a phase when it names one.
      items.push({ kind: 'phase', text: stripEmphasis(cells[0].text), span });
      continue;
    }
    const stateCell = cells[stateIndex];
    const token = stateCell ? stateToken(stateCell) : undefined;
    const id = cols.id >= 0 ? rowIdOf(cells[cols.id]) : undefined;
    const wordRow = !id && wordsAreStates && token !== undefined && !token.bracket;
    if (!token?.bracket && !id && !wordRow) {
      const isContinuation = cells.length === 1 && !/^\s*\|/.test(source);
      if (previous && isContinuation) {
        // A row continued on the next physical line belongs to the row above.
        previous.span = { start: previous.span.start, end: span.end };
        previous.guidance += '\n' + cells[0].text;
        previous.guidanceEnd = cells[0].end;
      } else if (cols.id >= 0 && /^\[[^\]]*\]\(/.test(cells[cols.id]?.text ?? '')) {
        // An index entry linking elsewhere (`| [LEDGER-ROW](#ledger-row) | … |`): not this plan's row.
      } else if (cols.id >= 0 || token) {
        unread.push({
          kind: 'unread',
          span,
          reason: stateCell ? 'table row has no state marker and no ID' : 'table row has no state cell',
        });
      }
      continue;
    }
    if (token && !token.bracket && !isWordState(token.raw)) {
      unread.push({ kind: 'unread', span, reason: `table row ${id}: ${unreadStateCell(token.raw)}` });
      continue;
    }
    const rawState = token?.raw ?? '';
    const stateSpan =
      stateCell && token
        ? { start: token.start, end: token.start + rawState.length }
        : stateCell
          ? { start: stateCell.start, end: stateCell.start }
          : { start: span.end, end: span.end };
    if (cells.length !== cols.count && extra === 0 && id) {
      unread.push({
        kind: 'unread',
        span,
        reason: `Row ${id} has ${cells.length} cells but the table header has ${cols.count}`,
        code: DiagnosticCodes.tableColumns,
      });
    }
    const guidanceIndex = cols.guidance >= 0 ? cols.guidance + (stateIndex - cols.state) : -1;
    const guidanceCells = guidanceIndex >= 0 ? cells.slice(guidanceIndex) : [];
    const guidanceStart = guidanceCells[0]?.start ?? span.end;
    const guidanceEnd = guidanceCells.length ? guidanceCells[guidanceCells.length - 1].end : stateSpan.end;
    const titleCells =
      cols.title >= 0
        ? cells.slice(cols.title, cols.title + 1 + (cols.title > cols.state ? 0 : Math.min(extra, stateIndex - cols.state)))
        : [];
    const title = titleCells.length ? text.slice(titleCells[0].start, titleCells[titleCells.length - 1].end) : '';
    const contentStart = cols.id >= 0 ? (cells[cols.id]?.end ?? span.start) : span.start;
    const content = text.slice(contentStart, span.end);
    const references = findReferences(content, contentStart);
    const row: MutableRow = {
      id: id ?? '',
      title: toPlain(title),
      rawState,
      state: resolveState(rawState) ?? 'unknown',
      guidance: text.slice(guidanceStart, guidanceEnd),
      commands: findCommands(content, contentStart),
      artifacts: artifactsOf(references),
      references,
      span,
      stateSpan,
      guidanceEnd,
      source: 'table',
      parentId: undefined,
      phaseId: undefined,
      initiativeId: undefined,
      missingStateCell: stateCell
        ? undefined
        : { before: `${endsWithClosingPipe(source) ? '' : ' |'}${' |'.repeat(Math.max(0, cols.state - cells.length))} `, after: ' |' },
      label: undefined,
      expected: undefined,
      tags: undefined,
    };
    items.push(row);
    previous = row;
    rowCount++;
  }
  // A table that yields no row and has no ID column is not a task table (a coverage or gate
  // table): nothing is unread in it. One with ID and State columns is, and says what it could not read.
  if (rowCount === 0 && (cols.id < 0 || !unread.length)) return undefined;
  return mergeInOrder(items, unread);
}

function mergeInOrder(items: TableItem[], unread: UnreadLine[]): TableItem[] {
  if (!unread.length) return items;
  return [...items, ...unread].sort((a, b) => a.span.start - b.span.start);
}

/**
 * Whether a table row ends with a closing pipe. `\\|` is a pipe in the cell's text (backslashes
 * before it escape in pairs), so `| A1 | a \\|` still needs one. A scan from the end, linear.
 */
function endsWithClosingPipe(source: string): boolean {
  let i = source.length - 1;
  while (i >= 0 && /\s/.test(source[i])) i--;
  if (source[i] !== '|') return false;
  let slashes = 0;
  while (i - 1 - slashes >= 0 && source[i - 1 - slashes] === '\\') slashes++;
  return slashes % 2 === 0;
}

// `- [x]`, `*   [ ]`, `+ [ ]`, `1. [x]`, `- [SKIP]`, `- [⚠️]`, Kiro's optional `- [ ]*`.
const TASK_PREFIX = /^\s*(?:[-*+]|\d+[.)])\s+(\[(?:[^\][\s]{1,6}| ?)\])(\*?)(?=[ \t\r\n]|$)/u;
// A legend written as an item: `- [P] = parallelizable`, `- [P]: …`, `- [P] tasks = different files`.
const LEGEND_BODY = /^(?:[=:：]|[\p{L} ]{0,24}?\s=\s)/u;
// `A1: …`, `**C4.A:** …`, `**B3**: …`, `A1 — …`
// `DEBUG-SIM-LINES-DOSE-001.F1`: a row ID qualified by its initiative.
const QUALIFIED_ID = /^([A-Z][A-Z0-9]*(?:[-\u2011][A-Z0-9]+)+)\.([A-Za-z0-9][\w.]*)$/;
const TASK_ID = /^(\*\*)?([^\s*:]+?)(\*\*)?(:\*\*|:|\s+[—–-]\s)\s*/;
// IDs written without a colon: spec-kit `T001 [P] [US1] …`, Kiro / cc-sdd `1. …`, `1.1 (P) …`.
const BARE_TASK_ID = /^(\*\*)?(T\d{3,}|\d+(?:\.\d+)+|\d+(?=\.))(\.?)(\*\*)?(?=\s)\s*/;
// Tags after the ID: spec-kit `[P]`, `[US1]`, `[US1+US2]`, `[NOTE: …]`; cc-sdd `(P)`.
const TAG = /^(?:\[(P|US\d+(?:[+,]\s*US\d+)*|Story|NOTE:[^\]\n]*)\]|\((P)\))\s*/;
// A superpowers step: `**Step 2: Run the tests**`, `**Step 2:** Run …`.
// `**Step 2:**`, `**Step 2: Run**`, and as some plans number them, `**Step 1.2 — Run**` (task 1,
// step 2) or `**Step 4a: …**`.
const STEP = /^\*\*Step\s+(\d+(?:\.\d+)*[a-z]?)\s*(?:[:：.]\s*(?:\*\*\s*)?|[—–]\s*|\*\*\s*[:：]?\s*)/;

/**
 * A step's lead word (`- [ ] Run: …`, `**RED: …**`, `Re-run — …`), not an ID: IDs carry a digit
 * (`A1`, `T001`, `AREA-KIND-001`) or are one or two capitals (`A`, `QA`).
 */
function isLeadWord(candidate: string): boolean {
  return !/\d/.test(candidate) && !/^[A-Z]{1,2}$/.test(candidate);
}

/** Which task-box markers make an item a row; by default those the default vocabulary defines. */
export type MarkerFilter = (marker: string) => boolean;
const definedByDefault: MarkerFilter = (marker) => typeof resolveState(marker) === 'string';

/**
 * Rows from task items (`- [x] A1: …`), recursing into nested lists (children get parentId).
 * `accept` decides which box markers make a row (plans take every marker and resolve it with
 * their legend later).
 */
export function taskRows(list: List, text: string, base: number, parentId?: string, accept: MarkerFilter = definedByDefault): Row[] {
  const rows: Row[] = [];
  for (const item of list.children) rows.push(...taskItemRows(item, text, base, parentId, accept));
  return exact(rows);
}

function taskItemRows(item: ListItem, text: string, base: number, parentId: string | undefined, accept: MarkerFilter): Row[] {
  const rows: Row[] = [];
  const span = spanOf(item, base);
  let ownId: string | undefined;
  const source = text.slice(span.start, span.end);
  const marker = TASK_PREFIX.exec(source);
  const markerText = marker?.[1] ?? '';
  const markerStart = marker ? span.start + marker[0].length - marker[1].length - marker[2].length : span.start;
  const boxEnd = markerStart + markerText.length + (marker?.[2].length ?? 0);
  const first = item.children[0];
  let firstSpan = first ? spanOf(first, base) : { start: span.end, end: span.end };
  const checked = item.checked !== null && item.checked !== undefined;
  // GFM reads only `[ ]`/`[x]`/`[X]` followed by white space as task markers; the loop's other
  // states (`- [P] A1: …`, `- [SKIP] …`, Kiro's `- [ ]* 2.1 …`) keep the item a row on the same
  // terms: the marker opens the item's first paragraph, then white space, then content. The
  // marker is not part of the text.
  const afterMarker = marker ? text.slice(boxEnd, firstSpan.end) : '';
  const extended =
    !checked &&
    marker !== null &&
    first?.type === 'paragraph' &&
    firstSpan.start === markerStart &&
    /^[ \t\r\n]/.test(afterMarker) &&
    /[^ \t\r\n]/.test(afterMarker);
  if (extended) firstSpan = { start: boxEnd + (/^[ \t\r\n]*/.exec(afterMarker)?.[0].length ?? 0), end: firstSpan.end };
  // A checked item's body starts after the checkbox and its space. (mdast moves the paragraph's
  // start past the checkbox only when its first inline node is text: `[x] **A1:** …` would keep it.)
  if (checked && marker && first?.type === 'paragraph') {
    const afterCheck = span.start + marker[0].length + 1;
    if (firstSpan.start < afterCheck) firstSpan = { start: Math.min(afterCheck, firstSpan.end), end: firstSpan.end };
  }
  const body = checked || extended ? text.slice(firstSpan.start, firstSpan.end) : '';
  if (
    (checked || extended) &&
    accept(markerText || (item.checked ? GFM_TASK_BOX.checked : GFM_TASK_BOX.unchecked)) &&
    !LEGEND_BODY.test(body)
  ) {
    const step = STEP.exec(body);
    const written = step ? undefined : writtenId(body);
    const id = written?.id ?? '';
    const tags = written ? tagsAfter(body.slice(written.length)) : { tags: [], length: 0 };
    if (marker?.[2]) tags.tags.push('optional');
    const rest = step ? body.slice(step[0].length) : written ? body.slice(written.length + tags.length) : body;
    const rawState = markerText || (item.checked ? GFM_TASK_BOX.checked : GFM_TASK_BOX.unchecked);
    const references = findReferences(body, firstSpan.start);
    ownId = id || undefined;
    rows.push({
      id,
      // A step's title is its whole bold text (`Run with the stub — verify it fails`); another
      // row's ends at a dash (`A1 — title — notes`).
      title: toPlain(rest.split(step ? /\*\*|\n/ : /\s[—–]\s|\n/)[0])
        .replace(/\*\*$/, '')
        .replace(/[:.]$/, '')
        .trim(),
      rawState,
      state: resolveState(rawState) ?? 'unknown',
      guidance: body,
      commands: findCommands(body, firstSpan.start),
      artifacts: artifactsOf(references),
      references,
      span,
      stateSpan: { start: markerStart, end: markerStart + rawState.length },
      guidanceEnd: firstSpan.end,
      source: 'task',
      parentId,
      phaseId: undefined,
      initiativeId: written?.initiativeId,
      missingStateCell: undefined,
      // The plan names a step once it knows its task (assemblePlan): `Task 3 · Step 2`.
      label: step ? `Step ${step[1]}` : undefined,
      expected: undefined,
      tags: tags.tags.length ? tags.tags : undefined,
    });
  }
  for (const child of item.children) {
    if (child.type === 'list') rows.push(...taskRows(child, text, base, ownId ?? parentId, accept));
  }
  return rows;
}

/** The ID an item's text starts with, as written (`A1:`, `**C4.A:**`, `T001`, `1.1`), with the length it takes. */
function writtenId(body: string): { id: string; initiativeId?: string; length: number } | undefined {
  const bare = BARE_TASK_ID.exec(body);
  if (bare) return { id: bare[2], length: bare[0].length };
  const idMatch = TASK_ID.exec(body);
  if (!idMatch) return undefined;
  const qualified = QUALIFIED_ID.exec(idMatch[2]);
  const candidate = qualified ? qualified[2] : idMatch[2];
  if (!isRowId(candidate.replace(/\u2011/g, '-')) || isLeadWord(candidate)) return undefined;
  return { id: candidate, initiativeId: qualified?.[1], length: idMatch[0].length };
}

/** Tags written after an ID (`[P] [US1]`, `(P)`), and how much text they take. */
function tagsAfter(text: string): { tags: string[]; length: number } {
  const tags: string[] = [];
  let length = 0;
  for (let m = TAG.exec(text); m; m = TAG.exec(text.slice(length))) {
    const tag = m[1] ?? m[2];
    if (!tag.startsWith('NOTE:')) tags.push(tag);
    length += m[0].length;
  }
  return { tags, length };
}
