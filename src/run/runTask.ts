// Runs a RunPlan as a vscode.Task in the integrated terminal and waits for its exit code.
import * as vscode from 'vscode';
import type { RunPlan } from '../../server/protocol';
import type { TaskOutcome } from './taskRunEnd';

export type { TaskOutcome } from './taskRunEnd';

export const TASK_TYPE = 'planloop';

/**
 * The profile's env overrides the host's (in the task's env and, visibly, at the head of its command
 * line); a command's own CUDA_VISIBLE_DEVICES=… still wins (it is in the text).
 */
export function createRunTask(folder: vscode.WorkspaceFolder, plan: RunPlan): vscode.Task {
  // The server built the line (core buildRunScript), the same announcements `planloop run` logs.
  const execution = new vscode.ShellExecution(plan.script, {
    cwd: folder.uri.fsPath,
    env: plan.env,
    executable: '/bin/bash',
    shellArgs: ['-c'],
  });
  const task = new vscode.Task(
    // The plan rides along in the definition so any planloop task end (Run Task, ▶, lens) is recorded.
    { type: TASK_TYPE, rowId: plan.rowId, plan: plan.planPath, profile: plan.profile, runPlan: plan },
    folder,
    `Run ${plan.rowId} (${plan.profile})`,
    'Plan Loop',
    execution,
    ['$planloop-pytest'],
  );
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
  return task;
}

/** Executes a task and resolves when its process ends (exit code from onDidEndTaskProcess). */
export async function executeAndWait(
  task: vscode.Task,
  token?: vscode.CancellationToken,
  onCancel?: (execution: vscode.TaskExecution) => void,
): Promise<TaskOutcome> {
  const startedAt = new Date();
  let cancelled = false;
  const execution = await vscode.tasks.executeTask(task);
  return new Promise<TaskOutcome>((resolve) => {
    const disposables: vscode.Disposable[] = [];
    let finished = false;
    const finish = (exitCode: number | undefined): void => {
      if (finished) return;
      finished = true;
      for (const d of disposables) d.dispose();
      resolve({ exitCode, startedAt, durationMs: Date.now() - startedAt.getTime(), cancelled });
    };
    disposables.push(
      vscode.tasks.onDidEndTaskProcess((e) => {
        if (e.execution === execution) finish(e.exitCode);
      }),
      vscode.tasks.onDidEndTask((e) => {
        // A task killed before its process reported an exit code still ends.
        if (e.execution === execution) setTimeout(() => finish(undefined), 500);
      }),
    );
    if (token) {
      disposables.push(
        token.onCancellationRequested(() => {
          cancelled = true;
          onCancel?.(execution);
          execution.terminate();
        }),
      );
    }
  });
}
