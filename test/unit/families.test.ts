// Loop families read as their authors mean them (our own texts, shaped like the corpus's third
// collection): superpowers tasks and steps, spec-kit and Kiro IDs and tags, and which family a
// file is.
import { test } from 'node:test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import assert from 'node:assert/strict';
import { parsePlan } from '../../server/core/parse/plan';
import { parseLedger } from '../../server/core/parse/ledger';
import { attemptOutcome } from '../../server/core/check/attemptReading';
import { loopFileOf } from '../../server/core/parse/family';
import { judgeRun } from '../../server/core/run/runRecord';
import { familyVocabulary, markerFor } from '../../server/core/model/states';
import { DEFAULT_CONFIG } from '../../server/core/model/config';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { nodeFileSystem } from '../../server/host/nodeFileSystem';
import { buildStatus } from '../../server/core/check/status';
import type { PlanModel, Row } from '../../server/core/model/model';

const rows = (plan: PlanModel): Row[] => [...plan.phases.flatMap((p) => p.rows), ...plan.looseRows];

const SUPERPOWERS = [
  '# Tide Alerts Implementation Plan',
  '',
  '> Steps use checkbox (`- [ ]`) syntax for tracking.',
  '',
  '## Chunk 1: Alerts',
  '',
  '### Task 1: Alert model',
  '',
  '**Files:**',
  '- Create: `tidewatch/alerts.py`',
  '',
  '- [x] **Step 1: Write the failing test**',
  '',
  '```python',
  '# tests/test_alerts.py',
  'def test_alert(): ...',
  '```',
  '',
  '- [x] **Step 2: Run the test to see it fail**',
  '',
  'Run: `pytest tests/test_alerts.py -q`',
  '',
  'Expected: FAIL with `ModuleNotFoundError`',
  '',
  '- [ ] **Step 3: Implement and run**',
  '',
  '```bash',
  '# all alert tests',
  'pytest tests/test_alerts.py -q',
  '```',
  '',
  'Expected: PASS',
  '',
  '### Task 2: Notifier',
  '',
  '- [ ] **Step 1: Run the notifier tests and verify they fail**',
  '',
  '```bash',
  'pytest tests/test_notify.py -q',
  '```',
  '',
  '## Final verification',
  '',
  '- [ ] **Full suite green:** `pytest -q`',
  '',
].join('\n');

test('superpowers: Task N is a phase named "Task N" under its chunk; Step M is row N.M named "Task N · Step M"', () => {
  const plan = parsePlan(SUPERPOWERS);
  assert.deepEqual(
    plan.phases.map((p) => [p.id, p.label, p.title, p.group, p.rows.length]),
    [
      ['1', 'Task 1', 'Alert model', 'Chunk 1: Alerts', 3],
      ['2', 'Task 2', 'Notifier', 'Chunk 1: Alerts', 1],
    ],
  );
  assert.deepEqual(
    rows(plan).map((r) => [r.id, r.label, r.rawState, r.title]),
    [
      ['1.1', 'Task 1 · Step 1', '[x]', 'Write the failing test'],
      ['1.2', 'Task 1 · Step 2', '[x]', 'Run the test to see it fail'],
      ['1.3', 'Task 1 · Step 3', '[ ]', 'Implement and run'],
      ['2.1', 'Task 2 · Step 1', '[ ]', 'Run the notifier tests and verify they fail'],
      ['', undefined, '[ ]', 'Full suite green: `pytest -q`'],
    ],
  );
  assert.deepEqual(
    plan.problems.filter((p) => p.code === 'duplicate-row-id'),
    [],
  );
});

test("superpowers: a step's Run: line or shell fence is its command, and its Expected: line (or title) its outcome", () => {
  const [s1, s2, s3, s4] = rows(parsePlan(SUPERPOWERS));
  // A python fence is code to write, not a command.
  assert.deepEqual(s1.commands, []);
  assert.equal(s1.expected, undefined);
  assert.deepEqual(
    s2.commands.map((c) => c.text),
    ['pytest tests/test_alerts.py -q'],
  );
  assert.deepEqual(s2.expected, { outcome: 'fail', text: 'FAIL with `ModuleNotFoundError`' });
  // The fence's comment line is left out; the span covers exactly the command's text.
  assert.deepEqual(
    s3.commands.map((c) => c.text),
    ['pytest tests/test_alerts.py -q'],
  );
  assert.equal(SUPERPOWERS.slice(s3.commands[0].span.start, s3.commands[0].span.end), 'pytest tests/test_alerts.py -q');
  assert.deepEqual(s3.expected, { outcome: 'pass', text: 'PASS' });
  assert.equal(s4.expected?.outcome, 'fail', 'the title says it should fail');
});

