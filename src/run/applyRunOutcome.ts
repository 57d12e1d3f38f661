// After a run (or when evidence lands): ask the server for the row-state and ledger edits and
// apply them as one WorkspaceEdit according to planloop.autoUpdate (ask | always | off).
import * as vscode from 'vscode';
import type { ApplyRunResult, FinishRunResult } from '../../server/protocol';
import type { PlanLoopClient } from '../planLoopClient';
import type { Config } from '../config';
import type { PendingQuestions } from './pendingQuestions';
import { serially } from './proposalQueue';

/** What proposing and applying updates needs from the host. */
export interface ProposalDeps {
  client: PlanLoopClient;
  output: vscode.LogOutputChannel;
  questions: PendingQuestions;
  config: Config;
}

/** What `off` mode says instead of updating. */
export function reportLeftAsIs(summary: string): void {
  void vscode.window.showInformationMessage(`Plan Loop: ${summary}. Rows and ledger left as they are (planloop.autoUpdate is off).`);
}

/**
 * Tells the server how a run ended (`finish`: it records the run and answers with the update the
 * record supports) and proposes (and per the mode applies) that update. Returns whether it was
 * applied, the record's path and the server's notes.
 */
export async function applyRunOutcome(
  deps: ProposalDeps,
  finish: () => Promise<FinishRunResult>,
  summaryOf: (result: FinishRunResult) => string,
): Promise<{ applied: boolean; recordPath?: string; notes: string[] }> {
  const mode = deps.config.get().autoUpdate;
  if (mode === 'off') {
    const result = await finish();
    reportLeftAsIs(summaryOf(result));
    return { applied: false, recordPath: result.recordPath, notes: [] };
  }
  // Asked for inside the queue, so an update applied just before is already in the text.
  return serially(async () => {
    const result = await finish();
    const summary = summaryOf(result);
    return { applied: await applyProposal(deps, result, summary, mode === 'ask'), recordPath: result.recordPath, notes: result.notes };
  });
}

/**
 * Applies a server proposal. With `ask`, a notification names the files and offers Apply or
 * Review Changes (the refactor preview, where each change is ticked before it is applied).
 */
export async function applyProposal(deps: ProposalDeps, result: ApplyRunResult, summary: string, ask: boolean): Promise<boolean> {
  for (const line of [...result.notes, ...(result.proposed ?? [])]) deps.output.info(line);
  if (!result.edit) {
    void vscode.window.showWarningMessage(`Plan Loop: ${summary}. ${result.notes.join(' ') || 'Nothing to update.'}`);
    return false;
  }
  const edit = await deps.client.asWorkspaceEdit(result.edit);
  if (!edit) return false;
  // Notes say what the edit leaves out (no ledger entry, a missing artifact): the user sees them.
  const notes = result.notes.length ? ` Note: ${result.notes.join(' ')}` : '';
  if (!ask) {
    const applied = await applyNow(edit);
    if (notes) void vscode.window.showWarningMessage(`Plan Loop: ${summary}.${notes}`);
    return applied;
  }
  const files = edit
    .entries()
    .map(([uri, edits]) => `${vscode.workspace.asRelativePath(uri)} (${edits.length} ${edits.length === 1 ? 'change' : 'changes'})`);
  const choice = await deps.questions.ask(
    vscode.window.showInformationMessage(`Plan Loop: ${summary}. Update ${files.join(' and ')}?${notes}`, 'Apply', 'Review Changes'),
  );
  if (choice === 'Apply') return applyNow(edit);
  if (choice !== 'Review Changes') return false;
  const reviewed = new vscode.WorkspaceEdit();
  const metadata: vscode.WorkspaceEditEntryMetadata = { needsConfirmation: true, label: summary, description: result.notes.join(' ') };
  for (const [uri, edits] of edit.entries()) for (const e of edits) reviewed.replace(uri, e.range, e.newText, metadata);
  return vscode.workspace.applyEdit(reviewed);
}

/**
 * Applies an edit. Files that had no unsaved changes are saved again, so the CLI and the next run
 * see the update; a dirty buffer is edited in place and left for its owner to save. Undo reverts it.
 */
async function applyNow(edit: vscode.WorkspaceEdit): Promise<boolean> {
  const dirtyBefore = new Set(vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => d.uri.toString()));
  const applied = await vscode.workspace.applyEdit(edit);
  if (applied) {
    for (const [uri] of edit.entries()) {
      if (dirtyBefore.has(uri.toString())) continue;
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (doc?.isDirty) await doc.save();
    }
  }
  return applied;
}
