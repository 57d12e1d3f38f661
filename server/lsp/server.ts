// The server's lifecycle: initialize, settings, open documents, file events and diagnostics. Its
// requests are the FEATURES table (features.ts), all registered one way: wait as the feature
// declares, check cancellation, then answer from the current index snapshot.
import {
  type CancellationToken,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { IndexChangedNotification } from '../protocol';
import { Session } from './session';
import { DEFAULT_LENSES, type LensSettings } from './codeLens';
import { DiagnosticsPublisher } from './diagnostics';
import { LandingWatcher } from './landingWatcher';
import { IndexProgressReporter } from './indexProgress';
import { FEATURES, featureCapabilities, requestArgs, type Feature, type FeatureContext } from './features';
import { SERVER_VERSION } from './serverInfo';
import { openDocuments } from './openDocuments';
import { LoopHistoryService } from './loopHistory';

export interface ServerOptions {
  /** The writer puts EncodedAnswer parts on the wire as they are (server/lsp/encodedAnswer.ts). */
  readonly answersInParts?: boolean;
  /** Told when the client asks the server to shut down (before its exit). */
  readonly onShutdown?: () => void;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const { documents, takeChange } = openDocuments();
  let session: Session | undefined;
  let lenses: LensSettings = DEFAULT_LENSES;
  let trusted = true;
  let lensRefresh = false;
  let initialSettings: unknown;
  const log = (message: string): void => connection.console.log(message);
  const diagnostics = new DiagnosticsPublisher(connection, () => session);
  const indexProgress = new IndexProgressReporter(connection);
  const indexChanged = (paths: string[]): void =>
    void connection.sendNotification(IndexChangedNotification, { uris: session ? paths.map((p) => session!.toUri(p)) : [] });
  /** Files changed on disk or the index was rebuilt: every document's diagnostics are recomputed. */
  const changed = (paths: string[]): void => {
    diagnostics.schedule();
    indexChanged(paths);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const rootUri = params.workspaceFolders?.[0]?.uri ?? params.rootUri;
    const rootPath = rootUri ? URI.parse(rootUri).fsPath : params.rootPath;
    if (rootPath) session = new Session(rootPath, log);
    const options = params.initializationOptions as { trusted?: boolean; settings?: unknown } | undefined;
    trusted = options?.trusted !== false;
    // The editor sends its settings with initialize, so the walk starts without a round trip for them.
    initialSettings = options?.settings;
    lensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    // The walk starts once initialize is answered (the next turn, the answer written first), not a
    // round trip later on initialized: activation never waits for it, and the views' first rows do
    // not wait for the client's turn either.
    if (initialSettings !== undefined)
      setImmediate(() => {
        configure(initialSettings);
        void walk();
      });
    return {
      capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental, ...featureCapabilities() },
      serverInfo: { name: 'Plan Loop', version: SERVER_VERSION },
    };
  });

  connection.onInitialized(() => {
    // The one file watcher: Markdown changes re-index; any other file may be an artifact landing in a hub.
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] }).catch(() => undefined);
    // Without settings in initialize (another client), they are asked for first.
    if (initialSettings === undefined) setImmediate(() => void configureAndIndex());
  });

  /** The settings last applied, to tell a real change from the editor repeating them. */
  let applied: string | undefined;
  /** Applies settings; true when they change what is indexed (a new, empty index). */
  const configure = (settings: unknown): boolean => {
    applied = JSON.stringify(settings ?? null);
    lenses = { ...DEFAULT_LENSES, ...((settings as { codeLens?: Partial<LensSettings> } | undefined)?.codeLens ?? {}) };
    return session?.configure(settings ?? undefined) ?? false;
  };

  /** A walk has completed: the views were answered from an index (requests wait for the first one). */
  let walkedOnce = false;
  /** Walks the workspace into the current index, reporting progress, then tells the client. */
  const walk = async (): Promise<void> => {
    if (!session) return;
    const index = session.index;
    indexProgress.started();
    await session.indexAll((read, found) => indexProgress.progress(read, found, () => index.ofKind('plan').length));
    // A newer walk (settings changed again) reports its own end.
    if (index !== session.index) return;
    indexProgress.done(index.all().length);
    // Lenses asked for during the walk (Go to D1 on a Do Now item) may have missed rows.
    if (lensRefresh) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    // The views' first requests waited for this walk, so their answers are complete: telling them
    // the index changed would only make them ask again. An index that replaced one they were
    // answered from (settings changed what is read) does need them to ask again.
    if (walkedOnce) changed(index.all().map((d) => d.path));
    else diagnostics.schedule();
    walkedOnce = true;
  };

  const configureAndIndex = async (): Promise<void> => {
    if (!session) return;
    const settings = await connection.workspace.getConfiguration('planloop').catch(() => undefined);
    // The editor repeats its settings once after initialize: nothing changed, nothing to redo.
    if (applied === JSON.stringify(settings ?? null) && session.walkStarted) return;
    if (configure(settings) || !session.walkStarted) return walk();
    // Settings that keep what is indexed (lenses): the views refresh, unless a walk is running (it
    // tells them when it ends).
    if (session.indexed) changed(session.index.all().map((d) => d.path));
  };

  connection.onDidChangeConfiguration(() => void configureAndIndex());

  documents.onDidChangeContent((e) => {
    // The diagnostics' debounce counts from the keystroke, not from the end of the re-parse.
    const path = session?.indexedPath(e.document.uri);
    if (!session || !path) return;
    diagnostics.schedule([path]);
    // Opening a file as it is on disk changes nothing the views show: they are not asked to refresh
    // (their refresh would compete with the editor drawing the file's first lenses).
    const before = session.index.get(path);
    const doc = session.openOrChange(path, e.document.getText(), takeChange(e.document.uri));
    if (doc && doc !== before) indexChanged([path]);
  });
  documents.onDidClose((e) => {
    session?.close(e.document.uri);
    const path = session?.toPath(e.document.uri);
    diagnostics.schedule(path ? [path] : undefined);
  });

  const landings = new LandingWatcher(connection, () => session);
  const history = new LoopHistoryService(connection);
  connection.onShutdown(() => {
    options.onShutdown?.();
    landings.dispose();
    history.dispose();
  });
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

  const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  // Workspace-wide answers wait for the index to be complete (or for the request to be cancelled).
  const indexComplete = async (token: CancellationToken): Promise<void> => {
    if (!session || session.indexed) return;
    let cancelled: { dispose(): void } | undefined;
    await Promise.race([
      session.whenIndexed(),
      new Promise<void>((resolve) => (cancelled = token.onCancellationRequested(() => resolve()))),
    ]);
    cancelled?.dispose();
  };
  const respond = (feature: Feature, params: unknown, token: CancellationToken): unknown => {
    if (token.isCancellationRequested) return feature.cancelled;
    if (!session) return feature.noWorkspace ?? feature.cancelled;
    const context: FeatureContext = {
      isCancelled: () => token.isCancellationRequested,
      now: new Date(),
      lenses,
      trusted,
      landings,
      history,
      answersInParts: options.answersInParts === true,
    };
    return feature.answer(session, params, context);
  };
  for (const feature of FEATURES) {
    connection.onRequest(feature.method, (...args: unknown[]) => {
      const { params, token } = requestArgs(args);
      if (feature.waits === 'now') return respond(feature, params, token);
      return (async () => {
        if (feature.waits === 'index') await indexComplete(token);
        await nextTurn();
        return respond(feature, params, token);
      })();
    });
  }

  documents.listen(connection);
}
