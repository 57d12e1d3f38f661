// Document links: path references that resolve to files, opened at their line.
import type { DocumentLink } from 'vscode-languageserver';
import type { IndexedDocument, WorkspaceIndex } from '../core/index/workspace';
import { isTemplated } from '../core/parse/artifacts';
import { rangeOf, type UriMapper } from './wire';

export function documentLinks(index: WorkspaceIndex, uris: UriMapper, doc: IndexedDocument, isCancelled: () => boolean): DocumentLink[] {
  const links: DocumentLink[] = [];
  for (const ref of doc.model.references) {
    if (isCancelled()) break;
    if (ref.kind !== 'path' || !ref.path || isTemplated(ref.path)) continue;
    const resolved = index.resolvePath(doc.path, ref.path);
    if (!resolved.stat) continue;
    const target = uris.toUri(resolved.path) + (ref.line ? `#L${ref.line}` : '');
    const end = ref.span.start + ref.path.length;
    links.push({ range: rangeOf(doc, ref.span.start, end), target, tooltip: resolved.path });
  }
  return links;
}
