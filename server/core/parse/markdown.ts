// The one place that turns Markdown into mdast. Offsets are shifted by `base`
// so a section parsed on its own still reports positions in the whole file.
import { unified, type Processor } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { gfm } from 'micromark-extension-gfm';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import type { Root, RootContent, Nodes } from 'mdast';
import type { Span } from '../model/model';

export type { Root, RootContent, Nodes };

const processor = unified().use(remarkParse).use(remarkGfm);

// Inline constructs (CommonMark and GFM). Block structure never depends on them, so leaving
// them out changes no block node or offset; text runs stay unparsed and GFM task checks stay.
const INLINE_CONSTRUCTS = [
  'attention',
  'autolink',
  'characterEscape',
  'characterReference',
  'codeText',
  'hardBreakEscape',
  'htmlText',
  'labelEnd',
  'labelStartImage',
  'labelStartLink',
  'wwwAutolink',
  'protocolAutolink',
  'emailAutolink',
  'gfmFootnoteCall',
  'gfmPotentialFootnoteCall',
  'strikethrough',
];

const blockProcessor = unified()
  .use(remarkParse)
  .use(function blocksOnly(this: Processor) {
    const data = this.data();
    data.micromarkExtensions = [gfm(), { disable: { null: INLINE_CONSTRUCTS } }];
    data.fromMarkdownExtensions = [gfmFootnoteFromMarkdown(), gfmTableFromMarkdown(), gfmTaskListItemFromMarkdown()];
  });

/** Moves a node's offsets (and its descendants') by `by`. */
function shiftNode(node: Nodes, by: number): void {
  if (node.position) {
    node.position.start.offset = (node.position.start.offset ?? 0) + by;
    node.position.end.offset = (node.position.end.offset ?? 0) + by;
  }
  if ('children' in node) for (const child of node.children) shiftNode(child, by);
}

/**
 * micromark drops a leading byte-order mark and counts offsets without it; parse after it and
 * move the offsets back, so they index the text as given (a second BOM can open a section).
 */
function parseAfterBom(parse: (text: string) => Root, text: string): Root {
  if (text.charCodeAt(0) !== 0xfeff) return parse(text);
  const root = parse(text.slice(1));
  shiftNode(root, 1);
  return root;
}

/** Longer lines are not given to the Markdown library: its time grows faster than the line. */
export const MAX_LINE_CHARS = 20_000;
/** Deeper nesting (list items and quotes) is not given to it either: its time grows with depth squared and more. */
export const MAX_NESTING = 16;

export interface MarkdownLimit {
  /** The line past a limit: the Markdown library does not read it. */
  readonly span: Span;
  readonly reason: string;
  /**
   * Where the Markdown library reads again: the first line after `span` that no container open at
   * `span` can hold (a line at column 0 after a blank line, or one that closes them: a heading, a
   * fence, a list item, HTML), or the end of the text. What lies between is read as text.
   */
  readonly resume: number;
}

const LIST_MARKER = /^(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)/;
// A line at column 0 that ends every open list item and quote even without a blank line before it
// (it cannot be a lazy continuation): an ATX heading, a fence, a bullet or `1.` item with content, HTML.
const CLOSES_CONTAINERS = /^(?:#{1,6}(?:[ \t]|\r?$)|`{3}|~{3}|[-*+][ \t]+\S|1[.)][ \t]+\S|<)/;

/**
 * The lines that are too long or nested too deep for the Markdown library, in one pass and before
 * any parse, each with the line where reading resumes after its block. Nesting is counted as the
 * library would see it: quote markers, then a stack of list items whose content starts at a deeper
 * column.
 */
export function markdownLimits(text: string): MarkdownLimit[] {
  const limits: MarkdownLimit[] = [];
  const items: number[] = [];
  /** An open fenced code block: its lines are code, neither nesting nor a place to resume. */
  let fence: Fence | undefined;
  /** The limit whose block is being skipped, until a line that resumes reading. */
  let skipping: { span: Span; reason: string; fence?: Fence } | undefined;
  let previousBlank = false;
  // A byte-order mark is not content (the Markdown library drops it).
  let lineStart = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; lineStart < text.length; lineStart++) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const span = { start: lineStart, end: lineEnd };
    const at = lineStart;
    lineStart = lineEnd;
    if (skipping) {
      const blank = isBlank(text, at, lineEnd);
      const head = text.slice(at, Math.min(lineEnd, at + 12));
      let resume: number | undefined;
      if (skipping.fence) {
        // A long line inside a fence: reading resumes after the fence.
        if (fenceCloses(skipping.fence, text, at, lineEnd)) resume = lineEnd + 1;
      } else if (!blank && !/^[ \t>]/.test(head) && (previousBlank || CLOSES_CONTAINERS.test(head))) resume = at;
      previousBlank = blank;
      if (resume === undefined) continue;
      limits.push({ span: skipping.span, reason: skipping.reason, resume: Math.min(resume, text.length) });
      skipping = undefined;
      items.length = 0;
      fence = undefined;
      if (resume > at) continue;
    }
    if (lineEnd - at > MAX_LINE_CHARS) {
      skipping = { span, reason: `line of ${lineEnd - at} characters is longer than ${MAX_LINE_CHARS}`, fence };
      previousBlank = false;
      continue;
    }
    let i = at;
    let column = 0;
    const spaces = (): void => {
      for (; i < lineEnd; i++) {
        const c = text.charCodeAt(i);
        if (c === 32) column++;
        else if (c === 9) column += 4 - (column % 4);
        else break;
      }
    };
    spaces();
    if (i >= lineEnd || text.charCodeAt(i) === 13) continue;
    if (fence) {
      // A fence ends at its closing line, or with its container: a line left of the item's
      // content, or one without `>` when the fence is in a quote.
      const quoted = text.charCodeAt(i) === 62;
      if ((fence.quoted && !quoted) || (!fence.quoted && column < fence.column)) fence = undefined;
      else {
        if (fenceCloses(fence, text, i, lineEnd)) fence = undefined;
        continue;
      }
    }
    // A line at this indentation closes the list items whose content starts further right.
    while (items.length && items[items.length - 1] > column) items.pop();
    let quotes = 0;
    // Then the containers this line opens: quote markers and list markers, in any run.
    for (;;) {
      if (text.charCodeAt(i) === 62 /* > */) {
        quotes++;
        i++;
        column++;
      } else {
        const marker = LIST_MARKER.exec(text.slice(i, Math.min(lineEnd, i + 12)));
        if (!marker) break;
        i += marker[0].length;
        column += marker[0].length;
        items.push(column + 1);
      }
      spaces();
      if (quotes + items.length > MAX_NESTING) {
        skipping = { span, reason: `nesting deeper than ${MAX_NESTING} levels (lists and quotes)` };
        previousBlank = false;
        break;
      }
    }
    if (skipping) continue;
    const opener = FENCE.exec(text.slice(i, Math.min(lineEnd, i + 64)));
    if (opener)
      fence = {
        char: opener[1].charCodeAt(0),
        length: opener[1].length,
        column: items.length ? items[items.length - 1] : 0,
        quoted: quotes > 0,
      };
  }
  if (skipping) limits.push({ span: skipping.span, reason: skipping.reason, resume: text.length });
  return limits;
}

