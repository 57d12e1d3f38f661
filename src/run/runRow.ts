// ▶ Run: asks the server for the row's run plan, confirms, runs it as a task with progress,
// records the outcome in the hub, then proposes the row state and ledger attempt.
import * as vscode from 'vscode';
import { RunPlanRequest } from '../../server/protocol';
import type { PlanLoopClient } from '../planLoopClient';
import type { Config } from '../config';
import { rowRefFrom } from '../commands/rowArgs';
import { confirmRun } from './confirmRun';
import type { RunRecorder } from './runRecorder';
import { createRunTask, executeAndWait, type TaskOutcome } from './runTask';

export interface RunDeps {
  readonly context: vscode.ExtensionContext;
  readonly client: PlanLoopClient;
  readonly output: vscode.LogOutputChannel;
  readonly recorder: RunRecorder;
  readonly config: Config;
}

export async function runRow(deps: RunDeps, arg: unknown, options: { mappedTests?: boolean } = {}): Promise<TaskOutcome | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Plan Loop: this workspace is not trusted, so Plan Loop will not run its commands.');
    return undefined;
  }
  const ref = options.mappedTests ? undefined : rowRefFrom(arg);
  const profile = deps.config.get().defaultProfile;
  const response = await deps.client.request(RunPlanRequest, {
    uri: ref?.uri,
    rowId: ref?.rowId,
    line: ref?.line,
    mappedTests: options.mappedTests,
    profile,
  });
  if (!response.plan) {
    void vscode.window.showWarningMessage(`Plan Loop: ${response.error ?? 'nothing to run'}`);
    return undefined;
  }
  const plan = response.plan;
  if (plan.commands.length === 0) {
    void vscode.window.showInformationMessage(`Plan Loop: row ${plan.rowId} has no commands to run.`);
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return undefined;
  if (!(await confirmRun(deps.context, deps.config, plan.rowId, plan.commands))) return undefined;

  deps.output.info(`Running ${plan.rowId} (${plan.profile}) → ${plan.logFile}\n  ${plan.commands.join('\n  ')}`);
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Plan Loop: running ${plan.rowId} (${plan.profile})`, cancellable: true },
    (_progress, token) => executeAndWait(createRunTask(folder, plan), token, (execution) => deps.recorder.markCancelled(execution)),
  );
  // RunRecorder writes the record and proposes the updates when the task process ends.
  return outcome;
}
