// The loop history from git: a synthetic loop committed into a temp repository, read through the
// real git port, checked against what a person reading `git log -p` would write down.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { DEFAULT_CONFIG } from '../../server/core/model/config';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { nodeFileSystem } from '../../server/host/nodeFileSystem';
import { nodeGitHistory } from '../../server/host/gitHistory';
import { updateHistory, type HistoryUpdate } from '../../server/core/history/update';
import { historyReport } from '../../server/core/history/report';
import { iterationsOf } from '../../server/core/history/iterations';
import { DEFAULT_HEALTH } from '../../server/core/history/health';
import { indexHealthLookup } from '../../server/core/history/lookup';
import { formatTimeline, rowTimeline, doneOverTime } from '../../server/core/history/timeline';
import type { HistoryCache } from '../../server/core/history/records';
import { gitRepo, gitTestEnv, type TestRepo } from '../support/gitRepo';
import { commitScenario, PLAN } from '../support/historyScenario';
import { HISTORY_CACHE_NAME, loopHistory } from '../../server/host/loopHistory';

async function history(root: string, cache?: HistoryCache): Promise<HistoryUpdate> {
  const index = new WorkspaceIndex(root, nodeFileSystem, DEFAULT_CONFIG);
  const port = nodeGitHistory(root);
  try {
    return await updateHistory({
      port,
      config: DEFAULT_CONFIG,
      classify: (p) => (index.readsOnWalk(p) ? index.kindOf(p) : undefined),
      cache,
    });
  } finally {
    port.close();
  }
}

function withRepo(fn: (repo: TestRepo) => Promise<void>): () => Promise<void> {
  return async () => {
    const repo = gitRepo();
    try {
      await fn(repo);
    } finally {
      repo.dispose();
    }
  };
}

test(
  'synthetic loop: transitions, attempts, handoffs, hubs and iterations per commit',
  withRepo(async (repo) => {
    const shas = commitScenario(repo);
    const { cache, notice, cold, read } = await history(repo.root);
    assert.equal(notice, undefined);
    assert.ok(cache && cold);
    assert.equal(read, 10);
    assert.equal(cache.head, shas[9]);
    const byIndex = cache.commits;
    assert.deepEqual(
      byIndex.map((c) => c.sha),
      shas,
    );
    // c1: everything is new: a baseline, no transitions and no attempts; the handoff starts iteration 1.
    assert.deepEqual(byIndex[0].transitions, []);
    assert.deepEqual(byIndex[0].attempts, []);
    assert.equal(byIndex[0].handoff?.focus, '[TIDE-API-001] Stable tide forecast API — Phase A');
    assert.deepEqual(
      byIndex[0].handoff?.doNow.map((d) => [d.rowIds, d.line]),
      [[['A1'], 5]],
    );
    // c2: A1 [ ] → [P], attempt #1 failed, one hub.
    assert.deepEqual(byIndex[1].transitions, [
      {
        plan: PLAN,
        rowId: 'A1',
        title: 'Capture baseline pytest run',
        from: 'open',
        to: 'in-progress',
        fromRaw: '[ ]',
        toRaw: '[P]',
        line: 7,
      },
    ]);
    assert.deepEqual(
      byIndex[1].attempts.map((a) => [a.initiative, a.number, a.outcome, a.words, a.mentions, a.line]),
      [['TIDE-API-001', 1, 'failed', ['failed', 'exit code 1'], ['A1'], 9]],
    );
    assert.deepEqual(byIndex[1].hubs, ['plans/active/TIDE-API-001/reports/2026-03-01T100000Z/phase_a/']);
    assert.deepEqual(byIndex[1].progress, { 'TIDE-API-001': [0, 3] });
    // c3 and c5: one failed attempt each; c4 a handoff with only its Focus and Do Now changed.
    assert.deepEqual(
      [byIndex[2], byIndex[4]].map((c) => c.attempts.map((a) => [a.number, a.outcome, a.words])),
      [[[2, 'failed', ['failed', 'error']]], [[3, 'failed', ['blocked']]]],
    );
    assert.deepEqual([byIndex[3].handoff?.focusChanged, byIndex[3].handoff?.doNowChanged], [true, true]);
    // c7: A2 and B1 done, a passed attempt, a second hub.
    assert.deepEqual(
      byIndex[6].transitions.map((t) => `${t.rowId} ${t.fromRaw}→${t.toRaw}`),
      ['A2 [ ]→[x]', 'B1 [ ]→[x]'],
    );
    assert.deepEqual(
      byIndex[6].attempts.map((a) => [a.number, a.outcome]),
      [[4, 'passed']],
    );
    assert.deepEqual(byIndex[6].hubs, ['plans/active/TIDE-API-001/reports/2026-03-03T100000Z/phase_a/']);
    // c8, c9: B1 reopened and done again.
    assert.deepEqual(
      [byIndex[7], byIndex[8]].map((c) => c.transitions.map((t) => `${t.rowId} ${t.from}→${t.to}`)),
      [['B1 done→open'], ['B1 open→done']],
    );
    // Iterations start at the four handoff commits.
    assert.deepEqual(
      iterationsOf(cache.commits).map((it) => it.commits.map((c) => shas.indexOf(c.sha) + 1)),
      [[1, 2, 3], [4, 5], [6, 7, 8, 9], [10]],
    );
    assert.deepEqual(
      doneOverTime(cache.commits, 'TIDE-API-001').map((p) => [p.done, p.total]),
      [
        [0, 3],
        [0, 3],
        [2, 3],
        [1, 3],
        [2, 3],
      ],
    );
  }),
);

