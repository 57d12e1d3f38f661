// Activation: start the language client and register the views, commands and status bar.
// Everything registered goes into context.subscriptions so nothing leaks on deactivate.
import * as vscode from 'vscode';
import { startLanguageClient } from './client';
import { PlanLoopClient, debounce } from './planLoopClient';
import { registerPlansView } from './views/registerPlansView';
import { IndexingMessage } from './views/indexingMessage';
import { LedgerTreeProvider } from './views/ledgerTree';
import { DoNowTreeProvider } from './views/doNowTree';
import { FocusStatusBar } from './statusBar';
import { registerCommands } from './commands/registerCommands';
import { RunRecorder } from './run/runRecorder';
import { PlanLoopTaskProvider } from './run/taskProvider';
import { TASK_TYPE } from './run/runTask';
import { LandingProposals } from './run/landingProposals';
import { ProgressPanels } from './progress/progressPanel';
import { PendingQuestions } from './run/pendingQuestions';
import { logSettingChanges } from './settingsLog';
import { Config } from './config';
import { PlanTestController } from './testing/planTestController';
import { registerHistoryView } from './views/registerHistoryView';

export interface PlanLoopApi {
  /** Resolves once the language server has answered `initialize`. */
  readonly ready: Promise<void>;
  sendRequest<R>(method: string, params?: unknown): Promise<R>;
  /** Milliseconds spent inside activate(), for the benchmark. */
  readonly activationMs: number;
  /** Fires when a run was recorded and its updates proposed (for tests). */
  readonly onDidRecordRun: RunRecorder['onDidRecordRun'];
  /** Fires when landed evidence was applied, declined or decorated (for tests). */
  readonly onDidHandleLanding: LandingProposals['onDidHandleLanding'];
  /** Fires on each indexing progress report; `indexingMessage` is what the views say now (for tests). */
  readonly onDidReportIndexing: IndexingMessage['onDidReport'];
  readonly indexingMessage: () => string | undefined;
  /** Runs Testing view items by ID, as their run profile would (for tests). */
  readonly runTests: PlanTestController['run'];
  /** The Testing view's items and run profiles (for tests). */
  readonly testItems: PlanTestController['snapshot'];
  readonly testProfiles: PlanTestController['profileNames'];
}

export function activate(context: vscode.ExtensionContext): PlanLoopApi {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('Plan Loop', { log: true });
  const config = new Config(output);
  context.subscriptions.push(output, config, logSettingChanges(config, output));

  const started_ = startLanguageClient(context, output, config);
  const client = new PlanLoopClient(started_.client, started_.ready);
  context.subscriptions.push(client);
  void vscode.commands.executeCommand('setContext', 'planloop.active', true);

  // The views are created just below; the message waits for their answers from the complete index
  // (the Plans view asks again if it was showing the plans read so far). While the walk runs, the
  // Plans view shows the plans read so far, asked again as the reports say more were read.
  const indexing = new IndexingMessage(
    client,
    () => {
      plans.refreshIfPartial();
      return Promise.all([plans.load(), ledger.load(), doNow.load()]);
    },
    (progress) => plans.refreshIfMoreRead(progress.plans),
  );
  context.subscriptions.push(indexing);
  let focusInitiative: string | undefined;
  const plans = registerPlansView(context, client, () => focusInitiative, indexing);
  const ledger = new LedgerTreeProvider(client);
  const doNow = new DoNowTreeProvider(client, config);
  const statusBar = new FocusStatusBar(plans, doNow);
  const ledgerView = vscode.window.createTreeView('planloop.ledger', { treeDataProvider: ledger, showCollapseAll: true });
  const doNowView = vscode.window.createTreeView('planloop.doNow', { treeDataProvider: doNow });
  indexing.attach(ledgerView, ledger.root);
  indexing.attach(doNowView, doNow.root);
  context.subscriptions.push(ledger, doNow, statusBar, ledgerView, doNowView);
  const history = registerHistoryView(context, client);

  /** The focus initiative and the status bar, from the views' current answers. */
  const updateFocus = (): void => {
    void doNow.load().then(
      (d) => (focusInitiative = d.focusInitiativeId),
      () => undefined,
    );
    void statusBar.update();
  };
  const refresh = (): void => {
    plans.refresh();
    ledger.refresh();
    doNow.refresh();
    updateFocus();
  };
  const refreshSoon = debounce(refresh, 250);
  // When a walk ends, the status bar counts from the complete index (the Plans view's answer the
  // indexing message has just asked for); it is also when the first focus is known.
  context.subscriptions.push(
    indexing.onDidReport((p) => {
      if (p.done) updateFocus();
    }),
  );
  context.subscriptions.push({ dispose: refreshSoon.dispose }, client.onDidChangeIndex(refreshSoon));

  const questions = new PendingQuestions();
  context.subscriptions.push(questions);
  const recorder = new RunRecorder({ client, output, questions, config });
  context.subscriptions.push(recorder, vscode.tasks.registerTaskProvider(TASK_TYPE, new PlanLoopTaskProvider(client)));
  const landings = new LandingProposals({ client, output, questions, config, plans, recorder });
  context.subscriptions.push(landings);
  const progress = new ProgressPanels(client, history.onDidRead);
  context.subscriptions.push(progress);
  registerCommands(context, { client, output, questions, config, refresh, plans, recorder, progress });
  const tests = new PlanTestController({ context, client, output, recorder, config });
  // Fetched again after a pause in edits, and only once the Testing view asked for the items.
  const testsSoon = debounce(() => tests.onIndexChanged(), 500);
  context.subscriptions.push(tests, { dispose: testsSoon.dispose }, client.onDidChangeIndex(testsSoon));

  return {
    ready: started_.ready,
    sendRequest: async <R>(method: string, params?: unknown): Promise<R> => {
      await started_.ready;
      return params === undefined ? started_.client.sendRequest<R>(method) : started_.client.sendRequest<R>(method, params);
    },
    activationMs: performance.now() - started,
    onDidRecordRun: recorder.onDidRecordRun,
    onDidHandleLanding: landings.onDidHandleLanding,
    onDidReportIndexing: indexing.onDidReport,
    indexingMessage: () => indexing.current,
    runTests: (ids, profile, token) => tests.run(ids, profile, token),
    testItems: () => tests.snapshot(),
    testProfiles: () => tests.profileNames(),
  };
}

export function deactivate(): void {
  // Disposal happens through context.subscriptions.
}
