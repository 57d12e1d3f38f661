// Rows from plan tables and GFM task lists. Cells are re-split from the source so that
// unescaped `|` inside code spans does not break a row (GFM would split there).
import { exact } from '../model/compact';
import type { List, ListItem, Table } from 'mdast';
import type { ArtifactPath, Problem, Reference, Row } from '../model/model';
import { spanOf } from './markdown';
import { splitTableRow, stripEmphasis, toPlain, type Cell } from './inline';
import { normalizeRowState, STATE_MARKER } from '../model/states';
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
  return exact(out);
}

/** A row ID cell: `A1`, `**B3**`, `` `C4.D3` ``; section dividers like `**Section 1: …**` are not. */
function rowIdOf(cell: Cell | undefined): string | undefined {
  if (!cell) return undefined;
  const id = stripEmphasis(cell.text).replace(/\u2011/g, '-');
  return isRowId(id) ? stripEmphasis(cell.text) : undefined;
}

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
  };
}

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
    const hasMarker = (cells: Cell[]): boolean =>
      cells.slice(cols.state, cols.state + 1 + Math.max(0, cells.length - cols.count)).some((c) => /^\[.?\]/.test(c.text));
    const cells = splitTableRow(source, span.start, cols.count, hasMarker);
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
    const title = titleCells.length ? text.slice(titleCells[0].start, titleCells[titleCells.length - 1].end) : '';
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
      parentId: undefined,
      phaseId: undefined,
      initiativeId: undefined,
      missingStateCell: stateCell
        ? undefined
        : { before: `${/\|\s*$/.test(source) ? '' : ' |'}${' |'.repeat(Math.max(0, cols.state - cells.length))} `, after: ' |' },
    });
  }
  return exact(rows);
}

const TASK_PREFIX = /^\s*(?:[-*+]|\d+[.)])\s+(\[.\])/;
/** Task-list markers beyond GFM's `[ ]`/`[x]`/`[X]` that still make an item a row. */
const EXTENDED_MARKERS = new Set(['[P]', '[B]', '[-]', '[~]', '[D]']);
// `A1: …`, `**C4.A:** …`, `**B3**: …`, `A1 — …`
// `DEBUG-SIM-LINES-DOSE-001.F1`: a row ID qualified by its initiative.
const QUALIFIED_ID = /^([A-Z][A-Z0-9]*(?:[-\u2011][A-Z0-9]+)+)\.([A-Za-z0-9][\w.]*)$/;
const TASK_ID = /^(\*\*)?([^\s*:]+?)(\*\*)?(:\*\*|:|\s+[—–-]\s)\s*/;

/** Rows from GFM task items (`- [x] A1: …`), recursing into nested lists (children get parentId). */
export function taskRows(list: List, text: string, base: number, parentId?: string): Row[] {
  const rows: Row[] = [];
  for (const item of list.children) rows.push(...taskItemRows(item, text, base, parentId));
  return exact(rows);
}

function taskItemRows(item: ListItem, text: string, base: number, parentId?: string): Row[] {
  const rows: Row[] = [];
  const span = spanOf(item, base);
  let ownId: string | undefined;
  const source = text.slice(span.start, span.end);
  const marker = TASK_PREFIX.exec(source);
  const markerStart = marker ? span.start + marker[0].length - marker[1].length : span.start;
  const first = item.children[0];
  let firstSpan = first ? spanOf(first, base) : { start: span.end, end: span.end };
  const checked = item.checked !== null && item.checked !== undefined;
  // GFM reads only `[ ]`/`[x]` as task markers; the loop's other states (`- [P] A1: …`, written
  // by Mark Row State or a failing run) keep the item a row on the same terms: the marker opens
  // the item's first paragraph, then white space, then content. The marker is not part of the text.
  const afterMarker = marker ? text.slice(markerStart + 3, firstSpan.end) : '';
  const extended =
    !checked &&
    marker !== null &&
    EXTENDED_MARKERS.has(marker[1]) &&
    first?.type === 'paragraph' &&
    firstSpan.start === markerStart &&
    /^[ \t\r\n]/.test(afterMarker) &&
    /[^ \t\r\n]/.test(afterMarker);
  if (extended) firstSpan = { start: markerStart + 3 + (/^[ \t\r\n]*/.exec(afterMarker)?.[0].length ?? 0), end: firstSpan.end };
  // A checked item's body starts after the checkbox and its space. (mdast moves the paragraph's
  // start past the checkbox only when its first inline node is text: `[x] **A1:** …` would keep it.)
  if (checked && marker && first?.type === 'paragraph') {
    const afterCheck = span.start + marker[0].length + 1;
    if (firstSpan.start < afterCheck) firstSpan = { start: Math.min(afterCheck, firstSpan.end), end: firstSpan.end };
  }
  if (checked || extended) {
    const body = text.slice(firstSpan.start, firstSpan.end);
    const idMatch = TASK_ID.exec(body);
    const qualified = idMatch ? QUALIFIED_ID.exec(idMatch[2]) : null;
    const idCandidate = qualified ? qualified[2] : idMatch ? idMatch[2] : '';
    const id = isRowId(idCandidate.replace(/\u2011/g, '-')) ? idCandidate : '';
    const rest = id && idMatch ? body.slice(idMatch[0].length) : body;
    const rawState = marker ? marker[1] : item.checked ? '[x]' : '[ ]';
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
      phaseId: undefined,
      initiativeId: id && qualified ? qualified[1] : undefined,
    });
  }
  for (const child of item.children) {
    if (child.type === 'list') rows.push(...taskRows(child, text, base, ownId ?? parentId));
  }
  return rows;
}