test(
  'synthetic loop: health finds the thrashing row, the flip-flop, the drift and the stall',
  withRepo(async (repo) => {
    const shas = commitScenario(repo);
    const { cache } = await history(repo.root);
    const index = new WorkspaceIndex(repo.root, nodeFileSystem, DEFAULT_CONFIG);
    index.indexAll();
    const report = historyReport({
      head: cache!.head,
      commits: cache!.commits,
      thresholds: { thrashAttempts: 3, stallIterations: 1 },
      lookup: indexHealthLookup(index),
    });
    assert.deepEqual(
      report.health.map((f) => [f.kind, f.message, f.count]),
      [
        ['thrash', 'A1 (TIDE-API-001): 3 failed attempts in a row (#1, #2, #3)', 3],
        ['stall', 'No row changed state in the last 1 iterations (since 2026-03-04)', 1],
        ['flip-flop', `B1 went done → open → done (${PLAN})`, 1],
        ['drift', 'Do Now item 2 points at A2, already done', 1],
      ],
    );
    assert.deepEqual(report.health[0].commits, [shas[1], shas[2], shas[4]]);
    // Newest first; since the last handoff: one commit, nothing moved.
    assert.deepEqual(
      report.iterations.map((it) => it.index),
      [4, 3, 2, 1],
    );
    assert.deepEqual(report.sinceHandoff, {
      iteration: 4,
      handoff: shas[9],
      since: '2026-03-04T09:00:00Z',
      commits: 1,
      transitions: 0,
      done: 0,
      attempts: { failed: 0, passed: 0, neutral: 0 },
      hubs: 0,
    });
    // With the default thresholds (stall after 5 iterations) there is no stall.
    const defaults = historyReport({
      head: cache!.head,
      commits: cache!.commits,
      thresholds: DEFAULT_HEALTH,
      lookup: indexHealthLookup(index),
    });
    assert.deepEqual(
      defaults.health.map((f) => f.kind),
      ['thrash', 'flip-flop', 'drift'],
    );
    // Filters: one row, one initiative.
    const b1 = historyReport({ head: cache!.head, commits: cache!.commits, thresholds: DEFAULT_HEALTH, filter: { row: 'B1' } });
    assert.deepEqual(
      b1.iterations.flatMap((it) => it.commits.map((c) => c.transitions.map((t) => `${t.rowId} ${t.fromRaw}→${t.toRaw}`))),
      // newest first: c9, c8, c7
      [['B1 [ ]→[x]'], ['B1 [x]→[ ]'], ['B1 [ ]→[x]']],
    );
  }),
);

test(
  'a row timeline reads its states in order with their dates and iterations',
  withRepo(async (repo) => {
    commitScenario(repo);
    const { cache } = await history(repo.root);
    assert.equal(
      formatTimeline(rowTimeline(cache!.commits, PLAN, 'B1')),
      '[ ] → [x] (Mar 3, 1 iteration ago) → [ ] (Mar 3, 1 iteration ago) → [x] (Mar 3, 1 iteration ago)',
    );
    assert.equal(formatTimeline(rowTimeline(cache!.commits, PLAN, 'A1')), '[ ] → [P] (Mar 1, 3 iterations ago)');
    assert.equal(formatTimeline(rowTimeline(cache!.commits, PLAN, 'nope')), '');
  }),
);

