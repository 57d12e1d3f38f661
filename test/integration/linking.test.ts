// Issue 23, in the editor: the links a plan's authors meant. A plan outside its initiative's
// folder joins it by its `Initiative:` header; a Do Now range names every row in it; an artifact
// cited relative to the plan's reports phase folder is found; a new hub keeps the initiative's
// own nesting. The suite writes its own small plan into the sample workspace and removes it after.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, fileUri, waitFor, waitForIndex, workspaceRoot } from './helpers';
import type { DoNowResult, PlanTreeResult } from '../../server/protocol';

const PLAN = 'plans/linking/plan.md';
const PHASE_HUB = 'reports/2026-03-tide/phase_l/20260305T120000Z';
const NESTED_HUB = 'reports/2026-03-tide/phase_d/20260401T000000Z/tide-api/phase_x';

const PLAN_TEXT = [
  '# Tide linking plan',
  '- Initiative: TIDE-API-001 — the tide API, continued outside its folder',
  '',
  '| ID | Task | State | Notes |',
  '| --- | --- | --- | --- |',
  `| L1 | Sweep | [x] | Evidence under \`${NESTED_HUB}/summary.md\` and \`reports/2026-03-tide/phase_l/\` |`,
  '| L2 | Relative | [x] | Artifacts: `phase_l/20260305T120000Z/pytest.log` |',
  '| L3 | Third | [ ] | Still to do |',
  '',
].join('\n');

export function registerLinkingTests(): void {
  suite('links the authors meant (issue 23)', () => {
    const root = (): string => workspaceRoot().fsPath;
    const write = (rel: string, text: string): void => {
      fs.mkdirSync(path.dirname(path.join(root(), rel)), { recursive: true });
      fs.writeFileSync(path.join(root(), rel), text);
    };

    suiteSetup(async () => {
      const api = await activateExtension();
      await waitForIndex(api);
      write(`${PHASE_HUB}/pytest.log`, '1 passed\n');
      write(`${NESTED_HUB}/summary.md`, 'nested summary\n');
      write(PLAN, PLAN_TEXT);
      await waitFor('the linking plan to be indexed', async () => {
        const tree = await api.sendRequest<PlanTreeResult>('planloop/planTree');
        return tree.initiatives.some((i) => i.plans.some((p) => p.relativePath === PLAN)) ? true : undefined;
      });
    });

    suiteTeardown(async () => {
      // This suite runs last; its files go with the workspace copy, through the editor's own API.
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      for (const dir of ['plans/linking', 'reports/2026-03-tide'])
        await vscode.workspace.fs.delete(fileUri(dir), { recursive: true, useTrash: false });
    });

    test("a plan's Initiative: header puts it under that initiative, not (unassigned)", async () => {
      const api = await activateExtension();
      const tree = await api.sendRequest<PlanTreeResult>('planloop/planTree');
      const owner = tree.initiatives.find((i) => i.plans.some((p) => p.relativePath === PLAN));
      assert.equal(owner?.id, 'TIDE-API-001');
    });

    test('an artifact cited relative to the plan’s reports phase folder is found (Artifacts 1/1)', async () => {
      const uri = fileUri(PLAN);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const lenses = await waitFor('code lenses on the linking plan', async () => {
        const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
        return l?.some((x) => x.range.start.line === 6 && x.command?.title.startsWith('Artifacts')) ? l : undefined;
      });
      const l2 = lenses.filter((x) => x.range.start.line === 6).map((x) => x.command?.title);
      assert.ok(l2.includes('Artifacts 1/1'), `L2's lenses: ${l2.join(', ')}`);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    test('a Do Now range (L1–L3) links every row it names', async () => {
      const api = await activateExtension();
      const handoff = await vscode.workspace.openTextDocument(fileUri('input.md'));
      const editor = await vscode.window.showTextDocument(handoff);
      const at = handoff.lineAt(
        handoff
          .getText()
          .split('\n')
          .findIndex((l) => l.startsWith('3. TIDE-API-001 B2')),
      ).range.end;
      const item = '\n4. TIDE-API-001 L1–L3 @ plans/linking/plan.md:6 — walk the range; tests: none';
      assert.ok(await editor.edit((b) => b.insert(at, item)), 'the Do Now item was typed');
      try {
        const entry = await waitFor('the Do Now range item with its rows', async () => {
          const result = await api.sendRequest<DoNowResult>('planloop/doNow');
          const found = result.items.find((i) => i.text.includes('L1–L3'));
          return found && found.rows.length >= 3 ? found : undefined;
        });
        assert.deepEqual(entry.rows.map((r) => r.id).sort(), ['L1', 'L2', 'L3']);
        assert.deepEqual(
          entry.rows.filter((r) => r.location).map((r) => r.location!.uri.endsWith(PLAN)),
          [true, true, true],
        );
      } finally {
        await vscode.commands.executeCommand('workbench.action.files.revert');
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      }
    });

    test("a new hub keeps the initiative's own nesting (umbrella phase, its slug folder, the run's phase)", async () => {
      const api = await activateExtension();
      const answer = await api.sendRequest<{ hubDir?: string; error?: string }>('planloop/newHub', {
        uri: fileUri(PLAN).toString(),
        rowId: 'L3',
      });
      assert.equal(answer.error, undefined);
      assert.match(answer.hubDir ?? '', /^reports\/2026-03-tide\/phase_d\/\d{8}T\d{6}Z\/tide-api\/[^/]+\/$/, answer.hubDir);
    });
  });
}
