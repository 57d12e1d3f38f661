// The built binary under hostile conditions: writes that would leave the workspace, another writer
// between read and write (a file-system hook preloaded into the binary), concurrent syncs, and
// files that are too big, binary, not UTF-8 or carry a BOM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempWorkspace, withOutside } from '../support/tempWorkspace';
import { parseLedger } from '../../server/core/parse/ledger';
import { parsePlan } from '../../server/core/parse/plan';
import { writeAtomically } from '../../server/cli/context';
import { CliError } from '../../server/cli/errors';
import { CLI, cli, cliAsync, LEDGER, PHASE_PLAN, runRecord } from './helpers';

const RACE_HOOK = pathToFileURL(path.join(__dirname, 'raceHook.mjs')).href;
const RACE = '\n<!-- edited by another process -->\n';
const tideAttempts = (ledger: string) => parseLedger(ledger).initiatives.find((i) => i.id === 'TIDE-API-001')!.attempts;
const rowState = (plan: string, id: string) =>
  parsePlan(plan)
    .phases.flatMap((p) => p.rows)
    .find((r) => r.id === id)?.rawState;
const RUN_PLAN = 'plans/active/TIDE-API-001/hardening_plan.md';
const planWith = (command: string) =>
  `### Phase H — Hardening\n\n| ID | Task Description | State | How/Why & Guidance |\n| --- | --- | --- | --- |\n| H1 | Run it | [ ] | \`${command}\` |\n`;

