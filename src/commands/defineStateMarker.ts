// The quick fix of `unknown-state`: a plan's own marker or word (`[T]`, `🔑`) becomes a state in
// the workspace's planloop.states; the server re-reads its settings and the rows.
import * as vscode from 'vscode';

const KINDS = ['open', 'in-progress', 'done', 'blocked', 'skipped', 'deferred'] as const;

export async function defineStateMarker(arg: unknown): Promise<void> {
  const { marker, kind } = (arg ?? {}) as { marker?: unknown; kind?: unknown };
  if (typeof marker !== 'string' || !marker.trim() || !KINDS.includes(kind as (typeof KINDS)[number])) {
    throw new Error('defineStateMarker needs { marker, kind } with kind one of ' + KINDS.join(', '));
  }
  const config = vscode.workspace.getConfiguration('planloop');
  const current = config.inspect<Record<string, string>>('states')?.workspaceValue ?? {};
  await config.update('states', { ...current, [marker]: kind }, vscode.ConfigurationTarget.Workspace);
}