test('superpowers, as other plans write it: steps numbered within their task (`Step 1.2 — …`, `Step 4a`) and commands fenced inside the step', () => {
  const plan = [
    '# Vacuum Implementation Plan',
    '',
    '### Task 1: Vacuum',
    '',
    '- [x] **Step 1.1: Write the failing test**',
    '',
    '- [ ] **Step 1.2 — Run to verify they fail**',
    '',
    '  ```',
    '  cargo test -p db vacuum',
    '  ```',
    '',
    '  Expected: compile error — `vacuum` not found.',
    '',
    '- [ ] **Step 4a: Run with the stub — verify the shrink test fails (red)**',
    '  Change the body to `todo!()` and run:',
    '  ```',
    '  cargo test -p db shrink',
    '  ```',
    '',
    '- [ ] **Step 5: Write the module**',
    '  ```',
    '  pub fn vacuum() {}',
    '  ```',
    '',
  ].join('\n');
  const [s1, s2, s4a, s5] = rows(parsePlan(plan));
  assert.deepEqual(
    [s1, s2, s4a, s5].map((r) => [r.id, r.label, r.title]),
    [
      ['1.1', 'Task 1 · Step 1', 'Write the failing test'],
      ['1.2', 'Task 1 · Step 2', 'Run to verify they fail'],
      ['1.4a', 'Task 1 · Step 4a', 'Run with the stub — verify the shrink test fails (red)'],
      ['1.5', 'Task 1 · Step 5', 'Write the module'],
    ],
  );
  // A fence with no language inside the step: run when an Expected: line follows it or the step asks to run it, with the item's indentation left out.
  assert.deepEqual(
    s2.commands.map((c) => c.text),
    ['cargo test -p db vacuum'],
  );
  assert.equal(s2.expected?.outcome, 'fail');
  assert.deepEqual(
    s4a.commands.map((c) => c.text),
    ['cargo test -p db shrink'],
  );
  assert.equal(s4a.expected?.outcome, 'fail', 'the whole bold title says it should fail');
  // Code to write, neither asked to run nor followed by an Expected: line, is no command.
  assert.deepEqual(s5.commands, []);
});

test('superpowers: tasks numbered within a component or phase (`Task C1-2`, `Task 0.1`) are tasks, their steps rows under them', () => {
  const plan = [
    '# Hardening Implementation Plan',
    '',
    '## Component C1 — reader cache',
    '',
    '### Task C1-1: re-insert accounting',
    '',
    '- [ ] **Step 1: Write the test**',
    '',
    '### Task C1-2: eviction guard',
    '',
    '- [ ] **Step 1: Write three tests**',
    '',
    '## Phase 0 — Setup',
    '',
    '### Task 0.1: Create the bench directory',
    '',
    '- [x] **Step 1: Make it**',
    '',
  ].join('\n');
  const model = parsePlan(plan);
  assert.deepEqual(
    model.phases.filter((p) => p.rows.length).map((p) => [p.id, p.label, p.title]),
    [
      ['C1-1', 'Task C1-1', 're-insert accounting'],
      ['C1-2', 'Task C1-2', 'eviction guard'],
      ['0.1', 'Task 0.1', 'Create the bench directory'],
    ],
  );
  assert.deepEqual(
    rows(model).map((r) => [r.id, r.label]),
    [
      ['C1-1.1', 'Task C1-1 · Step 1'],
      ['C1-2.1', 'Task C1-2 · Step 1'],
      ['0.1.1', 'Task 0.1 · Step 1'],
    ],
  );
});

test('spec-kit: T001 is the ID; [P], [US1] and [NOTE: …] are tags, not states or title', () => {
  const plan = parsePlan(
    [
      '## Phase 1: Setup',
      '- [ ] T001 [P] [US1] Create the tide model in tidewatch/model.py',
      '- [X] T002 Wire the CLI',
      '- [SKIP] T003 [NOTE: Hugo not installed] [US5]',
      '',
    ].join('\n'),
  );
  assert.deepEqual(
    rows(plan).map((r) => [r.id, r.state, r.tags, r.title]),
    [
      ['T001', 'open', ['P', 'US1'], 'Create the tide model in tidewatch/model.py'],
      ['T002', 'done', undefined, 'Wire the CLI'],
      ['T003', 'skipped', ['US5'], ''],
    ],
  );
});

