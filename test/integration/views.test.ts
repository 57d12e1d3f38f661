// The data behind the views, row-state edits through WorkspaceEdit (undoable), and Create folder.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, fileUri, waitFor, waitForIndex, workspaceRoot } from './helpers';
import { runRecord } from '../support/runRecords';
import type { DoNowResult, IndexProgress, LedgerTreeResult, PlanRowsResult, PlanTreeResult } from '../../server/protocol';
import type { ProgressModel } from '../../src/progress/progressModel';

const PHASE_PLAN = 'plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d_smoke/plan.md';

export function registerViewTests(): void {
  suite('views and commands', () => {
    suiteSetup(async () => {
      await waitForIndex(await activateExtension());
    });

    test('while the server walks the workspace the views say "Indexing…", until their answers come from the whole index', async () => {
      const api = await activateExtension();
      const config = vscode.workspace.getConfiguration('planloop');
      const before = config.inspect('maxFileSizeMB')?.workspaceValue;
      const seen: Array<{ report: IndexProgress; message: string | undefined }> = [];
      const subscription = api.onDidReportIndexing((report) => seen.push({ report, message: api.indexingMessage() }));
      const walked = (): true | undefined => (seen.some((s) => s.report.done) ? true : undefined);
      try {
        // A setting that changes what is read starts a new walk.
        await config.update('maxFileSizeMB', 6, vscode.ConfigurationTarget.Workspace);
        await waitFor('a done indexProgress report after planloop.maxFileSizeMB changed', walked);
        const walking = seen.filter((s) => !s.report.done);
        assert.ok(walking.length > 0, 'the walk reported before it ended');
        for (const { report, message } of walking)
          assert.match(message ?? '', /^Indexing…( [\d,]+( of [\d,]+)? files)?$/, `the views' message at ${JSON.stringify(report)}`);
        await waitFor("the views' Indexing message to clear once they hold the new answers", () =>
          api.indexingMessage() === undefined ? true : undefined,
        );
        const tree = await api.sendRequest<PlanTreeResult>('planloop/planTree');
        assert.ok(tree.initiatives.length > 0, 'the Plans view has its plans again');
      } finally {
        seen.length = 0;
        await config.update('maxFileSizeMB', before, vscode.ConfigurationTarget.Workspace);
        await waitFor('the walk after restoring planloop.maxFileSizeMB to end', walked);
        await waitFor("the views' Indexing message to clear", () => (api.indexingMessage() === undefined ? true : undefined));
        subscription.dispose();
      }
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
      // Rows come per plan, phase by phase in the tree's order.
      const plan = tree.initiatives[0].plans[0];
      const rows = await api.sendRequest<PlanRowsResult | null>('planloop/planRows', { uri: plan.uri });
      assert.equal(rows?.phases.length, plan.phases.length, 'one list of rows per phase of the tree');
      assert.deepEqual(
        rows?.phases.map((r) => r.length),
        plan.phases.map((p) => p.total),
      );
      const b2 = rows?.phases[1].find((r) => r.id === 'B2.a');
      assert.equal(b2?.parentId, 'B2');
    });

    test('ledger tree groups initiatives by status, attempts newest first', async () => {
      const api = await activateExtension();
      const ledger = await api.sendRequest<LedgerTreeResult>('planloop/ledgerTree');
      const groups = Object.fromEntries(ledger.groups.map((g) => [g.status, g.initiatives.map((i) => i.id)]));
      assert.deepEqual(groups, { 'in-progress': ['TIDE-API-001'], pending: ['CACHE-REFRESH-002'] });
      const tide = ledger.groups.find((g) => g.status === 'in-progress')!.initiatives[0];
      assert.deepEqual(
        tide.attempts.map((a) => a.number),
        [3, 2, 1],
      );
      assert.equal(
        tide.attempts[2].artifacts.every((a) => a.exists),
        true,
      );
    });

    test('Do Now items link to their rows with states', async () => {
      const api = await activateExtension();
      const doNow = await api.sendRequest<DoNowResult>('planloop/doNow');
      assert.equal(doNow.focusInitiativeId, 'TIDE-API-001');
      assert.deepEqual(
        doNow.items.map((i) => i.rows.map((r) => `${r.id}${r.rawState}`)),
        [['D1[ ]'], ['D2[ ]'], ['B2[P]']],
      );
      assert.deepEqual(doNow.mappedTests, ['CUDA_VISIBLE_DEVICES="" pytest tests/test_tides.py::test_ok -q']);
      assert.equal(doNow.artifacts.length, 3);
      assert.equal(
        doNow.artifacts.every((a) => !a.landed),
        true,
      );
    });

    test('Sync ledger on a landed but unrecorded run proposes the row state and one attempt', async () => {
      const api = await activateExtension();
      const hub = 'plans/active/TIDE-API-001/reports/2026-03-06T100000Z/phase_d_smoke';
      const write = (rel: string, text: string): Thenable<void> =>
        vscode.workspace.fs.writeFile(fileUri(rel), new TextEncoder().encode(text));
      await write(`${hub}/D1.log`, '1 passed\n');
      await write(`${hub}/planloop-run.json`, runRecord(hub, { startedAt: '2026-03-06T10:00:00.000Z', durationMs: 2300 }));
      try {
        const result = await api.sendRequest<{
          edit?: { changes: Record<string, Array<{ newText: string; range: { start: { line: number } } }>> };
          notes: string[];
        }>('planloop/syncLedger');
        assert.ok(result.edit, result.notes.join('\n'));
        const byFile = Object.fromEntries(
          Object.entries(result.edit.changes).map(([uri, edits]) => [vscode.workspace.asRelativePath(vscode.Uri.parse(uri)), edits]),
        );
        assert.deepEqual(Object.keys(byFile).sort(), ['docs/fix_plan.md', PHASE_PLAN]);
        assert.deepEqual(
          byFile[PHASE_PLAN].map((e) => [e.range.start.line, e.newText]),
          [[11, '[x]']],
        );
        assert.equal(byFile['docs/fix_plan.md'].length, 1);
        assert.match(byFile['docs/fix_plan.md'][0].newText, /^\n {2}\* \[2026-03-06\] Attempt #4 — Result: passed \(D1 run \(cpu\)\)/);
      } finally {
        await vscode.workspace.fs.delete(fileUri(hub.split('/').slice(0, 5).join('/')), { recursive: true });
      }
    });

    test('mark row state changes exactly the marker in the buffer, and undo restores it', async () => {
      const uri = fileUri(PHASE_PLAN);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const before = doc.getText();
      const ok = await vscode.commands.executeCommand<boolean>('planloop.markRowState', {
        uri: uri.toString(),
        rowId: 'D3',
        line: 13,
        marker: '[x]',
      });
      assert.equal(ok, true);
      const after = doc.getText();
      const at = before.indexOf('| D3 | Hygiene | [ ] |') + '| D3 | Hygiene | '.length;
      assert.equal(after, before.slice(0, at) + '[x]' + before.slice(at + 3));
      assert.equal(doc.isDirty, true);
      await vscode.commands.executeCommand('undo');
      assert.equal(doc.getText(), before);
      await doc.save();
    });

    test('Show Progress opens one webview per initiative with its rows by state and dated attempts', async () => {
      const model = await vscode.commands.executeCommand<ProgressModel>('planloop.showProgress', 'TIDE-API-001');
      assert.ok(model, 'the command returns what it drew');
      assert.equal(model.total, 13);
      assert.equal(model.counts.done + model.counts['in-progress'] + model.counts.blocked + model.counts.open, 13);
      assert.deepEqual(
        model.attempts.map((a) => [a.label.split(' — ')[0], a.tone]),
        [
          ['Attempt #1', 'neutral'],
          ['Attempt #2', 'passed'],
          ['Attempt #3', 'passed'],
        ],
        'dated and toned as the server read them',
      );
      const tabs = (): vscode.Tab[] =>
        vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label === 'Progress: TIDE-API-001');
      // The extension host learns of new tabs asynchronously.
      const [tab] = await waitFor('the progress tab', () => (tabs().length ? tabs() : undefined), 10_000);
      assert.ok(tab.input instanceof vscode.TabInputWebview, 'the tab is a webview');
      // From the Ledger view's initiative node: the same panel is revealed, not a second one.
      await vscode.commands.executeCommand('planloop.showProgress', { kind: 'initiative', initiative: { id: 'TIDE-API-001' } });
      // A tab opened after the command is reported after any tab the command opened: once it is
      // here, a second progress panel would be too.
      const ledgerUri = fileUri('docs/fix_plan.md').toString();
      const ledgerTabs = (): vscode.Tab[] =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === ledgerUri);
      assert.equal(ledgerTabs().length, 0, 'the ledger is not open in an editor yet');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fileUri('docs/fix_plan.md')), { preview: false });
      await waitFor('the tab of the ledger opened after Show Progress', () => ledgerTabs().length > 0, 10_000);
      assert.equal(tabs().length, 1, 'the existing panel is revealed, no second one is opened');
      await vscode.window.tabGroups.close([...tabs(), ...ledgerTabs()]);
      await waitFor('the progress tab to close', () => (tabs().length === 0 ? true : undefined), 10_000);
    });

    test('Create folder (the missing-hub quick fix) refuses a folder behind a symlink that leads out', async () => {
      const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-outside-'));
      const link = path.join(workspaceRoot().fsPath, 'tmp-link-out');
      fs.symlinkSync(outside, link);
      try {
        const refused = await vscode.commands.executeCommand<string | undefined>('planloop.createFolder', { path: 'tmp-link-out/hub' });
        assert.equal(refused, undefined);
        assert.deepEqual(fs.readdirSync(outside), [], 'nothing was created outside the workspace');
        const hub = 'plans/active/TIDE-API-001/reports/2026-04-01T000000Z/phase_e/';
        const created = await vscode.commands.executeCommand<string | undefined>('planloop.createFolder', { path: hub });
        assert.equal(created, hub);
        assert.ok(fs.statSync(path.join(workspaceRoot().fsPath, hub)).isDirectory(), 'a folder inside is created');
        fs.rmSync(path.join(workspaceRoot().fsPath, 'plans/active/TIDE-API-001/reports/2026-04-01T000000Z'), { recursive: true });
      } finally {
        fs.rmSync(link);
        fs.rmSync(outside, { recursive: true, force: true });
      }
    });
  });
}
