// The loop history over real data: hoidn/PtychoPINN's ledger, plans and handoffs of 21–22 Jan
// 2026 from ../shared/corpus, committed into a temp repository in their real order, checked
// against what their diffs show (read by hand). Skipped without ../shared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../server/core/model/config';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { nodeFileSystem } from '../../server/host/nodeFileSystem';
import { loopHistory } from '../../server/host/loopHistory';
import { iterationsOf } from '../../server/core/history/iterations';
import type { CommitRecord } from '../../server/core/history/records';
import { corpusDir, sharedMissing } from '../support/paths';
import { gitRepo } from '../support/gitRepo';

const REPO = path.join(corpusDir, 'hoidn__PtychoPINN');
const SEED = 'plans/active/seed/implementation.md';
const DOSE = 'plans/active/DEBUG-SIM-LINES-DOSE-001/implementation.md';

/**
 * The corpus versions in commit order. MANIFEST.tsv dates them by day (`git:2026-01-22`); within a
 * day the order and times are those of the commits in hoidn/PtychoPINN's history (`git log`),
 * whose local dates are the manifest's (checked below).
 */
const COMMITS: ReadonlyArray<readonly [date: string, commit: string, files: readonly string[]]> = [
  ['2026-01-21T18:13:56-08:00', '398bb56', [SEED]],
  ['2026-01-21T18:41:53-08:00', '8249a78', ['input.md', 'fix_plan.md']],
  ['2026-01-21T18:46:38-08:00', 'ec33c03', ['docs/fix_plan.md']],
  ['2026-01-21T18:51:49-08:00', '86ba9a9', ['input.md']],
  ['2026-01-21T19:03:46-08:00', '6522013', ['input.md']],
  ['2026-01-21T19:07:29-08:00', 'e8e8dc7', ['docs/fix_plan.md']],
  ['2026-01-21T19:08:02-08:00', '27dbc4f', [SEED]],
  ['2026-01-22T15:36:08-08:00', '7f26673', ['input.md', SEED]],
  ['2026-01-22T16:13:01-08:00', '9c19986', [DOSE]],
  ['2026-01-22T16:22:10-08:00', '195df8b', ['input.md', 'docs/fix_plan.md', DOSE]],
  ['2026-01-22T16:32:39-08:00', '77b8f91', ['input.md', DOSE]],
  ['2026-01-22T16:37:41-08:00', '8dcd62e', [DOSE]],
  ['2026-01-22T17:02:56-08:00', '7167092', ['input.md']],
  ['2026-01-22T17:24:51-08:00', '541a7ef', ['input.md']],
  ['2026-01-22T17:42:51-08:00', '269eae8', ['input.md']],
  ['2026-01-22T18:06:22-08:00', '3866e65', ['docs/fix_plan.md']],
  ['2026-01-22T18:15:34-08:00', 'b8fcc7c', ['input.md']],
  ['2026-01-22T18:28:20-08:00', '83207b1', ['input.md']],
  ['2026-01-22T18:51:40-08:00', '15ad995', ['input.md']],
  ['2026-01-22T19:30:11-08:00', 'c363e75', ['input.md', 'docs/fix_plan.md']],
  ['2026-01-22T20:18:35-08:00', '37f759f', ['input.md']],
  ['2026-01-22T21:00:13-08:00', 'eb4a9f8', ['input.md']],
  ['2026-01-22T21:25:25-08:00', '8093968', ['input.md']],
  ['2026-01-22T21:36:43-08:00', 'a3b1c56', ['input.md']],
  ['2026-01-22T21:38:38-08:00', '8ba57f9', ['docs/fix_plan.md']],
];

const local = (file: string, commit: string): string => path.join(REPO, `${file.replace(/\//g, '__')}@${commit}.md`);

test('every corpus version is committed in the order of its manifest date', { skip: sharedMissing(REPO) }, () => {
  const manifest = fs.readFileSync(path.join(corpusDir, 'MANIFEST.tsv'), 'utf8').split('\n');
  const dates = COMMITS.map(([date]) => date.slice(0, 10));
  assert.deepEqual([...dates].sort(), dates, 'commit order follows the dates');
  for (const [date, commit, files] of COMMITS) {
    for (const file of files) {
      const name = path.relative(corpusDir, local(file, commit));
      const row = manifest.find((l) => l.startsWith(`${name}\t`));
      assert.ok(row, `${name} is in MANIFEST.tsv`);
      assert.equal(row.split('\t')[5], `git:${date.slice(0, 10)}`, name);
    }
  }
});

