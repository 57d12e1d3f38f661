// `planloop` tasks in "Run Task": the Do Now rows that have commands, and the mapped tests.
import * as vscode from 'vscode';
import { DoNowRequest, RunPlanRequest } from '../../server/protocol';
import type { PlanLoopClient } from '../planLoopClient';
import { createRunTask, TASK_TYPE } from './runTask';

interface PlanLoopTaskDefinition extends vscode.TaskDefinition {
  rowId: string;
  plan?: string;
  profile?: string;
}

export class PlanLoopTaskProvider implements vscode.TaskProvider {
  constructor(private readonly client: PlanLoopClient) {}

  async provideTasks(): Promise<vscode.Task[]> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder || !vscode.workspace.isTrusted) return [];
    const doNow = await this.client.request(DoNowRequest);
    const wanted: Array<{ rowId?: string; uri?: string; line?: number; mappedTests?: boolean }> = [];
    for (const item of doNow.items)
      for (const row of item.rows)
        if (row.runnable && row.location) wanted.push({ rowId: row.id, uri: row.location.uri, line: row.location.range.start.line });
    if (doNow.mappedTests.length) wanted.push({ mappedTests: true });
    const tasks: vscode.Task[] = [];
    for (const params of wanted) {
      const { plan } = await this.client.request(RunPlanRequest, params);
      if (plan?.commands.length) tasks.push(createRunTask(folder, plan));
    }
    return tasks;
  }

  async resolveTask(task: vscode.Task): Promise<vscode.Task | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const definition = task.definition as PlanLoopTaskDefinition;
    if (!folder || !vscode.workspace.isTrusted || definition.type !== TASK_TYPE) return undefined;
    const mappedTests = definition.rowId === 'mapped-tests';
    const uri = definition.plan ? vscode.Uri.joinPath(folder.uri, definition.plan).toString() : undefined;
    const { plan } = await this.client.request(RunPlanRequest, { uri, rowId: definition.rowId, mappedTests, profile: definition.profile });
    return plan ? createRunTask(folder, plan) : undefined;
  }
}
