// Loop history in the editor: the sample workspace committed in three iterations (a handoff, a
// row marked done, two more handoffs), read by the server when asked, and a change opened as the
// diff of its commit at its line. Runs last: it restores the files it changed and removes .git.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { activateExtension, waitFor, waitForIndex, workspaceRoot } from './helpers';
import { gitTestEnv } from '../support/gitRepo';
import type { LoopHistoryResult } from '../../server/protocol';
import type { ProgressModel } from '../../src/progress/progressModel';

const PLAN = 'plans/active/TIDE-API-001/implementation.md';
const HANDOFF = 'input.md';

export function registerHistoryTests(): void {
  suite('loop history', () => {
    const root = workspaceRoot().fsPath;
    const saved = new Map<string, string>();
    const git = (args: string[], date?: string): string =>
      execFileSync('git', args, {
        cwd: root,
        env: gitTestEnv(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}),
        encoding: 'utf8',
      }).trim();
    const edit = (rel: string, from: string, to: string): void => {
      const file = path.join(root, rel);
      if (!saved.has(rel)) saved.set(rel, fs.readFileSync(file, 'utf8'));
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(text.includes(from), `${rel} holds ${from}`);
      fs.writeFileSync(file, text.replace(from, to));
    };
    const commit = (message: string, date: string): string => {
      git(['add', '-A']);
      git(['commit', '-q', '-m', message], date);
      return git(['rev-parse', 'HEAD']);
    };
    let shas: string[] = [];

    suiteSetup(async () => {
      await waitForIndex(await activateExtension());
      git(['init', '-q', '-b', 'main']);
      shas = [
        commit('SUPERVISOR: handoff 1', '2026-03-01T09:00:00Z'),
        (edit(HANDOFF, 'Summary: Capture Phase D', 'Summary: Again, capture Phase D'),
        commit('SUPERVISOR: handoff 2', '2026-03-02T09:00:00Z')),
        (edit(PLAN, '| B2 | Wire the station lookup | [P] |', '| B2 | Wire the station lookup | [x] |'),
        commit('RALPH: B2 done', '2026-03-02T10:00:00Z')),
        (edit(HANDOFF, 'Summary: Again,', 'Summary: Once more,'), commit('SUPERVISOR: handoff 3', '2026-03-03T09:00:00Z')),
      ];
    });

    suiteTeardown(() => {
      for (const [rel, text] of saved) fs.writeFileSync(path.join(root, rel), text);
      fs.rmSync(path.join(root, '.git'), { recursive: true, force: true });
    });

    test('the history of three committed iterations, read when asked', async () => {
      const api = await activateExtension();
      await api.sendRequest<LoopHistoryResult>('planloop/loopHistory', { refresh: true });
      const ready = await waitFor('the loop history to be read', async () => {
        const result = await api.sendRequest<LoopHistoryResult>('planloop/loopHistory', {});
        return result.state === 'ready' && result.report?.head === shas[3] ? result : undefined;
      });
      const report = ready.report!;
      assert.deepEqual(
        report.iterations.map((it) => [it.index, it.handoff?.sha]),
        [
          [3, shas[3]],
          [2, shas[1]],
          [1, shas[0]],
        ],
      );
      const b2 = report.iterations[1].commits[0].transitions;
      assert.deepEqual(
        b2.map((t) => [t.plan, t.rowId, t.fromRaw, t.toRaw, t.line]),
        [[PLAN, 'B2', '[P]', '[x]', 26]],
      );
      assert.equal(report.sinceHandoff?.iteration, 3);
    });

    test('Show Progress draws rows done over time from the history', async () => {
      const model = await vscode.commands.executeCommand<ProgressModel>('planloop.showProgress', 'TIDE-API-001');
      // The first commit added the plan; the third marked B2 done. Handoff commits leave it out.
      assert.deepEqual(
        model.doneOverTime.map((p) => new Date(p.time).toISOString()),
        ['2026-03-01T09:00:00.000Z', '2026-03-02T10:00:00.000Z'],
      );
      const [before, after] = model.doneOverTime;
      assert.deepEqual([after.done - before.done, after.total - before.total], [1, 0], 'B2 went to done, no row was added');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });

    test('a change opens as the diff of its commit, at its line', async () => {
      await vscode.commands.executeCommand('planloop.openHistoryChange', {
        sha: shas[2],
        parent: shas[1],
        path: PLAN,
        line: 26,
        title: 'B2 [P] → [x]',
      });
      const editor = await waitFor('the diff of B2 to be the active editor', () => {
        const active = vscode.window.activeTextEditor;
        return active?.document.uri.scheme === 'planloop-history' ? active : undefined;
      });
      assert.equal(editor.document.uri.query, shas[2]);
      assert.equal(editor.selection.active.line, 25);
      assert.match(editor.document.lineAt(25).text, /^\| B2 \| Wire the station lookup \| \[x\] \|/);
      const left = await vscode.workspace.openTextDocument(
        vscode.Uri.from({ scheme: 'planloop-history', path: `/${PLAN}`, query: shas[1] }),
      );
      assert.match(left.lineAt(25).text, /\| \[P\] \|/);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
  });
}
