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

/** Full mdast: blocks and inline content. */
export function parseMarkdown(text: string): Root {
  return parseAfterBom((t) => processor.parse(t), text);
}

/**
 * Block structure only (headings, lists and items with their task checks, tables and rows,
 * paragraphs, code, definitions), with the same nodes and offsets `parseMarkdown` gives.
 * Phrasing content is one unparsed text run: use `parseMarkdown` where inline nodes matter.
 * About twice as fast, which is what per-keystroke re-parsing of a section needs.
 */
export function parseBlocks(text: string): Root {
  return parseAfterBom((t) => blockProcessor.parse(t), text);
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
