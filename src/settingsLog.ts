// Says in the Plan Loop output when a setting the client acts on changes, with its new value: the
// user sees that the change was taken up (and the end-to-end suite waits for that line).
import type * as vscode from 'vscode';
import type { ClientConfig, Config, SettingName } from './config';

const CLIENT_SETTINGS: ReadonlyArray<SettingName & keyof ClientConfig> = ['autoUpdate', 'confirmRuns', 'defaultProfile'];

export function logSettingChanges(config: Config, output: vscode.LogOutputChannel): vscode.Disposable {
  return config.onDidChange(({ config: now, changed }) => {
    for (const key of CLIENT_SETTINGS) if (changed.includes(key)) output.info(`Setting planloop.${key} is now ${JSON.stringify(now[key])}`);
  });
}
