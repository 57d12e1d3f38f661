// More of the built binary: sync on CRLF files and as JSON, all-or-nothing atomic writes, runs
// that share a hub, mapped tests, runs that edit the plan meanwhile, settings from .vscode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { doseWorkspace, sharedMissing } from '../support/paths';
import { tempWorkspace } from '../support/tempWorkspace';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { nodeFileSystem } from '../../server/host/nodeFileSystem';
import { buildStatus } from '../../server/core/check/status';
import { parseLedger } from '../../server/core/parse/ledger';
import { parsePlan } from '../../server/core/parse/plan';
import { writeAtomically } from '../../server/cli/context';
import { loadConfig, stripJsonc } from '../../server/cli/loadConfig';
import { CliError } from '../../server/cli/errors';
import { CLI, cli, cliAsync, copyDir, LEDGER, PHASE_HUB, PHASE_PLAN, runRecord } from './helpers';

const tideAttempts = (ledger: string) => parseLedger(ledger).initiatives.find((i) => i.id === 'TIDE-API-001')!.attempts;
const rowState = (plan: string, id: string) =>
  parsePlan(plan)
    .phases.flatMap((p) => p.rows)
    .find((r) => r.id === id)?.rawState;

test('sync on CRLF files: the diff, then --write changes only the marker and one CRLF insertion', () => {
  const ws = tempWorkspace();
  try {
    const crlf = (rel: string) => ws.write(rel, ws.read(rel).replace(/\n/g, '\r\n'));
    crlf(LEDGER);
    crlf(PHASE_PLAN);
    const hub = 'plans/active/TIDE-API-001/reports/2026-03-07T080000Z/phase_d_smoke';
    ws.write(`${hub}/D1.log`, '1 passed\n');
    ws.write(`${hub}/planloop-run.json`, runRecord(hub));
    const ledgerBefore = ws.read(LEDGER);
    const planBefore = ws.read(PHASE_PLAN);

    const json = JSON.parse(cli(['sync', '--json'], ws.root).stdout);
    assert.equal(json.version, 1);
    assert.equal(json.inSync, false);
    assert.deepEqual(json.written, []);
    assert.deepEqual(json.files.map((f: { path: string }) => f.path).sort(), [LEDGER, PHASE_PLAN]);
    const marker = json.files.find((f: { path: string }) => f.path === PHASE_PLAN).edits[0];
    assert.deepEqual({ line: marker.line, oldText: marker.oldText, newText: marker.newText }, { line: 12, oldText: '[ ]', newText: '[x]' });
    assert.match(json.diff, /^\+\| D1 \| Pytest smoke \| \[x\] \|/m);
    assert.equal(ws.read(LEDGER), ledgerBefore, '--json without --write changes nothing');

    const write = cli(['sync', '--write'], ws.root);
    assert.equal(write.code, 0, write.stderr);
    assert.deepEqual(write.stdout.trim().split('\n').sort(), [`wrote ${LEDGER}`, `wrote ${PHASE_PLAN}`]);
    const planAfter = ws.read(PHASE_PLAN);
    assert.equal(planAfter.length, planBefore.length);
    assert.equal(planAfter.replace('| D1 | Pytest smoke | [x] |', '| D1 | Pytest smoke | [ ] |'), planBefore);
    const ledgerAfter = ws.read(LEDGER);
    const insertAt = [...ledgerBefore].findIndex((c, i) => c !== ledgerAfter[i]);
    const inserted = ledgerAfter.length - ledgerBefore.length;
    assert.equal(ledgerAfter.slice(0, insertAt) + ledgerAfter.slice(insertAt + inserted), ledgerBefore, 'one insertion, nothing else');
    const insertion = ledgerAfter.slice(insertAt, insertAt + inserted);
    assert.ok(insertion.includes('\r\n') && !/(?<!\r)\n/.test(insertion), 'the insertion uses CRLF');
    assert.match(insertion, /\* \[2026-03-07\] Attempt #4 — Result: passed \(D1 run \(cpu\)\)\..*run started 2026-03-07T08:00:00\.000Z/);
    assert.equal(/(?<!\r)\n/.test(ledgerAfter), false, 'CRLF everywhere');
    assert.deepEqual(
      fs.readdirSync(path.join(ws.root, 'docs')).filter((f) => f.includes('.tmp')),
      [],
      'no temp files left',
    );
    assert.equal(cli(['sync'], ws.root).stdout, 'planloop: plans and ledger are in sync\n');
  } finally {
    ws.dispose();
  }
});

test('sync: two unrecorded runs of one initiative become consecutive attempts in time order', () => {
  const ws = tempWorkspace();
  try {
    const early = 'plans/active/TIDE-API-001/reports/2026-03-07T080000Z/phase_d_smoke';
    const late = 'plans/active/TIDE-API-001/reports/2026-03-07T090000Z/phase_d_smoke';
    ws.write(`${late}/planloop-run.json`, runRecord(late, { startedAt: '2026-03-07T09:00:00.000Z' }));
    ws.write(
      `${early}/planloop-run.json`,
      runRecord(early, { rowId: 'D2', outcome: 'failed', exitCode: 3, log: `${early}/D2.log`, artifacts: [] }),
    );
    assert.equal(cli(['sync', '--write'], ws.root).code, 0);
    const attempts = tideAttempts(ws.read(LEDGER));
    assert.deepEqual(
      attempts.map((a) => a.number),
      [1, 2, 3, 4, 5],
    );
    assert.match(attempts[3].text, /Result: failed \(exit 3\) \(D2 run \(cpu\)\)/);
    assert.match(attempts[4].text, /Result: passed \(D1 run \(cpu\)\)/);
    const plan = ws.read(PHASE_PLAN);
    assert.deepEqual([rowState(plan, 'D1'), rowState(plan, 'D2')], ['[x]', '[P]']);
  } finally {
    ws.dispose();
  }
});

test('sync: a run of an initiative the ledger lacks is a note, not a silent edit', () => {
  const ws = tempWorkspace();
  try {
    const hub = 'plans/active/TIDE-API-001/reports/2026-03-07T080000Z/phase_d_smoke';
    ws.write(`${hub}/planloop-run.json`, runRecord(hub, { initiativeId: 'NOPE-404' }));
    const ledgerBefore = ws.read(LEDGER);
    const r = cli(['sync', '--write'], ws.root);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /docs\/fix_plan\.md has no entry for NOPE-404: create one/);
    assert.equal(ws.read(LEDGER), ledgerBefore);
  } finally {
    ws.dispose();
  }
});

