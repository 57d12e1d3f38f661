// Leftover outputs (server/lsp/strayOutputs.ts) on the in-memory workspace: files under tmp/ and
// logs at the root, and a hygiene hub in the focus initiative's layout to move them to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { strayOutputs } from '../../../server/lsp/strayOutputs';
import { memorySession, smallLoop } from '../../support/inMemoryWorkspace';

test('tmp/ outputs and root logs, each with why, and the hub they belong in', async () => {
  const session = await memorySession({ ...smallLoop(), 'tmp/scratch.log': 'x', 'run.log': 'yy' });
  assert.deepEqual(strayOutputs(session, new Date('2026-02-03T04:05:06Z')), {
    strays: [
      { path: 'tmp/scratch.log', size: 1, reason: 'tmp', uri: 'file:///ws/tmp/scratch.log' },
      { path: 'run.log', size: 2, reason: 'root-log', uri: 'file:///ws/run.log' },
    ],
    hub: 'plans/active/DEMO-001/reports/2026-02-03T040506Z/hygiene/',
    notes: [],
  });
});
