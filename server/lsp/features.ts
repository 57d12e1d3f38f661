// The server's features, one entry each: the request it answers, the capability it announces,
// when it answers (at once, after a turn, or from the complete index), what it answers when
// cancelled, and the module that answers (one file per feature). server.ts registers them all
// the same way; the entries only pick the document, position or parameters out of the request.
import {
  CodeActionKind,
  CodeActionRequest,
  CodeLensRequest,
  CompletionRequest,
  DefinitionRequest,
  DocumentLinkRequest,
  DocumentSymbolRequest,
  ErrorCodes,
  FoldingRangeRequest,
  HoverRequest,
  PrepareRenameRequest,
  ReferencesRequest,
  RenameRequest,
  ResponseError,
  WorkspaceSymbolRequest,
  type CancellationToken,
  type Hover,
  type RequestType,
  type RequestType0,
  type ServerCapabilities,
} from 'vscode-languageserver';
import type { IndexedDocument } from '../core/index/workspace';
import {
  CheckHubRequest,
  DoNowRequest,
  FinishRunRequest,
  LandingEditRequest,
  LedgerTreeRequest,
  NewAttemptEditRequest,
  NewHubRequest,
  PlanTreeRequest,
  PlanRowsRequest,
  TestTreeRequest,
  TestResultsRequest,
  RowArtifactsRequest,
  RowDetailsRequest,
  RowStateChoicesRequest,
  RowStateEditRequest,
  RunPlanRequest,
  ServerInfoRequest,
  StartRunRequest,
  StrayOutputsRequest,
  SyncLedgerRequest,
  LoopHistoryRequest,
  HistoryFileRequest,
  DoneOverTimeRequest,
} from '../protocol';
import type { LoopHistoryService } from './loopHistory';
import type { Session } from './session';
import type { LandingWatcher } from './landingWatcher';
import type { LensSettings } from './codeLens';
import { checkHub } from './checkHub';
import { codeActions } from './codeActions';
import { codeLenses } from './codeLens';
import { completion } from './completion';
import { definition } from './definition';
import { doNow } from './doNow';
import { finishRun, startRun } from './finishRun';
import { documentLinks } from './documentLinks';
import { documentSymbols, encodedDocumentSymbols } from './documentSymbols';
import type { EncodedAnswer } from './encodedAnswer';
import { foldingRanges } from './foldingRanges';
import { hover } from './hover';
import { ledgerTree } from './ledgerTree';
import { newAttemptEdit } from './newAttempt';
import { newHub } from './newHub';
import { planTree } from './planTree';
import { planRows } from './planRows';
import { testTree } from './testTree';
import { testResults } from './testResults';
import { references } from './references';
import { prepareRename, rename } from './rename';
import { rowArtifacts } from './rowArtifacts';
import { rowDetails } from './rowDetails';
import { rowStateEdit } from './rowStateEdit';
import { rowStateChoices } from './rowStateChoices';
import { runPlan } from './runPlan';
import { serverInfo } from './serverInfo';
import { strayOutputs } from './strayOutputs';
import { syncLedger } from './syncLedger';
import { rangeOf } from './wire';
import { workspaceSymbols } from './workspaceSymbols';

/**
 * When a feature answers:
 * - `now`: at once, from the document it names (cheap);
 * - `turn`: after one turn of the event loop, so a `$/cancelRequest` sent right after it wins (costly);
 * - `index`: once the index is complete (workspace-wide answers: views, runs, sync, references,
 *   rename, definition), never partial. Answers given while the walk runs say so (hover, completion).
 */
export type Wait = 'now' | 'turn' | 'index';

/** What a feature may read besides the session and its parameters. */
export interface FeatureContext {
  isCancelled(): boolean;
  readonly now: Date;
  readonly lenses: LensSettings;
  readonly trusted: boolean;
  readonly landings: LandingWatcher;
  readonly history: LoopHistoryService;
  /** The writer takes answers already in JSON parts (EncodedAnswer); otherwise answer plain values. */
  readonly answersInParts: boolean;
}

