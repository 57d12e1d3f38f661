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

// ---- Headings, paragraphs and one-line bullet lists --------------------------------------

const BULLET_LINE = /^( *)([-*+]) (\S.*)$/;
const PLAIN_HEADING = /^#{1,6} \S(?:.*[^\s#])?$/;
// First characters a paragraph line may start with, so it cannot open another block.
const PLAIN_START = /^(?:[A-Za-z0-9(`"'“‘]|[*_](?![*_ ]*$)(?!\* ))/;
const ORDERED = /^\d+[.)](?:\s|$)/;
// Item content that would open a block inside the item, or a definition.
const BLOCK_IN_ITEM = /^(?:[-*+](?:\s|$)|\d+[.)](?:\s|$)|[#>|<~]|`{3}|\[[^\]]*\]:|([-*_])(?:\s*\1){2,}\s*$)/;
const TASK = /^\[([ xX])\] (?=\S)/;

type Position = NonNullable<RootContent['position']>;
const at = (start: number, end: number): Position => ({
  start: { line: 0, column: 0, offset: start },
  end: { line: 0, column: 0, offset: end },
});

interface Level {
  readonly list: List;
  readonly indent: number;
  readonly marker: string;
}

/**
 * The top-level blocks of a section made only of ATX headings, blank lines, paragraphs of
 * plain lines and bullet lists whose items are one line each (`- text`, `- [x] text`,
 * nested two spaces deeper), as remark's block parse gives them. Undefined otherwise: CRs,
 * tabs, other blocks, lazy or continued lines, loose lists, odd indentation, or item content
 * that would open a block.
 */
export function simpleBlocks(src: string): RootContent[] | undefined {
  if (src.includes('\r') || src.includes('\t')) return undefined;
  const out: RootContent[] = [];
  let levels: Level[] = [];
  let paragraph: Paragraph | undefined;
  let previous: 'start' | 'blank' | 'heading' | 'para' | 'item' = 'start';
  for (let start = 0; start < src.length;) {
    let end = src.indexOf('\n', start);
    if (end < 0) end = src.length;
    const line = src.slice(start, end);
    const next = end + 1;
    if (/^ *$/.test(line)) {
      previous = 'blank';
      paragraph = undefined;
    } else if (line.startsWith('#')) {
      if (!PLAIN_HEADING.test(line) || previous === 'para') return undefined;
      levels = [];
      paragraph = undefined;
      out.push({ type: 'heading', depth: /^#+/.exec(line)![0].length as 1, children: [], position: at(start, end) });
      previous = 'heading';
    } else {
      const bullet = BULLET_LINE.exec(line);
      if (bullet) {
        if (previous === 'blank' && levels.length) return undefined;
        // A bullet item with content interrupts a paragraph (the paragraph ends on the line above).
        if (previous === 'para' && bullet[1]) return undefined;
        const indent = bullet[1].length;
        const content = bullet[3];
        if (BLOCK_IN_ITEM.test(content)) return undefined;
        const task = TASK.exec(content);
        if (!task && /^\[[ xX]\]/.test(content)) return undefined;
        const bodyStart = start + indent + 2 + (task ? 4 : 0);
        const item: ListItem = {
          type: 'listItem',
          spread: false,
          checked: task ? task[1] !== ' ' : null,
          children: [{ type: 'paragraph', children: [], position: at(bodyStart, end) }],
          position: at(start + indent, end),
        };
        let k = levels.length - 1;
        while (k >= 0 && levels[k].indent > indent) k--;
        if (k >= 0 && levels[k].indent === indent) {
          if (levels[k].marker !== bullet[2]) return undefined;
          levels = levels.slice(0, k + 1);
          levels[k].list.children.push(item);
        } else if (levels.length === 0 && indent === 0) {
          const list: List = { type: 'list', ordered: false, spread: false, children: [item], position: at(start, end) };
          out.push(list);
          levels = [{ list, indent, marker: bullet[2] }];
        } else if (k === levels.length - 1 && k >= 0 && indent === levels[k].indent + 2) {
          const parent = levels[k].list.children[levels[k].list.children.length - 1];
          const list: List = { type: 'list', ordered: false, spread: false, children: [item], position: at(start + indent, end) };
          parent.children.push(list);
          levels.push({ list, indent, marker: bullet[2] });
        } else return undefined;
        // The new line ends every enclosing item and list.
        for (const level of levels) {
          level.list.position!.end.offset = end;
          const last = level.list.children[level.list.children.length - 1];
          last.position!.end.offset = end;
        }
        previous = 'item';
      } else {
        if (!PLAIN_START.test(line) || ORDERED.test(line) || line.startsWith('```') || previous === 'item') return undefined;
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
}
