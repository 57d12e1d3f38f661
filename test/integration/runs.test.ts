// Runs in real terminals are covered once the run/landing feature is complete; here: trust gating.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from './helpers';

export function registerRunTests(): void {
  suite('runs', () => {
    test('the planloop task type is provided to "Run Task"', async () => {
      await activateExtension();
      const tasks = await vscode.tasks.fetchTasks({ type: 'planloop' });
      const names = tasks.map((t) => t.name).sort();
      assert.ok(names.includes('Run D1 (cpu)'), `tasks: ${names.join(', ')}`);
      assert.ok(names.includes('Run mapped-tests (cpu)'));
      const d1 = tasks.find((t) => t.name === 'Run D1 (cpu)')!;
      const execution = d1.execution as vscode.ShellExecution;
      assert.equal(execution.options?.env?.CUDA_VISIBLE_DEVICES, '');
      assert.match(String(execution.commandLine), /tee -a .*phase_d_smoke\/D1\.log/);
    });
  });
}
