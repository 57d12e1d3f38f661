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
import type { Span } from './model';

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

/** Full mdast: blocks and inline content. */
export function parseMarkdown(text: string): Root {
  return processor.parse(text);
}

/**
 * Block structure only (headings, lists and items with their task checks, tables and rows,
 * paragraphs, code, definitions), with the same nodes and offsets `parseMarkdown` gives.
 * Phrasing content is one unparsed text run: use `parseMarkdown` where inline nodes matter.
 * About twice as fast, which is what per-keystroke re-parsing of a section needs.
 */
export function parseBlocks(text: string): Root {
  return blockProcessor.parse(text);
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
