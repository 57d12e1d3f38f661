// Starts the Plan Loop language server over stdio, where its writer sends answers it keeps
// encoded between versions (a ledger's outline) without encoding them again.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { Config } from './config';
import { RestartWithBackoff } from './serverRestart';
import { SERVER_EXEC_ARGV } from '../server/protocol';

export interface StartedClient {
  readonly client: LanguageClient;
  readonly ready: Promise<void>;
}

export function startLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, config: Config): StartedClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6019'] } },
  };
  const restart = new RestartWithBackoff(output);
  const clientOptions: LanguageClientOptions = {
    errorHandler: restart,
    documentSelector: [{ scheme: 'file', language: 'markdown' }],
    outputChannel: output,
    // File events come from the one watcher the server registers (server.ts), not from here.
    synchronize: { configurationSection: 'planloop' },
    // The settings travel with initialize, so the server's walk starts without asking for them.
    initializationOptions: {
      trusted: vscode.workspace.isTrusted,
      settings: config.serverSettings(),
    },
  };
  const client = new LanguageClient('planloop', 'Plan Loop', serverOptions, clientOptions);
  restart.attach(client);
  // A deliberate stop (deactivate) never reaches closed(); only a dying process does.
  context.subscriptions.push(client, restart);
  const ready = client.start();
  ready.catch((error: unknown) => output.error(`Plan Loop server failed to start: ${String(error)}`));
  return { client, ready };
}
