// planloop/rowStateEdit: the edit that sets one row's state marker (exactly the marker bytes).
import { isBracketMarker, markerFor, markerInFamily } from '../core/model/states';
import type { WorkspaceEdit } from 'vscode-languageserver';
import type { WorkspaceIndex } from '../core/index/workspace';
import { setRowState } from '../core/edit/edits';
import type { RowStateEditParams } from '../protocol';
import { findRow } from './findRow';
import { coreEditsToWorkspaceEdit, type UriMapper } from './wire';

export function rowStateEdit(index: WorkspaceIndex, uris: UriMapper, params: RowStateEditParams): { edit?: WorkspaceEdit; error?: string } {
  const asked = params.marker ?? (params.kind && markerFor(params.kind));
  if (!asked || !isBracketMarker(asked)) return { error: `'${asked ?? params.kind}' is not a state marker such as [x], [P] or [ ]` };
  const hit = findRow(index, uris, params);
  if (!hit) return { error: `no row ${params.rowId || `on line ${(params.line ?? 0) + 1}`} in ${params.uri}` };
  // The pick and the lenses name default markers; the file's family may read one as another state.
  const marker = markerInFamily(asked, hit.doc.family);
  return { edit: coreEditsToWorkspaceEdit(hit.doc, [setRowState(hit.row, marker)], uris) };
}
