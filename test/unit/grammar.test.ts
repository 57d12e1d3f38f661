// Explicit checks, one or more per section of ../shared/corpus/INDEX.md, on our own fixtures
// (fixtures/cases). The expected.json snapshots guard everything else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixturesDir } from '../support/paths';
import { parsePlan } from '../../server/core/parse/plan';
import { parseLedger } from '../../server/core/parse/ledger';
import { parseHandoff } from '../../server/core/parse/handoff';
import type { PlanModel, Row } from '../../server/core/model/model';

const read = (name: string): string => fs.readFileSync(path.join(fixturesDir, 'cases', name, 'input.md'), 'utf8');
const rows = (plan: PlanModel): Row[] => [...plan.looseRows, ...plan.phases.flatMap((p) => p.rows)];
const ids = (plan: PlanModel): string[] => rows(plan).map((r) => r.id);

test('§1 state markers: every table marker normalized, unknown ones reported', () => {
  const plan = parsePlan(read('01-state-markers-table'));
  assert.deepEqual(
    rows(plan).map((r) => `${r.id}${r.rawState}=${r.state}`),
    [
      'A1[ ]=open',
      'A2[x]=done',
      'A3[X]=done',
      'A4[D]=done',
      'A5[P]=in-progress',
      'A6[B]=blocked',
      'A7[-]=skipped',
      'A8[~]=in-progress',
      'A9[?]=unknown',
      'A10[ ]=open',
    ],
  );
  assert.deepEqual(
    plan.problems.map((p) => p.code),
    ['unknown-state'],
  );
});

test('§1 markers quoted in backticks in prose are not states; task lists are rows', () => {
  const plan = parsePlan(read('01-state-markers-tasklist'));
  assert.deepEqual(
    rows(plan).map((r) => `${r.id}${r.rawState}`),
    ['A1[x]', 'A2[ ]', 'A3[x]'],
  );
});

test('§1 ledger status vocabulary normalizes', () => {
  const ledger = parseLedger(read('01-ledger-status-vocab'));
  assert.deepEqual(
    ledger.initiatives.map((i) => i.status),
    ['in-progress', 'planning', 'blocked', 'done', 'archived', 'superseded', 'partial'],
  );
});

test('§2 header variants, tight Goal line, dividers, unescaped pipes, continuation lines', () => {
  assert.deepEqual(ids(parsePlan(read('02-table-headers'))), ['A1', 'A2', 'A3']);
  const tight = parsePlan(read('02-no-blank-line-after-goal'));
  assert.equal(tight.phases[0].goal, 'Prove the defect exists before fixing it.');
  assert.equal(tight.phases[0].exitCriteria, 'both rows `[x]`.');
  assert.deepEqual(ids(parsePlan(read('02-section-divider-rows'))), ['1.A', '1.B', '2.A']);
  const pipes = parsePlan(read('02-unescaped-pipes'));
  assert.deepEqual(
    rows(pipes).map((r) => r.rawState),
    ['[x]', '[ ]', '[P]', '[ ]'],
  );
  assert.equal(
    rows(pipes)[0].commands[0].text,
    'CUDA_VISIBLE_DEVICES="" pytest --collect-only -q | tee reports/2026-02-02T000000Z/collect.log',
  );
  assert.equal(rows(pipes)[1].guidance, 'Require |Δx| ≤ 1e-6 Å on every axis.');
  const cont = rows(parsePlan(read('02-row-continuation-line')));
  assert.deepEqual(
    cont.map((r) => r.id),
    ['O1', 'O2', 'O3'],
  );
  assert.match(cont[1].guidance, /Canonical selectors/);
});

test('§3 row ID shapes and dotted parents', () => {
  const plan = parsePlan(read('03-row-id-shapes'));
  assert.deepEqual(ids(plan), ['A1', 'C2a', 'B3', 'B3.a', 'C4.D3', 'E.A1', '1.A', 'H3b1']);
  assert.equal(rows(plan).find((r) => r.id === 'B3.a')?.parentId, 'B3');
});

