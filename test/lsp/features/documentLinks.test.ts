// Document links (server/lsp/documentLinks.ts) on the in-memory workspace: cited paths that exist,
// opened at the line cited; missing files and templates get no link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentLinks } from '../../../server/lsp/documentLinks';
import { docAt, LOOP_HUB, LOOP_PLAN, memorySession, range, smallLoop } from '../../support/inMemoryWorkspace';

test('a link for each cited file that exists, at the path itself, with its line', async () => {
  const files = smallLoop();
  files[LOOP_PLAN] += '| B2 | Tag it | [ ] | see `docs/missing.md` and `plans/active/DEMO-001/reports/<TS>/x.log` |\n';
  const session = await memorySession(files);
  assert.deepEqual(
    documentLinks(session.index, session, docAt(session, LOOP_PLAN), () => false),
    [
      { range: range(6, 72, 6, 135), target: `file:///ws/${LOOP_HUB}/a1.log`, tooltip: `${LOOP_HUB}/a1.log` },
      { range: range(7, 33, 7, 43), target: 'file:///ws/src/cli.py#L1', tooltip: 'src/cli.py' },
    ],
  );
});

test('a cancelled request stops with what it has', async () => {
  const session = await memorySession(smallLoop());
  assert.deepEqual(
    documentLinks(session.index, session, docAt(session, LOOP_PLAN), () => true),
    [],
  );
});
