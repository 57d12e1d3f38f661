// What a view's welcome text may say comes from what the view was actually answered, never from
// the absence of an answer: a context key per view (`planloop.plansState`, …) that stays unset
// until an answer from the complete index arrived. Unset — the first paint, before activation,
// after a reload — shows "Plan Loop is indexing this workspace…"; only an empty answer shows
// "No loop files found". The key is set before the view gets its children, so the workbench never
// sees an empty tree with a stale key.
import * as vscode from 'vscode';

export type ViewStateKey = 'planloop.plansState' | 'planloop.ledgerState' | 'planloop.handoffState';

const current = new Map<ViewStateKey, string>();

/** Sets a view's state key (once per change) and settles when the workbench has it. */
export async function setViewState(key: ViewStateKey, state: string): Promise<void> {
  if (current.get(key) === state) return;
  current.set(key, state);
  await vscode.commands.executeCommand('setContext', key, state);
}