test('§4 nested checklists link children; B4 in the sub-table stays a sibling', () => {
  const plan = parsePlan(read('04-nested-checklist-subtable'));
  assert.deepEqual(
    rows(plan).map((r) => `${r.id}^${r.parentId ?? ''}`),
    ['B1^', 'B3^', 'B3.a^B3', 'B3.b^B3', 'B3.c^B3', 'B4^'],
  );
  assert.deepEqual(ids(parsePlan(read('04-subheadings-split-table'))), ['C4.B1', 'C4.B2', 'C4.B3', 'C4.B4']);
  const under = parsePlan(read('04-checklist-under-phase'));
  assert.deepEqual(
    under.phases.map((p) => p.id),
    ['A'],
  );
  assert.deepEqual(ids(under), ['A0', 'A1', 'A2']);
  const nested = parseLedger(read('04-ledger-nested-bullets')).initiatives[0];
  assert.equal(nested.attempts.length, 2);
  assert.match(nested.attempts[1].text, /gs2_ideal/);
  assert.match(nested.attempts[1].text, /Ran analyzer on gs2_base/);
});

test('§5 task-list plans, phase-status lists and Ralph ledgers', () => {
  const plan = parsePlan(read('05-tasklist-plan'));
  assert.deepEqual(
    plan.phases.map((p) => `${p.id}:${p.rows.map((r) => r.id + r.rawState).join(',')}`),
    ['A:A1[x],A2[x]', 'B:B1[ ]'],
  );
  const status = parsePlan(read('05-phase-status-list'));
  assert.deepEqual(
    status.looseRows.map((r) => [r.id, r.rawState]),
    [
      ['', '[x]'],
      ['', '[x]'],
      ['', '[ ]'],
    ],
  );
  const ralph = parseLedger(read('05-ralph-ledger'));
  assert.deepEqual(
    ralph.initiatives.map((i) => [i.title, i.shape, i.tasks.length, i.status]),
    [
      ['Priority 1: Core Loop', 'task-list', 2, 'in-progress'],
      ['Priority 2: Templates', 'task-list', 1, 'pending'],
    ],
  );
});

test('§6–§8 <br> splits commands, \\" is unescaped, \\| stays escaped, path spans are not commands', () => {
  const br = rows(parsePlan(read('06-br-in-cells')))[0];
  assert.deepEqual(
    br.commands.map((c) => c.text),
    ['CUDA_VISIBLE_DEVICES="" pytest tests/test_a.py -vv', 'CUDA_VISIBLE_DEVICES="" pytest tests/test_b.py -vv'],
  );
  assert.match(rows(parsePlan(read('07-escaped-pipes')))[0].guidance, /Flag \\\| Type \\\| Default/);
  const cmds = rows(parsePlan(read('08-commands-in-cells'))).flatMap((r) => r.commands.map((c) => c.text));
  assert.deepEqual(cmds, [
    'KMP_DUPLICATE_LIB_OK=TRUE pytest tests/ -v --durations=25 | tee logs/pytest_full.log',
    'python -m tide.train --train_data_file … --output_dir tmp/out',
  ]);
  const heredoc = parseHandoff(read('08-heredoc-in-handoff'));
  assert.deepEqual(
    heredoc.sections.map((s) => s.name),
    ['summary', 'focus', 'howTo', 'pitfalls'],
  );
  assert.match(heredoc.commands[0].text, /^python - <<'PY'\nSummary: not a label/);
});

test('§9 phase heading shapes and look-alikes', () => {
  const plan = parsePlan(read('09-phase-heading-shapes'));
  assert.equal(plan.title, 'Phase C — Data Pipeline Parity Plan (TIDE-001)');
  assert.deepEqual(
    plan.phases.map((p) => p.id),
    ['C.A', 'N', 'A', '1', 'C4.A', 'B'],
  );
  assert.equal(plan.phases[5].title, 'Training CLI Thin Wrapper (maps to implementation.md D1)');
  const look = parsePlan(read('09-phase-lookalikes'));
  assert.deepEqual(look.phases, []);
  assert.deepEqual(
    look.looseRows.map((r) => r.id),
    ['T1', 'T2'],
  );
});

