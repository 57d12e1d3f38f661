// Shared helpers for the in-editor suite.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PlanLoopApi } from '../../src/extension';
import { waitFor } from '../support/waitFor';

export { waitFor, nextEvent } from '../support/waitFor';

export const EXTENSION_ID = 'planloop.planloop';

export async function activateExtension(): Promise<PlanLoopApi> {
  const extension = vscode.extensions.getExtension<PlanLoopApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  const api = await extension.activate();
  await api.ready;
  return api;
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs a workspace folder');
  return folder.uri;
}

export function fileUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), relative);
}

/** Waits until the server has indexed the workspace. */
export async function waitForIndex(api: PlanLoopApi): Promise<void> {
  await waitFor('the server to index the workspace', async () => {
    const info = await api.sendRequest<{ plans: number }>('planloop/serverInfo');
    return info.plans > 0 ? true : undefined;
  });
}
