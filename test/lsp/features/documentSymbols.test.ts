// Document symbols (server/lsp/documentSymbols.ts) on the in-memory workspace: phases → rows with
// their state markers; initiatives → attempts; handoff sections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import { documentSymbols, encodedDocumentSymbols } from '../../../server/lsp/documentSymbols';
import type { EncodedAnswer } from '../../../server/lsp/encodedAnswer';
import type { IndexedDocument } from '../../../server/core/index/workspace';
import { generateRealShapedLedger, rng } from '../../bench/generate';
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

// ---- Symbols kept between versions (encodedDocumentSymbols) -------------------------------------

const decoded = (answer: EncodedAnswer<DocumentSymbol[]>): unknown => JSON.parse(Buffer.concat(answer.parts).toString('utf8'));
const fresh = (doc: IndexedDocument): unknown => JSON.parse(JSON.stringify(documentSymbols(doc)));

function entriesLedger(n: number): string {
  const entries = Array.from(
    { length: n },
    (_, i) =>
      `### [INIT-00${i}] Entry ${i}\n- Status: in_progress\n- Attempts History:\n  * [2026-01-0${i + 1}] Attempt #${i + 1} — ran the smoke test; see reports/2026-01-0${i + 1}/log.txt\n  * [2026-01-0${i + 1}] Attempt #${i + 2} — failed again\n`,
  );
  return `# Fix plan\n\n${entries.join('\n')}`;
}

test('kept symbols: after each edit the answer equals a fresh outline, and only the edited entry is encoded again', async () => {
  const ledger = 'docs/fix_plan.md';
  const session = await memorySession({ [ledger]: entriesLedger(5) });
  const edit = (at: (text: string) => number, insert: string): IndexedDocument => {
    const text = docAt(session, ledger).text;
    const i = at(text);
    return session.index.update(ledger, text.slice(0, i) + insert + text.slice(i))!;
  };
  let doc = docAt(session, ledger);
  let answer = encodedDocumentSymbols(session.index, doc);
  assert.deepEqual(decoded(answer), fresh(doc));
  const elements = (a: EncodedAnswer<DocumentSymbol[]>): Buffer[] => a.parts.filter((_, i) => i % 2 === 1);
  assert.equal(elements(answer).length, 5);

  // Typed inside the third entry's attempt: the others keep their JSON.
  doc = edit((t) => t.indexOf('failed again', t.indexOf('[INIT-002]')), 'x');
  let next = encodedDocumentSymbols(session.index, doc);
  assert.deepEqual(decoded(next), fresh(doc));
  const same = elements(next).map((part, i) => part === elements(answer)[i]);
  assert.deepEqual(same, [true, true, false, true, true]);
  answer = next;

  // A blank line before the fourth entry ends the third one later and moves the rest down: those
  // three are encoded again, the first two kept.
  doc = edit((t) => t.indexOf('### [INIT-003]'), '\n');
  next = encodedDocumentSymbols(session.index, doc);
  assert.deepEqual(decoded(next), fresh(doc));
  assert.deepEqual(
    elements(next).map((part, i) => part === elements(answer)[i]),
    [true, true, false, false, false],
  );
  answer = next;

  // A status word changes what the entry says of itself; a heading typed at a line start makes a new entry.
  doc = edit((t) => t.indexOf('in_progress', t.indexOf('[INIT-000]')), 'not_');
  assert.deepEqual(decoded(encodedDocumentSymbols(session.index, doc)), fresh(doc));
  doc = edit((t) => t.indexOf('- Attempts History', t.indexOf('[INIT-001]')), '### [INIT-009] Split\n');
  next = encodedDocumentSymbols(session.index, doc);
  assert.deepEqual(decoded(next), fresh(doc));
  assert.equal(elements(next).length, 6);
});

test('kept symbols: a legend that changes a phase’s done count changes its symbol, though its text is the same', async () => {
  const plan = 'plans/active/X/plan.md';
  const text = '# Plan\n\n## Phase A — Setup\n\n| ID | Task | State |\n|---|---|---|\n| A1 | Do it | [D] |\n';
  const session = await memorySession({ [plan]: text });
  let doc = docAt(session, plan);
  assert.deepEqual(decoded(encodedDocumentSymbols(session.index, doc)), fresh(doc));
  doc = session.index.update(plan, `${text}\nLegend: [D] = done\n`)!;
  assert.deepEqual(decoded(encodedDocumentSymbols(session.index, doc)), fresh(doc));
});

test('an encoded answer reads back as its value where a writer stringifies it', async () => {
  const session = await memorySession(smallLoop());
  const doc = docAt(session, LOOP_LEDGER);
  assert.deepEqual(JSON.parse(JSON.stringify({ result: encodedDocumentSymbols(session.index, doc) })), { result: fresh(doc) });
});

test('kept symbols: random keystrokes over a real-shaped ledger, each answer equal to a fresh outline', async () => {
  const ledger = 'docs/fix_plan.md';
  const session = await memorySession({ [ledger]: generateRealShapedLedger(40 * 1024) });
  const random = rng(7);
  const keys = ['x', ' ', '\n', '#', '- ', '|', '`', '\n### [NEW-1] Entry\n', '* [ ] '];
  for (let i = 0; i < 80; i++) {
    const text = docAt(session, ledger).text;
    const drawn = Math.floor(random() * text.length);
    const at = random() < 0.5 ? text.lastIndexOf('\n', drawn - 1) + 1 : drawn;
    const doc = session.index.update(ledger, text.slice(0, at) + keys[Math.floor(random() * keys.length)] + text.slice(at))!;
    assert.deepEqual(decoded(encodedDocumentSymbols(session.index, doc)), fresh(doc), `keystroke ${i} at offset ${at}`);
  }
});
