// The built planloop binary as a process, on temp copies of fixtures/workspace and ../shared's
// dose workspace: status, lint, sync, run (passing, failing, interrupted), hub, bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { doseWorkspace, repoRoot, sharedMissing } from '../support/paths';
import { tempWorkspace } from '../support/tempWorkspace';
import { waitFor } from '../support/waitFor';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { nodeFileSystem } from '../../server/host/nodeFileSystem';
import { buildStatus } from '../../server/core/check/status';
import { parseLedger } from '../../server/core/parse/ledger';
import { parsePlan } from '../../server/core/parse/plan';

const CLI = path.join(repoRoot, 'dist/cli.js');
const PHASE_PLAN = 'plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d_smoke/plan.md';

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function copyDir(source: string): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-cli-'));
  fs.cpSync(source, target, { recursive: true });
  return target;
}

test('--help lists every command; each subcommand has its own complete help', () => {
  const main = cli(['--help'], repoRoot);
  assert.equal(main.code, 0);
  for (const c of ['status', 'lint', 'sync', 'run', 'hub new', 'hygiene']) assert.match(main.stdout, new RegExp(`^  ${c}`, 'm'));
  assert.match(main.stdout, /--cwd DIR/);
  assert.match(main.stdout, /Exit codes: 0 ok, 1 errors found \/ run failed, 2 bad input, 130 interrupted/);
  const options: Record<string, string[]> = {
    status: ['--initiative ID', '--json'],
    lint: ['--json', '--max-warnings N', 'Exit codes'],
    sync: ['--write', '--json', 'unified diff', 'Exit codes'],
    run: ['--mapped-tests', '--plan PATH', '--initiative ID', '--profile NAME', '--yes', 'CUDA_VISIBLE_DEVICES=""', 'Ctrl-C', 'Exit codes'],
    hub: ['reports/<ISO8601Z>/<phase slug>/'],
    hygiene: ['--json', 'tmp/', 'Exit codes'],
  };
  for (const [c, words] of Object.entries(options)) {
    for (const args of [
      [c, '--help'],
      ['--help', c],
      [c, '-h'],
    ]) {
      const sub = cli(args, repoRoot);
      assert.equal(sub.code, 0);
      assert.match(sub.stdout, new RegExp(`^planloop ${c}`));
      for (const w of words) assert.ok(sub.stdout.includes(w), `${c} help mentions ${w}`);
    }
  }
  assert.match(cli(['--version'], repoRoot).stdout, /^planloop \d+\.\d+\.\d+\n$/);
});

test('hygiene: a clean sample exits 0; tmp/ outputs and root logs are listed and exit 1', () => {
  const ws = tempWorkspace();
  try {
    const clean = cli(['hygiene'], ws.root);
    assert.deepEqual([clean.code, clean.stdout, clean.stderr], [0, '', 'no leftover outputs\n']);
    ws.write('tmp/out.json', '{}');
    ws.write('run.log', 'x');
    const dirty = cli(['hygiene', '--json'], ws.root);
    assert.equal(dirty.code, 1);
    const report = JSON.parse(dirty.stdout) as {
      version: number;
      strays: Array<{ path: string; reason: string; size: number }>;
      hub: string;
    };
    assert.deepEqual(report.strays.map((s) => [s.path, s.reason, s.size]).sort(), [
      ['run.log', 'root-log', 1],
      ['tmp/out.json', 'tmp', 2],
    ]);
    assert.equal(report.hub, 'plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d_smoke/');
  } finally {
    ws.dispose();
  }
});

