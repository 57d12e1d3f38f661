// The Ledger view's tree (server/lsp/ledgerTree.ts) on the in-memory workspace: initiatives grouped
// by status, each attempt with its time, the outcome its wording gives, and its range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ledgerTree } from '../../../server/lsp/ledgerTree';
import { joinLines, LOOP_LEDGER, memorySession, range, smallLoop } from '../../support/inMemoryWorkspace';

const LEDGER_URI = `file:///ws/${LOOP_LEDGER}`;

test('one in-progress initiative with its attempt, read', async () => {
  const session = await memorySession(smallLoop());
  assert.deepEqual(ledgerTree(session.index, session), {
    ledgerUri: LEDGER_URI,
    groups: [
      {
        status: 'in-progress',
        active: true,
        initiatives: [
          {
            id: 'DEMO-001',
            title: 'Demo initiative',
            status: 'in-progress',
            rawStatus: 'in_progress',
            location: { uri: LEDGER_URI, range: range(4, 0, 4, 30) },
            attempts: [
              {
                label: 'Attempt #1 — Result: A1 landed',
                number: 1,
                timestamp: '2026-01-01',
                time: Date.UTC(2026, 0, 1),
                outcome: 'passed',
                text: '[2026-01-01] Attempt #1 — Result: A1 landed.',
                artifacts: [],
                location: { uri: LEDGER_URI, range: range(8, 2, 8, 48) },
              },
            ],
          },
        ],
      },
    ],
  });
});

test('groups come most urgent first, and finished ones closed', async () => {
  const session = await memorySession({
    [LOOP_LEDGER]: joinLines(
      '### [OLD-001] Shipped',
      '- Status: done',
      '',
      '### [NEW-002] Stuck',
      '- Status: blocked on the cluster',
      '',
      '### [MID-003] Going',
      '- Status: in progress',
    ),
  });
  assert.deepEqual(
    ledgerTree(session.index, session).groups.map((g) => [g.status, g.active, g.initiatives.map((i) => i.id)]),
    [
      ['in-progress', true, ['MID-003']],
      ['blocked', true, ['NEW-002']],
      ['done', false, ['OLD-001']],
    ],
  );
});
