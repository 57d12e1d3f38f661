// The loop history through the server: read in the background when asked, with progress, then
// the report, a row hover's timeline, a file at a commit, rows done over time; a new commit is
// read incrementally; nothing is read on an edit.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover } from 'vscode-languageserver-protocol';
import { startServer, type TestServer } from './lspClient';
import { waitFor } from '../support/waitFor';
import { gitRepo, gitTestEnv } from '../support/gitRepo';
import { commitScenario, LEDGER, PLAN } from '../support/historyScenario';
import type { LoopHistoryResult } from '../../server/protocol';

// The server's git reads no configuration of the machine's user.
Object.assign(process.env, { GIT_CONFIG_GLOBAL: gitTestEnv().GIT_CONFIG_GLOBAL, GIT_CONFIG_NOSYSTEM: '1' });

describe('loop history over the language server', () => {
  const repo = gitRepo();
  let shas: string[] = [];
  let server: TestServer;
  const progress: Array<{ read: number; done: boolean }> = [];
  const history = (params: object = {}): Promise<LoopHistoryResult> => server.connection.sendRequest('planloop/loopHistory', params);

  before(async () => {
    shas = commitScenario(repo, 9);
    server = await startServer(repo.root);
    server.connection.onNotification('planloop/loopHistoryProgress', (p: { read: number; done: boolean }) => progress.push(p));
    await server.indexed();
  });
  after(async () => {
    await server.stop();
    repo.dispose();
  });

  test('nothing is read until asked; then read in the background, with a notification at the end', async () => {
    const idle = await history();
    assert.equal(idle.state, 'idle');
    assert.equal(idle.report, undefined);
    const asked = await history({ refresh: true });
    assert.ok(['reading', 'ready'].includes(asked.state), asked.state);
    await waitFor('the history to be read', () => progress.find((p) => p.done), { seen: () => JSON.stringify(progress) });
    const ready = await history();
    assert.equal(ready.state, 'ready');
    assert.equal(ready.read, 9);
    assert.equal(ready.rootUri, server.uri('').replace(/\/$/, ''));
    assert.deepEqual(
      ready.report!.iterations.map((it) => it.index),
      [3, 2, 1],
    );
    assert.deepEqual(
      ready.report!.health.map((f) => f.kind),
      // The latest handoff (iteration 3) points at A2, done in the same iteration.
      ['thrash', 'flip-flop', 'drift'],
    );
  });

  test('a row hover shows its states through history', async () => {
    const lines = repo.git('show', `HEAD:${PLAN}`).split('\n');
    const line = lines.findIndex((l) => l.startsWith('| B1 |'));
    const hover: Hover = await server.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: server.uri(PLAN) },
      position: { line, character: 3 },
    });
    assert.match(
      (hover.contents as { value: string }).value,
      /\n\nHistory: \[ \] → \[x\] \(Mar 3, this iteration\) → \[ \] \(Mar 3, this iteration\) → \[x\] \(Mar 3, this iteration\)(\n|$)/,
    );
  });

  test('a file at a commit, and rows done over time', async () => {
    const file: { text?: string } = await server.connection.sendRequest('planloop/historyFile', { sha: shas[1], path: LEDGER });
    assert.match(file.text!, /Attempt #1 — Result: A1 pytest failed/);
    assert.doesNotMatch(file.text!, /Attempt #2/);
    const none: { text?: string } = await server.connection.sendRequest('planloop/historyFile', { sha: shas[0], path: 'nowhere.md' });
    assert.equal(none.text, undefined);
    const done: { points: Array<{ done: number; total: number }> } = await server.connection.sendRequest('planloop/doneOverTime', {
      initiative: 'TIDE-API-001',
    });
    assert.deepEqual(
      done.points.map((p) => p.done),
      [0, 0, 2, 1, 2],
    );
  });

  test('a new commit is read incrementally when the view asks again', async () => {
    progress.length = 0;
    repo.write('input.md', repo.git('show', 'HEAD:input.md').replace('Phase A summary', 'Phase A wrap-up') + '\n');
    const sha = repo.commit('SUPERVISOR: handoff 4', '2026-03-04T09:00:00Z');
    await history({ refresh: true });
    await waitFor('the new commit to be read', () => progress.find((p) => p.done), { seen: () => JSON.stringify(progress) });
    const ready = await history();
    assert.equal(ready.read, 1, 'only the new commit was read');
    assert.equal(ready.report!.head, sha);
    assert.equal(ready.report!.sinceHandoff?.iteration, 4);
  });

  test('cancelled history requests answer empty', async () => {
    for (const [method, params, empty] of [
      ['planloop/loopHistory', {}, { state: 'idle', read: 0, rootUri: '' }],
      ['planloop/historyFile', { sha: shas[0], path: LEDGER }, {}],
      ['planloop/doneOverTime', { initiative: 'TIDE-API-001' }, { points: [] }],
    ] as const) {
      const cancelled = await server.sendCancelled(method, params);
      assert.deepEqual(cancelled.result, empty, method);
    }
  });
});
