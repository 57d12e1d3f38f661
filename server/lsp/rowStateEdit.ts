// planloop/rowStateEdit: the edit that sets one row's state marker (exactly the marker bytes).
import { isBracketMarker, KIND_MARKERS, markerFor } from '../core/model/states';
import type { WorkspaceEdit } from 'vscode-languageserver';
import type { WorkspaceIndex } from '../core/index/workspace';
import { setRowState } from '../core/edit/edits';
import type { RowStateEditParams } from '../protocol';
import { findRow } from './findRow';
import { coreEditsToWorkspaceEdit, type UriMapper } from './wire';

export function rowStateEdit(index: WorkspaceIndex, uris: UriMapper, params: RowStateEditParams): { edit?: WorkspaceEdit; error?: string } {
  const asked = params.marker ?? (params.kind && KIND_MARKERS[params.kind]?.marker);
  if (!asked || !isBracketMarker(asked)) return { error: `'${asked ?? params.kind}' is not a state marker such as [x], [P] or [ ]` };
  const hit = findRow(index, uris, params);
  if (!hit) return { error: `no row ${params.rowId || `on line ${(params.line ?? 0) + 1}`} in ${params.uri}` };
  // A marker is written as given; a kind as the file's loop family writes it (Kiro's `[-]` under way).
  const marker = params.marker ?? markerFor(params.kind!, hit.doc.family);
  return { edit: coreEditsToWorkspaceEdit(hit.doc, [setRowState(hit.row, marker)], uris) };
}
