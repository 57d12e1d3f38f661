// The Loop History view, its diff documents, its refresh command and the watch on git's HEAD
// (a commit, a checkout or a pull brings the history up to date; edits never do).
import * as vscode from 'vscode';
import { Commands } from '../../server/protocol';
import type { PlanLoopClient } from '../planLoopClient';
import { HistoryTreeProvider } from './historyTree';
import { registerHistoryDiff } from '../history/historyDiff';
import { debounce } from '../planLoopClient';

export function registerHistoryView(context: vscode.ExtensionContext, client: PlanLoopClient): HistoryTreeProvider {
  const history = new HistoryTreeProvider(client);
  const view = vscode.window.createTreeView('planloop.history', { treeDataProvider: history, showCollapseAll: true });
  history.attach(view);
  registerHistoryDiff(context, client);
  const headMoved = debounce(() => history.reload(true), 300);
  context.subscriptions.push(history, view, { dispose: headMoved.dispose });
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '.git/{HEAD,logs/HEAD,refs/heads/**}'));
    context.subscriptions.push(watcher, watcher.onDidChange(headMoved), watcher.onDidCreate(headMoved), watcher.onDidDelete(headMoved));
  }
  context.subscriptions.push(vscode.commands.registerCommand(Commands.refreshHistory, () => history.reload(true)));
  return history;
}