test('§10 ledger entry shapes', () => {
  assert.deepEqual(
    parseLedger(read('10-ledger-h2-entries')).initiatives.map((i) => i.id),
    ['SUITE-TRIAGE-001', 'SUITE-TRIAGE-002'],
  );
  const h3 = parseLedger(read('10-ledger-h3-entries')).initiatives[0];
  assert.equal(h3.priority, '**Critical** (Highest Priority)');
  assert.equal(h3.owner, 'Codex/2026-01-13');
  assert.deepEqual(h3.workingPlans, ['plans/active/DEBUG-LIKE-001/implementation.md']);
  assert.ok(h3.fields.some((f) => f.key === 'Governed by'));
  const odd = parseLedger(read('10-ledger-archived-and-idless')).initiatives;
  assert.deepEqual(
    odd.map((i) => [i.id, i.status]),
    [
      ['ARCH-REFINE-001', 'archived'],
      ['AT\u2011PAR\u2011002', 'in-progress'],
      ['', 'pending'],
    ],
  );
  const roadmap = parseLedger(read('10-ledger-roadmap-oneliners')).initiatives;
  assert.deepEqual(
    roadmap.map((i) => [i.id, i.shape, i.status]),
    [
      ['GRAD-FLOW-001', 'roadmap', 'partial'],
      ['SQUARE-LATTICE-002', 'roadmap', 'done'],
      ['REPORT-STATUS-003', 'roadmap', 'pending'],
    ],
  );
  const sectioned = parseLedger(read('10-ledger-sectioned')).initiatives;
  assert.equal(sectioned.length, 1);
  assert.equal(sectioned[0].id, 'SECT-001');
  assert.equal(sectioned[0].status, 'in-progress');
  assert.deepEqual(
    sectioned[0].attempts.map((a) => a.timestamp),
    ['2026-01-22T02:40Z', '2026-01-22T04:26Z', '2026-01-23T08:35Z'],
  );
  assert.deepEqual(
    sectioned[0].tasks.map((t) => `${t.id}${t.rawState}${t.initiativeId ? '@' + t.initiativeId : ''}`),
    ['S1[x]', 'S2[x]', 'F1[ ]@SECT-001'],
  );
});

test('§11 attempt shapes', () => {
  const numbered = parseLedger(read('11-attempt-shapes-numbered')).initiatives[0];
  assert.deepEqual(
    numbered.attempts.map((a) => a.number),
    [1, 2],
  );
  assert.match(numbered.attempts[0].text, /Metrics: corr=/);
  const italic = parseLedger(read('11-attempt-shapes-italic')).initiatives[0];
  assert.deepEqual(
    italic.attempts.map((a) => [a.timestamp, a.label ?? '']),
    [
      ['2026-01-16T020000Z', ''],
      ['2026-01-16T005400Z', 'B1 impl'],
      ['2026-01-20', ''],
      ['2025-11-11', 'First'],
      ['2025-11-16T110500Z', 'Last'],
    ],
  );
  assert.deepEqual(italic.attempts[1].artifacts[0].expanded, [
    'plans/active/ITAL-001/reports/2026-01-16T020000Z/grouping.json',
    'plans/active/ITAL-001/reports/2026-01-16T020000Z/grouping.md',
  ]);
  const plain = parseLedger(read('11-attempt-shapes-plain-and-elision')).initiatives[0];
  assert.deepEqual(
    plain.attempts.map((a) => a.style),
    ['plain-timestamp', 'plain-timestamp', 'plain-timestamp', 'plain-timestamp', 'elision'],
  );
  assert.equal(plain.attempts[0].label, 'Loop i=140, Ralph');
  const heading = parseLedger(read('11-attempt-shapes-heading')).initiatives[0];
  assert.deepEqual(
    heading.attempts.map((a) => [a.style, a.label]),
    [
      ['heading', 'H1 (first)'],
      ['heading', 'H2 (second)'],
    ],
  );
});

test('§12 references keep their shape and span', () => {
  const text = read('12-references');
  const refs = parseHandoff(text).references;
  const byRaw = new Map(refs.map((r) => [r.raw, r]));
  assert.equal(byRaw.get('tide/data.py:13')?.line, 13);
  assert.deepEqual([byRaw.get('tide/train.py:173-175')?.line, byRaw.get('tide/train.py:173-175')?.endLine], [173, 175]);
  assert.equal(byRaw.get('docs/architecture/detector.md#L60')?.line, 60);
  assert.equal(byRaw.get('docs/findings.md#BUG-TF-001')?.anchor, 'BUG-TF-001');
  assert.equal(byRaw.get('docs/findings.md::SIM-CONSTR-001')?.symbol, 'SIM-CONSTR-001');
  assert.equal(byRaw.get('tests/torch/test_manager.py::TestLoad::test_reconstructs')?.symbol, 'TestLoad::test_reconstructs');
  assert.equal(byRaw.get('§4.6–§4.8')?.section, '4.6–§4.8');
  assert.equal(byRaw.get('§Normalization Invariants')?.kind, 'section');
  assert.equal(byRaw.get('§B2')?.path, 'plans/active/REF-001/implementation.md');
  for (const ref of refs) assert.equal(text.slice(ref.span.start, ref.span.end), ref.raw);
});