test('status --json on the sample workspace: counts, and equal to the in-process core', () => {
  const ws = tempWorkspace();
  try {
    const r = cli(['status', '--json'], ws.root);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.totals, {
      plans: 3,
      rows: 18,
      done: 7,
      unread: 0,
      byState: { done: 7, 'in-progress': 1, open: 9, blocked: 1 },
    });
    assert.deepEqual(
      report.initiatives.map((i: { id: string; done: number; total: number }) => `${i.id} ${i.done}/${i.total}`),
      ['TIDE-API-001 5/13', 'CACHE-REFRESH-002 2/5'],
    );
    assert.deepEqual(report.families, [{ family: 'handoff-loop', label: 'handoff loop', plans: 3, ledgers: 1, handoffs: 1 }]);
    const index = new WorkspaceIndex(ws.root, nodeFileSystem);
    index.indexAll();
    assert.deepEqual(report, JSON.parse(JSON.stringify(buildStatus(index))));
    // Literal lines of the fixture (`grep -n`): the comparison above holds for a shifted line too.
    type Lines = {
      initiatives: Array<{
        plans: Array<{ path: string; phases: Array<{ id: string; line: number; rows: Array<{ id: string; line: number }> }> }>;
      }>;
    };
    const where = (report as Lines).initiatives.flatMap((i) =>
      i.plans.flatMap((p) =>
        p.phases.flatMap((ph) => [ph, ...ph.rows].map((x) => `${p.path.split('/').slice(-2).join('/')} ${x.id}@${x.line}`)),
      ),
    );
    assert.deepEqual(where, [
      'TIDE-API-001/implementation.md A@8',
      'TIDE-API-001/implementation.md A1@15',
      'TIDE-API-001/implementation.md A2@16',
      'TIDE-API-001/implementation.md B@18',
      'TIDE-API-001/implementation.md B1@25',
      'TIDE-API-001/implementation.md B2@26',
      'TIDE-API-001/implementation.md B2.a@32',
      'TIDE-API-001/implementation.md B2.b@33',
      'TIDE-API-001/implementation.md B2.c@34',
      'TIDE-API-001/implementation.md C@36',
      'TIDE-API-001/implementation.md C1@43',
      'TIDE-API-001/implementation.md C2@44',
      'TIDE-API-001/implementation.md D@46',
      'TIDE-API-001/implementation.md D0@53',
      'phase_d_smoke/plan.md D@5',
      'phase_d_smoke/plan.md D1@12',
      'phase_d_smoke/plan.md D2@13',
      'phase_d_smoke/plan.md D3@14',
      'CACHE-REFRESH-002/implementation.md A@5',
      'CACHE-REFRESH-002/implementation.md A1@6',
      'CACHE-REFRESH-002/implementation.md A2@7',
      'CACHE-REFRESH-002/implementation.md A2.a@8',
      'CACHE-REFRESH-002/implementation.md A2.b@9',
      'CACHE-REFRESH-002/implementation.md B@11',
      'CACHE-REFRESH-002/implementation.md B1@12',
    ]);
    const plain = cli(['status', '--initiative', 'CACHE-REFRESH-002'], ws.root);
    assert.match(plain.stdout, /^CACHE-REFRESH-002 {2}pending {2}2\/5/);
    assert.equal(plain.stdout.includes('\u001b['), false, 'no colour codes when stdout is not a TTY');
  } finally {
    ws.dispose();
  }
});

test('status says what it found per loop family, or, finding nothing, what it looked for and what to set (exit 0 either way)', () => {
  const ws = tempWorkspace();
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-cli-empty-'));
  try {
    ws.write('docs/superpowers/plans/2026-01-01-cli.md', '# CLI\n\n### Task 1: Parse\n\n- [ ] **Step 1: Write the test**\n');
    const found = cli(['status'], ws.root);
    assert.equal(found.code, 0, found.stderr);
    assert.match(found.stdout, /^Found handoff loop: 1 ledger, 3 plans, 1 handoff · superpowers plans: 1$/m);

    fs.mkdirSync(path.join(empty, '.git'));
    fs.writeFileSync(path.join(empty, 'README.md'), '# A project\n\nNo plans here.\n');
    const none = cli(['status'], empty);
    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stdout, /^No loop files found\. Plan Loop looked at every Markdown file/m);
    for (const label of [
      'handoff loop',
      'superpowers plans',
      'spec-kit tasks',
      'Kiro specs',
      'Ralph plans',
      'backlog items',
      'checklist plans',
    ])
      assert.match(none.stdout, new RegExp(`^  ${label}: `, 'm'));
    assert.match(none.stdout, /planloop\.include/);
    assert.match(none.stdout, /^0 plans, 0 rows, 0 done$/m);
    const json = JSON.parse(cli(['status', '--json'], empty).stdout) as { families: unknown[] };
    assert.deepEqual(json.families, []);
  } finally {
    ws.dispose();
    fs.rmSync(empty, { recursive: true, force: true });
  }
});

