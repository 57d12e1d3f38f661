// The Mark Row State pick and its edit (server/lsp/rowStateChoices.ts, rowStateEdit.ts) on the
// in-memory workspace: the choices come from the core's vocabulary (Deferred is [>]), and the edit
// replaces exactly the row's marker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowStateChoices } from '../../../server/lsp/rowStateChoices';
import { rowStateEdit } from '../../../server/lsp/rowStateEdit';
import { familyVocabulary, normalizeRowState } from '../../../server/core/model/states';
import { codeActions } from '../../../server/lsp/codeActions';
import { codeLenses, DEFAULT_LENSES } from '../../../server/lsp/codeLens';
import { docAt } from '../../support/inMemoryWorkspace';
import { LOOP_PLAN, memorySession, range, smallLoop } from '../../support/inMemoryWorkspace';

const PLAN_URI = `file:///ws/${LOOP_PLAN}`;

test('the choices: finishing first, each with the marker the core reads back as its kind', () => {
  const choices = rowStateChoices();
  assert.deepEqual(choices, [
    { kind: 'done', marker: '[x]' },
    { kind: 'in-progress', marker: '[P]' },
    { kind: 'open', marker: '[ ]' },
    { kind: 'blocked', marker: '[B]' },
    { kind: 'skipped', marker: '[-]' },
    { kind: 'deferred', marker: '[>]' },
  ]);
  for (const c of choices) assert.equal(normalizeRowState(c.marker), c.kind, c.marker);
});

test('the edit sets the row by ID or by line, by kind or by marker; a row that is not there is an error', async () => {
  const session = await memorySession(smallLoop());
  assert.deepEqual(rowStateEdit(session.index, session, { uri: PLAN_URI, rowId: 'A2', kind: 'deferred' }), {
    edit: { changes: { [PLAN_URI]: [{ range: range(7, 22, 7, 25), newText: '[>]' }] } },
  });
  assert.deepEqual(rowStateEdit(session.index, session, { uri: PLAN_URI, rowId: '', line: 13, marker: '[T]' }), {
    edit: { changes: { [PLAN_URI]: [{ range: range(13, 29, 13, 32), newText: '[T]' }] } },
  });
  assert.deepEqual(rowStateEdit(session.index, session, { uri: PLAN_URI, rowId: 'Z9', kind: 'done' }), {
    error: `no row Z9 in ${PLAN_URI}`,
  });
  assert.deepEqual(rowStateEdit(session.index, session, { uri: PLAN_URI, rowId: 'A2', marker: 'done' }), {
    error: "'done' is not a state marker such as [x], [P] or [ ]",
  });
});

test('in a Kiro spec every state Plan Loop offers is written as Kiro writes it: lenses, row actions, the pick and a kind ([-] under way, [SKIP] skipped)', async () => {
  const spec = '.kiro/specs/alerts/tasks.md';
  const uri = `file:///ws/${spec}`;
  const session = await memorySession({ [spec]: '# Tasks\n\n- [ ] 1. Alert model\n- [ ] 2. Alert view\n' });
  const doc = docAt(session, spec);
  assert.equal(doc.family, 'kiro');
  const lensMarkers = codeLenses(session.index, doc, session, DEFAULT_LENSES, true).map(
    (l) => (l.command?.arguments?.[0] as { marker?: string }).marker,
  );
  assert.deepEqual(lensMarkers, ['[x]', '[-]', '[x]', '[-]']);
  const rowActions = codeActions(session.index, session, doc, range(2, 3, 2, 3), []).map((a) => a.title);
  assert.deepEqual(rowActions, ['Mark 1 done [x]', 'Mark 1 in progress [-]', 'Mark 1 blocked [B]']);
  for (const c of rowStateChoices('kiro')) assert.equal(normalizeRowState(c.marker, familyVocabulary('kiro')), c.kind, c.marker);
  const written = (params: { kind?: 'in-progress' | 'skipped'; marker?: string }) =>
    rowStateEdit(session.index, session, { uri, rowId: '1', ...params }).edit?.changes?.[uri]?.[0]?.newText;
  assert.equal(written({ kind: 'in-progress' }), '[-]');
  assert.equal(written({ kind: 'skipped' }), '[SKIP]');
  assert.equal(written({ marker: '[-]' }), '[-]', 'a marker is written as given');
});
