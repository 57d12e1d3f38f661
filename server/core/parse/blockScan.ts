// Block structure by a line scan, for the plain shapes most plan and ledger sections have:
// the same nodes and offsets remark gives, at a fraction of its cost. Each scanner answers
// undefined as soon as a line could make remark read the section otherwise; callers then ask
// remark. Property tests compare both on random documents.
import type { List, ListItem, Paragraph, RootContent, Table } from 'mdast';

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
 * quotes, indented or fenced code, HTML, setext underlines, definitions, escaped pipes, lone-CR
 * line breaks, a table right after prose or followed by a non-table line —: the caller then asks remark.
 */
export function simpleTables(src: string): TableLike[] | undefined {
  // A lone CR is a line break to remark but not to this scan.
  if (/\r(?!\n)/.test(src)) return undefined;
  const lines: Array<{ start: number; text: string }> = [];
  for (let start = 0; start <= src.length;) {
    let end = src.indexOf('\n', start);
    if (end < 0) end = src.length;
    lines.push({ start, text: src.slice(start, end).replace(/\r$/, '') });
    start = end + 1;
  }
  const tables: TableLike[] = [];
  const position = (line: { start: number; text: string }) => ({
    start: { line: 0, column: 0, offset: line.start },
    end: { line: 0, column: 0, offset: line.start + line.text.length },
  });
  let previous: 'blank' | 'heading' | 'prose' | 'table' = 'blank';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].text;
    if (FENCE_LINE.test(line) || OTHER_BLOCK.test(line) || SETEXT_OR_BREAK.test(line)) return undefined;
    if (line.includes('|') && line.includes('\\')) return undefined;
    if (/^ *$/.test(line)) {
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
        if (!lines[j].text.startsWith('|') || lines[j].text.includes('\\')) return undefined;
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

// ---- Headings, paragraphs, lists, breaks and tables: the shapes ledgers are written in ---------

const BULLET_LINE = /^( *)([-*+]) (\S.*)$/;
const ORDERED_LINE = /^( *)(\d{1,9})([.)]) (\S.*)$/;
const PLAIN_HEADING = /^#{1,6} \S(?:.*[^\s#])?$/;
// First characters a paragraph line may start with, so it cannot open another block.
// A `-` or `+` not followed by a space opens no item, and with other text it is no break or
// underline either (`-x` is what typing into a list marker leaves).
const PLAIN_START = /^(?:[A-Za-z0-9(`"'“‘]|(?!\*[ ]|\*$)[*_](?![*_ ]*$)|[-+](?=\S)(?![- ]*$))/;
const ORDERED = /^\d+[.)](?:\s|$)/;
// Item content that would open a block inside the item, or a definition.
const BLOCK_IN_ITEM = /^(?:[-*+](?:\s|$)|\d+[.)](?:\s|$)|[#>|<~]|`{3}|\[[^\]]*\]:|([-*_])(?:\s*\1){2,}\s*$)/;
const TASK = /^\[([ xX])\] (?=\S)/;
const THEMATIC_BREAK = /^(?:(?:-[ ]*){3,}|(?:\*[ ]*){3,}|(?:_[ ]*){3,})$/;
// A line that could be (or end up as) a table's delimiter row: only pipes, colons, dashes and spaces.
// Outside the tables this scan takes, such a line ends the scan; so a `|` elsewhere never makes a table.
const DELIMITER_LIKE = /^[ |:-]*-[ |:-]*$/;
const FENCE_OPEN = /^(`{3,}|~{3,})(.*)$/;
// An indented fence under an item opens code inside the item (or ends the list): never a paragraph line.
const FENCE_LIKE = /^`{3}/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,}) *$/;
const TABLE_DELIMITER = /^\|[ ]*:?-+:?[ ]*(?:\|[ ]*:?-+:?[ ]*)*\|?[ ]*$/;

/**
 * A line that goes on a table as a body row: `|`-led, or plain text with a pipe (a row need not
 * start with one: typing before a row's first pipe leaves `x| a | b |`). No escapes.
 */
function isBodyRow(line: string): boolean {
  if (line.includes('\\') || DELIMITER_LIKE.test(line)) return false;
  return line.startsWith('|') || (line.includes('|') && PLAIN_START.test(line) && !ORDERED.test(line));
}

type Position = NonNullable<RootContent['position']>;
const at = (start: number, end: number): Position => ({
  start: { line: 0, column: 0, offset: start },
  end: { line: 0, column: 0, offset: end },
});

interface Level {
  readonly list: List;
  /** Column of the items' markers. */
  readonly indent: number;
  /** Column of the items' content (marker, its width and one space). */
  readonly content: number;
  /** `-`, `*` or `+` for bullets; `.` or `)` for ordered items. */
  readonly marker: string;
}

