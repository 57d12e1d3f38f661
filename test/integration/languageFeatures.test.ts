// LSP features reach the editor through VS Code's own provider commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, fileUri, waitFor, waitForIndex } from './helpers';

const PLAN = 'plans/active/TIDE-API-001/implementation.md';
const PHASE_PLAN = 'plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d_smoke/plan.md';

export function registerLanguageFeatureTests(): void {
  suite('language features', () => {
    suiteSetup(async () => {
      await waitForIndex(await activateExtension());
    });

    test('document symbols: phases with rows and their states', async () => {
      const uri = fileUri(PLAN);
      await vscode.workspace.openTextDocument(uri);
      const symbols = await waitFor('document symbols', async () => {
        const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
        return s && s.length ? s : undefined;
      });
      assert.deepEqual(
        symbols.map((s) => s.name),
        ['Phase A — Baseline', 'Phase B — Forecast API', 'Phase C — Cache Hooks', 'Phase D — Smoke Tests'],
      );
      const phaseB = symbols[1];
      assert.deepEqual(
        phaseB.children.map((c) => [c.name.split(' ')[0], c.detail]),
        [
          ['B1', '[x]'],
          ['B2', '[P]'],
          ['B2.a', '[x]'],
          ['B2.b', '[x]'],
          ['B2.c', '[ ]'],
        ],
      );
    });

    test("go to definition: a Do Now item's row ID opens the plan row", async () => {
      const uri = fileUri('input.md');
      const doc = await vscode.workspace.openTextDocument(uri);
      const line = doc
        .getText()
        .split('\n')
        .findIndex((l) => l.startsWith('3. TIDE-API-001 B2'));
      const character = doc.lineAt(line).text.indexOf('B2') + 1;
      const locations = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
        'vscode.executeDefinitionProvider',
        uri,
        new vscode.Position(line, character),
      );
      assert.equal(locations.length, 1);
      const target = 'targetUri' in locations[0] ? locations[0].targetUri : locations[0].uri;
      const range = 'targetRange' in locations[0] ? locations[0].targetRange : locations[0].range;
      assert.equal(target.toString(), fileUri(PLAN).toString());
      const planDoc = await vscode.workspace.openTextDocument(target);
      assert.match(planDoc.lineAt(range.start.line).text, /^\| B2 \| Wire the station lookup \| \[P\] \|/);
    });

    test('hover on a row shows its state, commands and artifacts', async () => {
      const uri = fileUri(PLAN);
      const doc = await vscode.workspace.openTextDocument(uri);
      const line = doc
        .getText()
        .split('\n')
        .findIndex((l) => l.startsWith('| A1 |'));
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        uri,
        new vscode.Position(line, 10),
      );
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.match(text, /A1 — Capture baseline pytest run/);
      assert.match(text, /State: `\[x\]` \(done\)/);
      assert.match(text, /✓ `plans\/active\/TIDE-API-001\/reports\/2026-03-02T090000Z\/phase_a_baseline\/pytest_baseline\.log`/);
    });

    test('code lenses on plan rows: Run, Done, In progress', async () => {
      const uri = fileUri(PHASE_PLAN);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const lenses = await waitFor('code lenses', async () => {
        const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
        return l && l.length ? l : undefined;
      });
      const titles = lenses.map((l) => l.command?.title);
      assert.ok(titles.includes('▶ Run D1'), `lenses: ${titles.join(', ')}`);
      assert.ok(titles.includes('▶ Run D2'));
      assert.ok(titles.includes('✓ Done'));
      assert.ok(titles.includes('◐ In progress'));
      const run = lenses.find((l) => l.command?.title === '▶ Run D1');
      assert.equal(run?.range.start.line, 11);
    });

    test('diagnostics: the clean sample workspace has none from planloop', async () => {
      // "None" needs a moment at which publishing is known to have happened: an unknown marker typed
      // into one plan is that moment (diagnostics arrive in order, after the workspace's own).
      const uri = fileUri(PHASE_PLAN);
      const plan = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(plan);
      const at = plan.lineAt(13).text.indexOf('[ ]');
      await editor.edit((e) => e.replace(new vscode.Range(13, at, 13, at + 3), '[?]'));
      try {
        await waitFor('the unknown-state diagnostic on the edited plan', () =>
          vscode.languages.getDiagnostics(uri).some((d) => d.code === 'unknown-state'),
        );
        const ours = vscode.languages
          .getDiagnostics()
          .flatMap(([u, ds]) =>
            ds
              .filter((d) => d.source === 'planloop')
              .map((d) => `${vscode.workspace.asRelativePath(u)}:${d.range.start.line + 1} ${String(d.code)}`),
          );
        assert.deepEqual(ours, [`${PHASE_PLAN}:14 unknown-state`], 'nothing but the typed marker');
      } finally {
        await vscode.commands.executeCommand('undo');
        await plan.save();
      }
      await waitFor("the typed marker's diagnostic to clear after undo", () =>
        vscode.languages.getDiagnostics(uri).every((d) => d.source !== 'planloop'),
      );
    });

    test('diagnostics: an unknown marker typed into a buffer is reported with its code', async () => {
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: '' });
      // Untitled buffers are not workspace plans; use a real plan buffer without saving it.
      assert.equal(doc.isUntitled, true);
      const uri = fileUri(PHASE_PLAN);
      const plan = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(plan);
      const line = plan.lineAt(13);
      const at = line.text.indexOf('[ ]');
      await editor.edit((e) => e.replace(new vscode.Range(13, at, 13, at + 3), '[?]'));
      try {
        const diagnostic = await waitFor('unknown-state diagnostic', () =>
          vscode.languages.getDiagnostics(uri).find((d) => d.code === 'unknown-state'),
        );
        assert.match(diagnostic.message, /Unknown state '\[\?\]' on row D3 under 'Phase D — Smoke Tests'/);
        assert.equal(diagnostic.range.start.line, 13);
      } finally {
        await vscode.commands.executeCommand('undo');
        await plan.save();
      }
    });
  });
}