test("spec-kit's template notes explain its labels in list items: no row, and nothing to fix", () => {
  const plan = [
    '# Tasks: Responder',
    '',
    '## Format: `[ID] [P?] [Story] Description`',
    '',
    '- **[P]**: Can run in parallel (different files, no dependencies)',
    '- **[Story]**: Which user story this task belongs to (e.g., US1, US2)',
    '',
    '## Phase 1: Setup',
    '',
    '- [ ] T001 [P] [US1] Create the project',
    '',
    '## Notes',
    '',
    '- [P] tasks = different files, no dependencies',
    '- [Story] label maps task to specific user story for traceability',
    '',
  ].join('\n');
  const model = parsePlan(plan);
  assert.deepEqual(
    rows(model).map((r) => r.id),
    ['T001'],
  );
  assert.deepEqual(
    model.problems.filter((p) => p.code === 'unread-row'),
    [],
  );
});

test('Kiro: numbered tasks and sub-tasks are IDs with parents; `[ ]*` is optional, `(P)` a tag', () => {
  const plan = parsePlan(
    [
      '# Implementation Plan',
      '',
      '- [ ] 1. Foundation: schema and config',
      '  - [x] 1.1 (P) Add the model',
      '  - [ ]* 1.2 Write property test: idempotence',
      '    - **Property 1: Version idempotence**',
      '    - _Requirements: 1.3, 4.3_',
      '- [-] 2. Checkpoint',
      '',
    ].join('\n'),
  );
  assert.deepEqual(
    rows(plan).map((r) => [r.id, r.parentId, r.tags, r.title]),
    [
      ['1', undefined, undefined, 'Foundation: schema and config'],
      ['1.1', '1', ['P'], 'Add the model'],
      ['1.2', '1', ['optional'], 'Write property test: idempotence'],
      ['2', undefined, undefined, 'Checkpoint'],
    ],
  );
});

test('a loop file is known by where it lives, else by what it holds', () => {
  const cases: Array<[string, string, string | undefined]> = [
    ['docs/superpowers/plans/2026-03-01-x.md', '', 'plan superpowers'],
    ['docs/plans/2026-03-01-x.md', SUPERPOWERS, 'plan superpowers'],
    ['specs/001-x/tasks.md', '', 'plan spec-kit'],
    ['.kiro/specs/x/tasks.md', '', 'plan kiro'],
    ['@fix_plan.md', '', 'plan ralph'],
    ['@fix_plan.md', 'iter 1 | PASS | a..b | one\niter 2 | FAIL | b..c | two\n', 'ledger ralph'],
    ['docs/fix_plan.md', '# Fix plan\n\n## Phase 1 — Triage [done]\n\n- [x] Commit the audit tool.\n', 'plan ralph'],
    ['docs/fix_plan.md', '', 'ledger handoff-loop'],
    ['input.md', '', 'handoff handoff-loop'],
    ['backlog/tasks/task-1 - Do it.md', '', 'plan backlog'],
    ['PROMPT.md', '## Phase 1\n- [ ] T001: a\n- [ ] T002: b\n- [ ] T003: c\n', 'plan ralph'],
    ['notes/todo.md', '# Todo\n\n- [ ] one\n- [x] two\n- [ ] three\n', 'plan checklist'],
    // Docs of a project, and prose that only mentions boxes, are not loops.
    ['README.md', '# Tool\n\n- [ ] one\n- [x] two\n- [ ] three\n', undefined],
    ['docs/guide.md', '# Guide\n\nMark a row `[x]` when done.\n', undefined],
  ];
  for (const [path, text, want] of cases) {
    const got = loopFileOf(path, text);
    assert.equal(got ? `${got.kind} ${got.family}` : undefined, want, path);
  }
});