test(
  'an update after a new commit reads only that commit and equals a cold build',
  withRepo(async (repo) => {
    const shas = commitScenario(repo, 9);
    const first = await history(repo.root);
    // Through JSON, as the cache survives a restart.
    const restored = JSON.parse(JSON.stringify(first.cache)) as HistoryCache;
    repo.write('input.md', fs.readFileSync(path.join(repo.root, 'input.md'), 'utf8').replace('Phase A summary', 'Phase A wrap-up'));
    const tenth = repo.commit('SUPERVISOR: handoff 4', '2026-03-04T09:00:00Z');
    const incremental = await history(repo.root, restored);
    assert.equal(incremental.read, 1);
    assert.equal(incremental.cold, false);
    assert.equal(incremental.cache!.head, tenth);
    assert.deepEqual(
      incremental.cache!.commits.slice(0, 9).map((c) => c.sha),
      shas,
    );
    const cold = await history(repo.root);
    assert.deepEqual(incremental.cache, cold.cache);
    // Up to date: nothing read.
    assert.equal((await history(repo.root, incremental.cache)).read, 0);
    // History rewritten (amend): the cache is not an ancestor any more, so it is rebuilt.
    repo.git('commit', '-q', '--amend', '-m', 'SUPERVISOR: handoff 4 (amended)');
    const rebuilt = await history(repo.root, incremental.cache);
    assert.equal(rebuilt.cold, true);
    assert.equal(rebuilt.read, 10);
  }),
);

test('no git, no commits, a detached HEAD and a shallow clone each give one clear sentence', async () => {
  const plain = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-nogit-'));
  try {
    const none = await history(plain);
    assert.equal(none.cache, undefined);
    assert.match(none.notice!, /is not in a git repository: there is no loop history to show\.$/);
  } finally {
    fs.rmSync(plain, { recursive: true, force: true });
  }
  await withRepo(async (repo) => {
    const empty = await history(repo.root);
    assert.equal(empty.notice, 'The repository has no commits yet: the loop history starts with the first one.');
    const shas = commitScenario(repo, 3);
    repo.git('checkout', '-q', '--detach', shas[1]);
    const detached = await history(repo.root);
    assert.equal(detached.notice, `HEAD is detached at ${shas[1].slice(0, 7)}: the history shown is that commit's.`);
    assert.equal(detached.cache!.commits.length, 2);
    repo.git('checkout', '-q', 'main');
    const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-shallow-'));
    try {
      execFileSync('git', ['clone', '-q', '--depth', '2', `file://${repo.root}`, clone], { env: gitTestEnv() });
      const shallow = await history(clone);
      assert.match(shallow.notice!, /^This is a shallow clone: history before commit [0-9a-f]{7} is missing/);
      // The first commit of a shallow clone is a baseline: the second's changes are read against it.
      assert.deepEqual(
        shallow.cache!.commits.map((c) => c.attempts.length),
        [0, 1],
      );
    } finally {
      fs.rmSync(clone, { recursive: true, force: true });
    }
  })();
});

test(
  'the history cache is written by the safe writer: a link planted at its name is not followed',
  withRepo(async (repo) => {
    commitScenario(repo, 3);
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-outside-'));
    try {
      const target = path.join(outside, 'victim.txt');
      fs.writeFileSync(target, 'untouched\n');
      const cacheFile = path.join(repo.root, '.git', HISTORY_CACHE_NAME);
      fs.symlinkSync(target, cacheFile);
      const found = await loopHistory(new WorkspaceIndex(repo.root, nodeFileSystem, DEFAULT_CONFIG));
      found.port.close();
      assert.equal(found.read, 3, 'the history is read all the same');
      assert.equal(fs.readFileSync(target, 'utf8'), 'untouched\n');
      assert.ok(fs.lstatSync(cacheFile).isSymbolicLink(), 'the link is left as it was');
      // Without the link, the cache is written (and read back by the next run: nothing to read).
      fs.rmSync(cacheFile);
      (await loopHistory(new WorkspaceIndex(repo.root, nodeFileSystem, DEFAULT_CONFIG))).port.close();
      assert.equal(
        fs
          .readdirSync(path.join(repo.root, '.git'))
          .filter((f) => f.includes('planloop'))
          .join(),
        HISTORY_CACHE_NAME,
        'no temp file is left',
      );
      const again = await loopHistory(new WorkspaceIndex(repo.root, nodeFileSystem, DEFAULT_CONFIG));
      again.port.close();
      assert.equal(again.read, 0);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  }),
);