test('lint: clean sample exits 0; an unknown Do Now row is an error and exits 1', () => {
  const ws = tempWorkspace();
  try {
    const clean = cli(['lint'], ws.root);
    assert.equal(clean.code, 0, clean.stdout);
    assert.match(clean.stdout, /^0 errors, 0 warnings, 0 notes in \d+ files\n$/, 'the totals are on stdout');
    assert.equal(clean.stderr, '');
    ws.write('input.md', ws.read('input.md').replace('TIDE-API-001 D2 (CLI smoke)', 'TIDE-API-001 D9 (CLI smoke)'));
    const bad = cli(['lint'], ws.root);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /^input\.md:10:1 error do-now-row-missing Do Now cites row D9 of TIDE-API-001/m);
    assert.match(bad.stdout, /\n1 errors, 0 warnings, 0 notes in \d+ files\n$/, 'the totals end stdout');
    const jsonRun = cli(['lint', '--json'], ws.root);
    assert.equal(jsonRun.code, 1);
    const json = JSON.parse(jsonRun.stdout);
    assert.equal(json.version, 1);
    assert.deepEqual([json.errors, json.failed], [1, true]);
    assert.deepEqual(
      {
        file: json.diagnostics[0].file,
        line: json.diagnostics[0].line,
        column: json.diagnostics[0].column,
        severity: json.diagnostics[0].severity,
        code: json.diagnostics[0].code,
      },
      { file: 'input.md', line: 10, column: 1, severity: 'error', code: 'do-now-row-missing' },
    );
  } finally {
    ws.dispose();
  }
});

test('lint --max-warnings: warnings over the limit exit 1', () => {
  const ws = tempWorkspace();
  try {
    ws.write(PHASE_PLAN, ws.read(PHASE_PLAN).replace('| D3 | Hygiene | [ ] |', '| D3 | Hygiene | [?] |'));
    assert.equal(cli(['lint'], ws.root).code, 0);
    const over = cli(['lint', '--max-warnings', '0'], ws.root);
    assert.equal(over.code, 1);
    assert.match(over.stdout, /\n0 errors, 1 warnings \(more than --max-warnings 0\), 0 notes in \d+ files\n$/);
  } finally {
    ws.dispose();
  }
});

