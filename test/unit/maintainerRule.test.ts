// Issue 23: a diagnostic speaks only where a careful maintainer of that repository would fix
// something now. History is not re-linted, gitignored outputs are absent on purpose, the CUDA
// mask is the project's convention (not ours), attempts are entries (not mentions), lead words
// are not row IDs; and the links the authors meant are followed (Initiative: header, Do Now
// ranges, relative citations under the plan's reports root, a hub in the initiative's nesting).
import { test } from 'node:test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { tempWorkspace } from '../support/tempWorkspace';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { nodeFileSystem } from '../../server/host/nodeFileSystem';
import { computeDiagnostics } from '../../server/core/check/diagnostics';
import { isGitignored } from '../../server/core/check/gitignored';
import { isArchivedDocument, notAClaimOfExistence } from '../../server/core/check/history';
import { parseLedger } from '../../server/core/parse/ledger';
import { parsePlan } from '../../server/core/parse/plan';
import { parseHandoff } from '../../server/core/parse/handoff';
import { hubLayoutOf } from '../../server/core/run/hubLayout';
import { logExcerpt } from '../../server/core/run/blocker';
import { linkDoNowItem } from '../../server/core/index/doNowLinks';

function lint(files: Record<string, string>): string[] {
  const ws = tempWorkspace();
  try {
    for (const [rel, text] of Object.entries(files)) ws.write(rel, text);
    const index = new WorkspaceIndex(ws.root, nodeFileSystem);
    index.indexAll();
    return index
      .all()
      .flatMap((doc) =>
        computeDiagnostics(index, doc).map((d) => `${doc.path}:${doc.lines.positionAt(d.span.start).line + 1} ${d.code} ${d.message}`),
      )
      .sort();
  } finally {
    ws.dispose();
  }
}

test('archived documents are history: named folders and files, not a word in the middle of a name', () => {
  for (const p of [
    'plans/archive/x.md',
    'archive/fix_plan_archive.md',
    'docs/fix_plan_archive.md',
    'trash/commands/implementation.md',
    'plans/galph_memory.md',
    'plans/completed/a/plan.md',
  ])
    assert.ok(isArchivedDocument(p), p);
  for (const p of ['plans/active/x.md', 'docs/fix_plan.md', 'plans/active/tools/plan.md']) assert.ok(!isArchivedDocument(p), p);
});

test('a path is no claim of existence after a flag, in rm/git rm, as a command program, for another repository, or still to come', () => {
  const claim = (line: string, path: string): boolean => {
    const start = line.indexOf(path);
    return !notAClaimOfExistence(line, { start, end: start + path.length });
  };
  assert.ok(!claim('run `tool --targets-file data/x.json`', 'data/x.json'));
  assert.ok(!claim('then `git rm old/a.py` to retire it', 'old/a.py'));
  assert.ok(!claim('- Repro: `python tools/x.py --phases 4`', 'tools/x.py'));
  assert.ok(!claim('From the sibling repo: src/model.py holds it', 'src/model.py'));
  assert.ok(!claim('Draft: docs/new.md (target)', 'docs/new.md'));
  assert.ok(!claim('confirm the name (e.g., docs/a.md)', 'docs/a.md'));
  assert.ok(claim('See docs/spec.md for the contract', 'docs/spec.md'));
  assert.ok(claim('confirm docs/spec.md still holds', 'docs/spec.md'));
});

test('.gitignore (root and nested, folders and globs) forgives an absent path; a negation re-includes', () => {
  const ws = tempWorkspace();
  try {
    ws.write('.gitignore', 'logs/\nreports/benchmarks/\n*.bin\n!keep.bin\n');
    ws.write('plans/active/A/.gitignore', 'tmp/\n');
    const index = new WorkspaceIndex(ws.root, nodeFileSystem);
    assert.ok(isGitignored(index, 'reports/x/phase_l/20251015T190350Z/logs/pytest_full.log'));
    assert.ok(isGitignored(index, 'reports/benchmarks/20251001-025148/'));
    assert.ok(isGitignored(index, 'tests/golden/a.bin'));
    assert.ok(!isGitignored(index, 'tests/golden/keep.bin'));
    assert.ok(isGitignored(index, 'plans/active/A/tmp/out.json'));
    assert.ok(!isGitignored(index, 'plans/active/B/tmp/out.json'));
    assert.ok(!isGitignored(index, 'docs/spec.md'));
    assert.ok(!isGitignored(index, '../outside/logs/x.log'));
  } finally {
    ws.dispose();
  }
});

