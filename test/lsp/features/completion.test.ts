// Completion (server/lsp/completion.ts) on the in-memory workspace: the markers in a State cell,
// row IDs on a Do Now line, workspace paths inside backticks, a timestamp for a placeholder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompletionItemKind } from 'vscode-languageserver';
import { completion } from '../../../server/lsp/completion';
import { KNOWN_MARKERS, normalizeRowState } from '../../../server/core/model/states';
import { docAt, joinLines, LOOP_HANDOFF, LOOP_PLAN, memorySession, offsetOf, range, smallLoop } from '../../support/inMemoryWorkspace';

const NOW = new Date('2026-02-03T04:05:06Z');

test('in a State cell: every known marker, in order, replacing the cell', async () => {
  const session = await memorySession(smallLoop());
  const plan = docAt(session, LOOP_PLAN);
  const items = completion(session.index, plan, offsetOf(plan, '[ ]', 1), NOW);
  assert.deepEqual(
    items.map((i) => [i.label, i.detail, i.textEdit]),
    KNOWN_MARKERS.map((m) => [m, normalizeRowState(m), { range: range(7, 22, 7, 25), newText: m }]),
  );
  assert.ok(items.every((i) => i.kind === CompletionItemKind.EnumMember));
});

test("on a Do Now line: the focus initiative's row IDs with their state and title", async () => {
  const files = smallLoop();
  files[LOOP_HANDOFF] += '2. DEMO-001 \n';
  const session = await memorySession(files);
  const handoff = docAt(session, LOOP_HANDOFF);
  const at = offsetOf(handoff, '2. DEMO-001 ', 12);
  assert.deepEqual(
    completion(session.index, handoff, at, NOW).map((i) => [i.label, i.detail, i.textEdit]),
    [
      ['A1', '[x] Write the parser', { range: range(5, 12, 5, 12), newText: 'A1' }],
      ['A2', '[ ] Wire the CLI', { range: range(5, 12, 5, 12), newText: 'A2' }],
      ['B1', '[P] Write release notes', { range: range(5, 12, 5, 12), newText: 'B1' }],
    ],
  );
});

test("inside backticks: the folder's entries; after <TS>: the current hub timestamp", async () => {
  const files = smallLoop();
  files[LOOP_PLAN] += joinLines('', 'Next hub: `plans/active/DEMO-001/reports/<TS>`');
  const session = await memorySession(files);
  const plan = docAt(session, LOOP_PLAN);
  assert.deepEqual(
    completion(session.index, plan, offsetOf(plan, 'src/', 4), NOW).map((i) => [i.label, i.kind, i.textEdit]),
    [['cli.py', CompletionItemKind.File, { range: range(7, 37, 7, 37), newText: 'cli.py' }]],
  );
  const typed = plan.text.indexOf('`src/') + 1;
  assert.deepEqual(
    completion(session.index, plan, typed, NOW).map((i) => [i.label, i.kind]),
    [
      ['plans/', CompletionItemKind.Folder],
      ['docs/', CompletionItemKind.Folder],
      ['input.md', CompletionItemKind.File],
      ['src/', CompletionItemKind.Folder],
    ],
    'at the start of a backticked path: the workspace root',
  );
  assert.deepEqual(
    completion(session.index, plan, offsetOf(plan, '<TS>', 4), NOW).map((i) => [i.label, i.detail, i.textEdit]),
    [['2026-02-03T040506Z', 'replace <TS> with the current time', { range: range(15, 41, 15, 45), newText: '2026-02-03T040506Z' }]],
  );
});
