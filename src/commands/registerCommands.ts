// Registers every Plan Loop command. Commands that run anything check workspace trust first.
import * as vscode from 'vscode';
import { Commands, type CommandName, type HistoryViewCommandName, type PlansViewCommandName } from '../../server/protocol';
import type { PlanLoopClient } from '../planLoopClient';
import type { Config } from '../config';
import type { PlansTreeProvider } from '../views/plansTree';
import { markRowState } from './markRowState';
import { defineStateMarker } from './defineStateMarker';
import { revealRow } from './revealRow';
import { rowRefFrom } from './rowArgs';
import { newAttempt, syncLedger } from './ledgerCommands';
import { createFolder, newArtifactHub, openArtifacts } from './hubCommands';
import { runRow } from '../run/runRow';
import { tidyOutputs, type TidyArgs } from './tidyOutputs';
import type { RunRecorder } from '../run/runRecorder';
import type { PendingQuestions } from '../run/pendingQuestions';
import { initiativeIdFrom, type ProgressPanels } from '../progress/progressPanel';

export interface CommandDeps {
  readonly client: PlanLoopClient;
  readonly output: vscode.LogOutputChannel;
  readonly questions: PendingQuestions;
  readonly config: Config;
  readonly refresh: () => void;
  readonly plans: PlansTreeProvider;
  readonly recorder: RunRecorder;
  readonly progress: ProgressPanels;
}

export function registerCommands(context: vscode.ExtensionContext, deps: CommandDeps): void {
  const { client, output } = deps;
  const register = (id: string, fn: (...args: unknown[]) => unknown): void => {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await fn(...args);
        } catch (error) {
          output.error(`${id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          void vscode.window.showErrorMessage(`Plan Loop: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        }
      }),
    );
  };

  // A Record over the protocol's command names: a command added there is a compile error here
  // until it has a handler.
  const handlers: Record<Exclude<CommandName, PlansViewCommandName | HistoryViewCommandName>, (...args: unknown[]) => unknown> = {
    showOutput: () => output.show(),
    refresh: () => deps.refresh(),
    revealRow: (arg) => revealRow(rowRefFrom(arg)),
    markRowState: (arg) => markRowState(client, arg),
    markRowDone: (arg) => markRowState(client, arg, { kind: 'done' }),
    markRowInProgress: (arg) => markRowState(client, arg, { kind: 'in-progress' }),
    defineStateMarker: (arg) => defineStateMarker(deps.config, arg),
    openArtifacts: (arg) => openArtifacts(client, arg),
    createFolder: (arg) => createFolder(client, arg),
    newArtifactHub: (arg) => newArtifactHub(client, arg),
    newAttempt: (arg) => newAttempt(client, arg),
    syncLedger: () => syncLedger(deps),
    showProgress: (arg) => deps.progress.show(initiativeIdFrom(arg)),
    tidyOutputs: (arg) => tidyOutputs(client, arg as TidyArgs | undefined),
    runRow: (arg) => runRow({ context, client, output, recorder: deps.recorder, config: deps.config }, arg),
    runMappedTests: () =>
      runRow({ context, client, output, recorder: deps.recorder, config: deps.config }, undefined, { mappedTests: true }),
  };
  for (const [name, fn] of Object.entries(handlers)) register(Commands[name as keyof typeof handlers], fn);
}
