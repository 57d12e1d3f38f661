// planloop history as a process, over a synthetic loop committed into a temp repository.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from './helpers';
import { gitRepo, gitTestEnv } from '../support/gitRepo';
import { commitScenario } from '../support/historyScenario';
import type { HistoryReport } from '../../server/core/history/report';

const ENV = gitTestEnv();

test('history --json: iterations newest first, since the last handoff, health; cached in .git', () => {
  const repo = gitRepo();
  try {
    const shas = commitScenario(repo);
    const r = cli(['history', '--json'], repo.root, ENV);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as HistoryReport;
    assert.equal(report.version, 1);
    assert.equal(report.head, shas[9]);
    assert.deepEqual(
      report.iterations.map((it) => [it.index, it.handoff?.sha, it.commits.length]),
      [
        [4, shas[9], 1],
        [3, shas[5], 4],
        [2, shas[3], 2],
        [1, shas[0], 3],
      ],
    );
    assert.deepEqual(
      report.health.map((f) => f.kind),
      ['thrash', 'flip-flop', 'drift'],
    );
    assert.ok(fs.existsSync(path.join(repo.root, '.git/planloop-history.json')), 'the cache is written under .git');
    // The settings' thresholds apply.
    fs.writeFileSync(path.join(repo.root, '.planloop.json'), JSON.stringify({ health: { stallIterations: 1, thrashAttempts: 4 } }));
    const tuned = JSON.parse(cli(['history', '--json'], repo.root, ENV).stdout) as HistoryReport;
    assert.deepEqual(
      tuned.health.map((f) => f.kind),
      ['stall', 'flip-flop', 'drift'],
    );
  } finally {
    repo.dispose();
  }
});

test('history: text, --row, --initiative and --since (a ref or a date)', () => {
  const repo = gitRepo();
  try {
    const shas = commitScenario(repo);
    const text = cli(['history'], repo.root, ENV);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Since the last handoff \(iteration 4, 2026-03-04 09:00\): 1 commit, 0 row changes/);
    assert.match(text.stdout, /\n {4}B1 {2}\[x\] → \[ \] {2}plans\/active\/TIDE-API-001\/implementation\.md:14\n/);
    assert.match(text.stdout, /\n {4}attempt TIDE-API-001 #1 {2}failed \(failed, exit code 1\) {2}docs\/fix_plan\.md:9\n/);
    const row = JSON.parse(cli(['history', '--row', 'B1', '--json'], repo.root, ENV).stdout) as HistoryReport;
    assert.deepEqual(
      row.iterations.flatMap((it) => it.commits.map((c) => c.sha)),
      [shas[8], shas[7], shas[6]],
    );
    const byRef = JSON.parse(cli(['history', '--since', shas[6], '--json'], repo.root, ENV).stdout) as HistoryReport;
    assert.deepEqual(
      byRef.iterations.flatMap((it) => it.commits.map((c) => c.sha)),
      [shas[9], shas[8], shas[7]],
    );
    const byDate = JSON.parse(cli(['history', '--since', '2026-03-03', '--json'], repo.root, ENV).stdout) as HistoryReport;
    assert.equal(byDate.iterations.flatMap((it) => it.commits).length, 5);
    const other = JSON.parse(cli(['history', '--initiative', 'OTHER-001', '--json'], repo.root, ENV).stdout) as HistoryReport;
    assert.deepEqual(other.iterations, []);
    const bad = cli(['history', '--since', 'no-such-ref'], repo.root, ENV);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, "planloop: --since: 'no-such-ref' is neither a date (YYYY-MM-DD) nor a commit git knows\n");
  } finally {
    repo.dispose();
  }
});

test('history outside a git repository says so on one line and exits 0', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-nogit-'));
  try {
    fs.mkdirSync(path.join(dir, 'docs'));
    fs.writeFileSync(path.join(dir, 'docs/fix_plan.md'), '# Ledger\n');
    const r = cli(['history'], dir, ENV);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${path.basename(dir)} is not in a git repository: there is no loop history to show.\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