/** The binary with the race hook preloaded: `times` edits of `file` right after it takes its write lock. */
function racedCli(args: string[], cwd: string, file: string, times: number) {
  const r = spawnSync(process.execPath, ['--import', RACE_HOOK, CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      NO_COLOR: '1',
      PLANLOOP_RACE_FILE: path.join(cwd, file),
      PLANLOOP_RACE_TEXT: RACE,
      PLANLOOP_RACE_TIMES: String(times),
    },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('run: a handoff hub that is a symlink out of the workspace is refused; nothing runs or lands outside', () => {
  const ws = tempWorkspace();
  try {
    withOutside((outside) => {
      ws.write(RUN_PLAN, planWith('echo ran > ran.txt'));
      fs.symlinkSync(outside, path.join(ws.root, 'plans/active/TIDE-API-001/reports/linked'));
      ws.write(
        'input.md',
        ws.read('input.md').replace(/^Artifacts: .*$/m, 'Artifacts: plans/active/TIDE-API-001/reports/linked/run/{a.log,b.log}'),
      );
      const ledgerBefore = ws.read(LEDGER);
      const r = cli(['run', 'H1', '--plan', RUN_PLAN, '--yes'], ws.root);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(
        r.stderr,
        'planloop: refused: plans/active/TIDE-API-001/reports/linked/run/ leads outside the workspace through a symlink\n',
      );
      assert.deepEqual(fs.readdirSync(outside), [], 'nothing was created outside');
      assert.ok(!fs.existsSync(path.join(ws.root, 'ran.txt')), 'the command did not run');
      assert.equal(ws.read(LEDGER), ledgerBefore);
    });
  } finally {
    ws.dispose();
  }
});

test('run: a log in the hub that is a symlink out (even a dangling one) is refused', () => {
  const ws = tempWorkspace();
  try {
    withOutside((outside) => {
      ws.write(RUN_PLAN, planWith('echo hi'));
      const hub = 'plans/active/TIDE-API-001/reports/2026-03-09T000000Z/h';
      ws.write(`${hub}/keep.txt`, '');
      ws.write('input.md', ws.read('input.md').replace(/^Artifacts: .*$/m, `Artifacts: ${hub}/{a.log,b.log}`));
      fs.symlinkSync(path.join(outside, 'stolen.log'), path.join(ws.root, hub, 'H1.log'));
      const r = cli(['run', 'H1', '--plan', RUN_PLAN, '--yes'], ws.root);
      assert.equal(r.code, 2, r.stderr);
      assert.match(
        r.stderr,
        /^planloop: refused: plans\/active\/TIDE-API-001\/reports\/2026-03-09T000000Z\/h\/H1\.log leads outside the workspace through a symlink\n$/,
      );
      assert.deepEqual(fs.readdirSync(outside), []);
      fs.rmSync(path.join(ws.root, hub, 'H1.log'));
      fs.symlinkSync(path.join(outside, 'blocker.md'), path.join(ws.root, hub, 'blocker.md'));
      const blocked = cli(['run', 'H1', '--plan', RUN_PLAN, '--yes'], ws.root);
      assert.equal(blocked.code, 1, blocked.stderr);
      assert.match(blocked.stderr, /refused: .*\/h\/blocker\.md leads outside the workspace through a symlink/);
      assert.deepEqual(fs.readdirSync(outside), []);
    });
  } finally {
    ws.dispose();
  }
});

test('hub new: a reports folder that is a symlink out is refused and nothing is created there', () => {
  const ws = tempWorkspace();
  try {
    withOutside((outside) => {
      fs.rmSync(path.join(ws.root, 'plans/active/CACHE-REFRESH-002/reports'), { recursive: true });
      fs.symlinkSync(outside, path.join(ws.root, 'plans/active/CACHE-REFRESH-002/reports'));
      const r = cli(['hub', 'new', 'CACHE-REFRESH-002', 'Phase B'], ws.root);
      assert.equal(r.code, 2);
      assert.match(
        r.stderr,
        /^planloop: refused: plans\/active\/CACHE-REFRESH-002\/reports\/\d{4}-\d\d-\d\dT\d{6}Z\/ leads outside the workspace through a symlink\n$/,
      );
      assert.deepEqual(fs.readdirSync(outside), []);
    });
  } finally {
    ws.dispose();
  }
});

test('sync --write: a ledger that is a symlink to a file outside is read but never written', () => {
  const ws = tempWorkspace();
  try {
    withOutside((outside) => {
      const target = path.join(outside, 'fix_plan.md');
      fs.writeFileSync(target, ws.read(LEDGER));
      fs.rmSync(path.join(ws.root, LEDGER));
      fs.symlinkSync(target, path.join(ws.root, LEDGER));
      const hub = 'plans/active/TIDE-API-001/reports/2026-03-07T080000Z/phase_d_smoke';
      ws.write(`${hub}/planloop-run.json`, runRecord(hub));
      const planBefore = ws.read(PHASE_PLAN);
      const outsideBefore = fs.readFileSync(target, 'utf8');
      const r = cli(['sync', '--write'], ws.root);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stderr, 'planloop: refused: docs/fix_plan.md leads outside the workspace through a symlink; nothing written\n');
      assert.equal(fs.readFileSync(target, 'utf8'), outsideBefore);
      assert.ok(fs.lstatSync(path.join(ws.root, LEDGER)).isSymbolicLink(), 'the link is not replaced either');
      assert.equal(ws.read(PHASE_PLAN), planBefore, 'all or nothing: the plan is not written');
    });
  } finally {
    ws.dispose();
  }
});

test('writeAtomically refuses paths that are absolute or climb out with ..', () => {
  withOutside((root) => {
    for (const rel of ['../x.md', '/etc/x.md', 'a/../../x.md']) {
      assert.throws(
        () => writeAtomically(root, [{ path: rel, expected: '', text: 'x' }]),
        (e: unknown) =>
          e instanceof CliError &&
          e.exitCode === 1 &&
          /^refused: .* (is absolute; give a path inside the workspace|resolves outside the workspace); nothing written$/.test(e.message),
        rel,
      );
    }
    assert.deepEqual(fs.readdirSync(root), [], 'no lock or temp file left behind');
  });
});

test('sync --write: the ledger edited by another process between read and write is refused, never overwritten', () => {
  const ws = tempWorkspace();
  try {
    const hub = 'plans/active/TIDE-API-001/reports/2026-03-07T080000Z/phase_d_smoke';
    ws.write(`${hub}/planloop-run.json`, runRecord(hub));
    const ledgerBefore = ws.read(LEDGER);
    const planBefore = ws.read(PHASE_PLAN);
    const r = racedCli(['sync', '--write'], ws.root, LEDGER, 1);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, 'planloop: docs/fix_plan.md changed since it was read; nothing written (run the command again)\n');
    assert.equal(ws.read(LEDGER), ledgerBefore + RACE, "the other process's edit is all that changed");
    assert.equal(ws.read(PHASE_PLAN), planBefore, 'all or nothing: the plan is not written either');
    // Run again: computed on the fresh text, the other edit survives.
    assert.equal(cli(['sync', '--write'], ws.root).code, 0);
    const after = ws.read(LEDGER);
    assert.ok(after.includes(RACE));
    assert.equal(tideAttempts(after).length, tideAttempts(ledgerBefore).length + 1);
  } finally {
    ws.dispose();
  }
});

