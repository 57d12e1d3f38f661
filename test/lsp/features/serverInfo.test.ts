// What the server says about itself (server/lsp/serverInfo.ts) on the in-memory workspace: its
// version, process and what it indexed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverInfo, SERVER_VERSION } from '../../../server/lsp/serverInfo';
import { memorySession, smallLoop } from '../../support/inMemoryWorkspace';

test('the indexed files by kind; without a workspace, none', async () => {
  const session = await memorySession(smallLoop());
  assert.deepEqual(serverInfo(session.index), {
    version: SERVER_VERSION,
    pid: process.pid,
    indexedFiles: 3,
    plans: 1,
    ledgers: 1,
    handoffs: 1,
  });
  assert.deepEqual(serverInfo(undefined), {
    version: SERVER_VERSION,
    pid: process.pid,
    indexedFiles: 0,
    plans: 0,
    ledgers: 0,
    handoffs: 0,
  });
});
