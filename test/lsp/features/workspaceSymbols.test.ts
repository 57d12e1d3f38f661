// Workspace symbols (server/lsp/workspaceSymbols.ts) on the in-memory workspace: rows named by
// their initiative, initiatives, Do Now items; the query matches anywhere, ignoring case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SymbolKind } from 'vscode-languageserver';
import { workspaceSymbols } from '../../../server/lsp/workspaceSymbols';
import { LOOP_PLAN, memorySession, range, smallLoop } from '../../support/inMemoryWorkspace';

test('every row, initiative and Do Now item for an empty query; a query narrows them', async () => {
  const session = await memorySession(smallLoop());
  const plan = `file:///ws/${LOOP_PLAN}`;
  assert.deepEqual(
    workspaceSymbols(session.index, session, '', () => false).map((s) => [s.name, s.kind, s.containerName, s.location.uri]),
    [
      ['DEMO-001 A1', SymbolKind.Event, 'Write the parser', plan],
      ['DEMO-001 A2', SymbolKind.Event, 'Wire the CLI', plan],
      ['DEMO-001 B1', SymbolKind.Event, 'Write release notes', plan],
      ['DEMO-001', SymbolKind.Class, 'Demo initiative', 'file:///ws/docs/fix_plan.md'],
      [`Do Now 1: DEMO-001 A2 @ ${LOOP_PLAN}:8`, SymbolKind.Function, undefined, 'file:///ws/input.md'],
    ],
  );
  assert.deepEqual(
    workspaceSymbols(session.index, session, 'demo-001  b1', () => false),
    [
      {
        name: 'DEMO-001 B1',
        kind: SymbolKind.Event,
        containerName: 'Write release notes',
        location: { uri: plan, range: range(13, 0, 13, 49) },
      },
    ],
  );
});