test('run: a ledger edited between read and write is re-read and the update re-computed; after 3 conflicts it is refused', () => {
  const ws = tempWorkspace();
  try {
    ws.write(RUN_PLAN, planWith('echo hi'));
    const before = ws.read(LEDGER);
    const once = racedCli(['run', 'H1', '--plan', RUN_PLAN, '--yes'], ws.root, LEDGER, 1);
    assert.equal(once.code, 0, once.stderr);
    const ledger = ws.read(LEDGER);
    assert.ok(ledger.includes(RACE), "the other process's edit survives");
    assert.equal(tideAttempts(ledger).length, tideAttempts(before).length + 1, 'and the attempt is there once');
    assert.equal(rowState(ws.read(RUN_PLAN), 'H1'), '[x]');

    ws.write(RUN_PLAN, planWith('echo again'));
    const always = racedCli(['run', 'H1', '--plan', RUN_PLAN, '--yes'], ws.root, LEDGER, 3);
    assert.equal(always.code, 1, always.stderr);
    assert.match(
      always.stderr,
      /planloop: docs\/fix_plan\.md changed since it was read; nothing written \(run the command again\); the run is recorded in .*planloop-run-H1\.json: run "planloop sync --write" to apply it/,
    );
    assert.equal(ws.read(LEDGER), ledger + RACE + RACE + RACE, 'refused three times, nothing of ours written');
    assert.equal(rowState(ws.read(RUN_PLAN), 'H1'), '[ ]', 'the plan is not written either');
  } finally {
    ws.dispose();
  }
});

test('two concurrent sync --write processes apply the evidence once, numbered in order', async () => {
  const ws = tempWorkspace();
  try {
    const early = 'plans/active/TIDE-API-001/reports/2026-03-07T080000Z/phase_d_smoke';
    const late = 'plans/active/TIDE-API-001/reports/2026-03-07T090000Z/phase_d_smoke';
    ws.write(`${early}/planloop-run.json`, runRecord(early));
    ws.write(
      `${late}/planloop-run.json`,
      runRecord(late, { rowId: 'D2', startedAt: '2026-03-07T09:00:00.000Z', log: `${late}/D2.log`, artifacts: [] }),
    );
    const before = tideAttempts(ws.read(LEDGER)).length;
    const results = await Promise.all([cliAsync(['sync', '--write'], ws.root), cliAsync(['sync', '--write'], ws.root)]);
    for (const r of results) {
      // The loser either saw the winner's write (in sync) or was refused (changed since it was read).
      assert.ok(r.code === 0 || (r.code === 1 && /changed since it was read; nothing written/.test(r.stderr)), `${r.code}: ${r.stderr}`);
    }
    const attempts = tideAttempts(ws.read(LEDGER));
    assert.deepEqual(
      attempts.slice(before).map((a) => a.number),
      [before + 1, before + 2],
      'two attempts, once each, numbered in order',
    );
    assert.equal(cli(['sync'], ws.root).stdout, 'planloop: plans and ledger are in sync\n');
  } finally {
    ws.dispose();
  }
});