test("a Ralph fix list at the ledger's path is read as a plan: its rows count, and 'no ledger' says why", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-ralph-'));
  try {
    fs.mkdirSync(path.join(root, 'docs'));
    fs.writeFileSync(
      path.join(root, 'docs/fix_plan.md'),
      [
        '# Signature fix plan',
        '',
        '## Phase 1 — Triage [done]',
        '',
        '- [x] Commit the audit tool.',
        '- [x] Re-run the audit.',
        '',
        '## Phase 2 — Gate',
        '',
        '- [ ] Reject extern-C methods.',
        '',
      ].join('\n'),
    );
    const index = new WorkspaceIndex(root, nodeFileSystem, DEFAULT_CONFIG);
    index.indexAll();
    assert.deepEqual([index.get('docs/fix_plan.md')?.kind, index.get('docs/fix_plan.md')?.family], ['plan', 'ralph']);
    const status = buildStatus(index);
    assert.deepEqual(status.totals, { plans: 1, rows: 3, done: 2, unread: 0, byState: { done: 2, open: 1 } });
    assert.deepEqual(
      status.initiatives.flatMap((i) => i.plans.flatMap((p) => p.phases.map((ph) => `${ph.id}: ${ph.title} ${ph.done}/${ph.total}`))),
      ['1: Triage [done] 2/2', '2: Gate 0/1'],
    );
    assert.equal(index.ledger(), undefined);
    assert.match(index.noLedgerReason(), /docs\/fix_plan\.md is a task list \(a Ralph fix list, read as a plan\)/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a run is judged against what its step expects: a red step that fails is done', () => {
  const judged = (outcome: 'passed' | 'failed' | 'interrupted' | 'error', expected?: 'fail' | 'pass') =>
    judgeRun({ outcome, exitCode: outcome === 'passed' ? 0 : 1, expected });
  assert.deepEqual(judged('failed', 'fail'), { ok: true, result: 'failed as expected (exit 1)' });
  assert.deepEqual(judged('passed', 'fail'), { ok: false, result: 'passed, but the step expects it to fail' });
  assert.deepEqual(judged('passed'), { ok: true, result: 'passed' });
  assert.deepEqual(judged('failed'), { ok: false, result: 'failed (exit 1)' });
  assert.deepEqual(judged('interrupted', 'fail'), { ok: false, result: 'interrupted' });
});

test("Kiro's own markers: `[-]` is in progress and `[~]` queued; other families keep the defaults", () => {
  const text = '- [-] 1. Checkpoint\n- [~] 2. Queued work\n';
  const states = (family?: 'kiro') => rows(parsePlan(text, familyVocabulary(family))).map((r) => r.state);
  assert.deepEqual(states('kiro'), ['in-progress', 'open']);
  assert.deepEqual(states(), ['skipped', 'in-progress']);
});

test("the index reads each file with its family's markers: `[-]` in a Kiro spec is in progress, in a plan skipped", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-kiro-'));
  try {
    const text = '# Tasks\n\n- [-] 1. Checkpoint\n- [~] 2. Queued work\n';
    for (const rel of ['.kiro/specs/alerts/tasks.md', 'plans/active/OWN/implementation.md']) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    const index = new WorkspaceIndex(root, nodeFileSystem, DEFAULT_CONFIG);
    index.indexAll();
    const states = (rel: string): string[] => {
      const doc = index.get(rel);
      assert.ok(doc?.model.kind === 'plan', `${rel} is indexed as a plan`);
      return rows(doc.model).map((r) => r.state);
    };
    assert.equal(index.get('.kiro/specs/alerts/tasks.md')?.family, 'kiro');
    assert.deepEqual(states('.kiro/specs/alerts/tasks.md'), ['in-progress', 'open']);
    assert.deepEqual(states('plans/active/OWN/implementation.md'), ['skipped', 'in-progress']);
    // planloop.states still wins over the family's own reading.
    const configured = new WorkspaceIndex(root, nodeFileSystem, { ...DEFAULT_CONFIG, states: { '[-]': 'blocked' } });
    configured.indexAll();
    assert.deepEqual(
      rows(configured.get('.kiro/specs/alerts/tasks.md')!.model as PlanModel).map((r) => r.state),
      ['blocked', 'open'],
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("Plan Loop writes each state as the file's family reads it: in a Kiro spec under way is `[-]`, skipped `[SKIP]`", () => {
  assert.equal(markerFor('in-progress', 'kiro'), '[-]');
  assert.equal(markerFor('in-progress'), '[P]');
  assert.equal(markerFor('skipped', 'kiro'), '[SKIP]', "skipped is not written as Kiro's under-way [-]");
  assert.equal(markerFor('done', 'kiro'), '[x]');
  assert.equal(markerFor('skipped', 'superpowers'), '[-]');
  for (const kind of ['open', 'in-progress', 'done', 'blocked', 'skipped', 'deferred'] as const) {
    const written = markerFor(kind, 'kiro');
    assert.equal(
      familyVocabulary('kiro').markers.get(written) ?? familyVocabulary(undefined).markers.get(written),
      kind,
      `${kind} round-trips in Kiro`,
    );
  }
});

test('a plan header names its status, id, initiative and plans; a finished plan with open rows is one note', () => {
  const backlog = parsePlan(
    [
      '---',
      'id: task-7',
      'title: Tide alerts',
      'status: Done',
      '---',
      '',
      '## Acceptance Criteria',
      '- [x] #1 Alerts fire',
      '- [ ] #2 Docs',
      '',
    ].join('\n'),
  );
  assert.deepEqual(
    { id: backlog.header?.id, title: backlog.header?.title, status: backlog.header?.status, raw: backlog.header?.rawStatus },
    { id: 'task-7', title: 'Tide alerts', status: 'done', raw: 'Done' },
  );
  const item = parsePlan(
    [
      '# Tide alerts',
      '',
      '- Status: parked',
      '- Initiative: TIDE-ALERTS-003 — alerts',
      '- Plan: `docs/plans/2026-03-06-tide-alerts.md`',
      '',
    ].join('\n'),
  );
  assert.equal(item.header?.status, 'pending');
  assert.equal(item.header?.initiative, 'TIDE-ALERTS-003');
  assert.deepEqual(item.header?.plans, ['docs/plans/2026-03-06-tide-alerts.md']);
});

test('backlog items are initiatives with their status, and the plans they name belong to them', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-backlog-'));
  try {
    const write = (rel: string, text: string): void => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    write(
      'backlog/tasks/task-7 - Tide alerts.md',
      [
        '---',
        'id: task-7',
        'title: Tide alerts',
        'status: In Progress',
        '---',
        '',
        '## Acceptance Criteria',
        '- [x] #1 Alerts fire',
        '',
      ].join('\n'),
    );
    write(
      'backlog/tasks/task-8 - Parked.md',
      ['# Parked idea', '', '- Status: parked', '- Plan: `docs/superpowers/plans/2026-03-06-parked.md`', ''].join('\n'),
    );
    write('docs/superpowers/plans/2026-03-06-parked.md', '# Parked plan\n\n### Task 1: Probe\n\n- [ ] **Step 1: Probe**\n');
    write('plans/active/OWN/implementation.md', '# Own\n\n- Initiative: TIDE-ALERTS-003 — alerts\n\n- [ ] A1: Do it\n');
    const index = new WorkspaceIndex(root, nodeFileSystem, { ...DEFAULT_CONFIG, include: ['**/*.md'] });
    index.indexAll();
    assert.deepEqual(
      index.backlogItems().map((i) => [i.id, i.title, i.status]),
      [
        ['task-7', 'Tide alerts', 'in-progress'],
        ['task-8', 'Parked idea', 'pending'],
      ],
    );
    assert.equal(index.initiativeForPlan('docs/superpowers/plans/2026-03-06-parked.md'), 'task-8');
    assert.equal(index.initiativeForPlan('plans/active/OWN/implementation.md'), 'TIDE-ALERTS-003', "a plan's own Initiative: header");
    const status = buildStatus(index);
    assert.deepEqual(
      status.initiatives.map((i) => [i.id, i.status, i.plans.map((p) => p.path)]),
      [
        ['task-7', 'in-progress', ['backlog/tasks/task-7 - Tide alerts.md']],
        ['task-8', 'pending', ['docs/superpowers/plans/2026-03-06-parked.md']],
        ['TIDE-ALERTS-003', 'unknown', ['plans/active/OWN/implementation.md']],
      ],
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a line-form ledger: each `iter N | STATUS | shas | summary` line is an attempt, in a list or not', () => {
  const text = [
    '# Loop ledger',
    '',
    '- iter 1 | PASS | a1b2c3d..b2c3d4e | seed the plan',
    '- iter 2 | FAIL | b2c3d4e..c3d4e5f | tests red on Task 2',
    '',
    'iter 3 | PASS | c3d4e5f..d4e5f6a | fixed Task 2',
    '',
  ].join('\n');
  const ledger = parseLedger(text);
  assert.equal(ledger.initiatives.length, 1);
  assert.equal(ledger.initiatives[0].title, 'Loop ledger');
  assert.deepEqual(
    ledger.initiatives[0].attempts.map((a) => [a.number, a.label, a.style, attemptOutcome(a.text)]),
    [
      [1, 'PASS', 'iteration', 'passed'],
      [2, 'FAIL', 'iteration', 'failed'],
      [3, 'PASS', 'iteration', 'passed'],
    ],
  );
  assert.equal(
    text.slice(ledger.initiatives[0].attempts[2].span.start, ledger.initiatives[0].attempts[2].span.end),
    'iter 3 | PASS | c3d4e5f..d4e5f6a | fixed Task 2',
  );
  assert.deepEqual(loopFileOf('docs/loop.md', text), { kind: 'ledger', family: 'ralph' });
});