test('.gitignore with cached file facts: one written or removed later is read on its file event', () => {
  const ws = tempWorkspace();
  try {
    ws.write('plans/active/B/plan.md', '# B\n');
    const index = new WorkspaceIndex(ws.root, nodeFileSystem);
    index.cacheFileFacts();
    assert.ok(!isGitignored(index, 'plans/active/B/tmp/out.json'));
    ws.write('plans/active/B/.gitignore', 'tmp/\n');
    index.invalidate('plans/active/B/.gitignore');
    assert.ok(isGitignored(index, 'plans/active/B/tmp/out.json'), 'a new .gitignore is read');
    fs.rmSync(path.join(ws.root, 'plans/active/B/.gitignore'));
    index.invalidate('plans/active/B/.gitignore');
    assert.ok(!isGitignored(index, 'plans/active/B/tmp/out.json'), 'a removed .gitignore no longer applies');
  } finally {
    ws.dispose();
  }
});

test('history is not re-linted; live prose still is; gitignored outputs are absent on purpose', () => {
  const ledger = [
    '# Ledger',
    '## [LIVE-001] Live',
    '- Status: in_progress',
    '- Spec: docs/missing_spec.md',
    '- Attempts History:',
    '  * [2026-01-02] Attempt #1 — Result: wrote docs/old_notes.md and plans/active/gone.md',
    '',
    '## [DONE-001] Done',
    '- Status: done',
    '- Spec: docs/retired.md',
    '',
  ].join('\n');
  const plan = [
    '# Plan',
    '',
    '| ID | Task | State | Notes |',
    '| --- | --- | --- | --- |',
    '| A1 | Old | [x] | Evidence `docs/retired_log.md`; logs `logs/run.log` |',
    '| A2 | New | [ ] | Author `docs/guide.md` for users |',
    '| A3 | Read | [ ] | Read docs/never.md first |',
    '| A4 | Bench | [x] | Artifacts: `reports/benchmarks/20251001/` |',
    '',
  ].join('\n');
  const out = lint({
    '.gitignore': 'logs/\nreports/benchmarks/\n',
    'docs/fix_plan.md': ledger,
    'docs/README.md': 'docs\n',
    'plans/active/A/implementation.md': plan,
    'plans/archive/B/implementation.md':
      '| ID | Task | State |\n| --- | --- | --- |\n| B1 | x | [x] |\n| B1 | y | [ ] |\n\nSee docs/none.md\n',
    'reports/README.md': 'r\n',
  });
  assert.deepEqual(
    out.map((d) => d.split(' ').slice(0, 2).join(' ')),
    ['docs/fix_plan.md:4 missing-file', 'plans/active/A/implementation.md:7 missing-file'],
    out.join('\n'),
  );
});

test('attempts: entries not mentions; only a step back or a repeat is reported, with the count worded right', () => {
  const text = [
    '# Ledger',
    '## [X-001] X',
    '- Status: in_progress',
    '- Attempts History:',
    '  * [2026-01-01] Attempt #1 — Result: a',
    '  * [2026-01-02] Attempt #15 — Result: b',
    '  * [2026-01-03] Attempt #17 — Result: c',
    '  * [2026-01-04] Attempt #17 — Result: d',
    '  * [2026-01-05] Attempt #17 — Result: e',
    '  * [2026-01-06] Attempt #17 — Result: f',
    '  * [2026-01-07] Attempt #16 — Result: g',
    '- Observations:',
    '  - Attempt #34 confirms the regression',
    '',
  ].join('\n');
  const model = parseLedger(text);
  assert.equal(model.initiatives[0].attempts.length, 7, 'the mention under Observations is not an attempt');
  assert.deepEqual(
    model.problems.map((p) => `${p.code}: ${p.message}`),
    [
      'attempt-duplicate: Attempt #17 is used 4 times in X-001',
      'attempt-sequence: Attempt #16 comes after #17 in X-001; the numbers go backwards (expected #18)',
    ],
  );
});

