// Artifacts landing without a run (core/landing): which rows' evidence is complete, and the
// state and attempt that evidence supports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempWorkspace } from '../support/tempWorkspace';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { nodeFileSystem } from '../../server/host/nodeFileSystem';
import { commandCore, findLandings, landingEvidence } from '../../server/core/run/landing';
import { compileTemplate, fillTemplate, matchTemplate } from '../../server/core/parse/artifacts';
import { RUNNING_MARKER } from '../../server/core/run/runRecord';
import { applySync, planEvidence } from '../../server/core/run/sync';
import { parseLedger } from '../../server/core/parse/ledger';
import { parsePlan } from '../../server/core/parse/plan';

const HUB = 'plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d_smoke';
const E_PLAN = 'plans/active/TIDE-API-001/reports/2026-03-07T080000Z/phase_e/plan.md';
const E_PLAN_TEXT = [
  '### Phase E — Publish',
  '| ID | Task Description | State | How/Why & Guidance |',
  '| --- | --- | --- | --- |',
  '| E1 | Metrics | [ ] | Write `reports/<TS>/phase_e/{metrics.json,run.log}` |',
  '| E2 | Notes | [P] | Publish `docs/api_notes.md`; keep `plans/active/TIDE-API-001/reports/2026-03-07T080000Z/phase_e/notes.log` |',
  '',
].join('\r\n');

function indexOf(root: string): WorkspaceIndex {
  const index = new WorkspaceIndex(root, nodeFileSystem);
  index.indexAll();
  return index;
}

test('path templates: placeholders capture, bind consistently and fill', () => {
  const t = compileTemplate('plans/x/reports/<TS>/d/$STAMP-{a}.log');
  const b = matchTemplate(t, 'plans/x/reports/2026-01-01T000000Z/d/2026-01-01T000000Z-q.log');
  assert.deepEqual(
    [...b!],
    [
      ['stamp', '2026-01-01T000000Z'],
      ['a', 'q'],
    ],
  );
  assert.equal(matchTemplate(t, 'plans/x/reports/2026-01-01T000000Z/d/2027-q.log'), undefined, 'one stamp, two values');
  assert.equal(fillTemplate('r/<ISO8601Z>/s.json', b!), 'r/2026-01-01T000000Z/s.json');
  assert.ok(matchTemplate(compileTemplate('r/hub/'), 'r/hub/any.log'), 'a folder expects any file under it');
  assert.equal(matchTemplate(compileTemplate('r/*.log'), 'r/a/b.log'), undefined, '* stays inside one folder');
});

test('commandCore drops env prefix, escapes, pipes and redirections', () => {
  assert.equal(commandCore('CUDA_VISIBLE_DEVICES=\\"\\" pytest tests/a.py::t -q'), 'pytest tests/a.py::t -q');
  assert.equal(commandCore('CUDA_VISIBLE_DEVICES="" pytest tests/a.py::t -q 2>&1 | tee x/p.log'), 'pytest tests/a.py::t -q');
  assert.equal(commandCore('python -m m > out.txt'), 'python -m m');
});

test('a templated row lands when all its artifacts exist under one stamp', () => {
  const ws = tempWorkspace();
  try {
    ws.write(E_PLAN, E_PLAN_TEXT);
    ws.write('plans/active/TIDE-API-001/reports/2026-03-08T090000Z/phase_e/metrics.json', '{}');
    let index = indexOf(ws.root);
    assert.deepEqual(
      findLandings(index, ['plans/active/TIDE-API-001/reports/2026-03-08T090000Z/phase_e/metrics.json']),
      [],
      'run.log is still missing',
    );
    ws.write('plans/active/TIDE-API-001/reports/2026-03-09T090000Z/phase_e/run.log', 'other stamp');
    assert.deepEqual(
      findLandings(index, ['plans/active/TIDE-API-001/reports/2026-03-09T090000Z/phase_e/run.log']),
      [],
      'a different stamp is not the same evidence',
    );
    ws.write('plans/active/TIDE-API-001/reports/2026-03-08T090000Z/phase_e/run.log', '= 3 passed in 0.1s =\n');
    index = indexOf(ws.root);
    const landings = findLandings(index, ['plans/active/TIDE-API-001/reports/2026-03-08T090000Z/phase_e/run.log']);
    assert.equal(landings.length, 1);
    assert.equal(landings[0].target.row.id, 'E1');
    assert.equal(landings[0].failure, undefined);
    assert.deepEqual(landings[0].landed, [
      'plans/active/TIDE-API-001/reports/2026-03-08T090000Z/phase_e/metrics.json',
      'plans/active/TIDE-API-001/reports/2026-03-08T090000Z/phase_e/run.log',
    ]);

    const result = planEvidence(index, landings.map(landingEvidence), { onlyRelatedParents: true });
    const out = applySync(result);
    const plan = out.get(E_PLAN)!;
    assert.equal(plan, E_PLAN_TEXT.replace('| E1 | Metrics | [ ] |', '| E1 | Metrics | [x] |'), 'only the marker changed; CRLF kept');
    const ledgerBefore = ws.read('docs/fix_plan.md');
    const ledger = out.get('docs/fix_plan.md')!;
    assert.ok(ledger.startsWith(ledgerBefore.slice(0, ledger.indexOf('Attempt #4') - 40)));
    const tide = parseLedger(ledger).initiatives.find((i) => i.id === 'TIDE-API-001')!;
    const before = parseLedger(ledgerBefore).initiatives.find((i) => i.id === 'TIDE-API-001')!;
    assert.equal(tide.attempts.length, before.attempts.length + 1);
    const last = tide.attempts[tide.attempts.length - 1];
    assert.equal(last.number, 4);
    assert.match(last.text, /E1 evidence landed/);
    assert.match(last.text, /phase_e\/metrics\.json/);
    assert.match(last.text, /without a Plan Loop run/);
    assert.equal(
      ledger.length - ledgerBefore.length,
      result.files.find((f) => f.path === 'docs/fix_plan.md')!.edits[0].newText.length,
      'one insertion',
    );
  } finally {
    ws.dispose();
  }
});

