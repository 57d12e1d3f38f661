// After a run (or when evidence lands): ask the server for the row-state and ledger edits and
// apply them as one WorkspaceEdit according to planloop.autoUpdate (ask | always | off).
import * as vscode from 'vscode';
import { ApplyRunRequest, type ApplyRunResult } from '../../server/protocol';
import type { PlanLoopClient } from '../planLoopClient';

export async function applyRunOutcome(deps: { client: PlanLoopClient; output: vscode.LogOutputChannel }, recordPath: string, summary: string): Promise<boolean> {
  const mode = vscode.workspace.getConfiguration('planloop').get<'ask' | 'always' | 'off'>('autoUpdate', 'ask');
  if (mode === 'off') {
    void vscode.window.showInformationMessage(`Plan Loop: ${summary}. Rows and ledger left as they are (planloop.autoUpdate is off).`);
    return false;
  }
  const result = await deps.client.request(ApplyRunRequest, { recordPath });
  return applyProposal(deps, result, summary, mode === 'ask');
}

/** Applies a server proposal; with `ask`, VS Code shows the refactor preview first. */
export async function applyProposal(deps: { client: PlanLoopClient; output: vscode.LogOutputChannel }, result: ApplyRunResult, summary: string, ask: boolean): Promise<boolean> {
  for (const note of result.notes) deps.output.info(note);
  if (!result.edit) {
    void vscode.window.showWarningMessage(`Plan Loop: ${summary}. ${result.notes.join(' ') || 'Nothing to update.'}`);
    return false;
  }
  const edit = await deps.client.asWorkspaceEdit(result.edit);
  if (!edit) return false;
  if (ask) {
    // Marking every entry as needing confirmation makes VS Code open the refactor preview.
    const confirmed = new vscode.WorkspaceEdit();
    const metadata: vscode.WorkspaceEditEntryMetadata = { needsConfirmation: true, label: summary, description: result.notes.join(' ') };
    for (const [uri, edits] of edit.entries()) for (const e of edits) confirmed.replace(uri, e.range, e.newText, metadata);
    return vscode.workspace.applyEdit(confirmed);
  }
  return vscode.workspace.applyEdit(edit);
}
