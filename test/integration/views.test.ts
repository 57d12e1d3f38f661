// The data behind the views, and row-state edits through WorkspaceEdit (undoable).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, fileUri, waitForIndex } from './helpers';
import type { DoNowResult, LedgerTreeResult, PlanTreeResult } from '../../server/protocol';

const PHASE_PLAN = 'plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d_smoke/plan.md';

export function registerViewTests(): void {
  suite('views and commands', () => {
    suiteSetup(async () => {
      await waitForIndex(await activateExtension());
    });

    test('plan tree matches the sample workspace', async () => {
      const api = await activateExtension();
      const tree = await api.sendRequest<PlanTreeResult>('planloop/planTree');
      const summary = tree.initiatives.map((i) => ({
        id: i.id,
        plans: i.plans.map((p) => `${p.relativePath} ${p.done}/${p.total}`),
      }));
      assert.deepEqual(summary, [
        {
          id: 'TIDE-API-001',
          plans: ['plans/active/TIDE-API-001/implementation.md 5/10', `${PHASE_PLAN} 0/3`],
        },
        { id: 'CACHE-REFRESH-002', plans: ['plans/active/CACHE-REFRESH-002/implementation.md 2/5'] },
      ]);
      const b2 = tree.initiatives[0].plans[0].phases[1].rows.find((r) => r.id === 'B2.a');
      assert.equal(b2?.parentId, 'B2');
    });

    test('ledger tree groups initiatives by status, attempts newest first', async () => {
      const api = await activateExtension();
      const ledger = await api.sendRequest<LedgerTreeResult>('planloop/ledgerTree');
      const groups = Object.fromEntries(ledger.groups.map((g) => [g.status, g.initiatives.map((i) => i.id)]));
      assert.deepEqual(groups, { 'in-progress': ['TIDE-API-001'], pending: ['CACHE-REFRESH-002'] });
      const tide = ledger.groups.find((g) => g.status === 'in-progress')!.initiatives[0];
      assert.deepEqual(tide.attempts.map((a) => a.number), [3, 2, 1]);
      assert.equal(tide.attempts[2].artifacts.every((a) => a.exists), true);
    });

    test('Do Now items link to their rows with states', async () => {
      const api = await activateExtension();
      const doNow = await api.sendRequest<DoNowResult>('planloop/doNow');
      assert.equal(doNow.focusInitiativeId, 'TIDE-API-001');
      assert.deepEqual(doNow.items.map((i) => i.rows.map((r) => `${r.id}${r.rawState}`)), [['D1[ ]'], ['D2[ ]'], ['B2[P]']]);
      assert.deepEqual(doNow.mappedTests, ['CUDA_VISIBLE_DEVICES="" pytest tests/test_tides.py::test_ok -q']);
      assert.equal(doNow.artifacts.length, 3);
      assert.equal(doNow.artifacts.every((a) => !a.landed), true);
    });

    test('mark row state changes exactly the marker in the buffer, and undo restores it', async () => {
      const uri = fileUri(PHASE_PLAN);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const before = doc.getText();
      const ok = await vscode.commands.executeCommand<boolean>('planloop.markRowState', { uri: uri.toString(), rowId: 'D3', line: 13, marker: '[x]' });
      assert.equal(ok, true);
      const after = doc.getText();
      const at = before.indexOf('| D3 | Hygiene | [ ] |') + '| D3 | Hygiene | '.length;
      assert.equal(after, before.slice(0, at) + '[x]' + before.slice(at + 3));
      assert.equal(doc.isDirty, true);
      await vscode.commands.executeCommand('undo');
      assert.equal(doc.getText(), before);
      await doc.save();
    });
  });
}
