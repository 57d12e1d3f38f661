// Registers every Plan Loop command. Commands that run anything check workspace trust first.
import * as vscode from 'vscode';
import type { PlanLoopClient } from '../planLoopClient';
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

  register('planloop.showOutput', () => output.show());
  register('planloop.refresh', () => deps.refresh());
  register('planloop.revealRow', (arg) => revealRow(rowRefFrom(arg)));
  register('planloop.markRowState', (arg) => markRowState(client, arg));
  register('planloop.markRowDone', (arg) => markRowState(client, arg, '[x]'));
  register('planloop.markRowInProgress', (arg) => markRowState(client, arg, '[P]'));
  register('planloop.defineStateMarker', (arg) => defineStateMarker(arg));
  register('planloop.openArtifacts', (arg) => openArtifacts(client, arg));
  register('planloop.createFolder', (arg) => createFolder(client, arg));
  register('planloop.newArtifactHub', (arg) => newArtifactHub(client, arg));
  register('planloop.newAttempt', (arg) => newAttempt(client, arg));
  register('planloop.syncLedger', () => syncLedger(deps));
  register('planloop.showProgress', (arg) => deps.progress.show(initiativeIdFrom(arg)));
  register('planloop.tidyOutputs', (arg) => tidyOutputs(client, arg as TidyArgs | undefined));
  register('planloop.runRow', (arg) => runRow({ context, client, output, recorder: deps.recorder }, arg));
  register('planloop.runMappedTests', () => runRow({ context, client, output, recorder: deps.recorder }, undefined, { mappedTests: true }));
}
