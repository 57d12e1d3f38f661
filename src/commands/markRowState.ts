// Marks a row's state through the server's edit (exactly the marker bytes), applied as a
// WorkspaceEdit: undoable, and applied to the open buffer if the plan is dirty. The states offered
// come from the server (the core's vocabulary), so each choice writes the marker the core reads.
import * as vscode from 'vscode';
import { RowStateChoicesRequest, RowStateEditRequest, type StateKind } from '../../server/protocol';
import type { PlanLoopClient } from '../planLoopClient';
import { rowStateCodicon, STATE_LABELS } from '../views/stateIcons';
import { rowRefFrom, type RowRef } from './rowArgs';

/** What to write: a marker as it is (a lens's argument) or a kind (the core picks its marker). */
export type RowStateChoice = { readonly marker: string } | { readonly kind: StateKind };

export async function markRowState(client: PlanLoopClient, arg: unknown, given?: RowStateChoice): Promise<boolean> {
  const ref = rowRefFrom(arg);
  if (!ref) {
    void vscode.window.showWarningMessage('Plan Loop: open a plan and put the cursor on a row first.');
    return false;
  }
  const chosen = given ?? (isMarkerArg(arg) ? { marker: arg.marker } : await pickState(client, ref));
  if (!chosen) return false;
  return applyRowState(client, ref, chosen);
}

async function pickState(client: PlanLoopClient, ref: RowRef): Promise<RowStateChoice | undefined> {
  const choices = await client.request(RowStateChoicesRequest, { uri: ref.uri });
  const picks = choices.map((c) => ({
    label: `${rowStateCodicon(c.kind)} ${STATE_LABELS[c.kind]}`,
    description: c.marker,
    marker: c.marker,
  }));
  const picked = await vscode.window.showQuickPick(picks, { title: `State of ${ref.rowId || 'row'}` });
  return picked && { marker: picked.marker };
}

function isMarkerArg(arg: unknown): arg is RowRef & { marker: string } {
  return typeof arg === 'object' && arg !== null && typeof (arg as { marker?: unknown }).marker === 'string';
}

export async function applyRowState(client: PlanLoopClient, ref: RowRef, choice: RowStateChoice): Promise<boolean> {
  const result = await client.request(RowStateEditRequest, { uri: ref.uri, rowId: ref.rowId, line: ref.line, ...choice });
  if (result.error || !result.edit) {
    void vscode.window.showWarningMessage(`Plan Loop: ${result.error ?? 'no row to mark'}`);
    return false;
  }
  const edit = await client.asWorkspaceEdit(result.edit);
  return edit ? vscode.workspace.applyEdit(edit) : false;
}
