// References from a row: the row itself, Do Now items citing it, ledger attempts of its
// initiative naming it, and plan cells mentioning it. Rename reuses the same spans.
import type { Location } from 'vscode-languageserver';
import type { IndexedDocument, RowHit, WorkspaceIndex } from '../core/index/workspace';
import { findRowIdMentions } from '../core/parse/references';
import { rangeOf, type UriMapper } from './wire';
import { locate, rowIdSpan, rowsForMention } from './locate';

export interface Occurrence {
  readonly doc: IndexedDocument;
  readonly start: number;
  readonly end: number;
}

function targetRow(index: WorkspaceIndex, doc: IndexedDocument, offset: number): RowHit | undefined {
  const target = locate(index, doc, offset);
  if (target?.kind === 'row') return target.hit;
  if (target?.kind === 'rowMention') return target.hits[0];
  return undefined;
}

/** Every place that names the row (declaration first). */
export function rowOccurrences(index: WorkspaceIndex, hit: RowHit, isCancelled: () => boolean = () => false): Occurrence[] {
  const id = hit.row.id;
  const out: Occurrence[] = [];
  const declaration = rowIdSpan(hit.doc, hit.row);
  if (declaration) out.push({ doc: hit.doc, ...declaration });
  const same = (other: RowHit): boolean => other.doc.path === hit.doc.path && other.row.span.start === hit.row.span.start;
  for (const doc of index.all()) {
    if (isCancelled()) break;
    for (const m of findRowIdMentions(doc.text)) {
      if (m.id !== id) continue;
      if (declaration && doc.path === hit.doc.path && m.span.start === declaration.start) continue;
      // Keep mentions that resolve to this very row from where they stand.
      const resolved = rowsForMention(index, doc, id, m.span.start);
      if (resolved.some(same)) out.push({ doc, start: m.span.start, end: m.span.end });
    }
  }
  return out;
}

export function references(
  index: WorkspaceIndex,
  uris: UriMapper,
  doc: IndexedDocument,
  offset: number,
  includeDeclaration: boolean,
  isCancelled: () => boolean,
): Location[] {
  const hit = targetRow(index, doc, offset);
  if (!hit || !hit.row.id) return [];
  const all = rowOccurrences(index, hit, isCancelled);
  return (includeDeclaration ? all : all.slice(1)).map((o) => ({ uri: uris.toUri(o.doc.path), range: rangeOf(o.doc, o.start, o.end) }));
}

export { targetRow };
