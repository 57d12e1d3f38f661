// Rows from plan tables and GFM task lists. Cells are re-split from the source so that
// unescaped `|` inside code spans does not break a row (GFM would split there).
import type { List, ListItem, Table } from 'mdast';
import type { ArtifactPath, Problem, Reference, Row } from './model';
import { spanOf } from './markdown';
import { splitTableRow, stripEmphasis, toPlain, type Cell } from './inline';
import { normalizeRowState, STATE_MARKER } from './states';
import { findCommands } from './commands';
import { findReferences, isRowId } from './references';
import { artifactFromReference } from './artifacts';

export interface TableColumns {
  readonly id: number;
  readonly state: number;
  readonly title: number;
  readonly guidance: number;
  readonly count: number;
}

/** Finds the ID and State columns of a header row; undefined when the table is not a task table. */
export function taskColumns(header: readonly Cell[]): TableColumns | undefined {
  const names = header.map((c) => toPlain(c.text).toLowerCase());
  const id = names.findIndex((n) => /^(?:id|#|task id|row)$/.test(n));
  const state = names.findIndex((n) => /^(?:state|status)$/.test(n));
  if (id < 0 || state < 0) return undefined;
  const title = names.findIndex((n, i) => i !== id && i !== state && /task|title|description|item/.test(n));
  const guidance = names.findIndex((n, i) => i > state && /how|why|guidance|notes?|details|evidence/.test(n));
  return {
    id,
    state,
    title: title >= 0 ? title : id + 1 === state ? -1 : id + 1,
    guidance: guidance >= 0 ? guidance : state + 1 < header.length ? state + 1 : -1,
    count: header.length,
  };
}

function artifactsOf(refs: readonly Reference[]): ArtifactPath[] {
  const out: ArtifactPath[] = [];
  for (const ref of refs) {
    const artifact = artifactFromReference(ref);
    if (artifact) out.push(artifact);
  }
  return out;
}

/** A row ID cell: `A1`, `**B3**`, `` `C4.D3` ``; section dividers like `**Section 1: …**` are not. */
function rowIdOf(cell: Cell | undefined): string | undefined {
  if (!cell) return undefined;
  const id = stripEmphasis(cell.text).replace(/\u2011/g, '-');
  return isRowId(id) ? stripEmphasis(cell.text) : undefined;
}

type MutableRow = { -readonly [K in keyof Row]: Row[K] };

/** Rows of one task table. `text` is the whole document; offsets are absolute. */
export function tableRows(table: Table, text: string, base: number, problems: Problem[]): Row[] | undefined {
  const [headerNode, ...bodyNodes] = table.children;
  if (!headerNode) return undefined;
  const headerSpan = spanOf(headerNode, base);
  const header = splitTableRow(text.slice(headerSpan.start, headerSpan.end), headerSpan.start);
  const cols = taskColumns(header);
  if (!cols) return undefined;
  const rows: MutableRow[] = [];
  for (const node of bodyNodes) {
    const span = spanOf(node, base);
    const source = text.slice(span.start, span.end);
    const cells = splitTableRow(source, span.start, cols.count);
    const id = rowIdOf(cells[cols.id]);
    if (!id) {
      const previous = rows[rows.length - 1];
      const isContinuation = cells.length === 1 && !/^\s*\|/.test(source);
      if (previous && isContinuation) {
        // A row continued on the next physical line belongs to the row above.
        previous.span = { start: previous.span.start, end: span.end };
        previous.guidance += '\n' + cells[0].text;
        previous.guidanceEnd = cells[0].end;
      }
      continue; // section dividers and other non-task rows
    }
    const extra = Math.max(0, cells.length - cols.count);
    let stateIndex = cols.state;
    for (let i = cols.state; i <= cols.state + extra && i < cells.length; i++) {
      if (/^\[.?\]/.test(cells[i].text)) {
        stateIndex = i;
        break;
      }
    }
    const stateCell = cells[stateIndex];
    const markerMatch = stateCell ? /^\[.?\]/.exec(stateCell.text) : null;
    const rawState = markerMatch ? markerMatch[0] : (stateCell?.text ?? '');
    const stateSpan = stateCell
      ? { start: stateCell.start, end: stateCell.start + (markerMatch ? markerMatch[0].length : stateCell.text.length) }
      : { start: span.end, end: span.end };
    const state = rawState === '' ? 'open' : normalizeRowState(rawState);
    if (rawState !== '' && (state === 'unknown' || !STATE_MARKER.test(rawState))) {
      problems.push({
        code: 'unknown-state',
        message: `Unknown state marker '${rawState}' on row ${id}`,
        span: stateSpan,
        severity: 'warning',
      });
    }
    if (cells.length !== cols.count && extra === 0) {
      problems.push({
        code: 'table-columns',
        message: `Row ${id} has ${cells.length} cells but the table header has ${cols.count}`,
        span,
        severity: 'warning',
      });
    }
    const guidanceIndex = cols.guidance >= 0 ? cols.guidance + (stateIndex - cols.state) : -1;
    const guidanceCells = guidanceIndex >= 0 ? cells.slice(guidanceIndex) : [];
    const guidanceStart = guidanceCells[0]?.start ?? span.end;
    const guidanceEnd = guidanceCells.length ? guidanceCells[guidanceCells.length - 1].end : stateSpan.end;
    const titleCells = cols.title >= 0 ? cells.slice(cols.title, cols.title + 1 + Math.min(extra, stateIndex - cols.state)) : [];
    const title = titleCells.length
      ? text.slice(titleCells[0].start, titleCells[titleCells.length - 1].end)
      : '';
    const contentStart = cells[cols.id]?.end ?? span.start;
    const content = text.slice(contentStart, span.end);
    const references = findReferences(content, contentStart);
    rows.push({
      id,
      title: toPlain(title),
      rawState,
      state,
      guidance: text.slice(guidanceStart, guidanceEnd),
      commands: findCommands(content, contentStart),
      artifacts: artifactsOf(references),
      references,
      span,
      stateSpan,
      guidanceEnd,
      source: 'table',
    });
  }
  return rows;
}

const TASK_PREFIX = /^\s*(?:[-*+]|\d+[.)])\s+(\[.\])/;
// `A1: …`, `**C4.A:** …`, `**B3**: …`, `A1 — …`
// `DEBUG-SIM-LINES-DOSE-001.F1`: a row ID qualified by its initiative.
const QUALIFIED_ID = /^([A-Z][A-Z0-9]*(?:[-\u2011][A-Z0-9]+)+)\.([A-Za-z0-9][\w.]*)$/;
const TASK_ID = /^(\*\*)?([^\s*:]+?)(\*\*)?(:\*\*|:|\s+[—–-]\s)\s*/;

/** Rows from GFM task items (`- [x] A1: …`), recursing into nested lists (children get parentId). */
export function taskRows(list: List, text: string, base: number, parentId?: string): Row[] {
  const rows: Row[] = [];
  for (const item of list.children) rows.push(...taskItemRows(item, text, base, parentId));
  return rows;
}

function taskItemRows(item: ListItem, text: string, base: number, parentId?: string): Row[] {
  const rows: Row[] = [];
  const span = spanOf(item, base);
  let ownId: string | undefined;
  if (item.checked !== null && item.checked !== undefined) {
    const source = text.slice(span.start, span.end);
    const marker = TASK_PREFIX.exec(source);
    const first = item.children[0];
    let firstSpan = first ? spanOf(first, base) : { start: span.end, end: span.end };
    // The body starts after the checkbox and its space. (mdast moves the paragraph's start past
    // the checkbox only when its first inline node is text: `[x] **A1:** …` would keep it.)
    if (marker && first?.type === 'paragraph') {
      const afterCheck = span.start + marker[0].length + 1;
      if (firstSpan.start < afterCheck) firstSpan = { start: Math.min(afterCheck, firstSpan.end), end: firstSpan.end };
    }
    const body = text.slice(firstSpan.start, firstSpan.end);
    const idMatch = TASK_ID.exec(body);
    const qualified = idMatch ? QUALIFIED_ID.exec(idMatch[2]) : null;
    const idCandidate = qualified ? qualified[2] : idMatch ? idMatch[2] : '';
    const id = isRowId(idCandidate.replace(/\u2011/g, '-')) ? idCandidate : '';
    const rest = id && idMatch ? body.slice(idMatch[0].length) : body;
    const rawState = marker ? marker[1] : item.checked ? '[x]' : '[ ]';
    const markerStart = marker ? span.start + marker[0].length - marker[1].length : span.start;
    const references = findReferences(body, firstSpan.start);
    ownId = id || undefined;
    rows.push({
      id,
      title: toPlain(rest.split(/\s[—–]\s|\n/)[0]).replace(/[:.]$/, ''),
      rawState,
      state: normalizeRowState(rawState),
      guidance: body,
      commands: findCommands(body, firstSpan.start),
      artifacts: artifactsOf(references),
      references,
      span,
      stateSpan: { start: markerStart, end: markerStart + rawState.length },
      guidanceEnd: firstSpan.end,
      source: 'task',
      parentId,
      initiativeId: id && qualified ? qualified[1] : undefined,
    });
  }
  for (const child of item.children) {
    if (child.type === 'list') rows.push(...taskRows(child, text, base, ownId ?? parentId));
  }
  return rows;
}

// ---- Tables without remark ----------------------------------------------------------------

const FENCE_LINE = /^ {0,3}(?:`{3,}|~{3,})/;
const OTHER_BLOCK = /^\s*(?:[-*+]|\d+[.)])(?:\s|$)|^\s*>|^(?: {4}|\t)|^ {0,3}<|^ {0,3}\[[^\]]*\]:/;
const SETEXT_OR_BREAK = /^ {0,3}(?:=+|-+|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})[ \t]*$/;
const ATX_LINE = /^ {0,3}#{1,6}(?:[ \t]|$)/;
const DELIMITER_ROW = /^\|[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/** Cells of a pipe row as GFM counts them (no escaped pipes: callers rule those out). */
function pipeCells(line: string): number {
  const trimmed = line.replace(/[ \t]+$/, '');
  let count = trimmed.split('|').length - 1; // leading pipe
  if (trimmed.endsWith('|') && trimmed.length > 1) count--;
  return count;
}

type TableLike = Pick<Table, 'type' | 'children' | 'position'>;

/**
 * The tables of a section whose every line is plainly a blank, an ATX heading, prose or a
 * `|`-led table line, found by a line scan with the offsets remark gives (rows span their line
 * without its line break). Undefined when anything could make remark read it otherwise — lists,
 * quotes, indented or fenced code, HTML, setext underlines, definitions, escaped pipes, a table
 * right after prose or followed by a non-table line —: the caller then asks remark.
 */
export function simpleTables(src: string): TableLike[] | undefined {
  const lines: Array<{ start: number; text: string }> = [];
  for (let start = 0; start <= src.length; ) {
    let end = src.indexOf('\n', start);
    if (end < 0) end = src.length;
    lines.push({ start, text: src.slice(start, end).replace(/\r$/, '') });
    start = end + 1;
  }
  const tables: TableLike[] = [];
  const position = (line: { start: number; text: string }) => ({ start: { line: 0, column: 0, offset: line.start }, end: { line: 0, column: 0, offset: line.start + line.text.length } });
  let previous: 'blank' | 'heading' | 'prose' | 'table' = 'blank';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].text;
    if (FENCE_LINE.test(line) || OTHER_BLOCK.test(line) || SETEXT_OR_BREAK.test(line)) return undefined;
    if (line.includes('|') && line.includes('\\')) return undefined;
    if (!line.trim()) {
      previous = 'blank';
      continue;
    }
    if (ATX_LINE.test(line)) {
      if (previous === 'table') return undefined;
      previous = 'heading';
      continue;
    }
    const next = lines[i + 1]?.text ?? '';
    if (DELIMITER_ROW.test(line)) return undefined; // a delimiter row without its header
    if (line.includes('|') && /^[ \t]*\|?[ \t]*:?-+:?[ \t]*\|/.test(next)) {
      // A header row: only the plain shape is taken (pipe first, right after a blank or a heading).
      if (!line.startsWith('|') || !DELIMITER_ROW.test(next) || previous === 'prose' || previous === 'table') return undefined;
      if (pipeCells(line) !== pipeCells(next)) return undefined;
      const rows = [lines[i]];
      let j = i + 2;
      for (; j < lines.length && lines[j].text.trim(); j++) {
        if (!lines[j].text.startsWith('|') || (lines[j].text.includes('\\'))) return undefined;
        rows.push(lines[j]);
      }
      const last = rows[rows.length - 1];
      tables.push({
        type: 'table',
        children: rows.map((r) => ({ type: 'tableRow', children: [], position: position(r) })),
        position: { start: position(rows[0]).start, end: position(last).end },
      });
      i = j - 1;
      previous = 'table';
      continue;
    }
    if (previous === 'table') return undefined;
    previous = 'prose';
  }
  return tables;
}