test('§13 artifact patterns: brace lists with spaces, mid-path braces, placeholders', () => {
  const handoff = parseHandoff(read('13-artifact-patterns'));
  assert.deepEqual(handoff.artifacts[0].expanded, [
    'plans/active/ART-001/reports/2026-02-01T000736Z/phase_b2/summary.md',
    'plans/active/ART-001/reports/2026-02-01T000736Z/phase_b2/pytest_factory.log',
  ]);
  const raws = handoff.references.map((r) => r.raw);
  assert.ok(raws.includes('outputs/rerun_20260113T025238Z/{gs1_ideal,gs2_ideal}/eval/'));
  assert.ok(raws.includes('reports/<TS>/phase_d/'));
  assert.ok(raws.includes('reports/$STAMP/logs/'));
});

test('§14 handoff layouts', () => {
  const inline = parseHandoff(read('14-handoff-inline-labels'));
  assert.equal(inline.mode, 'TDD');
  assert.equal(inline.mappedTests.length, 2);
  assert.deepEqual(
    inline.doNow.map((d) => [d.rowIds, d.planLine ?? null]),
    [
      [['D1'], 58],
      [['C4.C6', 'C4.C7'], null],
    ],
  );
  const pp = parseHandoff(read('14-handoff-pp-2026'));
  assert.equal(pp.mode, undefined);
  assert.equal(pp.focusInitiativeId, 'PP-LIKE-001');
  assert.deepEqual(
    pp.mappedTests.map((t) => t.text),
    ['pytest --collect-only tests/tools/test_cadence.py::test_sequence -q', 'pytest tests/tools/test_cadence.py::test_sequence -q'],
  );
  assert.deepEqual(pp.doNow[0].rowIds, ['F1']);
  assert.ok(pp.sections.some((s) => s.label === 'Do Now (hard validity contract)'));
  assert.equal(parseHandoff(read('14-handoff-sectioned-headings')).mode, 'Docs');
  const bold = parseHandoff(read('14-handoff-bold-labels'));
  assert.equal(bold.branch, 'fno2');
  assert.equal(bold.doNow.length, 1);
  assert.deepEqual(
    parseHandoff(read('14-handoff-template-memo')).sections.map((s) => s.name),
    ['other', 'doNow'],
  );
});

test('§15 text hazards survive: U+202F phase, U+2011 IDs, CRLF', () => {
  for (const name of ['15-text-hazards', '15-text-hazards-crlf']) {
    const text = read(name);
    const plan = parsePlan(text);
    assert.equal(plan.phases[0].id, 'C2');
    assert.deepEqual(ids(plan), ['AT\u2011PAR\u2011002', 'C2.1']);
    assert.equal(rows(plan)[1].rawState, '[P]');
    assert.equal(text.slice(rows(plan)[1].stateSpan.start, rows(plan)[1].stateSpan.end), '[P]');
  }
  assert.ok(read('15-text-hazards-crlf').includes('\r\n'));
});

test('example sections: a heading that IS an example drops its rows; a task that names examples keeps them', () => {
  const plan = parsePlan(
    [
      '## Phase 1: Docs',
      '### Example 1: Hello service (2 hours)',
      '- [ ] T001: Write the hello example',
      '### Godoc Examples (8 hours)',
      '- [x] T002: Add ExampleServer',
      '### Task 3: Validate all examples',
      '- [ ] T003: Run the examples',
      '### Example Filled-Out Checklist (for reference)',
      '- [x] X1: Illustration only',
      '### Plan Template',
      '- [ ] X2: Copy me',
      '### Examples Documentation Enhancement',
      '- [ ] T004: Link every example',
      '',
    ].join('\n'),
  );
  assert.deepEqual(ids(plan).sort(), ['T001', 'T002', 'T003', 'T004']);
});