test('size and content: an oversized and a binary plan are skipped with one line each; the rest still works', () => {
  const ws = tempWorkspace();
  try {
    ws.write('.planloop.json', JSON.stringify({ maxFileSizeMB: 0.1 }));
    ws.write('plans/active/BIG-001/plan.md', '### Phase A — Big\n' + '| A1 | big | [ ] | filler |\n'.repeat(6000));
    ws.write('plans/active/BIN-001/plan.md', '### Phase A — Bin\n\u0000\u0001binary');
    const r = cli(['status', '--json'], ws.root);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stderr.split('\n').filter(Boolean).sort(), [
      'planloop: skipped plans/active/BIG-001/plan.md: larger than 0.1 MB (0.2 MB); raise maxFileSizeMB (.planloop.json, or the planloop.maxFileSizeMB setting) to read it',
      'planloop: skipped plans/active/BIN-001/plan.md: binary content',
    ]);
    const status = JSON.parse(r.stdout) as { initiatives: Array<{ id: string }> };
    assert.ok(status.initiatives.some((i) => i.id === 'TIDE-API-001'));
    assert.ok(!status.initiatives.some((i) => i.id === 'BIG-001' || i.id === 'BIN-001'));
  } finally {
    ws.dispose();
  }
});

test('sync --write: a BOM and CRLF survive byte for byte; a plan that is not valid UTF-8 is never rewritten', () => {
  const ws = tempWorkspace();
  try {
    const hub = 'plans/active/TIDE-API-001/reports/2026-03-07T080000Z/phase_d_smoke';
    ws.write(`${hub}/planloop-run.json`, runRecord(hub));
    ws.write(LEDGER, '\ufeff' + ws.read(LEDGER).replace(/\n/g, '\r\n'));
    ws.write(PHASE_PLAN, '\ufeff' + ws.read(PHASE_PLAN));
    const ledgerBefore = fs.readFileSync(path.join(ws.root, LEDGER));
    const planBefore = fs.readFileSync(path.join(ws.root, PHASE_PLAN));
    assert.equal(cli(['sync', '--write'], ws.root).code, 0);
    const ledgerAfter = fs.readFileSync(path.join(ws.root, LEDGER));
    const planAfter = fs.readFileSync(path.join(ws.root, PHASE_PLAN));
    assert.deepEqual([...ledgerAfter.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the ledger keeps its BOM');
    assert.deepEqual([...planAfter.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the plan keeps its BOM');
    assert.equal(rowState(planAfter.toString('utf8'), 'D1'), '[x]');
    assert.equal(
      planAfter.toString('utf8'),
      planBefore.toString('utf8').replace(/(\| D1 \|[^|]*\| )\[ \]/, '$1[x]'),
      'only the marker changed in the plan',
    );
    const text = ledgerAfter.toString('utf8');
    assert.ok(
      text.startsWith(ledgerBefore.toString('utf8').slice(0, text.indexOf('Attempt #4') - 20)),
      'the ledger before the insertion is untouched',
    );
    assert.ok(!/(?<!\r)\n/.test(text), 'CRLF everywhere, the insertion too');

    // A stray invalid byte: decoding would turn it into U+FFFD, so writing would change it too.
    const bytes = Buffer.concat([planBefore, Buffer.from([0x0a, 0xff, 0xfe, 0x0a])]);
    fs.writeFileSync(path.join(ws.root, PHASE_PLAN), bytes);
    fs.writeFileSync(path.join(ws.root, LEDGER), ledgerBefore);
    const r = cli(['sync', '--write'], ws.root);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /planloop: plans\/.*\/plan\.md is not valid UTF-8: its other bytes would not survive an edit; nothing written/);
    assert.deepEqual(fs.readFileSync(path.join(ws.root, PHASE_PLAN)), bytes, 'byte for byte as it was');
    assert.deepEqual(fs.readFileSync(path.join(ws.root, LEDGER)), ledgerBefore, 'all or nothing');
  } finally {
    ws.dispose();
  }
});
