// The server's feature table: every request of the protocol is answered, once, and the
// workspace-wide ones wait for the complete index (ARCHITECTURE.md: no partial answers), but
// the Plans tree, which says it is partial.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import * as protocol from '../../server/protocol';
import { FEATURES, featureCapabilities } from '../../server/lsp/features';

test('every protocol request is a feature, registered once', () => {
  const methods = FEATURES.map((f) => f.method);
  assert.equal(new Set(methods).size, methods.length, 'no method is registered twice');
  const requests = (Object.values(protocol) as unknown[])
    .filter((v) => v instanceof RequestType || v instanceof RequestType0)
    .map((r) => (r as { method: string }).method);
  assert.ok(requests.length >= 15, `the protocol's requests are found (${requests.length})`);
  assert.deepEqual(
    requests.filter((m) => !methods.includes(m)),
    [],
  );
});

test('workspace-wide answers wait for the complete index; document answers and the Plans tree (marked partial) do not', () => {
  const waits = Object.fromEntries(FEATURES.map((f) => [f.method, f.waits]));
  for (const method of [
    'planloop/testTree',
    'planloop/ledgerTree',
    'planloop/doNow',
    'planloop/rowDetails',
    'planloop/runPlan',
    'planloop/newHub',
    'planloop/newAttemptEdit',
    'planloop/finishRun',
    'planloop/syncLedger',
    'planloop/strayOutputs',
    'workspace/symbol',
  ])
    assert.equal(waits[method], 'index', method);
  for (const method of [
    'textDocument/hover',
    'textDocument/documentSymbol',
    'textDocument/codeLens',
    'planloop/checkHub',
    'planloop/planTree',
    'planloop/planRows',
  ])
    assert.equal(waits[method], 'now', method);
});

test('the capabilities come from the table', () => {
  const capabilities = featureCapabilities();
  assert.equal(capabilities.hoverProvider, true);
  assert.deepEqual(capabilities.renameProvider, { prepareProvider: true });
  assert.equal(capabilities.textDocumentSync, undefined, 'document sync is the lifecycle, not a feature');
});
