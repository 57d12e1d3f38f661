// A minimal LSP client for tests: the built server as a child process over stdio.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { repoRoot } from '../support/paths';

export interface TestServer {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  readonly logs: string[];
  readonly diagnostics: Map<string, PublishDiagnosticsParams['diagnostics']>;
  uri(relative: string): string;
  /** Waits (bounded) until the server has indexed the workspace. */
  indexed(): Promise<void>;
  stop(): Promise<void>;
}

export async function startServer(root: string, settings: Record<string, unknown> = {}): Promise<TestServer> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const logs: string[] = [];
  const diagnostics = new Map<string, PublishDiagnosticsParams['diagnostics']>();
  connection.onNotification('window/logMessage', (p: { message: string }) => logs.push(p.message));
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => diagnostics.set(p.uri, p.diagnostics));
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => settings));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  const rootUri = pathToFileURL(root).toString();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri, workspaceFolders: [{ uri: rootUri, name: 'ws' }], capabilities: { workspace: { configuration: true } } });
  await connection.sendNotification('initialized', {});
  const uri = (relative: string): string => pathToFileURL(path.join(root, relative)).toString();
  return {
    connection,
    process: child,
    logs,
    diagnostics,
    uri,
    async indexed() {
      const deadline = Date.now() + 30_000;
      while (!logs.some((l) => l.startsWith('Indexed '))) {
        if (Date.now() > deadline) throw new Error(`server did not index within 30 s; logs: ${logs.join(' | ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      await new Promise((r) => setTimeout(r, 300)); // diagnostics are published after a short debounce
    },
    async stop() {
      await connection.sendRequest('shutdown').catch(() => undefined);
      await connection.sendNotification('exit').catch(() => undefined);
      connection.dispose();
      child.kill();
    },
  };
}