export interface Feature {
  readonly method: string;
  readonly capability?: ServerCapabilities;
  readonly waits: Wait;
  /** The answer to a cancelled request. */
  readonly cancelled: unknown;
  /** The answer when no folder is open; `cancelled` when not given. */
  readonly noWorkspace?: unknown;
  answer(session: Session, params: unknown, context: FeatureContext): unknown;
}

interface Spec<P, R> {
  readonly capability?: ServerCapabilities;
  readonly waits: Wait;
  readonly cancelled: R;
  readonly noWorkspace?: R;
  /** A promise for answers that wait on a process (git) or write files (a run's end); the rest answer at once. */
  answer(session: Session, params: P, context: FeatureContext): R | Promise<R> | EncodedAnswer<R>;
}

/** Types an entry by its request: parameters and answers are checked against the protocol. */
function feature<P, R, E>(request: RequestType<P, R, E>, spec: Spec<P, R>): Feature;
function feature<R, E>(request: RequestType0<R, E>, spec: Spec<undefined, R>): Feature;
function feature(request: { method: string }, spec: Spec<never, unknown>): Feature {
  return { method: request.method, ...spec } as Feature;
}

type DocumentParams = { textDocument: { uri: string } };
type PositionParams = DocumentParams & { position: { line: number; character: number } };

function inDocument<R>(s: Session, params: DocumentParams, none: R, fn: (doc: IndexedDocument) => R): R {
  const doc = s.doc(params.textDocument.uri);
  return doc ? fn(doc) : none;
}

function atPosition<R>(s: Session, params: PositionParams, none: R, fn: (doc: IndexedDocument, offset: number) => R): R {
  return inDocument(s, params, none, (doc) => fn(doc, doc.lines.offsetAt(params.position)));
}

const NO_INFO = serverInfo(undefined);

/** A hover answered while the walk runs says that rows and files not read yet are missing from it. */
function partialHover(s: Session, found: Hover | null): Hover | null {
  if (!found || s.indexed || typeof found.contents !== 'object' || !('kind' in found.contents)) return found;
  const note = '_Plan Loop is still indexing the workspace: rows, attempts and files it has not read yet are missing here._';
  return { ...found, contents: { kind: found.contents.kind, value: `${found.contents.value}\n\n---\n\n${note}` } };
}

