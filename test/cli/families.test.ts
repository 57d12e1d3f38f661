// Loop families through the built binary: a superpowers plan's steps are rows N.M that run, a red
// step (`Expected: FAIL`) that fails is done and its attempt says so, one that passes is reported;
// status names tasks and steps; a finished plan with open rows is one lint note.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempWorkspace } from '../support/tempWorkspace';
import { parseLedger } from '../../server/core/parse/ledger';
import { parsePlan } from '../../server/core/parse/plan';
import { cli, LEDGER } from './helpers';

const PLAN = 'plans/active/CACHE-REFRESH-002/alerts_plan.md';
const PLAN_TEXT = [
  '# Cache alerts Implementation Plan',
  '',
  '**Status:** complete',
  '',
  '### Task 1: Alert on stale cache',
  '',
  '- [ ] **Step 1: Run the alert test to see it fail**',
  '',
  "Run: `bash -c 'echo no alert yet; exit 1'`",
  '',
  'Expected: FAIL with `no alert yet`',
  '',
  '- [ ] **Step 2: Run the check that must still fail**',
  '',
  '```bash',
  "bash -c 'echo already passing'",
  '```',
  '',
  'Expected: FAIL',
  '',
].join('\n');

const cacheAttempts = (ledger: string) => parseLedger(ledger).initiatives.find((i) => i.id === 'CACHE-REFRESH-002')!.attempts;
const stepState = (plan: string, id: string) =>
  parsePlan(plan)
    .phases.flatMap((p) => p.rows)
    .find((r) => r.id === id)?.rawState;

test('a red step that fails as expected is done, and its attempt says "failed as expected"', () => {
  const ws = tempWorkspace();
  try {
    ws.write(PLAN, PLAN_TEXT);
    const before = cacheAttempts(ws.read(LEDGER)).length;
    const r = cli(['run', '1.1', '--plan', PLAN, '--yes'], ws.root);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /^1\.1 failed as expected \(exit 1\) in \d+\.\d s; log plans\/active\/CACHE-REFRESH-002\/reports\/.*\/1\.1\.log$/m,
    );
    assert.equal(stepState(ws.read(PLAN), '1.1'), '[x]');
    const attempts = cacheAttempts(ws.read(LEDGER));
    assert.equal(attempts.length, before + 1);
    assert.match(attempts[attempts.length - 1].text, /failed as expected \(exit 1\)/);
    assert.doesNotMatch(attempts[attempts.length - 1].text, /blocker\.md/, 'a run that did its job leaves no blocker');
  } finally {
    ws.dispose();
  }
});

test('a red step whose run passes is reported, not done', () => {
  const ws = tempWorkspace();
  try {
    ws.write(PLAN, PLAN_TEXT);
    const r = cli(['run', '1.2', '--plan', PLAN, '--yes'], ws.root);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^1\.2 passed, but the step expects it to fail in /m);
    assert.notEqual(stepState(ws.read(PLAN), '1.2'), '[x]');
    const attempts = cacheAttempts(ws.read(LEDGER));
    assert.match(attempts[attempts.length - 1].text, /passed, but the step expects it to fail/);
  } finally {
    ws.dispose();
  }
});

test('status names a superpowers task and its steps; lint notes a complete plan with open steps once', () => {
  const ws = tempWorkspace();
  try {
    ws.write(PLAN, PLAN_TEXT);
    const status = cli(['status'], ws.root);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^ {4}Task 1 — Alert on stale cache {2}0\/2$/m);
    assert.match(status.stdout, /^ {6}\[ \] Task 1 · Step 1 {2}Run the alert test to see it fail$/m);
    const lint = cli(['lint'], ws.root);
    const notes = lint.stdout.split('\n').filter((l) => l.includes('finished-with-open-rows'));
    assert.equal(notes.length, 1, lint.stdout);
    assert.match(notes[0], new RegExp(`^${PLAN}:3:`));
    assert.match(notes[0], /says 'complete' but 2 rows are still open \(first: Task 1 · Step 1\)/);
  } finally {
    ws.dispose();
  }
});
