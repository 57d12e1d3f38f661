// Hover (server/lsp/hover.ts) on the in-memory workspace: a row's state, phase, commands, artifacts
// and last attempt; a cited file with the lines it points at; an initiative from the ledger.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hover } from '../../../server/lsp/hover';
import {
  docAt,
  joinLines,
  LOOP_HANDOFF,
  LOOP_HUB,
  LOOP_PLAN,
  memorySession,
  offsetOf,
  range,
  smallLoop,
} from '../../support/inMemoryWorkspace';

/** The files' mtime is 0; hovering at 0 makes their age exact. */
const NOW = 0;

test('a row ID: state and phase, commands, artifacts with size and age, the last attempt citing it', async () => {
  const session = await memorySession(smallLoop());
  const plan = docAt(session, LOOP_PLAN);
  assert.deepEqual(hover(session.index, plan, offsetOf(plan, '| A1', 3), NOW), {
    contents: {
      kind: 'markdown',
      value: joinLines(
        '**A1 — Write the parser**',
        '',
        'State: `[x]` (done) · Phase A — Setup',
        '',
        'Commands:',
        '```sh',
        'pytest tests/test_parse.py -q',
        '```',
        '',
        'Artifacts:',
        `- ✓ \`${LOOP_HUB}/a1.log\` — 9 B, 0 s ago`,
        '',
        'Last attempt: [2026-01-01] Attempt #1 — Result: A1 landed.',
        '',
        `_${LOOP_PLAN}_`,
      ).trimEnd(),
    },
    range: range(6, 2, 6, 4),
  });
});

test('a cited file: whether it is there, its size, and the lines from the cited one', async () => {
  const session = await memorySession(smallLoop());
  const plan = docAt(session, LOOP_PLAN);
  assert.deepEqual(hover(session.index, plan, offsetOf(plan, 'src/cli.py', 2), NOW), {
    contents: { kind: 'markdown', value: '✓ `src/cli.py` — 25 B, 0 s ago\n\n```\ndef main():\n    return 0\n\n```' },
    range: range(7, 33, 7, 45),
  });
});

test('an initiative ID: its title, status and attempts from the ledger; an unknown one says so', async () => {
  const files = smallLoop();
  files[LOOP_HANDOFF] += 'Also see [NOPE-404].\n';
  const session = await memorySession(files);
  const handoff = docAt(session, LOOP_HANDOFF);
  assert.deepEqual(hover(session.index, handoff, offsetOf(handoff, 'DEMO-001', 2), NOW), {
    contents: { kind: 'markdown', value: '**[DEMO-001] Demo initiative**\n\nStatus: in_progress\n\n1 attempts' },
    range: range(1, 7, 1, 17),
  });
  const unknown = hover(session.index, handoff, offsetOf(handoff, 'NOPE-404', 2), NOW);
  assert.deepEqual(unknown?.contents, { kind: 'markdown', value: 'No ledger entry for `NOPE-404`' });
  assert.equal(hover(session.index, handoff, offsetOf(handoff, 'Summary', 2), NOW), null, 'plain text has no hover');
});
