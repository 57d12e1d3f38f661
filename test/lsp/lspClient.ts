// A minimal LSP client for tests: the built server as a child process over stdio.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { repoRoot } from '../support/paths';
import { SERVER_EXEC_ARGV, type IndexProgress } from '../../server/protocol';
import { waitFor } from '../support/waitFor';

export interface TestServer {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcess;
  readonly logs: string[];
  readonly diagnostics: Map<string, PublishDiagnosticsParams['diagnostics']>;
  /** Every planloop/indexProgress report, in order, recorded from the start. */
  readonly indexProgress: IndexProgress[];
  /** How often the server asked for the settings (workspace/configuration). */
  readonly settingsAsked: () => number;
  /** Calls `listener` on every publishDiagnostics (after `diagnostics` is updated). */
  onDiagnostics(listener: (params: PublishDiagnosticsParams) => void): void;
  uri(relative: string): string;
  /**
   * Sends a request together with its $/cancelRequest in one write, so the server sees the cancel
   * before it dispatches the request, and resolves with the raw response.
   */
  sendCancelled(method: string, params: unknown): Promise<{ result?: unknown; error?: { code: number; message: string } }>;
  /** Waits (bounded, 30 s unless given) until the server has indexed the workspace. */
  indexed(timeoutMs?: number): Promise<void>;
  /**
   * Resolves once the server has handled everything sent before (it handles messages in order;
   * a request's answer comes after them). Work it does later — a folder walk, the debounced
   * diagnostics — needs waitForDiagnostics or a condition.
   */
  sync(): Promise<void>;
  /** Waits until the diagnostics published for a file satisfy `accept`; names `what` when they never do. */
  waitForDiagnostics(
    relative: string,
    what: string,
    accept: (diagnostics: PublishDiagnosticsParams['diagnostics']) => boolean,
    timeoutMs?: number,
  ): Promise<PublishDiagnosticsParams['diagnostics']>;
  stop(): Promise<void>;
}

export async function startServer(
  root: string,
  settings: Record<string, unknown> = {},
  // Started as the extension starts it (same Node options); the bench compares others.
  execArgv: readonly string[] = SERVER_EXEC_ARGV,
  /** Sends `settings` with initialize too, as the extension does. */
  options: { settingsWithInitialize?: boolean } = {},
): Promise<TestServer> {
  const child = spawn(process.execPath, [...execArgv, path.join(repoRoot, 'dist/server.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const logs: string[] = [];
  const diagnostics = new Map<string, PublishDiagnosticsParams['diagnostics']>();
  connection.onNotification('window/logMessage', (p: { message: string }) => logs.push(p.message));
  const indexProgress: IndexProgress[] = [];
  connection.onNotification('planloop/indexProgress', (p: IndexProgress) => indexProgress.push(p));
  const diagnosticsListeners: Array<(params: PublishDiagnosticsParams) => void> = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    diagnostics.set(p.uri, p.diagnostics);
    for (const listener of diagnosticsListeners) listener(p);
  });
  let settingsAsked = 0;
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => {
    settingsAsked++;
    return p.items.map(() => settings);
  });
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  const raw = rawResponses(child);
  const rootUri = pathToFileURL(root).toString();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'ws' }],
    capabilities: { workspace: { configuration: true } },
    ...(options.settingsWithInitialize ? { initializationOptions: { settings } } : {}),
  });
  await connection.sendNotification('initialized', {});
  const uri = (relative: string): string => pathToFileURL(path.join(root, relative)).toString();
  return {
    connection,
    process: child,
    logs,
    diagnostics,
    indexProgress,
    settingsAsked: () => settingsAsked,
    onDiagnostics: (listener) => void diagnosticsListeners.push(listener),
    uri,
    sendCancelled: (method, params) => raw.sendCancelled(method, params),
    async indexed(timeoutMs = 30_000) {
      await waitFor('the server to log "Indexed …"', () => logs.some((l) => l.startsWith('Indexed ')), {
        timeoutMs,
        intervalMs: 20,
        seen: () => logs.join(' | ') || 'no log',
      });
    },
    async sync() {
      await connection.sendRequest('planloop/serverInfo');
    },
    async waitForDiagnostics(relative, what, accept, timeoutMs = 10_000) {
      const get = () => diagnostics.get(uri(relative)) ?? [];
      return waitFor(`${what} (diagnostics of ${relative})`, () => (accept(get()) ? get() : undefined), {
        timeoutMs,
        intervalMs: 20,
        seen: () => JSON.stringify(get().map((d) => `${d.range.start.line + 1} ${String(d.code)}`)),
      });
    },
    async stop() {
      const exited = new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
      await connection.sendRequest('shutdown').catch(() => undefined);
      await connection.sendNotification('exit').catch(() => undefined);
      // A server that exits on its own finishes its output (a --cpu-prof profile); one that does not is killed.
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      connection.dispose();
      child.kill();
    },
  };
}

type RawResponse = { id?: unknown; result?: unknown; error?: { code: number; message: string } };

/**
 * Frames the server's stdout itself, to see responses the protocol connection did not ask for.
 * Linear in the bytes read (a large answer arrives in many chunks), and only bodies naming a raw
 * request are parsed, so the figures of the bench are not the harness's.
 */
function rawResponses(child: ChildProcess): { sendCancelled(method: string, params: unknown): Promise<RawResponse> } {
  let chunks: Buffer[] = [];
  let buffered = 0;
  /** The length of the body being read; -1 while reading a header. */
  let bodyLength = -1;
  const responses = new Map<string, RawResponse>();
  const joined = (): Buffer => {
    const all = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    chunks = [all];
    return all;
  };
  const keep = (rest: Buffer): void => {
    chunks = [rest];
    buffered = rest.length;
  };
  child.stdout!.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    buffered += chunk.length;
    for (;;) {
      if (bodyLength < 0) {
        const head = joined();
        const headerEnd = head.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        bodyLength = Number(/Content-Length: (\d+)/i.exec(head.subarray(0, headerEnd).toString('ascii'))?.[1] ?? 0);
        keep(head.subarray(headerEnd + 4));
      }
      if (buffered < bodyLength) return;
      const all = joined();
      const body = all.subarray(0, bodyLength);
      if (body.includes('"raw-')) {
        const message = JSON.parse(body.toString('utf8')) as RawResponse;
        if (typeof message.id === 'string' && message.id.startsWith('raw-')) responses.set(message.id, message);
      }
      keep(all.subarray(bodyLength));
      bodyLength = -1;
    }
  });
  let next = 0;
  const frame = (body: unknown): string => {
    const json = JSON.stringify(body);
    return `Content-Length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n${json}`;
  };
  return {
    async sendCancelled(method, params) {
      const id = `raw-${next++}`;
      child.stdin!.write(
        frame({ jsonrpc: '2.0', id, method, params }) + frame({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } }),
      );
      return waitFor(`the response to the cancelled ${method}`, () => responses.get(id), { timeoutMs: 10_000, intervalMs: 10 });
    },
  };
}

/**
 * A server over `root` for one describe block: started and indexed before its tests, stopped
 * after them (then `cleanup`, e.g. the temp workspace's dispose). Returns the server's getter.
 */
export function serverForSuite(root: string, cleanup: () => void = () => undefined): () => TestServer {
  let server: TestServer | undefined;
  before(async () => {
    server = await startServer(root);
    await server.indexed();
  });
  after(async () => {
    await server?.stop();
    cleanup();
  });
  return () => {
    assert.ok(server, 'the server started');
    return server;
  };
}
