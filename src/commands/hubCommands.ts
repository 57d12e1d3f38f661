// New artifact hub (creates the timestamped folder, offers to copy its path) and Open artifacts.
import * as vscode from 'vscode';
import { CheckHubRequest, NewHubRequest, RowArtifactsRequest } from '../../server/protocol';
import type { PlanLoopClient } from '../planLoopClient';
import { rowRefFrom } from './rowArgs';

export async function newArtifactHub(client: PlanLoopClient, arg: unknown): Promise<string | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Plan Loop: this workspace is not trusted; no folders are created.');
    return undefined;
  }
  const ref = rowRefFrom(arg);
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return undefined;
  const result = await client.request(NewHubRequest, { uri: ref?.uri, rowId: ref?.rowId, line: ref?.line });
  if (!result.hubDir) {
    void vscode.window.showWarningMessage(`Plan Loop: ${result.error ?? 'no plan to put a hub under'}`);
    return undefined;
  }
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder.uri, result.hubDir));
  const choice = await vscode.window.showInformationMessage(`Plan Loop: created ${result.hubDir}`, 'Copy Path', 'Reveal');
  if (choice === 'Copy Path') await vscode.env.clipboard.writeText(result.hubDir);
  if (choice === 'Reveal') await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.joinPath(folder.uri, result.hubDir));
  return result.hubDir;
}

export async function openArtifacts(client: PlanLoopClient, arg: unknown): Promise<void> {
  const ref = rowRefFrom(arg);
  if (!ref) return;
  const artifacts = await client.request(RowArtifactsRequest, { uri: ref.uri, rowId: ref.rowId, line: ref.line });
  if (artifacts.length === 0) {
    void vscode.window.showInformationMessage(`Plan Loop: row ${ref.rowId} cites no artifacts.`);
    return;
  }
  const pick = await vscode.window.showQuickPick(
    artifacts.map((a) => ({
      label: `$(${a.exists ? 'file' : a.templated ? 'symbol-variable' : 'warning'}) ${a.path}`,
      description: a.exists ? '' : a.templated ? 'template' : 'missing',
      artifact: a,
    })),
    { title: `Artifacts of ${ref.rowId}` },
  );
  if (pick?.artifact.exists && pick.artifact.uri) await vscode.commands.executeCommand('vscode.open', vscode.Uri.parse(pick.artifact.uri));
}

/**
 * Quick fix target: create a missing hub folder. The server refuses what the core refuses for
 * every write: outside the workspace, `..`, or through a symlink that leads out.
 */
export async function createFolder(client: PlanLoopClient, arg: unknown): Promise<string | undefined> {
  const rel = (arg as { path?: string } | undefined)?.path;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!rel || !folder) return undefined;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Plan Loop: this workspace is not trusted; no folders are created.');
    return undefined;
  }
  const refused = (await client.request(CheckHubRequest, { hub: rel })).error;
  if (refused) {
    void vscode.window.showErrorMessage(`Plan Loop: ${refused}`);
    return undefined;
  }
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder.uri, rel));
  return rel;
}
