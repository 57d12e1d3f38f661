// Wires LSP features to the connection. Each feature lives in its own file; handlers here are
// thin: they check cancellation, take the current index snapshot and call a pure function.
import {
  CancellationToken,
  CodeActionKind,
  ErrorCodes,
  ResponseError,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import {
  DoNowRequest,
  IndexChangedNotification,
  LedgerTreeRequest,
  NewAttemptEditRequest,
  NewHubRequest,
  PlanTreeRequest,
  RowArtifactsRequest,
  RowDetailsRequest,
  RowStateEditRequest,
  RunPlanRequest,
  ServerInfoRequest,
  type ServerInfo,
} from '../protocol';
import { Session } from './session';
import { documentSymbols } from './documentSymbols';
import { codeLenses, DEFAULT_LENSES, type LensSettings } from './codeLens';
import { DiagnosticsPublisher } from './diagnostics';
import { doNow, ledgerTree, planTree } from './treeRequests';
import { newAttemptEdit, newHub, rangeOf, rowArtifacts, rowStateEdit, runPlan } from './loopRequests';
import { registerRunRequests } from './runRequests';
import { LandingWatcher } from './landingWatcher';
import { registerHygieneRequests } from './hygiene';
import { definition } from './definition';
import { hover } from './hover';
import { references } from './references';
import { prepareRename, rename } from './rename';
import { workspaceSymbols } from './workspaceSymbols';
import { codeActions } from './codeActions';
import { completion } from './completion';
import { documentLinks } from './documentLinks';
import { foldingRanges } from './foldingRanges';
import { rowDetails } from './rowDetails';

export const SERVER_VERSION = '0.1.0';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let session: Session | undefined;
  let lenses: LensSettings = DEFAULT_LENSES;
  let trusted = true;
  const log = (message: string): void => connection.console.log(message);
  const diagnostics = new DiagnosticsPublisher(connection, () => session);
  /** `edited`: only these documents' text changed (diagnostics of the others stand). */
  const changed = (paths: string[], edited = false): void => {
    diagnostics.schedule(edited ? paths : undefined);
    void connection.sendNotification(IndexChangedNotification, { uris: session ? paths.map((p) => session!.toUri(p)) : [] });
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const rootUri = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
    const rootPath = rootUri ? URI.parse(rootUri).fsPath : params.rootPath;
    if (rootPath) session = new Session(rootPath, log);
    trusted = (params.initializationOptions as { trusted?: boolean } | undefined)?.trusted !== false;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        hoverProvider: true,
        renameProvider: { prepareProvider: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        completionProvider: { triggerCharacters: ['[', '§', '`', '/', '>', 'P'] },
        documentLinkProvider: { resolveProvider: false },
        foldingRangeProvider: true,
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'Plan Loop', version: SERVER_VERSION },
    };
  });

  connection.onInitialized(() => {
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] }).catch(() => undefined);
    // Index after answering initialize so activation never waits for it.
    setImmediate(() => void configureAndIndex());
  });

  const configureAndIndex = async (): Promise<void> => {
    if (!session) return;
    const settings = await connection.workspace.getConfiguration('planloop').catch(() => undefined);
    const replaced = session.configure(settings ?? undefined);
    lenses = { ...DEFAULT_LENSES, ...((settings as { codeLens?: Partial<LensSettings> } | undefined)?.codeLens ?? {}) };
    // Settings that do not change what is indexed (lenses) keep the index; views still refresh.
    if (replaced || !session.indexed) await session.indexAll();
    changed(session.index.all().map((d) => d.path));
  };

  connection.onDidChangeConfiguration(() => void configureAndIndex());

  documents.onDidChangeContent((e) => {
    const doc = session?.openOrChange(e.document.uri, e.document.getText());
    if (doc) changed([doc.path], true);
  });
  documents.onDidClose((e) => {
    session?.close(e.document.uri);
    const path = session?.toPath(e.document.uri);
    diagnostics.schedule(path ? [path] : undefined);
  });

  const landings = new LandingWatcher(connection, () => session);
  connection.onShutdown(() => landings.dispose());
  landings.register();
  connection.onDidChangeWatchedFiles((params) => {
    if (!session) return;
    const paths: string[] = [];
    const written: string[] = [];
    const folders: Array<Promise<string | undefined>> = [];
    for (const change of params.changes) {
      const deleted = change.type === FileChangeType.Deleted;
      const path = session.toPath(change.uri);
      const result = session.fileChanged(change.uri, deleted);
      if (result === true) paths.push(path ?? '');
      else if (result !== false) folders.push(result.then((walked) => (walked ? path : undefined)));
      if (path && !deleted) written.push(path);
    }
    landings.observe(written);
    // Artifacts landing change diagnostics and views even when no Markdown changed.
    changed(paths);
    // New folders are walked without blocking; their plans join the views when read.
    if (folders.length) void Promise.all(folders).then((walked) => changed(walked.filter((p): p is string => p !== undefined)));
  });

  const guard = <T>(token: CancellationToken | undefined, empty: T, fn: (s: Session) => T): T => {
    if (token?.isCancellationRequested || !session) return empty;
    return fn(session);
  };
  // Expensive handlers yield once first, so a $/cancelRequest that arrived with the request wins.
  const guardAsync = async <T>(token: CancellationToken | undefined, empty: T, fn: (s: Session) => T): Promise<T> => {
    await new Promise((resolve) => setImmediate(resolve));
    return guard(token, empty, fn);
  };
  // Workspace-wide answers wait for the index to be complete (or for the request to be cancelled).
  const guardIndexed = async <T>(token: CancellationToken | undefined, empty: T, fn: (s: Session) => T): Promise<T> => {
    if (session && !session.indexed) {
      let cancelled: { dispose(): void } | undefined;
      await Promise.race([
        session.whenIndexed(),
        new Promise<void>((resolve) => (cancelled = token?.onCancellationRequested(() => resolve()))),
      ]);
      cancelled?.dispose();
    }
    return guardAsync(token, empty, fn);
  };
  // Parameterless requests may still arrive with `params: null`; find the token either way.
  const tokenOf = (args: unknown[]): CancellationToken | undefined => args.find((a): a is CancellationToken => CancellationToken.is(a));

  connection.onRequest(ServerInfoRequest, (): ServerInfo => {
    const index = session?.index;
    return {
      version: SERVER_VERSION,
      pid: process.pid,
      indexedFiles: index?.all().length ?? 0,
      plans: index?.ofKind('plan').length ?? 0,
      ledgers: index?.ofKind('ledger').length ?? 0,
      handoffs: index?.ofKind('handoff').length ?? 0,
    };
  });

  connection.onDocumentSymbol((params, token) =>
    guard(token, [], (s) => {
      const doc = s.doc(params.textDocument.uri);
      return doc ? documentSymbols(doc) : [];
    }),
  );
  const at = (s: Session, uri: string, position: { line: number; character: number }) => {
    const doc = s.doc(uri);
    return doc ? { doc, offset: doc.lines.offsetAt(position) } : undefined;
  };
  connection.onDefinition((params, token) =>
    guard(token, [], (s) => {
      const here = at(s, params.textDocument.uri, params.position);
      return here ? definition(s, here.doc, here.offset) : [];
    }),
  );
  connection.onHover((params, token) =>
    guard(token, null, (s) => {
      const here = at(s, params.textDocument.uri, params.position);
      return here ? hover(s.index, here.doc, here.offset) : null;
    }),
  );
  connection.onReferences((params, token) =>
    guardAsync(token, [], (s) => {
      const here = at(s, params.textDocument.uri, params.position);
      return here
        ? references(s.index, s, here.doc, here.offset, params.context.includeDeclaration, () => token.isCancellationRequested)
        : [];
    }),
  );
  connection.onPrepareRename((params, token) =>
    guard(token, null, (s) => {
      const here = at(s, params.textDocument.uri, params.position);
      const found = here ? prepareRename(s.index, here.doc, here.offset) : null;
      return found && here ? { range: rangeOf(here.doc, found.start, found.end), placeholder: found.placeholder } : null;
    }),
  );
  connection.onRenameRequest((params, token) =>
    guard(token, null, (s) => {
      const here = at(s, params.textDocument.uri, params.position);
      if (!here) return null;
      const result = rename(s.index, s, here.doc, here.offset, params.newName);
      if ('error' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.error);
      return result;
    }),
  );
  connection.onWorkspaceSymbol((params, token) =>
    guardIndexed(token, [], (s) => workspaceSymbols(s.index, s, params.query, () => token.isCancellationRequested)),
  );
  connection.onCodeAction((params, token) =>
    guard(token, [], (s) => {
      const doc = s.doc(params.textDocument.uri);
      return doc ? codeActions(s.index, s, doc, params.range, params.context.diagnostics) : [];
    }),
  );
  connection.onCompletion((params, token) =>
    guard(token, [], (s) => {
      const here = at(s, params.textDocument.uri, params.position);
      return here ? completion(s.index, here.doc, here.offset, new Date()) : [];
    }),
  );
  connection.onDocumentLinks((params, token) =>
    guardAsync(token, [], (s) => {
      const doc = s.doc(params.textDocument.uri);
      return doc ? documentLinks(s.index, s, doc, () => token.isCancellationRequested) : [];
    }),
  );
  connection.onFoldingRanges((params, token) =>
    guard(token, [], (s) => {
      const doc = s.doc(params.textDocument.uri);
      return doc ? foldingRanges(doc) : [];
    }),
  );
  connection.onCodeLens((params, token) =>
    guard(token, [], (s) => {
      const doc = s.doc(params.textDocument.uri);
      return doc ? codeLenses(s.index, doc, s, lenses, trusted) : [];
    }),
  );

  connection.onRequest(PlanTreeRequest.method, (...args: unknown[]) => {
    const token = tokenOf(args);
    return guardIndexed(token, { initiatives: [] }, (s) => planTree(s.index, s, () => token?.isCancellationRequested ?? false));
  });
  connection.onRequest(LedgerTreeRequest.method, (...args: unknown[]) =>
    guardIndexed(tokenOf(args), { groups: [] }, (s) => ledgerTree(s.index, s)),
  );
  connection.onRequest(DoNowRequest.method, (...args: unknown[]) =>
    guardIndexed(tokenOf(args), { items: [], mappedTests: [], artifacts: [] }, (s) => doNow(s.index, s)),
  );
  connection.onRequest(RowStateEditRequest, (params, token) =>
    guard(token, { error: 'cancelled' }, (s) => rowStateEdit(s.index, s, params)),
  );
  connection.onRequest(NewHubRequest, (params, token) =>
    guardIndexed(token, { error: 'cancelled' }, (s) => newHub(s.index, s, params, new Date())),
  );
  connection.onRequest(RowDetailsRequest, (params, token) => guardIndexed(token, null, (s) => rowDetails(s.index, s, params, new Date())));
  connection.onRequest(RowArtifactsRequest, (params, token) => guard(token, [], (s) => rowArtifacts(s.index, s, params)));
  connection.onRequest(RunPlanRequest, (params, token) =>
    guardIndexed(token, { error: 'cancelled' }, (s) => runPlan(s.index, s, params, new Date())),
  );
  connection.onRequest(NewAttemptEditRequest, (params, token) =>
    guardIndexed(token, { error: 'cancelled' }, (s) => newAttemptEdit(s.index, s, params, new Date())),
  );
  registerRunRequests(connection, () => session);
  registerHygieneRequests(connection, () => session);

  documents.listen(connection);
}
