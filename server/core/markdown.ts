// The one place that turns Markdown into mdast. Offsets are shifted by `base`
// so a section parsed on its own still reports positions in the whole file.
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { Root, RootContent, Nodes } from 'mdast';
import type { Span } from './model';

export type { Root, RootContent, Nodes };

const processor = unified().use(remarkParse).use(remarkGfm);

export function parseMarkdown(text: string): Root {
  return processor.parse(text);
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
