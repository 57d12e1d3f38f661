// Document symbols (server/lsp/documentSymbols.ts) on the in-memory workspace: phases → rows with
// their state markers; initiatives → attempts; handoff sections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { documentSymbols } from '../../../server/lsp/documentSymbols';
import { docAt, LOOP_HANDOFF, LOOP_LEDGER, LOOP_PLAN, memorySession, range, smallLoop } from '../../support/inMemoryWorkspace';

const outline = (symbols: DocumentSymbol[]): unknown =>
  symbols.map((s) => ({
    name: s.name,
    kind: s.kind,
    detail: s.detail,
    range: s.range,
    ...(s.children ? { children: outline(s.children) } : {}),
  }));

test('a plan: each phase with its done count, each row with its marker and exact span', async () => {
  const session = await memorySession(smallLoop());
  const symbols = documentSymbols(docAt(session, LOOP_PLAN));
  assert.deepEqual(outline(symbols), [
    {
      name: 'Phase A — Setup',
      kind: SymbolKind.Module,
      detail: '1/2',
      range: range(2, 0, 9, 0),
      children: [
        { name: 'A1 Write the parser', kind: SymbolKind.Event, detail: '[x]', range: range(6, 0, 6, 138) },
        { name: 'A2 Wire the CLI', kind: SymbolKind.Event, detail: '[ ]', range: range(7, 0, 7, 49) },
      ],
    },
    {
      name: 'Phase B — Ship',
      kind: SymbolKind.Module,
      detail: '0/1',
      range: range(9, 0, 14, 0),
      children: [{ name: 'B1 Write release notes', kind: SymbolKind.Event, detail: '[P]', range: range(13, 0, 13, 49) }],
    },
  ]);
  assert.deepEqual(symbols[0].selectionRange, range(2, 0, 2, 19), 'a phase is selected by its heading');
});

test('the ledger: an initiative with its status and attempts; the handoff: its sections with their first line (80 characters)', async () => {
  const session = await memorySession(smallLoop());
  assert.deepEqual(outline(documentSymbols(docAt(session, LOOP_LEDGER))), [
    {
      name: '[DEMO-001] Demo initiative',
      kind: SymbolKind.Class,
      detail: 'in-progress',
      range: range(4, 0, 9, 0),
      children: [{ name: 'Attempt #1', kind: SymbolKind.Event, detail: 'Result: A1 landed', range: range(8, 2, 8, 48) }],
    },
  ]);
  assert.deepEqual(
    documentSymbols(docAt(session, LOOP_HANDOFF)).map((s) => [s.name, s.detail, s.selectionRange.start.line]),
    [
      ['Summary', 'wire the CLI', 0],
      ['Focus', '[DEMO-001] Demo initiative — Phase A', 1],
      ['Do Now', '1. DEMO-001 A2 @ plans/active/DEMO-001/implementation.md:8 — wire it; tests: non', 3],
    ],
  );
});
