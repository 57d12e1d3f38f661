// How an attempt reads (core attemptReading): its stamp as a time, its wording as an outcome.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attemptOutcome, attemptTime } from '../../server/core/check/attemptReading';

test('ledger stamps in every written shape are read; anything else is undefined', () => {
  assert.equal(attemptTime('2026-01-13T000000Z'), Date.UTC(2026, 0, 13));
  assert.equal(attemptTime('2026-01-22T02:40Z'), Date.UTC(2026, 0, 22, 2, 40));
  assert.equal(attemptTime('2026-01-22T02:40:05Z'), Date.UTC(2026, 0, 22, 2, 40, 5));
  assert.equal(attemptTime('2025-12-07T230000Z'), Date.UTC(2025, 11, 7, 23));
  assert.equal(attemptTime('2025-10-10'), Date.UTC(2025, 9, 10));
  assert.equal(attemptTime('2025\u201110\u201110'), Date.UTC(2025, 9, 10), 'non-breaking hyphens, as the ledger parser accepts');
  assert.equal(attemptTime('2025-13-10'), undefined);
  assert.equal(attemptTime('Loop i=140'), undefined);
});

test('failure words win over success words', () => {
  assert.equal(attemptOutcome('3 passed, 1 failed'), 'failed');
  assert.equal(attemptOutcome('Blocked on dataset'), 'failed');
  assert.equal(attemptOutcome('exit code 2'), 'failed');
  assert.equal(attemptOutcome('exit code 0; all green'), 'passed');
  assert.equal(attemptOutcome('notes only'), 'neutral');
  // A design word, not an outcome (a real ledger: "Validates input files exist before proceeding (fail-fast)").
  assert.equal(attemptOutcome('CLI shipped; validates inputs first (fail-fast)'), 'neutral');
  assert.equal(attemptOutcome('fail-safe defaults; 3 passed'), 'passed');
});