test('run a passing pytest selector: env masked, log in the hub, row [x], one attempt, nothing else changed', () => {
  const ws = tempWorkspace();
  try {
    const probe = path.join(ws.root, 'env-probe.txt');
    const ledgerBefore = ws.read('docs/fix_plan.md');
    const planBefore = ws.read(PHASE_PLAN);
    const r = cli(['run', 'D1', '--plan', PHASE_PLAN, '--yes'], ws.root, { PLANLOOP_ENV_PROBE: probe, CUDA_VISIBLE_DEVICES: '0' });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(fs.readFileSync(probe, 'utf8'), '');
    const hub = 'plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d_smoke';
    assert.match(ws.read(`${hub}/D1.log`), /1 passed/);
    const record = JSON.parse(ws.read(`${hub}/planloop-run-D1.json`));
    assert.equal(record.outcome, 'passed');
    assert.deepEqual(record.env, { CUDA_VISIBLE_DEVICES: '' });
    const planAfter = ws.read(PHASE_PLAN);
    assert.equal(planAfter.replace('| D1 | Pytest smoke | [x] |', '| D1 | Pytest smoke | [ ] |'), planBefore);
    const ledgerAfter = ws.read('docs/fix_plan.md');
    const tide = parseLedger(ledgerAfter).initiatives.find((i) => i.id === 'TIDE-API-001')!;
    assert.deepEqual(
      tide.attempts.map((a) => a.number),
      [1, 2, 3, 4],
    );
    assert.match(tide.attempts[3].text, /Attempt #4 — Result: passed \(D1 run \(cpu\)\).*D1\.log/);
    assert.equal(ledgerAfter.replace(/\n {2}\* \[\d{4}-\d{2}-\d{2}\] Attempt #4[^\n]*/, ''), ledgerBefore);
    assert.deepEqual(record.artifacts, [`${hub}/D1.log`]);
  } finally {
    ws.dispose();
  }
});

test('run a failing selector: exit 1, [P], blocker.md, an attempt that says it failed', () => {
  const ws = tempWorkspace();
  try {
    ws.write(
      PHASE_PLAN,
      ws
        .read(PHASE_PLAN)
        .replace(
          '`CUDA_VISIBLE_DEVICES="" python -m tidewatch.cli --station 9414290`',
          '`CUDA_VISIBLE_DEVICES="" pytest tests/test_tides.py::test_fails -q`',
        ),
    );
    const r = cli(['run', 'D2', '--plan', PHASE_PLAN, '--yes'], ws.root);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /D2 failed \(exit 1\)/);
    const rows = parsePlan(ws.read(PHASE_PLAN)).phases[0].rows;
    assert.equal(rows.find((x) => x.id === 'D2')?.rawState, '[P]');
    assert.match(ws.read('plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d_smoke/blocker.md'), /Exit code: 1/);
    assert.match(ws.read('docs/fix_plan.md'), /Attempt #4 — Result: failed \(exit 1\) \(D2 run \(cpu\)\)/);
  } finally {
    ws.dispose();
  }
});

test('run a command that does not exist: a failed attempt with a clear message', () => {
  const ws = tempWorkspace();
  try {
    ws.write(PHASE_PLAN, ws.read(PHASE_PLAN).replace('`git status`', '`./no-such-tool.sh --go`'));
    const r = cli(['run', 'D3', '--plan', PHASE_PLAN, '--yes'], ws.root);
    assert.equal(r.code, 1);
    assert.match(
      ws.read('docs/fix_plan.md'),
      /Attempt #4 — Result: failed \(exit 127\).*command not found or not executable: \.\/no-such-tool\.sh/,
    );
  } finally {
    ws.dispose();
  }
});

test('run interrupted with Ctrl-C: child stopped, interrupted attempt recorded, exit 130', async () => {
  const ws = tempWorkspace();
  try {
    ws.write(
      PHASE_PLAN,
      ws.read(PHASE_PLAN).replace('`git status`', '`python3 -c "import time; print(\'started\', flush=True); time.sleep(600)"`'),
    );
    const child = spawn(process.execPath, [CLI, 'run', 'D3', '--plan', PHASE_PLAN, '--yes'], {
      cwd: ws.root,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    // Ctrl-C once the command is running: it has printed its first line.
    await waitFor('the command to start (print "started")', () => stdout.includes('started'), {
      timeoutMs: 15_000,
      seen: () => `stdout: ${stdout.slice(-200)} stderr: ${stderr.slice(-200)}`,
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    // The command sleeps for 10 minutes: exiting at all means it was stopped.
    const code = await Promise.race([
      exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the CLI had not exited 20 s after Ctrl-C')), 20_000).unref()),
    ]);
    assert.equal(code, 130, stderr);
    assert.match(ws.read('docs/fix_plan.md'), /Attempt #4 — Result: interrupted \(D3 run \(cpu\)\)/);
    assert.equal(parsePlan(ws.read(PHASE_PLAN)).phases[0].rows.find((x) => x.id === 'D3')?.rawState, '[P]');
  } finally {
    ws.dispose();
  }
});

test('sync: diff without --write, lossless atomic write with it, then in sync', () => {
  const ws = tempWorkspace();
  try {
    const hub = 'plans/active/TIDE-API-001/reports/2026-03-07T080000Z/phase_d_smoke';
    ws.write(`${hub}/D1.log`, '1 passed\n');
    ws.write(
      `${hub}/planloop-run.json`,
      JSON.stringify({
        version: 1,
        rowId: 'D1',
        planPath: PHASE_PLAN,
        initiativeId: 'TIDE-API-001',
        commands: ['pytest -q'],
        profile: 'cpu',
        env: { CUDA_VISIBLE_DEVICES: '' },
        startedAt: '2026-03-07T08:00:00Z',
        durationMs: 1000,
        exitCode: 0,
        outcome: 'passed',
        log: `${hub}/D1.log`,
        artifacts: [`${hub}/D1.log`],
      }),
    );
    const ledgerBefore = ws.read('docs/fix_plan.md');
    const diff = cli(['sync'], ws.root);
    assert.equal(diff.code, 0);
    assert.match(diff.stdout, /^-\| D1 \| Pytest smoke \| \[ \] \|/m);
    assert.match(diff.stdout, /^\+\| D1 \| Pytest smoke \| \[x\] \|/m);
    assert.match(diff.stdout, /^\+ {2}\* \[2026-03-07\] Attempt #4 — Result: passed/m);
    assert.equal(ws.read('docs/fix_plan.md'), ledgerBefore);
    const write = cli(['sync', '--write'], ws.root);
    assert.equal(write.code, 0, write.stderr);
    assert.match(write.stdout, /wrote docs\/fix_plan\.md/);
    assert.equal(cli(['sync'], ws.root).stdout, 'planloop: plans and ledger are in sync\n');
  } finally {
    ws.dispose();
  }
});

test('hub new: creates and prints a timestamped hub; unknown initiative is refused', () => {
  const ws = tempWorkspace();
  try {
    const r = cli(['hub', 'new', 'TIDE-API-001', 'Phase E docs'], ws.root);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^plans\/active\/TIDE-API-001\/reports\/\d{4}-\d{2}-\d{2}T\d{6}Z\/phase_e_docs\/\n$/);
    assert.ok(fs.statSync(path.join(ws.root, r.stdout.trim())).isDirectory());
    const bad = cli(['hub', 'new', 'NOPE-1', 'x'], ws.root);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, 'planloop: unknown initiative NOPE-1: no plans/active/NOPE-1/ plan and no ledger entry\n');
  } finally {
    ws.dispose();
  }
});

test('bad input: one clear line and a non-zero exit, never a stack trace', () => {
  const ws = tempWorkspace();
  try {
    const unknownRow = cli(['run', 'Q42', '--yes'], ws.root);
    assert.deepEqual([unknownRow.code, unknownRow.stderr], [2, 'planloop: unknown row Q42\n']);
    const wrongOption = cli(['status', '--write'], ws.root);
    assert.deepEqual([wrongOption.code, wrongOption.stderr], [2, 'planloop: status does not take --write (see planloop status --help)\n']);
    const unknownOption = cli(['lint', '--frob'], ws.root);
    assert.equal(unknownOption.code, 2);
    assert.match(unknownOption.stderr, /^planloop: Unknown option '--frob'.*\n$/);
    const badMax = cli(['lint', '--max-warnings', 'many'], ws.root);
    assert.deepEqual([badMax.code, badMax.stderr], [2, 'planloop: --max-warnings takes a whole number\n']);
    const badCwd = cli(['status', '--cwd', path.join(ws.root, 'nope')], ws.root);
    assert.equal(badCwd.code, 2);
    assert.match(badCwd.stderr, /^planloop: --cwd .*nope is not a folder\n$/);
    const unknownProfile = cli(['run', 'D1', '--plan', PHASE_PLAN, '--profile', 'tpu', '--yes'], ws.root);
    assert.deepEqual([unknownProfile.code, unknownProfile.stderr], [2, "planloop: unknown profile 'tpu' (known: cpu, gpu)\n"]);

    fs.writeFileSync(path.join(ws.root, '.planloop.json'), '{ "include": 5 ');
    const broken = cli(['status'], ws.root);
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /^planloop: invalid config .*\.planloop\.json: /);
    assert.equal(broken.stderr.split('\n').length, 2);
    fs.writeFileSync(path.join(ws.root, '.planloop.json'), '{ "include": 5 }');
    assert.equal(cli(['status'], ws.root).stderr, "planloop: invalid config .planloop.json: 'include' must be an array of glob strings\n");
    fs.rmSync(path.join(ws.root, '.planloop.json'));

    // Unreadable even for root: a ledger whose reads fail with EIO.
    const ledgerText = ws.read('docs/fix_plan.md');
    fs.rmSync(path.join(ws.root, 'docs/fix_plan.md'));
    fs.symlinkSync('/proc/self/mem', path.join(ws.root, 'docs/fix_plan.md'));
    const unreadable = cli(['status'], ws.root);
    assert.deepEqual([unreadable.code, unreadable.stderr], [2, 'planloop: cannot read docs/fix_plan.md (EIO)\n']);
    fs.rmSync(path.join(ws.root, 'docs/fix_plan.md'));
    fs.writeFileSync(path.join(ws.root, 'docs/fix_plan.md'), ledgerText);
    fs.mkdirSync(path.join(ws.root, '.planloop.json'));
    const configDir = cli(['lint'], ws.root);
    assert.deepEqual([configDir.code, configDir.stderr], [2, 'planloop: cannot read .planloop.json: EISDIR\n']);
    fs.rmdirSync(path.join(ws.root, '.planloop.json'));

    fs.rmSync(path.join(ws.root, 'docs/fix_plan.md'));
    const noLedger = cli(['sync'], ws.root);
    assert.deepEqual(
      [noLedger.code, noLedger.stderr],
      [2, 'planloop: no ledger found (looked for docs/fix_plan.md and **/fix_plan*.md)\n'],
    );
    const unknown = cli(['frobnicate'], ws.root);
    assert.equal(unknown.code, 2);
    assert.doesNotMatch(unknown.stderr, /\n\s+at /);
  } finally {
    ws.dispose();
  }
});

test('dose workspace: status --json counts and lint exit code', { skip: sharedMissing(doseWorkspace) }, () => {
  const root = copyDir(doseWorkspace);
  try {
    const report = JSON.parse(cli(['status', '--json'], root).stdout);
    assert.deepEqual(report.totals, { plans: 2, rows: 10, done: 10, unread: 0, byState: { done: 10 } });
    const lint = cli(['lint'], root);
    assert.equal(lint.code, 0, 'the dose workspace has warnings but no errors');
    // The project never masks its commands, so cuda-unmasked stays silent (issue 23); what is left are
    // the two docs the handoff cites that the slice does not carry.
    assert.match(lint.stdout, /^input\.md:64:3 warning missing-file docs\/TESTING_GUIDE\.md does not exist$/m);
    assert.doesNotMatch(lint.stdout, /cuda-unmasked/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
