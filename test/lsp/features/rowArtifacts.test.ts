// A row's artifacts (server/lsp/rowArtifacts.ts) on the in-memory workspace: each cited output with
// whether it is there; a missing one has no URI to open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rowArtifacts } from '../../../server/lsp/rowArtifacts';
import { LOOP_HUB, LOOP_PLAN, memorySession, smallLoop } from '../../support/inMemoryWorkspace';

test('a landed log is there; once deleted it is not', async () => {
  const files = smallLoop();
  const uri = `file:///ws/${LOOP_PLAN}`;
  const path = `${LOOP_HUB}/a1.log`;
  const before = await memorySession(files);
  assert.deepEqual(rowArtifacts(before.index, before, { uri, rowId: 'A1' }), [
    { path, uri: `file:///ws/${path}`, exists: true, templated: false },
  ]);
  delete files[path];
  const after = await memorySession(files);
  assert.deepEqual(rowArtifacts(after.index, after, { uri, rowId: 'A1' }), [{ path, uri: undefined, exists: false, templated: false }]);
  assert.deepEqual(rowArtifacts(after.index, after, { uri, rowId: 'A2' }), [], 'a row that cites no output');
});