test("a step's lead word is not a row ID; an ID with a digit or one or two capitals is", () => {
  const plan = parsePlan(
    [
      '# P',
      '',
      '- [ ] Run: the suite',
      '- [ ] **RED:** write the failing test',
      '- [ ] Re-run — again',
      '- [ ] Run: twice',
      '- [ ] A1: real',
      '- [ ] QA: check',
      '',
    ].join('\n'),
  );
  const rows = [...plan.looseRows, ...plan.phases.flatMap((p) => p.rows)];
  assert.deepEqual(
    rows.map((r) => r.id),
    ['', '', '', '', 'A1', 'QA'],
  );
  assert.ok(!plan.problems.some((p) => p.code === 'duplicate-row-id'));
});

test('unread-row calls a one-word state in a code span a code span, not prose', () => {
  const plan = parsePlan(['# P', '', '| ID | Task | State |', '| --- | --- | --- |', '| A1 | Do it | `complete` |', ''].join('\n'));
  const unread = plan.problems.filter((p) => p.code === 'unread-row').map((p) => p.message);
  assert.ok(unread.length === 0 || unread.every((m) => !/prose/.test(m) && /code span/.test(m)), unread.join('\n'));
});

test("a plan's Initiative: header names its initiative; words that are no ID do not", () => {
  assert.equal(parsePlan('# Plan\n- Initiative: DEBUG-SIM-001 — find it\n').header?.initiative, 'DEBUG-SIM-001');
  assert.equal(parsePlan('# Plan\n- Initiative: Long-term Goal 1 — remove it\n').header?.initiative, undefined);
});

test('Do Now ranges and lists name every row in them', () => {
  const handoff = parseHandoff(
    [
      'Summary: s',
      'Focus: X-001',
      '',
      'Do Now:',
      '- X-001 rows M1–M4 — run them; tests: none',
      '- Finish D1-D3 and rows C2/C3 — tidy; tests: none',
      '',
    ].join('\n'),
  );
  assert.deepEqual([...handoff.doNow[0].rowIds].sort(), ['M1', 'M2', 'M3', 'M4']);
  assert.deepEqual([...handoff.doNow[1].rowIds].sort(), ['C2', 'C3', 'D1', 'D2', 'D3']);
});

test('a new hub follows the nesting of the initiative: fixed umbrella phase, its slug folder, then the run phase', () => {
  assert.equal(
    hubLayoutOf('reports/2026-01-x/phase_d/20251015T113531Z/cluster-a/phase_x/')?.layout,
    'reports/{topic}/phase_d/{compactStamp}/cluster-a/{phase}/',
  );
  assert.equal(hubLayoutOf('reports/2026-01-x/phase_d/20251015T113531Z/summary.md')?.layout, 'reports/{topic}/{phase}/{compactStamp}/');
  assert.equal(
    hubLayoutOf('plans/active/A/reports/2026-01-22T014445Z/phase_b/summary.md')?.layout,
    '{initiative}/reports/{stamp}/{phase}/',
  );
});

test('blocker.md keeps a repeated error once, with its count', () => {
  const log = [
    ...Array.from({ length: 81 }, (_, i) => [`ERROR tests/test_${i}.py`, 'E   ModuleNotFoundError: No module named torch']).flat(),
    '==== 81 errors in 1.0s ====',
  ].join('\n');
  const { text } = logExcerpt(log);
  assert.equal(text.split('\n').filter((l) => l.startsWith('E   ModuleNotFoundError')).length, 1);
  assert.match(text, /No module named torch {2}\(×81\)/);
  assert.match(text, /ERROR tests\/test_0\.py/);
});

test('Do Now: a range links the rows; a plan whose only unfinished row is [SKIP] has none open', () => {
  const ws = tempWorkspace();
  try {
    ws.write('docs/fix_plan.md', '# L\n## [X-001] X\n- Status: in_progress\n');
    ws.write(
      'plans/other/plan.md',
      '# P\n- Initiative: X-001 — the X work\n\n| ID | Task | State |\n| --- | --- | --- |\n| M1 | a | [x] |\n| M2 | b | [SKIP] |\n',
    );
    ws.write('input.md', 'Summary: s\nFocus: X-001\n\nDo Now:\n- X-001 M1–M2 — finish; tests: none\n');
    const index = new WorkspaceIndex(ws.root, nodeFileSystem);
    index.indexAll();
    const handoff = index.handoff()!;
    const link = linkDoNowItem(index, handoff, handoff.model.doNow[0]);
    assert.equal(link.plans.length, 1, 'the plan joins its initiative through its Initiative: header');
    assert.equal(link.plans[0].openRows.length, 0);
    assert.equal(index.initiativeForPlan('plans/other/plan.md'), 'X-001');
  } finally {
    ws.dispose();
  }
});
