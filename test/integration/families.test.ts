// A superpowers plan inside VS Code: its tasks are phases and its steps rows in the Plans view
// (`Task 1 · Step 1`), a step's lens is `▶ Run 1.1`, and a red step (`Expected: FAIL`) that fails
// is done, with an attempt that says "failed as expected".
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, fileUri, waitFor, workspaceRoot } from './helpers';
import { parseLedger } from '../../server/core/parse/ledger';
import type { PlanLoopApi } from '../../src/extension';
import type { PlanRowsResult, PlanTreeResult } from '../../server/protocol';

const PLAN = 'plans/active/CACHE-REFRESH-002/alerts_plan.md';
const PLAN_TEXT = [
  '# Cache alerts Implementation Plan',
  '',
  '### Task 1: Alert on stale cache',
  '',
  '- [ ] **Step 1: Write the failing alert test**',
  '',
  '- [ ] **Step 2: Run the alert test to see it fail**',
  '',
  "Run: `bash -c 'echo no alert yet; exit 1'`",
  '',
  'Expected: FAIL with `no alert yet`',
  '',
  '### Task 2: Wire the alert',
  '',
  '- [ ] **Step 1: Run the alert test**',
  '',
  '```bash',
  "bash -c 'echo alert sent'",
  '```',
  '',
  'Expected: PASS',
  '',
].join('\n');

const disk = (rel: string): string => fs.readFileSync(path.join(workspaceRoot().fsPath, rel), 'utf8');

export function registerFamilyTests(): void {
  suite('loop families', () => {
    let api: PlanLoopApi;

    suiteSetup(async () => {
      api = await activateExtension();
      await vscode.workspace.getConfiguration('planloop').update('autoUpdate', 'always', vscode.ConfigurationTarget.Workspace);
      await vscode.workspace.getConfiguration('planloop').update('confirmRuns', false, vscode.ConfigurationTarget.Workspace);
      fs.writeFileSync(path.join(workspaceRoot().fsPath, PLAN), PLAN_TEXT);
    });

    suiteTeardown(async () => {
      fs.rmSync(path.join(workspaceRoot().fsPath, PLAN), { force: true });
      await vscode.workspace.getConfiguration('planloop').update('autoUpdate', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.workspace.getConfiguration('planloop').update('confirmRuns', undefined, vscode.ConfigurationTarget.Workspace);
    });

    test('the Plans view shows Task → Step, and the red step says it expects FAIL', async () => {
      const plan = await waitFor('the superpowers plan in the Plans view', async () => {
        const tree = await api.sendRequest<PlanTreeResult>('planloop/planTree');
        return tree.initiatives.flatMap((i) => i.plans).find((p) => p.relativePath === PLAN);
      });
      assert.deepEqual(
        plan.phases.map((p) => [p.label, p.title, p.total]),
        [
          ['Task 1', 'Alert on stale cache', 2],
          ['Task 2', 'Wire the alert', 1],
        ],
      );
      const rows = await api.sendRequest<PlanRowsResult | null>('planloop/planRows', { uri: plan.uri });
      assert.deepEqual(
        rows?.phases.flat().map((r) => [r.id, r.label, r.expected]),
        [
          ['1.1', 'Task 1 · Step 1', undefined],
          ['1.2', 'Task 1 · Step 2', 'fail'],
          ['2.1', 'Task 2 · Step 1', 'pass'],
        ],
      );
    });

    test('a step with a command has a ▶ Run lens named by its row', async () => {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fileUri(PLAN)));
      const lenses = await waitFor('code lenses on the superpowers plan', async () => {
        // The resolve count makes the command resolve each lens's title.
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', fileUri(PLAN), 100);
        return found?.some((l) => l.command?.title === '▶ Run 1.2') ? found : undefined;
      });
      const runs = lenses.filter((l) => l.command?.title.startsWith('▶ Run')).map((l) => l.command!.title);
      assert.deepEqual(runs.sort(), ['▶ Run 1.2', '▶ Run 2.1']);
    });

    test('running the red step: it fails as expected, becomes [x], and the attempt says so', async () => {
      const attemptsOf = (text: string) => parseLedger(text).initiatives.find((i) => i.id === 'CACHE-REFRESH-002')!.attempts;
      const before = attemptsOf(disk('docs/fix_plan.md')).length;
      const recorded = new Promise<{ recordPath: string }>((resolve) => {
        const sub = api.onDidRecordRun((e) => {
          if (e.plan.rowId !== '1.2') return;
          sub.dispose();
          resolve(e);
        });
      });
      await vscode.commands.executeCommand('planloop.runRow', { uri: fileUri(PLAN).toString(), rowId: '1.2' });
      const { recordPath } = await recorded;
      const record = JSON.parse(disk(recordPath)) as { outcome: string; expected?: string; blocker?: string };
      assert.deepEqual([record.outcome, record.expected, record.blocker], ['failed', 'fail', undefined]);
      await waitFor('step 1.2 to become [x] on disk', () =>
        disk(PLAN).includes('- [x] **Step 2: Run the alert test to see it fail**') ? true : undefined,
      );
      const attempts = attemptsOf(disk('docs/fix_plan.md'));
      assert.equal(attempts.length, before + 1, 'one new attempt');
      assert.match(attempts[attempts.length - 1].text, /failed as expected \(exit 1\)/);
    });
  });
}
