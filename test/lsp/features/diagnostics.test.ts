// Diagnostics (server/lsp/diagnostics.ts) on the in-memory workspace: what the publisher sends for
// each document — the core's problems with exact ranges, LSP severities and their DiagnosticCodes —
// and that a fixed document is cleared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, type Connection, type PublishDiagnosticsParams } from 'vscode-languageserver';
import { DiagnosticsPublisher } from '../../../server/lsp/diagnostics';
import { DiagnosticCodes } from '../../../server/core/model/model';
import { InMemoryWorkspace, LOOP_PLAN, range, smallLoop } from '../../support/inMemoryWorkspace';
import { waitFor } from '../../support/waitFor';

const PLAN_URI = `file:///ws/${LOOP_PLAN}`;

test('an unknown state and a missing file are published on their cells; fixing them clears the document', async () => {
  const files = smallLoop();
  files[LOOP_PLAN] += '| B2 | Tag it | [?] | see `docs/missing.md` |\n';
  const workspace = new InMemoryWorkspace(files);
  const session = await workspace.session();
  const sent: PublishDiagnosticsParams[] = [];
  const connection = { sendDiagnostics: async (p: PublishDiagnosticsParams) => void sent.push(p) };
  const publisher = new DiagnosticsPublisher(connection as unknown as Connection, () => session, { delayMs: 0 });

  publisher.schedule();
  const first = await waitFor("the plan's diagnostics", () => sent.find((p) => p.uri === PLAN_URI), 5000);
  assert.deepEqual(first.diagnostics, [
    {
      range: range(14, 16, 14, 19),
      severity: DiagnosticSeverity.Warning,
      code: DiagnosticCodes.unknownState,
      source: 'planloop',
      message: "Unknown state '[?]' on row B2 under 'Phase B — Ship'",
      data: undefined,
    },
    {
      range: range(14, 27, 14, 42),
      severity: DiagnosticSeverity.Warning,
      code: DiagnosticCodes.missingFile,
      source: 'planloop',
      message: 'docs/missing.md does not exist',
      data: { path: 'docs/missing.md' },
    },
  ]);
  assert.deepEqual(
    sent.map((p) => p.uri),
    [PLAN_URI],
    'documents without problems are not sent',
  );

  session.openOrChange(LOOP_PLAN, smallLoop()[LOOP_PLAN]);
  publisher.schedule([LOOP_PLAN]);
  const cleared = await waitFor('the plan to be cleared', () => sent.length === 2 && sent[1], 5000);
  assert.deepEqual(cleared, { uri: PLAN_URI, diagnostics: [] });
});
