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

/**
 * micromark drops a leading byte-order mark and counts offsets without it; parse after it and
 * move the offsets back, so they index the text as given (a second BOM can open a section).
 */
function parseAfterBom(parse: (text: string) => Root, text: string): Root {
  if (text.charCodeAt(0) !== 0xfeff) return parse(text);
  const root = parse(text.slice(1));
  const shift = (node: Nodes): void => {
    if (node.position) {
      node.position.start.offset = (node.position.start.offset ?? 0) + 1;
      node.position.end.offset = (node.position.end.offset ?? 0) + 1;
    }
    if ('children' in node) for (const child of node.children) shift(child);
  };
  shift(root);
  return root;
}

/** Longer lines are not given to the Markdown library: its time grows faster than the line. */
export const MAX_LINE_CHARS = 20_000;
/** Deeper nesting (list items and quotes) is not given to it either: its time grows with depth squared and more. */
export const MAX_NESTING = 16;

export interface MarkdownLimit {
  /** The first line past a limit: the Markdown library reads the text before it only. */
  readonly span: Span;
  readonly reason: string;
}

const LIST_MARKER = /^(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)/;

/**
 * The first line that is too long or nested too deep for the Markdown library, in one pass and
 * before any parse. Nesting is counted as the library would see it: quote markers, then a stack of
 * list items whose content starts at a deeper column.
 */
export function markdownLimit(text: string): MarkdownLimit | undefined {
  const items: number[] = [];
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const span = { start: lineStart, end: lineEnd };
    if (lineEnd - lineStart > MAX_LINE_CHARS)
      return { span, reason: `line of ${lineEnd - lineStart} characters is longer than ${MAX_LINE_CHARS}` };
    let i = lineStart;
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
    if (i < lineEnd && text.charCodeAt(i) !== 13) {
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
        if (quotes + items.length > MAX_NESTING) return { span, reason: `nesting deeper than ${MAX_NESTING} levels (lists and quotes)` };
      }
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}

/** What an `unread-row` problem says about a limit. */
export function readAsText(limit: MarkdownLimit): string {
  return `${limit.reason}: the Markdown reader stops at this line and the rest of the section is read as text`;
}

/** The text the Markdown library may read: up to the first line past a limit. */
function withinLimits(parse: (text: string) => Root): (text: string) => Root {
  return (text) => {
    const limit = markdownLimit(text);
    return parse(limit ? text.slice(0, limit.span.start) : text);
  };
}

/** Full mdast: blocks and inline content (of the text up to `markdownLimit`). */
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
