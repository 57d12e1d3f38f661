// A history change opened as the diff of its commit at its line: both sides are read-only
// documents of the file at the parent and at the commit (`planloop-history:` URIs, their text
// from the server, which asks git), so no git extension is needed.
import * as vscode from 'vscode';
import { Commands, HistoryFileRequest } from '../../server/protocol';
import type { PlanLoopClient } from '../planLoopClient';

export const HISTORY_SCHEME = 'planloop-history';
export const OPEN_HISTORY_CHANGE = Commands.openHistoryChange;

export interface HistoryChangeTarget {
  readonly sha: string;
  /** '' for a root commit: the left side is empty. */
  readonly parent: string;
  /** Workspace-relative path. */
  readonly path: string;
  /** 1-based line in the commit's version. */
  readonly line: number;
  readonly title: string;
}

/** `planloop-history:/docs/fix_plan.md?<sha>`: the file as that commit left it. */
export function historyUri(path: string, sha: string): vscode.Uri {
  return vscode.Uri.from({ scheme: HISTORY_SCHEME, path: `/${path}`, query: sha });
}

class HistoryDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly client: PlanLoopClient) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    if (!uri.query) return '';
    const { text } = await this.client.request(HistoryFileRequest, { sha: uri.query, path: uri.path.replace(/^\//, '') });
    return text ?? '';
  }
}

export function registerHistoryDiff(context: vscode.ExtensionContext, client: PlanLoopClient): void {
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(HISTORY_SCHEME, new HistoryDocuments(client)),
    vscode.commands.registerCommand(OPEN_HISTORY_CHANGE, async (target: HistoryChangeTarget) => {
      const name = target.path.split('/').pop() ?? target.path;
      const line = Math.max(0, target.line - 1);
      await vscode.commands.executeCommand(
        'vscode.diff',
        historyUri(target.path, target.parent),
        historyUri(target.path, target.sha),
        `${name} (${target.sha.slice(0, 7)}) — ${target.title}`,
        { selection: new vscode.Range(line, 0, line, 0), preview: true },
      );
    }),
  );
}
