// Activation: start the language client and register client features.
// Everything registered goes into context.subscriptions so nothing leaks.
import * as vscode from 'vscode';
import { startLanguageClient } from './client';

export interface PlanLoopApi {
  /** Resolves once the language server has answered `initialize`. */
  readonly ready: Promise<void>;
  sendRequest<R>(method: string, params?: unknown): Promise<R>;
}

export function activate(context: vscode.ExtensionContext): PlanLoopApi {
  const output = vscode.window.createOutputChannel('Plan Loop', { log: true });
  context.subscriptions.push(output);

  const client = startLanguageClient(context, output);

  context.subscriptions.push(
    vscode.commands.registerCommand('planloop.showOutput', () => output.show()),
  );

  return {
    ready: client.ready,
    sendRequest: async <R>(method: string, params?: unknown): Promise<R> => {
      await client.ready;
      return client.client.sendRequest<R>(method, params);
    },
  };
}

export function deactivate(): void {
  // The language client is disposed through context.subscriptions.
}
