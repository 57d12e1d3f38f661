// Commands come from workspace files, so each distinct command text is shown once per
// workspace before its first run; trust is checked before anything else.
import * as vscode from 'vscode';
import type { Config } from '../config';

const APPROVED_KEY = 'planloop.approvedCommands';

export async function confirmRun(
  context: vscode.ExtensionContext,
  config: Config,
  label: string,
  commands: readonly string[],
): Promise<boolean> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Plan Loop: this workspace is not trusted, so Plan Loop will not run its commands.');
    return false;
  }
  if (!config.get().confirmRuns) return true;
  const approved = new Set(context.workspaceState.get<string[]>(APPROVED_KEY, []));
  const fresh = commands.filter((c) => !approved.has(c));
  if (fresh.length === 0) return true;
  const answer = await vscode.window.showWarningMessage(
    `Run ${label}? These commands come from the workspace's plan files:`,
    { modal: true, detail: fresh.join('\n\n') },
    'Run',
  );
  if (answer !== 'Run') return false;
  for (const c of fresh) approved.add(c);
  await context.workspaceState.update(APPROVED_KEY, [...approved]);
  return true;
}
