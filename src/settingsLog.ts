// Says in the Plan Loop output when a setting the client acts on changes, with its new value: the
// user sees that the change was taken up (and the end-to-end suite waits for that line).
import * as vscode from 'vscode';

const CLIENT_SETTINGS = ['autoUpdate', 'confirmRuns', 'defaultProfile'] as const;

export function logSettingChanges(output: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    const config = vscode.workspace.getConfiguration('planloop');
    for (const key of CLIENT_SETTINGS)
      if (e.affectsConfiguration(`planloop.${key}`)) output.info(`Setting planloop.${key} is now ${JSON.stringify(config.get(key))}`);
  });
}