interface ItemLine {
  readonly indent: number;
  readonly marker: string;
  readonly ordered: boolean;
  readonly number: number;
  readonly content: string;
  readonly contentColumn: number;
}

function itemLine(line: string): ItemLine | undefined {
  const bullet = BULLET_LINE.exec(line);
  if (bullet)
    return {
      indent: bullet[1].length,
      marker: bullet[2],
      ordered: false,
      number: 0,
      content: bullet[3],
      contentColumn: bullet[1].length + 2,
    };
  const ordered = ORDERED_LINE.exec(line);
  if (ordered)
    return {
      indent: ordered[1].length,
      marker: ordered[3],
      ordered: true,
      number: Number(ordered[2]),
      content: ordered[4],
      contentColumn: ordered[1].length + ordered[2].length + 2,
    };
  return undefined;
}

/**
 * The top-level blocks of a section made only of ATX headings, blank lines, paragraphs of
 * plain lines, thematic breaks, plain pipe tables, closed fenced code at the margin and tight lists (bullet or ordered) whose items
 * are one paragraph of plain lines, nested at their parent's content column (up to three columns
 * deeper), as remark's block parse gives them. Undefined otherwise: CRs, tabs, other blocks,
 * loose or interrupted shapes, odd indentation, or item content that would open a block.
 */