test('atomic writes: a file that moved on since it was read refuses the whole write', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-atomic-'));
  try {
    fs.writeFileSync(path.join(root, 'a.md'), 'a\n');
    fs.writeFileSync(path.join(root, 'b.md'), 'b (edited meanwhile)\n');
    assert.throws(
      () =>
        writeAtomically(root, [
          { path: 'a.md', expected: 'a\n', text: 'A\n' },
          { path: 'b.md', expected: 'b\n', text: 'B\n' },
        ]),
      (e: unknown) => e instanceof CliError && e.exitCode === 1 && /^b\.md changed since it was read; nothing written/.test(e.message),
    );
    assert.equal(fs.readFileSync(path.join(root, 'a.md'), 'utf8'), 'a\n', 'the unchanged file was not written either');
    fs.chmodSync(path.join(root, 'a.md'), 0o640);
    assert.deepEqual(writeAtomically(root, [{ path: 'a.md', expected: 'a\n', text: 'A\n' }]), ['a.md']);
    assert.equal(fs.readFileSync(path.join(root, 'a.md'), 'utf8'), 'A\n');
    assert.equal(fs.statSync(path.join(root, 'a.md')).mode & 0o777, 0o640, 'mode kept');
    assert.deepEqual(fs.readdirSync(root).sort(), ['a.md', 'b.md']);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('run without --yes and without a TTY: the commands are printed, then run', () => {
  const ws = tempWorkspace();
  try {
    const r = cli(['run', 'D1', '--plan', PHASE_PLAN], ws.root);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /^Run D1 \(profile cpu: CUDA_VISIBLE_DEVICES=""\) → plans\/.*\/D1\.log\n {2}\$ CUDA_VISIBLE_DEVICES="" pytest tests\/test_tides\.py::test_ok -q\n/,
    );
    assert.match(r.stdout, /1 passed/, 'output streamed to the terminal');
    assert.equal(rowState(ws.read(PHASE_PLAN), 'D1'), '[x]');
  } finally {
    ws.dispose();
  }
});

test('run the same row twice into the shared handoff hub: two attempts, and sync stays in sync', () => {
  const ws = tempWorkspace();
  try {
    ws.write(PHASE_PLAN, ws.read(PHASE_PLAN).replace('`git status`', '`echo hygiene ok`'));
    assert.equal(cli(['run', 'D3', '--plan', PHASE_PLAN, '--yes'], ws.root).code, 0);
    assert.equal(cli(['run', 'D3', '--plan', PHASE_PLAN, '--yes'], ws.root).code, 0);
    const attempts = tideAttempts(ws.read(LEDGER));
    assert.deepEqual(
      attempts.map((a) => a.number),
      [1, 2, 3, 4, 5],
    );
    for (const a of attempts.slice(3)) assert.match(a.text, /Result: passed \(D3 run \(cpu\)\).*`echo hygiene ok`.*D3\.log/);
    assert.equal((ws.read(`${PHASE_HUB}/D3.log`).match(/^hygiene ok$/gm) ?? []).length, 2, 'the log is appended, not replaced');
    assert.equal(cli(['sync'], ws.root).stdout, 'planloop: plans and ledger are in sync\n');
  } finally {
    ws.dispose();
  }
});

test('run a command that edits the plan meanwhile: the update is computed on the fresh text', () => {
  const ws = tempWorkspace();
  try {
    ws.write(PHASE_PLAN, ws.read(PHASE_PLAN).replace('`git status`', `\`echo "- added during the run" >> ${PHASE_PLAN}\``));
    const r = cli(['run', 'D3', '--plan', PHASE_PLAN, '--yes'], ws.root);
    assert.equal(r.code, 0, r.stderr);
    const plan = ws.read(PHASE_PLAN);
    assert.match(plan, /- added during the run\n$/);
    assert.equal(rowState(plan, 'D3'), '[x]');
  } finally {
    ws.dispose();
  }
});

test('run --mapped-tests: the handoff selector, recorded for the focus initiative', () => {
  const ws = tempWorkspace();
  try {
    const r = cli(['run', '--mapped-tests', '--yes'], ws.root);
    assert.equal(r.code, 0, r.stderr);
    const record = JSON.parse(ws.read(`${PHASE_HUB}/planloop-run-mapped-tests.json`));
    assert.deepEqual(
      {
        rowId: record.rowId,
        initiativeId: record.initiativeId,
        commands: record.commands,
        env: record.env,
        outcome: record.outcome,
        exitCode: record.exitCode,
      },
      {
        rowId: 'mapped-tests',
        initiativeId: 'TIDE-API-001',
        commands: ['CUDA_VISIBLE_DEVICES="" pytest tests/test_tides.py::test_ok -q'],
        env: { CUDA_VISIBLE_DEVICES: '' },
        outcome: 'passed',
        exitCode: 0,
      },
    );
    assert.match(ws.read(`${PHASE_HUB}/mapped-tests.log`), /1 passed/);
    assert.match(tideAttempts(ws.read(LEDGER))[3].text, /Attempt #4 — Result: passed \(mapped-tests run \(cpu\)\)/);
    const both = cli(['run', 'D1', '--mapped-tests'], ws.root);
    assert.deepEqual([both.code, both.stderr], [2, 'planloop: pass either a row or --mapped-tests, not both\n']);
  } finally {
    ws.dispose();
  }
});

test('run with the gpu profile: the command keeps its own mask and the record says so', () => {
  const ws = tempWorkspace();
  try {
    const probe = path.join(ws.root, 'probe.txt');
    const r = cli(['run', 'D1', '--plan', PHASE_PLAN, '--profile', 'gpu', '--yes'], ws.root, {
      PLANLOOP_ENV_PROBE: probe,
      CUDA_VISIBLE_DEVICES: '0',
    });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(probe, 'utf8'), '', 'CUDA_VISIBLE_DEVICES="" in the command wins');
    const record = JSON.parse(ws.read(`${PHASE_HUB}/planloop-run-D1.json`));
    assert.deepEqual([record.profile, record.env], ['gpu', { CUDA_VISIBLE_DEVICES: '' }]);
  } finally {
    ws.dispose();
  }
});

test('settings from .vscode/settings.json with comments and trailing commas; bad values are one line', () => {
  const ws = tempWorkspace();
  try {
    fs.mkdirSync(path.join(ws.root, 'notes'));
    fs.renameSync(path.join(ws.root, LEDGER), path.join(ws.root, 'notes/ledger.md'));
    ws.write(
      '.vscode/settings.json',
      '{\n  // Plan Loop\n  "editor.rulers": [100,],\n  /* the ledger moved */ "planloop.ledger": "notes/ledger.md",\n  "planloop.include": ["plans/**/*.md", "notes/*.md", "input.md",],\n  "planloop.codeLens.runRow": false,\n  "other": "a // not a comment, }",\n}\n',
    );
    const r = cli(['status', '--json'], ws.root);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(
      report.initiatives.map((i: { id: string; attempts: number }) => `${i.id} ${i.attempts}`),
      ['TIDE-API-001 3', 'CACHE-REFRESH-002 1'],
    );
    ws.write('.vscode/settings.json', '{ "planloop.severities": { "missing-file": "fatal" } }');
    assert.deepEqual(
      [cli(['lint'], ws.root).code, cli(['lint'], ws.root).stderr],
      [2, "planloop: invalid config .vscode/settings.json: 'severities' must map diagnostic codes to error|warning|info|off\n"],
    );
    ws.write('.vscode/settings.json', '{ "planloop.ledger": "x.md", /* unterminated');
    const broken = cli(['status'], ws.root);
    assert.deepEqual([broken.code, broken.stderr], [2, 'planloop: invalid config .vscode/settings.json: unterminated /* comment\n']);
  } finally {
    ws.dispose();
  }
});

test('stripJsonc keeps strings intact and drops only comments and trailing commas', () => {
  const text = '{ "a": "x // y /* z */ , }", // c\n "b": [1, 2, /* d */ ], "c": "\\" ,]" , }';
  assert.deepEqual(JSON.parse(stripJsonc(text)), { a: 'x // y /* z */ , }', b: [1, 2], c: '" ,]' });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-config-'));
  try {
    fs.writeFileSync(path.join(root, '.planloop.json'), '{ "defaultProfile": "gpu", "profiles": { "gpu": { "env": { "X": "1" } } } }');
    const config = loadConfig(root);
    assert.deepEqual(
      [config.defaultProfile, config.profiles.gpu.env, config.profiles.cpu.env],
      ['gpu', { X: '1' }, { CUDA_VISIBLE_DEVICES: '' }],
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('the workspace root is found upward from a sub-folder and through --cwd', () => {
  const ws = tempWorkspace();
  try {
    const fromSub = cli(['status', '--json'], path.join(ws.root, PHASE_HUB));
    const viaCwd = cli(['status', '--json', '--cwd', path.join(ws.root, 'tests')], os.tmpdir());
    assert.equal(fromSub.code, 0, fromSub.stderr);
    assert.equal(JSON.parse(fromSub.stdout).totals.rows, 18);
    assert.equal(viaCwd.stdout, fromSub.stdout);
  } finally {
    ws.dispose();
  }
});

test('a closed pipe is not an error: no EPIPE trace', { skip: sharedMissing(doseWorkspace) }, () => {
  const r = spawnSync('bash', ['-c', `node ${JSON.stringify(CLI)} lint --cwd ${JSON.stringify(doseWorkspace)} | head -1`], {
    encoding: 'utf8',
  });
  assert.equal(r.stdout.split('\n').length, 2);
  assert.doesNotMatch(r.stderr, /EPIPE|at /);
});

test('dose workspace: status --json equals the in-process core; sync finds it in sync', { skip: sharedMissing(doseWorkspace) }, () => {
  const root = copyDir(doseWorkspace);
  try {
    const report = JSON.parse(cli(['status', '--json'], root).stdout);
    const index = new WorkspaceIndex(root, nodeFileSystem);
    index.indexAll();
    assert.deepEqual(report, JSON.parse(JSON.stringify(buildStatus(index))));
    // Each row's line, read from the file itself (a shift in both would pass the comparison above).
    type Lines = { initiatives: Array<{ plans: Array<{ path: string; phases: Array<{ rows: Array<{ id: string; line: number }> }> }> }> };
    let checked = 0;
    for (const plan of (report as Lines).initiatives.flatMap((i) => i.plans)) {
      const lines = fs.readFileSync(path.join(root, plan.path), 'utf8').split(/\r\n|\n|\r/);
      for (const row of plan.phases.flatMap((p) => p.rows).filter((r) => r.id)) {
        assert.ok(lines[row.line - 1]?.includes(row.id), `${plan.path}:${row.line} holds row ${row.id}: ${lines[row.line - 1]}`);
        checked++;
      }
    }
    assert.ok(checked >= 10, `${checked} rows checked`);
    const filtered = JSON.parse(cli(['status', '--json', '--initiative', report.initiatives[0].id], root).stdout);
    assert.deepEqual(
      filtered.initiatives.map((i: { id: string }) => i.id),
      [report.initiatives[0].id],
    );
    const sync = cli(['sync'], root);
    assert.deepEqual([sync.code, sync.stdout], [0, 'planloop: plans and ledger are in sync\n']);
    const lintJson = JSON.parse(cli(['lint', '--json'], root).stdout);
    assert.equal(lintJson.errors, 0);
    assert.ok(lintJson.warnings > 0);
    assert.equal(cli(['lint', '--max-warnings', String(lintJson.warnings)], root).code, 0);
    assert.equal(cli(['lint', '--max-warnings', String(lintJson.warnings - 1)], root).code, 1);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('two runs finishing at the same moment append two consecutively numbered attempts', async () => {
  const ws = tempWorkspace();
  try {
    const plan = 'plans/active/TIDE-API-001/race_plan.md';
    ws.write(
      plan,
      "### Phase X — Race\n\n| ID | Task Description | State | How/Why & Guidance |\n| --- | --- | --- | --- |\n| X1 | First | [ ] | `bash -c 'sleep 1; echo one'` |\n| X2 | Second | [ ] | `bash -c 'sleep 1; echo two'` |\n",
    );
    const before = tideAttempts(ws.read(LEDGER)).length;
    const results = await Promise.all([
      cliAsync(['run', 'X1', '--plan', plan, '--yes'], ws.root),
      cliAsync(['run', 'X2', '--plan', plan, '--yes'], ws.root),
    ]);
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    const attempts = tideAttempts(ws.read(LEDGER));
    assert.equal(attempts.length, before + 2, 'both runs are in the ledger');
    assert.deepEqual(
      attempts.slice(-2).map((a) => a.number),
      [before + 1, before + 2],
    );
    assert.deepEqual(
      attempts
        .slice(-2)
        .map((a) => /X\d/.exec(a.text)?.[0])
        .sort(),
      ['X1', 'X2'],
    );
    assert.deepEqual([rowState(ws.read(plan), 'X1'), rowState(ws.read(plan), 'X2')], ['[x]', '[x]']);
    assert.ok(!fs.existsSync(path.join(ws.root, '.planloop-lock')), 'the write lock is released');
  } finally {
    ws.dispose();
  }
});
