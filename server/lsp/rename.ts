// Rename a row ID across its plan, the handoff and the ledger.
import type { WorkspaceEdit } from 'vscode-languageserver';
import type { IndexedDocument, WorkspaceIndex } from '../core/index/workspace';
import { isRowId } from '../core/parse/references';
import { rangeOf, type UriMapper } from './wire';
import { rowOccurrences, targetRow } from './references';

export function prepareRename(
  index: WorkspaceIndex,
  doc: IndexedDocument,
  offset: number,
): { start: number; end: number; placeholder: string } | null {
  const hit = targetRow(index, doc, offset);
  if (!hit?.row.id) return null;
  const here = rowOccurrences(index, hit).find((o) => o.doc.path === doc.path && offset >= o.start && offset <= o.end);
  return here ? { start: here.start, end: here.end, placeholder: hit.row.id } : null;
}

export function rename(
  index: WorkspaceIndex,
  uris: UriMapper,
  doc: IndexedDocument,
  offset: number,
  newName: string,
): WorkspaceEdit | { error: string } {
  if (!isRowId(newName)) return { error: `'${newName}' is not a row ID (like D1, C4.D3 or B3.a)` };
  const hit = targetRow(index, doc, offset);
  if (!hit?.row.id) return { error: 'no row ID here' };
  const changes: NonNullable<WorkspaceEdit['changes']> = {};
  for (const o of rowOccurrences(index, hit)) {
    const uri = uris.toUri(o.doc.path);
    (changes[uri] ??= []).push({ range: rangeOf(o.doc, o.start, o.end), newText: newName });
  }
  return { changes };
}