test('the real loop of 21–22 Jan: rows done, attempts added, iterations at handoffs', { skip: sharedMissing(REPO) }, async () => {
  const repo = gitRepo();
  try {
    const shas = COMMITS.map(([date, commit, files]) => {
      for (const file of files) repo.write(file, fs.readFileSync(local(file, commit), 'utf8'));
      return repo.commit(`${commit} (corpus)`, date);
    });
    const index = new WorkspaceIndex(repo.root, nodeFileSystem, DEFAULT_CONFIG);
    const found = await loopHistory(index);
    found.port.close();
    const commits = found.cache!.commits;
    assert.equal(commits.length, COMMITS.length);
    const at = (commit: string): CommitRecord => commits[COMMITS.findIndex(([, c]) => c === commit)];
    const moves = (commit: string): string[] => at(commit).transitions.map((t) => `${t.plan}:${t.line} ${t.rowId} ${t.fromRaw}→${t.toRaw}`);

    // Row state transitions, from the plans' diffs.
    assert.deepEqual(commits.flatMap((c) => c.transitions).length, 9);
    assert.deepEqual(moves('7f26673'), [`${SEED}:11 S1 [ ]→[x]`, `${SEED}:12 S2 [ ]→[x]`, `${SEED}:13 S3 [ ]→[x]`]);
    assert.deepEqual(moves('195df8b'), [`${DOSE}:27 A1 [ ]→[x]`, `${DOSE}:28 A2 [ ]→[x]`]);
    assert.deepEqual(moves('77b8f91'), [`${DOSE}:31 B1 [ ]→[x]`, `${DOSE}:32 B2 [ ]→[x]`]);
    assert.deepEqual(moves('8dcd62e'), [`${DOSE}:35 C1 [ ]→[x]`, `${DOSE}:36 C2 [ ]→[x]`]);
    // A plan's first version is a baseline; its rows are not moves.
    assert.deepEqual(moves('9c19986'), []);
    // The seed plan gained S4 at 7f26673 (a new row, not a move); its progress counts it.
    assert.deepEqual(at('7f26673').progress, { seed: [3, 4] });
    assert.deepEqual(at('8dcd62e').progress, { 'DEBUG-SIM-LINES-DOSE-001': [6, 6] });

    // Attempts: the ledger's first version is a baseline; e8e8dc7 adds the two S3 attempts.
    assert.deepEqual(at('ec33c03').attempts, []);
    assert.deepEqual(
      at('e8e8dc7').attempts.map((a) => [a.timestamp, a.outcome, a.line]),
      [
        ['2026-01-22T04:26Z', 'neutral', 53],
        ['2026-01-22T03:06Z', 'passed', 62],
      ],
    );
    // 195df8b renames the ledger's one entry (its focus became DEBUG-SIM-LINES-DOSE-001) and adds
    // four attempts; the three it carried over are not new.
    assert.deepEqual(
      at('195df8b').attempts.map((a) => [a.initiative, a.timestamp, a.line]),
      [
        ['DEBUG-SIM-LINES-DOSE-001', '2026-01-22T03:11Z', 102],
        ['DEBUG-SIM-LINES-DOSE-001', '2026-01-22T23:39Z', 113],
        ['DEBUG-SIM-LINES-DOSE-001', '2026-01-23T00:06Z', 146],
        ['DEBUG-SIM-LINES-DOSE-001', '2026-01-23T00:15Z', 155],
      ],
    );
    // The stamped headings each later version adds (counted with comm over the versions' headings).
    assert.deepEqual(
      ['3866e65', 'c363e75', '8ba57f9'].map((c) => at(c).attempts.length),
      [14, 11, 18],
    );
    assert.equal(
      commits.reduce((n, c) => n + c.attempts.length, 0),
      2 + 4 + 14 + 11 + 18,
    );
    // "README generator shipped … (fail-fast) … pytest … PASSED (1 passed…)": fail-fast is a design word.
    assert.deepEqual(
      [at('3866e65').attempts[0].timestamp, at('3866e65').attempts[0].outcome, at('3866e65').attempts[0].words],
      ['2026-01-23T00:24Z', 'passed', ['passed', 'complete']],
    );
    // The root fix_plan.md is not the configured ledger (docs/fix_plan.md): not read.
    assert.deepEqual(at('8249a78').attempts, []);

    // Iterations: each handoff commit starts one; the commits before the first form the first.
    const iterations = iterationsOf(commits);
    assert.equal(iterations.length, 1 + COMMITS.filter(([, , files]) => files.includes('input.md')).length);
    assert.deepEqual(
      iterations.slice(0, 3).map((it) => it.commits.map((c) => c.sha)),
      [[shas[0]], [shas[1], shas[2]], [shas[3]]],
    );
    assert.equal(found.notice, undefined);
  } finally {
    repo.dispose();
  }
});
