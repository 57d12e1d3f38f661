// planloop/rowStateEdit: the edit that sets one row's state marker (exactly the marker bytes).
import { isBracketMarker, KIND_MARKERS } from '../core/model/states';
import type { WorkspaceEdit } from 'vscode-languageserver';
import type { WorkspaceIndex } from '../core/index/workspace';
import { setRowState } from '../core/edit/edits';
import type { RowStateEditParams } from '../protocol';
import { findRow } from './findRow';
import { coreEditsToWorkspaceEdit, type UriMapper } from './wire';

export function rowStateEdit(index: WorkspaceIndex, uris: UriMapper, params: RowStateEditParams): { edit?: WorkspaceEdit; error?: string } {
  const marker = params.marker ?? (params.kind && KIND_MARKERS[params.kind]?.marker);
  if (!marker || !isBracketMarker(marker)) return { error: `'${marker ?? params.kind}' is not a state marker such as [x], [P] or [ ]` };
  const hit = findRow(index, uris, params);
  if (!hit) return { error: `no row ${params.rowId || `on line ${(params.line ?? 0) + 1}`} in ${params.uri}` };
  return { edit: coreEditsToWorkspaceEdit(hit.doc, [setRowState(hit.row, marker)], uris) };
}
