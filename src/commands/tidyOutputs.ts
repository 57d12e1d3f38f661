// "Move Leftover Outputs into the Hub": the handoffs' hygiene pitfalls (no logs at the repository
// root, an empty tmp/) as one command. Moves are one WorkspaceEdit, so Undo puts them back.
import * as vscode from 'vscode';
import { CheckHubRequest, StrayOutputsRequest } from '../../server/protocol';
import type { PlanLoopClient } from '../planLoopClient';

export interface TidyArgs {
  /** Workspace-relative paths to move (default: ask, all picked). */
  readonly paths?: readonly string[];
  /** Workspace-relative hub folder (default: ask, the handoff's hub prefilled). */
  readonly hub?: string;
}

const kb = (size: number): string => (size < 1024 ? `${size} B` : `${(size / 1024).toFixed(1)} KB`);

/** Returns how many files were moved. */
export async function tidyOutputs(client: PlanLoopClient, arg?: TidyArgs): Promise<number> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return 0;
  const report = await client.request(StrayOutputsRequest);
  if (report.strays.length === 0) {
    void vscode.window.showInformationMessage('Plan Loop: no leftover outputs — tmp/ is empty and the repository root has no logs.');
    return 0;
  }
  let chosen = report.strays;
  if (arg?.paths) {
    chosen = report.strays.filter((s) => arg.paths!.includes(s.path));
  } else {
    const picks = await vscode.window.showQuickPick(
      report.strays.map((s) => ({
        label: s.path,
        description: `${s.reason === 'tmp' ? 'in tmp/' : 'log at the repository root'} · ${kb(s.size)}`,
        picked: true,
        stray: s,
      })),
      { canPickMany: true, title: 'Plan Loop: leftover outputs to move into the hub' },
    );
    if (!picks?.length) return 0;
    chosen = picks.map((p) => p.stray);
  }
  const hub =
    arg?.hub ??
    (await vscode.window.showInputBox({
      title: 'Plan Loop: move into this hub folder',
      prompt: 'Workspace-relative folder; the handoff’s Artifacts hub is suggested',
      value: report.hub ?? '',
      validateInput: async (value) => (await client.request(CheckHubRequest, { hub: value })).error,
    }));
  if (!hub) return 0;
  const refused = (await client.request(CheckHubRequest, { hub })).error;
  if (refused) {
    void vscode.window.showErrorMessage(`Plan Loop: ${refused}`);
    return 0;
  }
  const hubUri = vscode.Uri.joinPath(folder.uri, hub.trim().replace(/^\.\//, ''));
  const edit = new vscode.WorkspaceEdit();
  const taken = new Set<string>();
  for (const stray of chosen) {
    // tmp/a/x.log keeps its place under tmp/ (a/x.log); a root log keeps its name; clashes get -1, -2…
    const relative = stray.reason === 'tmp' ? stray.path.replace(/^tmp\//, '') : stray.path;
    const target = await freeName(hubUri, relative, taken);
    edit.renameFile(vscode.Uri.joinPath(folder.uri, stray.path), target, { overwrite: false });
  }
  const moved = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
  if (!moved) {
    void vscode.window.showErrorMessage('Plan Loop: the files could not be moved; nothing was changed.');
    return 0;
  }
  void vscode.window.showInformationMessage(
    `Plan Loop: moved ${chosen.length} leftover ${chosen.length === 1 ? 'output' : 'outputs'} into ${hub}.`,
  );
  return chosen.length;
}

async function freeName(hub: vscode.Uri, relative: string, taken: Set<string>): Promise<vscode.Uri> {
  const dot = relative.lastIndexOf('.');
  const [stem, ext] = dot > relative.lastIndexOf('/') + 1 ? [relative.slice(0, dot), relative.slice(dot)] : [relative, ''];
  for (let n = 0; ; n++) {
    const candidate = vscode.Uri.joinPath(hub, n === 0 ? relative : `${stem}-${n}${ext}`);
    if (taken.has(candidate.toString())) continue;
    const exists = await vscode.workspace.fs.stat(candidate).then(
      () => true,
      () => false,
    );
    if (!exists) {
      taken.add(candidate.toString());
      return candidate;
    }
  }
}