export const FEATURES: readonly Feature[] = [
  // ---- Editor features over one document --------------------------------------------------
  feature(DocumentSymbolRequest.type, {
    capability: { documentSymbolProvider: true },
    waits: 'now',
    cancelled: [],
    answer: (s, p, c) => inDocument(s, p, [], (doc) => (c.answersInParts ? encodedDocumentSymbols(s.index, doc) : documentSymbols(doc))),
  }),
  feature(DefinitionRequest.type, {
    capability: { definitionProvider: true },
    // A row or initiative may live in a file the walk has not read yet.
    waits: 'index',
    cancelled: [],
    answer: (s, p) => atPosition(s, p, [], (doc, offset) => definition(s, doc, offset)),
  }),
  feature(HoverRequest.type, {
    capability: { hoverProvider: true },
    waits: 'now',
    cancelled: null,
    answer: (s, p, c) =>
      atPosition(s, p, null, (doc, offset) =>
        partialHover(
          s,
          hover(s.index, doc, offset, Date.now(), (plan, rowId) => c.history.timeline(s, plan, rowId)),
        ),
      ),
  }),
  feature(ReferencesRequest.type, {
    capability: { referencesProvider: true },
    waits: 'index',
    cancelled: [],
    answer: (s, p, c) =>
      atPosition(s, p, [], (doc, offset) => references(s.index, s, doc, offset, p.context.includeDeclaration, c.isCancelled)),
  }),
  feature(PrepareRenameRequest.type, {
    waits: 'now',
    cancelled: null,
    answer: (s, p) =>
      atPosition(s, p, null, (doc, offset) => {
        const found = prepareRename(s.index, doc, offset);
        return found ? { range: rangeOf(doc, found.start, found.end), placeholder: found.placeholder } : null;
      }),
  }),
  feature(RenameRequest.type, {
    capability: { renameProvider: { prepareProvider: true } },
    // A rename from a partial index would miss the files not read yet.
    waits: 'index',
    cancelled: null,
    answer: (s, p) =>
      atPosition(s, p, null, (doc, offset) => {
        const result = rename(s.index, s, doc, offset, p.newName);
        if ('error' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.error);
        return result;
      }),
  }),
  feature(CodeActionRequest.type, {
    capability: { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] } },
    waits: 'now',
    cancelled: [],
    answer: (s, p) => inDocument(s, p, [], (doc) => codeActions(s.index, s, doc, p.range, p.context.diagnostics)),
  }),
  feature(CompletionRequest.type, {
    capability: { completionProvider: { triggerCharacters: ['[', '§', '`', '/', '>', 'P'] } },
    waits: 'now',
    cancelled: [],
    answer: (s, p, c) =>
      atPosition(s, p, [], (doc, offset) => {
        const items = completion(s.index, doc, offset, c.now);
        // Incomplete while indexing: the editor asks again as the user types.
        return s.indexed ? items : { isIncomplete: true, items };
      }),
  }),
  feature(DocumentLinkRequest.type, {
    capability: { documentLinkProvider: { resolveProvider: false } },
    waits: 'turn',
    cancelled: [],
    answer: (s, p, c) => inDocument(s, p, [], (doc) => documentLinks(s.index, s, doc, c.isCancelled)),
  }),
  feature(FoldingRangeRequest.type, {
    capability: { foldingRangeProvider: true },
    waits: 'now',
    cancelled: [],
    answer: (s, p) => inDocument(s, p, [], foldingRanges),
  }),
  feature(CodeLensRequest.type, {
    capability: { codeLensProvider: { resolveProvider: false } },
    waits: 'now',
    cancelled: [],
    answer: (s, p, c) => inDocument(s, p, [], (doc) => codeLenses(s.index, doc, s, c.lenses, c.trusted)),
  }),
  feature(WorkspaceSymbolRequest.type, {
    capability: { workspaceSymbolProvider: true },
    waits: 'index',
    cancelled: [],
    answer: (s, p, c) => workspaceSymbols(s.index, s, p.query, c.isCancelled),
  }),

  // ---- Views ------------------------------------------------------------------------------
  feature(ServerInfoRequest, { waits: 'now', cancelled: NO_INFO, noWorkspace: NO_INFO, answer: (s) => serverInfo(s.index) }),
  // Answered from the plans read so far while the first walk runs (marked partial), so the Plans
  // view fills as files are read; a plan's rows come from that file alone.
  feature(PlanTreeRequest, {
    waits: 'now',
    cancelled: { initiatives: [], found: '' },
    answer: (s, _p, c) => ({ ...planTree(s.index, s, c.isCancelled), ...(s.indexed ? {} : { partial: true }) }),
  }),
  feature(PlanRowsRequest, { waits: 'now', cancelled: null, answer: (s, p) => planRows(s.index, s, p) }),
  feature(TestTreeRequest, { waits: 'index', cancelled: { initiatives: [] }, answer: (s, _p, c) => testTree(s.index, s, c.isCancelled) }),
  feature(TestResultsRequest, {
    waits: 'turn',
    cancelled: { results: [], problems: ['cancelled'] },
    answer: (s, p) => testResults(s.index, s, p),
  }),
  feature(LedgerTreeRequest, { waits: 'index', cancelled: { groups: [] }, answer: (s) => ledgerTree(s.index, s) }),
  feature(DoNowRequest, {
    waits: 'index',
    cancelled: { items: [], mappedTests: [], artifacts: [] },
    answer: (s) => doNow(s.index, s),
  }),
  feature(RowDetailsRequest, { waits: 'index', cancelled: null, answer: (s, p, c) => rowDetails(s.index, s, p, c.now) }),
  feature(RowArtifactsRequest, { waits: 'now', cancelled: [], answer: (s, p) => rowArtifacts(s.index, s, p) }),
  // The history is read in the background (loopHistory.ts); these answer from what has been read.
  feature(LoopHistoryRequest, {
    waits: 'index',
    cancelled: { state: 'idle', read: 0, rootUri: '' },
    answer: (s, p, c) => c.history.answer(s, p),
  }),
  feature(HistoryFileRequest, {
    waits: 'now',
    cancelled: {},
    answer: (s, p, c) => c.history.fileAt(s, p.sha, p.path).then((text) => ({ text })),
  }),
  feature(DoneOverTimeRequest, {
    waits: 'now',
    cancelled: { points: [] },
    answer: (s, p, c) => ({ points: c.history.doneOverTime(s, p.initiative) }),
  }),

  // ---- Edits, hubs and runs ---------------------------------------------------------------
  feature(RowStateChoicesRequest, {
    waits: 'now',
    cancelled: [],
    answer: (s, p) => {
      const path = p?.uri ? s.toPath(p.uri) : undefined;
      return rowStateChoices(path === undefined ? undefined : s.index.get(path)?.family);
    },
  }),
  feature(RowStateEditRequest, { waits: 'now', cancelled: { error: 'cancelled' }, answer: (s, p) => rowStateEdit(s.index, s, p) }),
  feature(NewHubRequest, { waits: 'index', cancelled: { error: 'cancelled' }, answer: (s, p, c) => newHub(s.index, s, p, c.now) }),
  feature(CheckHubRequest, { waits: 'now', cancelled: { error: 'cancelled' }, answer: (s, p) => checkHub(s, p.hub) }),
  feature(RunPlanRequest, { waits: 'index', cancelled: { error: 'cancelled' }, answer: (s, p, c) => runPlan(s.index, s, p, c.now) }),
  feature(NewAttemptEditRequest, {
    waits: 'index',
    cancelled: { error: 'cancelled' },
    answer: (s, p, c) => newAttemptEdit(s.index, s, p, c.now),
  }),
  feature(StartRunRequest, { waits: 'now', cancelled: { error: 'cancelled' }, answer: (s, p) => startRun(s, p.plan) }),
  feature(FinishRunRequest, {
    waits: 'index',
    cancelled: { notes: ['cancelled'] },
    noWorkspace: { notes: ['No workspace folder is open.'] },
    answer: (s, p) => finishRun(s, p),
  }),
  feature(SyncLedgerRequest, {
    waits: 'index',
    cancelled: { notes: ['cancelled'] },
    noWorkspace: { notes: ['No workspace folder is open.'] },
    answer: (s) => syncLedger(s),
  }),
  feature(LandingEditRequest, { waits: 'now', cancelled: { notes: ['cancelled'] }, answer: (_s, p, c) => c.landings.edit(p.id) }),
  feature(StrayOutputsRequest, {
    waits: 'index',
    cancelled: { strays: [], notes: [] },
    answer: (s, _p, c) => strayOutputs(s, c.now),
  }),
];

/** The capabilities the features announce, merged. */
export function featureCapabilities(): ServerCapabilities {
  return Object.assign({}, ...FEATURES.map((f) => f.capability ?? {})) as ServerCapabilities;
}

/** A request's parameters and token, whichever way it arrived (parameterless ones may carry `params: null`). */
export function requestArgs(args: readonly unknown[]): { params: unknown; token: CancellationToken } {
  return { params: args.length > 1 ? args[0] : undefined, token: args[args.length - 1] as CancellationToken };
}
