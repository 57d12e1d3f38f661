// The client's settings, in the manner of rust-analyzer's editors/code/src/config.ts: every
// planloop.* setting is listed once with who reads it (configSchema.ts); the ones the client acts on
// are read and validated here, once per change, and every feature asks this module (nothing else
// calls getConfiguration). Changes arrive as events naming the settings that changed.
import * as vscode from 'vscode';
import type { StateKind } from '../server/protocol';
import { readClientConfig, SETTINGS, type ClientConfig, type SettingName } from './configSchema';

export type { AutoUpdateMode, ClientConfig, SettingName } from './configSchema';

export interface ConfigChange {
  readonly config: ClientConfig;
  /** The settings that changed (every planloop.* setting the event affects). */
  readonly changed: readonly SettingName[];
}

/** The client's settings as they are now, re-read when any planloop.* setting changes. */
export class Config implements vscode.Disposable {
  private current: ClientConfig;
  private readonly changed = new vscode.EventEmitter<ConfigChange>();
  /** Fires after a planloop.* setting changed, with the validated settings and the names that changed. */
  readonly onDidChange = this.changed.event;
  private readonly listener: vscode.Disposable;

  constructor(private readonly output: vscode.LogOutputChannel) {
    this.current = this.read();
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      const names = (Object.keys(SETTINGS) as SettingName[]).filter((name) => e.affectsConfiguration(`planloop.${name}`));
      if (!names.length) return;
      this.current = this.read();
      this.changed.fire({ config: this.current, changed: names });
    });
  }

  get(): ClientConfig {
    return this.current;
  }

  /** Teaches Plan Loop a plan's own state marker: `marker → kind` in the workspace's planloop.states. */
  async defineStateMarker(marker: string, kind: StateKind): Promise<void> {
    const settings = vscode.workspace.getConfiguration('planloop');
    const current = settings.inspect<Record<string, string>>('states')?.workspaceValue ?? {};
    await settings.update('states', { ...current, [marker]: kind }, vscode.ConfigurationTarget.Workspace);
  }

  /**
   * Every planloop.* setting as plain JSON, for the server's initialize (the server validates it
   * with the core's schema, as it does each later change).
   */
  serverSettings(): unknown {
    return JSON.parse(JSON.stringify(vscode.workspace.getConfiguration('planloop'))) as unknown;
  }

  private read(): ClientConfig {
    const settings = vscode.workspace.getConfiguration('planloop');
    const { config, problems } = readClientConfig((name) => settings.get(name));
    for (const problem of problems) this.output.warn(problem);
    return config;
  }

  dispose(): void {
    this.listener.dispose();
    this.changed.dispose();
  }
}