export function simpleBlocks(src: string): RootContent[] | undefined {
  if (src.includes('\r') || src.includes('\t')) return undefined;
  const out: RootContent[] = [];
  let levels: Level[] = [];
  let paragraph: Paragraph | undefined;
  /** The paragraph of the innermost open item that a continuation line extends. */
  let itemParagraph: Paragraph | undefined;
  let table: Table | undefined;
  let previous: 'start' | 'blank' | 'heading' | 'para' | 'item' | 'table' = 'start';
  for (let start = 0; start < src.length;) {
    let end = src.indexOf('\n', start);
    if (end < 0) end = src.length;
    const line = src.slice(start, end);
    const next = end + 1;
    if (previous === 'table') {
      // A table goes on to the next blank line: only `|`-led rows without escapes are taken.
      if (/^ *$/.test(line)) {
        table = undefined;
        previous = 'blank';
      } else if (isBodyRow(line)) {
        table!.children.push({ type: 'tableRow', children: [], position: at(start, end) });
        table!.position!.end.offset = end;
      } else return undefined;
      start = next;
      continue;
    }
    if (/^ *$/.test(line)) {
      previous = 'blank';
      paragraph = undefined;
    } else if (line.startsWith('#')) {
      if (!PLAIN_HEADING.test(line) || previous === 'para') return undefined;
      levels = [];
      paragraph = undefined;
      out.push({ type: 'heading', depth: /^#+/.exec(line)![0].length as 1, children: [], position: at(start, end) });
      previous = 'heading';
    } else if (THEMATIC_BREAK.test(line)) {
      // After a paragraph or an item line it would be a setext underline or need a closer look.
      if (previous === 'para' || previous === 'item') return undefined;
      levels = [];
      paragraph = undefined;
      out.push({ type: 'thematicBreak', position: at(start, end) });
      previous = 'heading';
    } else if (DELIMITER_LIKE.test(line)) {
      return undefined;
    } else if (line.startsWith('|')) {
      // A table: header row after a blank, a heading or the start, then its delimiter row.
      // (A table may interrupt a paragraph: the paragraph ends on the line above.)
      if (previous === 'item' || line.includes('\\')) return undefined;
      const delimiterEnd = src.indexOf('\n', next) < 0 ? src.length : src.indexOf('\n', next);
      const delimiter = src.slice(next, delimiterEnd);
      if (next >= src.length || !TABLE_DELIMITER.test(delimiter) || pipeCells(line) !== pipeCells(delimiter)) return undefined;
      levels = [];
      paragraph = undefined;
      table = {
        type: 'table',
        children: [{ type: 'tableRow', children: [], position: at(start, end) }],
        position: at(start, delimiterEnd),
      };
      out.push(table);
      previous = 'table';
      start = delimiterEnd + 1;
      continue;
    } else if (FENCE_OPEN.test(line)) {
      // Fenced code at the margin (it interrupts a paragraph or a list); it must close.
      const open = FENCE_OPEN.exec(line)!;
      const fence = open[1];
      if (fence[0] === '`' && open[2].includes('`')) return undefined;
      let close = next;
      for (;;) {
        if (close >= src.length) return undefined;
        let closeEnd = src.indexOf('\n', close);
        if (closeEnd < 0) closeEnd = src.length;
        const m = FENCE_CLOSE.exec(src.slice(close, closeEnd));
        if (m && m[1][0] === fence[0] && m[1].length >= fence.length) {
          close = closeEnd;
          break;
        }
        close = closeEnd + 1;
      }
      levels = [];
      paragraph = undefined;
      out.push({ type: 'code', value: '', position: at(start, close) });
      previous = 'heading';
      start = close + 1;
      continue;
    } else {
      const item = itemLine(line);
      if (item) {
        const placed = pushItem(item, start, end);
        if (!placed) return undefined;
        previous = placed;
      } else if (previous === 'item') {
        // A lazy or indented continuation line of the open paragraph of the innermost item.
        const text = line.trimStart();
        if (!PLAIN_START.test(text) || ORDERED.test(text) || FENCE_LIKE.test(text)) return undefined;
        itemParagraph!.position!.end.offset = end;
        extendLevels(end);
      } else if (previous === 'blank' && levels.length && line.startsWith(' ')) {
        // After a blank line, a paragraph of the deepest item whose content column it reaches.
        const indent = line.length - line.trimStart().length;
        const text = line.slice(indent);
        let k = levels.length - 1;
        while (k >= 0 && levels[k].content > indent) k--;
        if (k < 0 || indent >= levels[k].content + 4 || !PLAIN_START.test(text) || ORDERED.test(text) || FENCE_LIKE.test(text))
          return undefined;
        levels = levels.slice(0, k + 1);
        const owner = levels[k].list.children[levels[k].list.children.length - 1];
        itemParagraph = { type: 'paragraph', children: [], position: at(start + indent, end) };
        owner.children.push(itemParagraph);
        extendLevels(end);
        previous = 'item';
      } else {
        if (!PLAIN_START.test(line) || ORDERED.test(line) || line.startsWith('```')) return undefined;
        levels = [];
        if (paragraph && previous === 'para') paragraph.position!.end.offset = end;
        else {
          paragraph = { type: 'paragraph', children: [], position: at(start, end) };
          out.push(paragraph);
        }
        previous = 'para';
      }
    }
    start = next;
  }
  return out;

  /**
   * Places one item line in the open lists, or as a lazy line of the open paragraph when it cannot
   * start a list there; what the line continues, or false when remark could read it otherwise.
   */
  function pushItem(item: ItemLine, start: number, end: number): 'item' | 'para' | false {
    const { indent, content } = item;
    const openParagraph = itemParagraph;
    // An ordered item from another number than 1 cannot interrupt a paragraph: it is a lazy line of
    // it (what typing at the start of a list's first line leaves for its second: `x 1. a` / `2. b`).
    if (previous === 'para' && paragraph && item.ordered && item.number !== 1 && indent <= 3) {
      paragraph.position!.end.offset = end;
      return 'para';
    }
    // An item interrupting a paragraph: only at the margin, and an ordered one only from 1.
    if (previous === 'para' && (indent > 0 || (item.ordered && item.number !== 1))) return false;
    if (BLOCK_IN_ITEM.test(content)) return false;
    const task = TASK.exec(content);
    if (!task && /^\[[ xX]\]/.test(content)) return false;
    const bodyStart = start + item.contentColumn + (task ? 4 : 0);
    itemParagraph = { type: 'paragraph', children: [], position: at(bodyStart, end) };
    const node: ListItem = {
      type: 'listItem',
      spread: false,
      checked: task ? task[1] !== ' ' : null,
      children: [itemParagraph],
      position: at(start + indent, end),
    };
    let k = levels.length - 1;
    while (k >= 0 && levels[k].indent > indent) k--;
    if (k >= 0 && levels[k].indent === indent) {
      if (levels[k].marker !== item.marker) return false;
      levels = levels.slice(0, k + 1);
      levels[k].list.children.push(node);
    } else if (levels.length === 0 && indent === 0) {
      const list: List = { type: 'list', ordered: item.ordered, spread: false, children: [node], position: at(start, end) };
      out.push(list);
      levels = [{ list, indent, content: item.contentColumn, marker: item.marker }];
    } else if (k === levels.length - 1 && k >= 0 && indent >= levels[k].content && indent <= levels[k].content + 3) {
      // A list nested in the last item; an ordered one interrupts that item's paragraph, so it
      // starts at 1 (from another number the line is a lazy line of that paragraph).
      if (item.ordered && item.number !== 1) {
        if (previous !== 'item' || !openParagraph) return false;
        itemParagraph = openParagraph;
        openParagraph.position!.end.offset = end;
        extendLevels(end);
        return 'item';
      }
      const parent = levels[k].list.children[levels[k].list.children.length - 1];
      const list: List = { type: 'list', ordered: item.ordered, spread: false, children: [node], position: at(start + indent, end) };
      parent.children.push(list);
      levels.push({ list, indent, content: item.contentColumn, marker: item.marker });
    } else return false;
    extendLevels(end);
    return 'item';
  }

  /** The line ending at `end` ends every open item and list. */
  function extendLevels(end: number): void {
    for (const level of levels) {
      level.list.position!.end.offset = end;
      const last = level.list.children[level.list.children.length - 1];
      last.position!.end.offset = end;
    }
  }
}
