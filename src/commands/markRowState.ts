// Marks a row's state through the server's edit (exactly the marker bytes), applied as a
// WorkspaceEdit: undoable, and applied to the open buffer if the plan is dirty.
import * as vscode from 'vscode';
import { RowStateEditRequest } from '../../server/protocol';
import type { PlanLoopClient } from '../planLoopClient';
import { rowRefFrom, type RowRef } from './rowArgs';

const STATE_PICKS: Array<vscode.QuickPickItem & { marker: string }> = [
  { label: '$(pass-filled) Done', description: '[x]', marker: '[x]' },
  { label: '$(circle-large-filled) In progress', description: '[P]', marker: '[P]' },
  { label: '$(circle-large-outline) Open', description: '[ ]', marker: '[ ]' },
  { label: '$(error) Blocked', description: '[B]', marker: '[B]' },
  { label: '$(debug-step-over) Skipped', description: '[-]', marker: '[-]' },
  { label: '$(clock) Deferred', description: '[~]', marker: '[~]' },
];

export async function markRowState(client: PlanLoopClient, arg: unknown, marker?: string): Promise<boolean> {
  const ref = rowRefFrom(arg);
  if (!ref) {
    void vscode.window.showWarningMessage('Plan Loop: open a plan and put the cursor on a row first.');
    return false;
  }
  const chosen =
    marker ??
    (isMarkerArg(arg) ? arg.marker : (await vscode.window.showQuickPick(STATE_PICKS, { title: `State of ${ref.rowId || 'row'}` }))?.marker);
  if (!chosen) return false;
  return applyRowState(client, ref, chosen);
}

function isMarkerArg(arg: unknown): arg is RowRef & { marker: string } {
  return typeof arg === 'object' && arg !== null && typeof (arg as { marker?: unknown }).marker === 'string';
}

export async function applyRowState(client: PlanLoopClient, ref: RowRef, marker: string): Promise<boolean> {
  const result = await client.request(RowStateEditRequest, { uri: ref.uri, rowId: ref.rowId, line: ref.line, marker });
  if (result.error || !result.edit) {
    void vscode.window.showWarningMessage(`Plan Loop: ${result.error ?? 'no row to mark'}`);
    return false;
  }
  const edit = await client.asWorkspaceEdit(result.edit);
  return edit ? vscode.workspace.applyEdit(edit) : false;
}
