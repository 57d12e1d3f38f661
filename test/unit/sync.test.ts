// Reconciling run records with plan rows and ledger attempts (core planSync).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempWorkspace } from '../support/tempWorkspace';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { nodeFileSystem } from '../../server/host/nodeFileSystem';
import { applySync, findRunRecords, planRunOutcome, planSync } from '../../server/core/run/sync';
import { parseLedger } from '../../server/core/parse/ledger';
import { parsePlan } from '../../server/core/parse/plan';
import { runRecordName } from '../../server/core/run/runRecord';
import { PHASE_PLAN, runRecord } from '../support/runRecords';

const LEDGER = 'docs/fix_plan.md';

/** The shared record, started on 2026-03-06 and 2.3 s long, as these tests expect. */
const record = (hub: string, over: Record<string, unknown> = {}): string =>
  runRecord(hub, { startedAt: '2026-03-06T10:00:00.000Z', durationMs: 2300, ...over });

const tideOf = (text: string) => parseLedger(text).initiatives.find((i) => i.id === 'TIDE-API-001')!;

function setup(records: Array<[string, Record<string, unknown>]>) {
  const ws = tempWorkspace();
  for (const [hub, over] of records) {
    ws.write(`${hub}/D1.log`, '1 passed\n');
    ws.write(`${hub}/planloop-run.json`, record(hub, over));
  }
  const index = new WorkspaceIndex(ws.root, nodeFileSystem);
  index.indexAll();
  return { ws, index };
}

test('a landed but unrecorded passing run: row [x] (marker bytes only) and one numbered attempt', () => {
  const hub = 'plans/active/TIDE-API-001/reports/2026-03-06T100000Z/phase_d_smoke';
  const { ws, index } = setup([[hub, {}]]);
  try {
    const records = findRunRecords(index);
    assert.equal(records.length, 1);
    const result = planSync(index, records);
    // A proposal never says it was appended: nothing is written until the caller applies it.
    assert.ok(
      result.proposed.some((n) => /^D1: a new attempt for /.test(n)),
      result.proposed.join(' | '),
    );
    // What the edit adds is no warning: the notes are what it leaves out (nothing here).
    assert.deepEqual(result.notes, []);
    assert.ok(![...result.notes, ...result.proposed].some((n) => /appended/.test(n)), result.proposed.join(' | '));
    const out = applySync(result);
    const plan = out.get(PHASE_PLAN)!;
    const before = ws.read(PHASE_PLAN);
    assert.equal(plan.length, before.length);
    assert.equal(plan.replace('| D1 | Pytest smoke | [x] |', '| D1 | Pytest smoke | [ ] |'), before);
    const ledgerText = out.get(LEDGER)!;
    const tide = parseLedger(ledgerText).initiatives.find((i) => i.id === 'TIDE-API-001')!;
    assert.deepEqual(
      tide.attempts.map((a) => a.number),
      [1, 2, 3, 4],
    );
    assert.match(
      tide.attempts[3].text,
      /^\[2026-03-06\] Attempt #4 — Result: passed \(D1 run \(cpu\)\)\. Row D1 \(Phase D\): `CUDA_VISIBLE_DEVICES="" pytest tests\/test_tides\.py::test_ok -q`; profile cpu \(CUDA_VISIBLE_DEVICES=""\); exit 0; runtime 2\.3 s; run started 2026-03-06T10:00:00\.000Z\. Artifacts: `plans\/active\/TIDE-API-001\/reports\/2026-03-06T100000Z\/phase_d_smoke\/D1\.log`\./,
    );
    const original = ws.read(LEDGER);
    const edit = result.files.find((f) => f.path === LEDGER)!.edits[0];
    assert.equal(edit.start, edit.end);
    assert.equal(ledgerText.slice(0, edit.start) + ledgerText.slice(edit.start + edit.newText.length), original);
  } finally {
    ws.dispose();
  }
});

