// Sync ledger (preview, then one undoable WorkspaceEdit) and New attempt (prefilled entry).
import * as vscode from 'vscode';
import { NewAttemptEditRequest, SyncLedgerRequest } from '../../server/protocol';
import type { PlanLoopClient } from '../planLoopClient';
import { applyProposal, type ProposalDeps } from '../run/applyRunOutcome';
import { serially } from '../run/proposalQueue';
import { toRange } from '../convert';

export function syncLedger(deps: ProposalDeps): Promise<boolean> {
  return serially(async () => {
    const result = await deps.client.request(SyncLedgerRequest);
    if (!result.edit) {
      void vscode.window.showInformationMessage(`Plan Loop: ledger is in sync. ${result.notes.join(' ')}`.trim());
      return false;
    }
    return applyProposal(deps, result, 'Sync ledger', true);
  });
}

export async function newAttempt(client: PlanLoopClient, arg: unknown): Promise<boolean> {
  const initiativeId =
    typeof arg === 'string'
      ? arg
      : ((arg as { initiativeId?: string; initiative?: { id?: string } } | undefined)?.initiativeId ??
        (arg as { initiative?: { id?: string } } | undefined)?.initiative?.id);
  const result = await client.request(NewAttemptEditRequest, { initiativeId });
  if (!result.edit || !result.location) {
    void vscode.window.showWarningMessage(`Plan Loop: ${result.error ?? 'could not add an attempt'}`);
    return false;
  }
  const edit = await client.asWorkspaceEdit(result.edit);
  if (!edit || !(await vscode.workspace.applyEdit(edit))) return false;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(result.location.uri));
  const range = toRange(result.location.range);
  await vscode.window.showTextDocument(document, { selection: new vscode.Selection(range.end, range.end) });
  return true;
}
