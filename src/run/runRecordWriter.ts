// Writes the run record (and, on failure, blocker.md) into the hub: the core's recordRun over
// vscode.workspace.fs. This file only does I/O; the format is the core's, shared with the CLI.
import * as vscode from 'vscode';
import type { RunPlan } from '../../server/protocol';
import { judgeRun, recordRun, type HubPort } from '../../server/core/run/runRecord';
import { taskRunEnd, type TaskOutcome } from './taskRunEnd';

function workspaceHubPort(folder: vscode.WorkspaceFolder): HubPort {
  const uri = (rel: string): vscode.Uri => vscode.Uri.joinPath(folder.uri, rel);
  return {
    readFile: async (rel) => {
      try {
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri(rel)));
      } catch {
        return undefined;
      }
    },
    readDirectory: async (rel) => {
      try {
        return (await vscode.workspace.fs.readDirectory(uri(rel))).map(([name, type]) => ({
          name,
          isDirectory: (type & vscode.FileType.Directory) !== 0 && (type & vscode.FileType.SymbolicLink) === 0,
          isFile: (type & vscode.FileType.File) !== 0,
        }));
      } catch {
        return [];
      }
    },
    mtimeMs: async (rel) => {
      try {
        return (await vscode.workspace.fs.stat(uri(rel))).mtime;
      } catch {
        return undefined;
      }
    },
    writeFile: (rel, text) => Promise.resolve(vscode.workspace.fs.writeFile(uri(rel), new TextEncoder().encode(text))),
  };
}

/** Returns the record's workspace-relative path and how the run did against what its row expects ("failed as expected"). */
export async function writeRunRecord(
  folder: vscode.WorkspaceFolder,
  plan: RunPlan,
  outcome: TaskOutcome,
): Promise<{ recordPath: string; result: string }> {
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder.uri, plan.hubDir));
  const { recordPath, record } = await recordRun(workspaceHubPort(folder), plan, taskRunEnd(outcome));
  return { recordPath, result: judgeRun(record).result };
}