test('a failing run proposes [P] and an attempt that says it failed', () => {
  const hub = 'plans/active/TIDE-API-001/reports/2026-03-06T110000Z/phase_d_smoke';
  const { ws, index } = setup([[hub, { outcome: 'failed', exitCode: 1 }]]);
  try {
    const out = applySync(planSync(index, findRunRecords(index)));
    const rows = parsePlan(out.get(PHASE_PLAN)!).phases[0].rows;
    assert.equal(rows.find((r) => r.id === 'D1')?.rawState, '[P]');
    assert.match(out.get(LEDGER)!, /Attempt #4 — Result: failed \(exit 1\)/);
  } finally {
    ws.dispose();
  }
});

test('two runs landing together get consecutive numbers in time order, as one insertion', () => {
  const a = 'plans/active/TIDE-API-001/reports/2026-03-06T120000Z/phase_d_smoke';
  const b = 'plans/active/TIDE-API-001/reports/2026-03-06T130000Z/phase_d_smoke';
  const { ws, index } = setup([
    [b, { startedAt: '2026-03-06T13:00:00.000Z' }],
    [a, { startedAt: '2026-03-06T12:00:00.000Z', outcome: 'failed', exitCode: 2 }],
  ]);
  try {
    const result = planSync(index, findRunRecords(index));
    const ledgerEdits = result.files.find((f) => f.path === LEDGER)!.edits;
    assert.equal(ledgerEdits.length, 1);
    const tide = parseLedger(applySync(result).get(LEDGER)!).initiatives.find((i) => i.id === 'TIDE-API-001')!;
    assert.deepEqual(
      tide.attempts.map((x) => x.number),
      [1, 2, 3, 4, 5],
    );
    assert.match(tide.attempts[3].text, /failed \(exit 2\)/);
    assert.match(tide.attempts[4].text, /passed/);
  } finally {
    ws.dispose();
  }
});

test('sync is idempotent: a recorded run proposes nothing the second time', () => {
  const hub = 'plans/active/TIDE-API-001/reports/2026-03-06T140000Z/phase_d_smoke';
  const { ws, index } = setup([[hub, {}]]);
  try {
    for (const [path, text] of applySync(planSync(index, findRunRecords(index)))) ws.write(path, text);
    const again = new WorkspaceIndex(ws.root, nodeFileSystem);
    again.indexAll();
    assert.deepEqual(planSync(again, findRunRecords(again)).files, []);
  } finally {
    ws.dispose();
  }
});

test('a ledger without an entry for the initiative gets a clear note and no ledger edit', () => {
  const hub = 'plans/active/TIDE-API-001/reports/2026-03-06T150000Z/phase_d_smoke';
  const { ws, index } = setup([[hub, { initiativeId: 'NOPE-404' }]]);
  try {
    const result = planSync(index, findRunRecords(index));
    assert.equal(
      result.files.some((f) => f.path === LEDGER),
      false,
    );
    assert.ok(
      result.notes.some((n) => /has no entry for NOPE-404: create one/.test(n)),
      result.notes.join('\n'),
    );
  } finally {
    ws.dispose();
  }
});

test('a parent still [P] while all its children are done becomes [x]', () => {
  const { ws, index } = setup([]);
  try {
    const plan = 'plans/active/TIDE-API-001/implementation.md';
    ws.write(plan, ws.read(plan).replace('| B2.c | Document lookup errors | [ ] |', '| B2.c | Document lookup errors | [x] |'));
    index.indexAll();
    const result = planSync(index, []);
    const text = applySync(result).get(plan)!;
    assert.ok(text.includes('| B2 | Wire the station lookup | [x] |'));
    assert.ok(result.notes.some((n) => n.startsWith('B2: all 3 children are done')));
  } finally {
    ws.dispose();
  }
});

test('recorded or not: a hand-written attempt citing the hub counts; a prefix of another path or another run does not', () => {
  const hub = 'plans/active/TIDE-API-001/reports/2026-03-06T160000Z/phase_d_smoke';
  const { ws } = setup([[hub, {}]]);
  try {
    const cite = (line: string) => {
      ws.write(
        LEDGER,
        ws.read(LEDGER).replace('B2.c (docs) remains.', `B2.c (docs) remains.\n  * [2026-03-06] Attempt #4 — Result: ${line}`),
      );
      const fresh = new WorkspaceIndex(ws.root, nodeFileSystem);
      fresh.indexAll();
      return planSync(fresh, findRunRecords(fresh)).files.some((f) => f.path === LEDGER);
    };
    const original = ws.read(LEDGER);
    assert.equal(cite(`smoke by hand. Artifacts: \`${hub}/\`.`), false, 'the hub itself is cited');
    ws.write(LEDGER, original);
    assert.equal(cite(`smoke by hand. Artifacts: \`${hub}/D1.log\`.`), false, 'the log is cited');
    ws.write(LEDGER, original);
    assert.equal(cite(`other. Artifacts: \`${hub}_old/\`.`), true, 'a longer path is not the hub');
    ws.write(LEDGER, original);
    assert.equal(
      cite(`passed (D1 run (cpu)). exit 0; run started 2026-03-06T09:00:00.000Z. Artifacts: \`${hub}/D1.log\`.`),
      true,
      'an earlier run into the same hub',
    );
    ws.write(LEDGER, original);
    assert.equal(
      cite(`passed (D1 run (cpu)). exit 0; run started 2026-03-06T10:00:00.000Z. Artifacts: \`${hub}/D1.log\`.`),
      false,
      'this very run',
    );
  } finally {
    ws.dispose();
  }
});

test('planRunOutcome: a fresh run is always new evidence, even in a hub the ledger already cites', () => {
  const hub = 'plans/active/TIDE-API-001/reports/2026-03-06T170000Z/phase_d_smoke';
  const { ws, index } = setup([[hub, {}]]);
  try {
    const [located] = findRunRecords(index);
    for (const [path, text] of applySync(planRunOutcome(index, located))) ws.write(path, text);
    const again = new WorkspaceIndex(ws.root, nodeFileSystem);
    again.indexAll();
    const rerun = {
      ...located,
      record: { ...located.record, startedAt: '2026-03-06T11:00:00.000Z', outcome: 'failed' as const, exitCode: 1 },
    };
    assert.deepEqual(planSync(again, [located]).files, [], 'sync: already recorded');
    const out = applySync(planRunOutcome(again, rerun));
    assert.deepEqual(
      tideOf(out.get(LEDGER)!).attempts.map((a) => a.number),
      [1, 2, 3, 4, 5],
    );
    assert.equal(out.has(PHASE_PLAN), false, 'a failure never downgrades [x]');
  } finally {
    ws.dispose();
  }
});

test('run records of plans outside plans/ are found under their own reports/ folder', () => {
  const { ws } = setup([]);
  try {
    ws.write(
      'docs/plan.md',
      '### Phase Z — Elsewhere\n\n| ID | Task Description | State | How/Why & Guidance |\n| --- | --- | --- | --- |\n| Z1 | Check | [ ] | `pytest -q` |\n',
    );
    ws.write(
      'docs/reports/2026-03-06T100000Z/z/planloop-run.json',
      record('docs/reports/2026-03-06T100000Z/z', {
        rowId: 'Z1',
        planPath: 'docs/plan.md',
        initiativeId: undefined,
        log: 'docs/reports/2026-03-06T100000Z/z/Z1.log',
      }),
    );
    ws.write('plans/active/TIDE-API-001/reports/x/planloop-run.json', '{ not json');
    const index = new WorkspaceIndex(ws.root, nodeFileSystem);
    index.indexAll();
    const notes: string[] = [];
    assert.deepEqual(
      findRunRecords(index, notes).map((r) => r.path),
      ['docs/reports/2026-03-06T100000Z/z/planloop-run.json'],
    );
    assert.match(notes[0], /^plans\/active\/TIDE-API-001\/reports\/x\/planloop-run\.json: ignored \(not JSON/);
  } finally {
    ws.dispose();
  }
});

test('rows sharing a hub keep their own records (planloop-run-<ROW>.json), both become attempts', () => {
  const { ws } = setup([]);
  try {
    const hub = 'plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d_smoke';
    ws.write(`${hub}/D1.log`, '1 passed\n');
    ws.write(`${hub}/D2.log`, 'ok\n');
    ws.write(`${hub}/${runRecordName('D1')}`, record(hub));
    ws.write(
      `${hub}/${runRecordName('D2')}`,
      record(hub, { rowId: 'D2', startedAt: '2026-03-06T10:05:00.000Z', log: `${hub}/D2.log`, artifacts: [`${hub}/D2.log`] }),
    );
    const index = new WorkspaceIndex(ws.root, nodeFileSystem);
    index.indexAll();
    const records = findRunRecords(index);
    assert.deepEqual(
      records.map((r) => r.path),
      [`${hub}/planloop-run-D1.json`, `${hub}/planloop-run-D2.json`],
    );
    const out = applySync(planSync(index, records));
    const added = tideOf(out.get(LEDGER)!).attempts.length - tideOf(ws.read(LEDGER)).attempts.length;
    assert.equal(added, 2);
    assert.equal(runRecordName('B2.a/x y'), 'planloop-run-B2.a_x_y.json');
  } finally {
    ws.dispose();
  }
});

test('planSync is deterministic and independent of the order records are given in', () => {
  const a = 'plans/active/TIDE-API-001/reports/2026-03-06T120000Z/phase_d_smoke';
  const b = 'plans/active/TIDE-API-001/reports/2026-03-06T130000Z/phase_d_smoke';
  const { ws, index } = setup([
    [a, { startedAt: '2026-03-06T12:00:00.000Z' }],
    [b, { startedAt: '2026-03-06T13:00:00.000Z', rowId: 'D2', log: `${b}/D2.log` }],
  ]);
  try {
    const records = findRunRecords(index);
    assert.deepEqual(planSync(index, records), planSync(index, [...records].reverse()));
  } finally {
    ws.dispose();
  }
});

test("a run's outcome stays about its row: unrelated parents are left to Sync ledger", () => {
  const hub = 'plans/active/TIDE-API-001/reports/2026-03-06T160000Z/phase_d_smoke';
  const { ws, index } = setup([[hub, {}]]);
  try {
    const plan = 'plans/active/TIDE-API-001/implementation.md';
    ws.write(plan, ws.read(plan).replace('| B2.c | Document lookup errors | [ ] |', '| B2.c | Document lookup errors | [x] |'));
    index.indexAll();
    const [located] = findRunRecords(index);
    const outcome = planRunOutcome(index, located);
    assert.deepEqual(outcome.files.map((f) => f.path).sort(), ['docs/fix_plan.md', PHASE_PLAN]);
    const sync = planSync(index, [located]);
    assert.ok(
      sync.files.some((f) => f.path === plan),
      'Sync ledger still fixes B2 from its children',
    );
  } finally {
    ws.dispose();
  }
});