interface Fence {
  readonly char: number;
  readonly length: number;
  /** The column its container's content starts at (0 at the top level). */
  readonly column: number;
  readonly quoted: boolean;
}

const FENCE = /^(`{3,}(?=[^`]*$)|~{3,})/;

/** Whether the line from `from` (after its indentation and quote markers) closes `fence`. */
function fenceCloses(fence: Fence, text: string, from: number, lineEnd: number): boolean {
  let i = from;
  while (i < lineEnd && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9 || text.charCodeAt(i) === 62)) i++;
  let run = 0;
  while (i < lineEnd && text.charCodeAt(i) === fence.char) {
    i++;
    run++;
  }
  return run >= fence.length && isBlank(text, i, lineEnd);
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** What an `unread-row` problem says about a limit. */
export function readAsText(limit: Pick<MarkdownLimit, 'reason'>): string {
  return `${limit.reason}: the Markdown reader reads this line and the rest of its block as text`;
}

/**
 * Parses the text around the limits: the text before the first, then after each block read as
 * text, with offsets into the whole text. Each piece is parsed once, so the time stays linear.
 */
function withinLimits(parse: (text: string) => Root): (text: string) => Root {
  return (text) => {
    const limits = markdownLimits(text);
    if (!limits.length) return parse(text);
    const root: Root = { type: 'root', children: [], position: { start: point(0), end: point(text.length) } };
    let from = 0;
    for (const piece of [...limits, { span: { start: text.length, end: text.length }, resume: text.length }]) {
      if (piece.span.start > from) {
        const children = parse(text.slice(from, piece.span.start)).children;
        if (from) for (const child of children) shiftNode(child, from);
        root.children.push(...children);
      }
      from = piece.resume;
    }
    return root;
  };
}

const point = (offset: number) => ({ line: 1, column: 1, offset });

/** Full mdast: blocks and inline content (of the text around `markdownLimits`: each limit's block is left out). */
export function parseMarkdown(text: string): Root {
  return parseAfterBom(
    withinLimits((t) => processor.parse(t)),
    text,
  );
}

/**
 * Block structure only (headings, lists and items with their task checks, tables and rows,
 * paragraphs, code, definitions), with the same nodes and offsets `parseMarkdown` gives.
 * Phrasing content is one unparsed text run: use `parseMarkdown` where inline nodes matter.
 * About twice as fast, which is what per-keystroke re-parsing of a section needs.
 */
export function parseBlocks(text: string): Root {
  return parseAfterBom(
    withinLimits((t) => blockProcessor.parse(t)),
    text,
  );
}

export function spanOf(node: Nodes, base = 0): Span {
  const start = node.position?.start.offset ?? 0;
  const end = node.position?.end.offset ?? start;
  return { start: start + base, end: end + base };
}

/** Concatenated text of a node, with inline code kept in backticks. */
export function plainText(node: Nodes): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'inlineCode') return '`' + node.value + '`';
  if ('children' in node) return (node.children as Nodes[]).map(plainText).join('');
  if ('value' in node && typeof node.value === 'string') return node.value;
  return '';
}

// An ATX heading line, and what may make its inline content read other than as written:
// escapes, entities, emphasis, code, HTML, strikethrough, images, links and footnote calls.
const ATX_LINE = /^ {0,3}#{1,6}(?:[ \t]+(.*?))??(?:[ \t]+#+)?[ \t]*$/;
const INLINE_SYNTAX = /[\\&*_`<>~!]|\]\s*[([]|\[\^|\[\s*\]/;

/**
 * The text of one ATX heading line as remark reads it (plainText of the heading), without running
 * remark when the content is plain words and [bracketed] names (a test holds the two equal).
 */
export function headingLineText(line: string): string {
  const m = ATX_LINE.exec(line);
  const content = m?.[1] ?? (m ? '' : undefined);
  if (content !== undefined && !INLINE_SYNTAX.test(content) && !/^\s|\s$/.test(content)) return content;
  const heading = parseMarkdown(line).children[0];
  return heading ? plainText(heading) : '';
}
