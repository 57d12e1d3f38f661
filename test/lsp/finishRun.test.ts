// The end of an editor run over the wire: planloop/startRun marks the hub as being written;
// planloop/finishRun writes the record and blocker.md (core recordRun, as `planloop run` does),
// clears the marker and answers with the row state and ledger attempt from the record in hand.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol';
import { serverForSuite } from './lspClient';
import { tempWorkspace } from '../support/tempWorkspace';
import { finishRunParams } from '../support/runRecords';
import type { FinishRunResult } from '../../server/protocol';

const HUB = 'plans/active/TIDE-API-001/reports/2026-03-09T100000Z/phase_d_smoke';

describe('planloop/startRun and planloop/finishRun', () => {
  const ws = tempWorkspace();
  const lsp = serverForSuite(ws.root, () => ws.dispose());
  const exists = (rel: string): boolean => fs.existsSync(path.join(ws.root, rel));

  test('a passed run: marker while it runs, then the record, no blocker, and the update the record supports', async () => {
    const params = finishRunParams(HUB, { startedAt: new Date(Date.now() - 1000).toISOString() });
    assert.deepEqual(await lsp().connection.sendRequest('planloop/startRun', { plan: params.plan }), {});
    assert.ok(exists(`${HUB}/.planloop-running`), 'the hub is marked as being written');
    ws.write(params.plan.logFile, '$ pytest -q\n1 passed\n');

    const result: FinishRunResult = await lsp().connection.sendRequest('planloop/finishRun', params);
    assert.equal(result.recordPath, `${HUB}/planloop-run-D1.json`);
    const record = JSON.parse(ws.read(result.recordPath)) as { outcome: string; log: string; artifacts: string[] };
    assert.equal(record.outcome, 'passed');
    assert.equal(record.log, params.plan.logFile);
    assert.deepEqual(record.artifacts, [params.plan.logFile]);
    assert.ok(!exists(`${HUB}/blocker.md`), 'a passed run leaves no blocker');
    assert.ok(!exists(`${HUB}/.planloop-running`), 'the marker is cleared');
    const changed = Object.keys((result.edit as WorkspaceEdit | undefined)?.changes ?? {});
    assert.ok(
      changed.includes(lsp().uri('docs/fix_plan.md')),
      `the ledger gets an attempt (${changed.join(', ')}; ${result.notes.join(' ')})`,
    );
  });

  test('a failed run writes blocker.md beside its record and clears the marker', async () => {
    const params = finishRunParams(HUB, { exitCode: 1, startedAt: new Date(Date.now() - 1000).toISOString() });
    await lsp().connection.sendRequest('planloop/startRun', { plan: params.plan });
    ws.write(params.plan.logFile, '$ pytest -q\nE   AssertionError\n1 failed\n');
    const result: FinishRunResult = await lsp().connection.sendRequest('planloop/finishRun', params);
    const record = JSON.parse(ws.read(result.recordPath ?? '')) as { outcome: string; blocker?: string };
    assert.equal(record.outcome, 'failed');
    assert.equal(record.blocker, `${HUB}/blocker.md`);
    assert.match(ws.read(`${HUB}/blocker.md`), /1 failed/);
    assert.ok(!exists(`${HUB}/.planloop-running`), 'the marker is cleared');
  });

  test('a hub outside the workspace is refused and nothing is written', async () => {
    const params = finishRunParams('../outside-hub');
    const started = (await lsp().connection.sendRequest('planloop/startRun', { plan: params.plan })) as { error?: string };
    assert.match(started.error ?? '', /outside/);
    const result: FinishRunResult = await lsp().connection.sendRequest('planloop/finishRun', params);
    assert.equal(result.recordPath, undefined);
    assert.match(result.notes.join(' '), /^refused: .*outside/);
    assert.ok(!fs.existsSync(path.join(ws.root, '..', 'outside-hub')), 'nothing outside the workspace');
  });
});