test('a concrete row lands; a blocker.md or a failing pytest summary makes it [P]', () => {
  const ws = tempWorkspace();
  try {
    ws.write(E_PLAN, E_PLAN_TEXT);
    const notes = 'plans/active/TIDE-API-001/reports/2026-03-07T080000Z/phase_e/notes.log';
    ws.write(notes, '==== 2 failed, 1 passed in 0.3s ====\n');
    const index = indexOf(ws.root);
    const [landing] = findLandings(index, [notes]);
    assert.equal(landing.target.row.id, 'E2');
    assert.match(landing.failure!, /notes\.log: 2 failed/);
    const plan = applySync(planEvidence(index, [landingEvidence(landing)])).get(E_PLAN);
    assert.equal(plan, undefined, 'E2 is already [P]: no state edit');

    ws.write(notes, 'all good\n');
    ws.write('plans/active/TIDE-API-001/reports/2026-03-07T080000Z/phase_e/blocker.md', 'exit 1');
    assert.match(findLandings(indexOf(ws.root), [notes])[0].failure!, /blocker\.md$/);
  } finally {
    ws.dispose();
  }
});

test('handoff artifacts belong to the Do Now row whose command tees into them', () => {
  const ws = tempWorkspace();
  try {
    const log = `${HUB}/pytest_smoke.log`;
    ws.write(log, '1 passed\n');
    const index = indexOf(ws.root);
    const landings = findLandings(index, [log]);
    assert.deepEqual(
      landings.map((l) => l.target.row.id),
      ['D1'],
      "the How-To Smoke command is D1's selector",
    );
    ws.write(`${HUB}/cli_smoke.log`, 'ok\n');
    assert.deepEqual(
      findLandings(indexOf(ws.root), [`${HUB}/cli_smoke.log`]).map((l) => l.target.row.id),
      ['D2'],
    );
    assert.deepEqual(findLandings(indexOf(ws.root), [`${HUB}/summary.md`]), [], 'no row claims the summary');
  } finally {
    ws.dispose();
  }
});

test('a hub with a run record or a fresh run marker is left to the run', () => {
  const ws = tempWorkspace();
  try {
    const log = `${HUB}/pytest_smoke.log`;
    ws.write(log, '1 passed\n');
    ws.write(`${HUB}/${RUNNING_MARKER}`, '');
    assert.deepEqual(findLandings(indexOf(ws.root), [log]), []);
    ws.write(`${HUB}/${RUNNING_MARKER}`, '');
    ws.write(`${HUB}/planloop-run.json`, '{}');
    assert.deepEqual(findLandings(indexOf(ws.root), [log]), []);
  } finally {
    ws.dispose();
  }
});

test('done rows and unrelated files never land', () => {
  const ws = tempWorkspace();
  try {
    ws.write(E_PLAN, E_PLAN_TEXT.replace('| E2 | Notes | [P] |', '| E2 | Notes | [x] |'));
    const notes = 'plans/active/TIDE-API-001/reports/2026-03-07T080000Z/phase_e/notes.log';
    ws.write(notes, 'x');
    ws.write('tmp/scratch.log', 'x');
    const index = indexOf(ws.root);
    assert.deepEqual(findLandings(index, [notes, 'tmp/scratch.log']), []);
    assert.equal(parsePlan(ws.read(E_PLAN)).phases[0].rows[1].state, 'done');
  } finally {
    ws.dispose();
  }
});
