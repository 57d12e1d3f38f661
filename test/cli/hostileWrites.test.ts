// Issue 26, cases 1-6 and 12-15: writes that could be turned against the user (planted links, a
// link out, read-only files and folders, a log that cannot be written, a killed run) and a CLI
// started where there is no workspace. Cases 1-4 run as an unprivileged user (root passes every
// permission check), through setpriv; where that is not possible they say so and skip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempWorkspace, withOutside } from '../support/tempWorkspace';
import { waitFor } from '../support/waitFor';
import { withEndings } from '../support/hostileShapes';
import { parseLedger } from '../../server/core/parse/ledger';
import { parsePlan } from '../../server/core/parse/plan';
import { CLI, cli, LEDGER, PHASE_PLAN, runRecord } from './helpers';

const PLANT_HOOK = pathToFileURL(path.join(__dirname, 'plantHook.mjs')).href;
const NOBODY = 65534;
const RUN_PLAN = 'plans/active/TIDE-API-001/hardening_plan.md';
const HUB = 'plans/active/TIDE-API-001/reports/2026-03-09T000000Z/h';
const EVIDENCE_HUB = 'plans/active/TIDE-API-001/reports/2026-03-07T080000Z/phase_d_smoke';
const planWith = (command: string) =>
  `### Phase H — Hardening\n\n| ID | Task Description | State | How/Why & Guidance |\n| --- | --- | --- | --- |\n| H1 | Run it | [ ] | \`${command}\` |\n`;
const tideAttempts = (ledger: string) => parseLedger(ledger).initiatives.find((i) => i.id === 'TIDE-API-001')!.attempts;
const rowState = (plan: string, id: string) =>
  parsePlan(plan)
    .phases.flatMap((p) => p.rows)
    .find((r) => r.id === id)?.rawState;
const PHASE_ROW = 'D1';

/** Why the unprivileged cases cannot run here, or undefined when they can. */
function unprivilegedUnavailable(): string | undefined {
  if (process.platform === 'win32') return 'no POSIX permissions on Windows';
  if (process.getuid?.() !== 0) return undefined; // already unprivileged: run as we are
  const probe = spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, CLI, '--version']);
  return probe.status === 0 ? undefined : 'setpriv cannot run the CLI as nobody here';
}
const skipUnprivileged = unprivilegedUnavailable();

/** The CLI as an unprivileged user (nobody when we are root), optionally with a module preloaded. */
function cliAsUser(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}, preload?: string) {
  const node = [...(preload ? ['--import', preload] : []), CLI, ...args];
  const [command, argv] =
    process.getuid?.() === 0
      ? ['setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, ...node]]
      : [process.execPath, node];
  const r = spawnSync(command, argv, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The folders above `dir` that the unprivileged user cannot pass through (the test run's own temp
 * folder is 0700): given the search bit for the test, taken back after it.
 */
function traversable(dir: string): () => void {
  const changed: Array<[string, number]> = [];
  if (process.getuid?.() === 0)
    for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) {
      const mode = fs.statSync(d).mode & 0o7777;
      if ((mode & 0o001) === 0) {
        fs.chmodSync(d, mode | 0o001);
        changed.push([d, mode]);
      }
    }
  return () => {
    for (const [d, mode] of changed) fs.chmodSync(d, mode);
  };
}

/** A workspace (and outside folder) the unprivileged user owns, with a run record to sync. */
function userWorkspace(fn: (ws: ReturnType<typeof tempWorkspace>, outside: string) => void): void {
  const ws = tempWorkspace();
  const restore = traversable(ws.root);
  try {
    withOutside((outside) => {
      ws.write(`${EVIDENCE_HUB}/planloop-run.json`, runRecord(EVIDENCE_HUB));
      if (process.getuid?.() === 0) {
        for (const dir of [ws.root, outside]) {
          fs.chownSync(dir, NOBODY, NOBODY);
          for (const rel of fs.readdirSync(dir, { recursive: true }) as string[]) fs.lchownSync(path.join(dir, rel), NOBODY, NOBODY);
        }
      }
      fn(ws, outside);
    });
  } finally {
    restore();
    ws.dispose();
  }
}

test(
  'case 1: a link planted at the old temp name is never followed; nothing lands outside, the ledger stays a file',
  { skip: skipUnprivileged },
  () => {
    userWorkspace((ws, outside) => {
      const target = path.join(outside, 'stolen.md');
      const before = ws.read(LEDGER);
      const r = cliAsUser(
        ['sync', '--write'],
        ws.root,
        { PLANLOOP_PLANT_FILE: path.join(ws.root, LEDGER), PLANLOOP_PLANT_TARGET: target },
        PLANT_HOOK,
      );
      assert.equal(r.code, 0, r.stderr);
      assert.ok(!fs.existsSync(target), 'nothing was written outside the workspace');
      assert.ok(fs.lstatSync(path.join(ws.root, LEDGER)).isFile(), 'the ledger is a plain file, not a link');
      assert.equal(tideAttempts(ws.read(LEDGER)).length, tideAttempts(before).length + 1, 'and it got the attempt');
      const left = fs.readdirSync(path.join(ws.root, 'docs')).filter((n) => n.endsWith('.tmp'));
      assert.deepEqual(
        left.map((n) => fs.lstatSync(path.join(ws.root, 'docs', n)).isSymbolicLink()),
        [true],
        'only the planted link is left (untouched); no temp file of ours',
      );
    });
  },
);

test(
  'case 2: a ledger that is a link to a file inside the workspace is written through; the link stays',
  { skip: skipUnprivileged },
  () => {
    userWorkspace((ws) => {
      const real = 'ledgers/real_fix_plan.md';
      ws.write(real, ws.read(LEDGER));
      fs.rmSync(path.join(ws.root, LEDGER));
      fs.symlinkSync(path.join('..', real), path.join(ws.root, LEDGER));
      if (process.getuid?.() === 0) {
        fs.lchownSync(path.join(ws.root, LEDGER), NOBODY, NOBODY);
        fs.chownSync(path.join(ws.root, 'ledgers'), NOBODY, NOBODY);
        fs.chownSync(path.join(ws.root, real), NOBODY, NOBODY);
      }
      const before = ws.read(real);
      const r = cliAsUser(['sync', '--write'], ws.root);
      assert.equal(r.code, 0, r.stderr);
      assert.ok(fs.lstatSync(path.join(ws.root, LEDGER)).isSymbolicLink(), 'the ledger is still a link');
      assert.equal(fs.readlinkSync(path.join(ws.root, LEDGER)), path.join('..', real));
      assert.equal(tideAttempts(ws.read(real)).length, tideAttempts(before).length + 1, 'the file it points to got the attempt');
    });
  },
);

test('case 3: a read-only ledger is refused with its name; nothing is written, the mode stays', { skip: skipUnprivileged }, () => {
  userWorkspace((ws) => {
    fs.chmodSync(path.join(ws.root, LEDGER), 0o444);
    const ledger = ws.read(LEDGER);
    const plan = ws.read(PHASE_PLAN);
    const r = cliAsUser(['sync', '--write'], ws.root);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, 'planloop: cannot write docs/fix_plan.md: the file is read-only; nothing written\n');
    assert.equal(ws.read(LEDGER), ledger);
    assert.equal(ws.read(PHASE_PLAN), plan, 'all or nothing: the plan is not written either');
    assert.equal(fs.statSync(path.join(ws.root, LEDGER)).mode & 0o777, 0o444);
  });
});

test('case 4: a docs/ folder that cannot be written is found before anything is written (no half sync)', { skip: skipUnprivileged }, () => {
  userWorkspace((ws) => {
    const plan = ws.read(PHASE_PLAN);
    const ledger = ws.read(LEDGER);
    fs.chmodSync(path.join(ws.root, 'docs'), 0o555);
    try {
      const r = cliAsUser(['sync', '--write'], ws.root);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /^planloop: cannot write docs\/fix_plan\.md: its folder is not writable \(EACCES\); nothing written\n$/);
      assert.equal(ws.read(PHASE_PLAN), plan, 'the plan was not changed');
      assert.equal(ws.read(LEDGER), ledger);
    } finally {
      fs.chmodSync(path.join(ws.root, 'docs'), 0o755);
    }
  });
});

test('the safe writer keeps the mode of the file it replaces', () => {
  const ws = tempWorkspace();
  try {
    ws.write(`${EVIDENCE_HUB}/planloop-run.json`, runRecord(EVIDENCE_HUB));
    fs.chmodSync(path.join(ws.root, LEDGER), 0o640);
    assert.equal(cli(['sync', '--write'], ws.root).code, 0);
    assert.equal(fs.statSync(path.join(ws.root, LEDGER)).mode & 0o777, 0o640);
  } finally {
    ws.dispose();
  }
});

function runWorkspace(command: string, script?: string) {
  const ws = tempWorkspace();
  if (script) ws.write('step.sh', script);
  ws.write(RUN_PLAN, planWith(command));
  ws.write(`${HUB}/keep.txt`, '');
  ws.write('input.md', ws.read('input.md').replace(/^Artifacts: .*$/m, `Artifacts: ${HUB}/{a.log,b.log}`));
  return ws;
}

test('case 5: a log that cannot be written is one clear line, recorded as an error run; no stack trace, no marker left', () => {
  const ws = runWorkspace('echo ran > ran.txt');
  try {
    ws.write(`${HUB}/H1.log`, 'old\n');
    fs.chmodSync(path.join(ws.root, HUB, 'H1.log'), 0o444);
    const before = ws.read(LEDGER);
    const r = cli(['run', 'H1', '--plan', RUN_PLAN, '--yes'], ws.root);
    assert.equal(r.code, 1, r.stderr);
    assert.ok(!/Unhandled|\n\s+at /.test(r.stderr), r.stderr);
    assert.match(r.stderr, new RegExp(`^planloop: cannot write the log ${HUB}/H1\\.log: the file is read-only$`, 'm'));
    assert.ok(!fs.existsSync(path.join(ws.root, 'ran.txt')), 'nothing ran without a log');
    assert.ok(!fs.existsSync(path.join(ws.root, HUB, '.planloop-running')), 'the marker is gone');
    const record = JSON.parse(ws.read(`${HUB}/planloop-run-H1.json`)) as { outcome: string; message: string };
    assert.equal(record.outcome, 'error');
    assert.equal(record.message, `cannot write the log ${HUB}/H1.log: the file is read-only`);
    assert.equal(tideAttempts(ws.read(LEDGER)).length, tideAttempts(before).length + 1, 'the attempt is recorded');
  } finally {
    ws.dispose();
  }
});

test('case 6: a tmp/ that links outside is not offered for tidying; its files are not listed', () => {
  const ws = tempWorkspace();
  try {
    withOutside((outside) => {
      fs.writeFileSync(path.join(outside, 'theirs.log'), 'not yours\n');
      fs.symlinkSync(outside, path.join(ws.root, 'tmp'));
      const r = cli(['hygiene', '--json'], ws.root);
      assert.ok(r.code === 0 || r.code === 1, r.stderr);
      const report = JSON.parse(r.stdout) as { strays: Array<{ path: string }>; notes: string[] };
      assert.deepEqual(
        report.strays.filter((s) => s.path.startsWith('tmp/')),
        [],
      );
      assert.ok(
        report.notes.includes('tmp/ leads outside the workspace through a symlink: its files are not listed'),
        report.notes.join('; '),
      );
    });
  } finally {
    ws.dispose();
  }
});

test('case 12: a ledger over the size cap is named with its size and the setting, never "not found"', () => {
  const ws = tempWorkspace();
  try {
    ws.write('.planloop.json', JSON.stringify({ maxFileSizeMB: 0.01 }));
    ws.write(LEDGER, ws.read(LEDGER) + '\n<!-- filler -->\n'.repeat(2000));
    const r = cli(['sync'], ws.root);
    assert.equal(r.code, 2, r.stderr);
    const reason = 'larger than 0.01 MB (0.0 MB); raise maxFileSizeMB (.planloop.json, or the planloop.maxFileSizeMB setting) to read it';
    const size = (fs.statSync(path.join(ws.root, LEDGER)).size / 1024 / 1024).toFixed(1);
    assert.equal(
      r.stderr,
      `planloop: skipped docs/fix_plan.md: ${reason.replace('0.0 MB', `${size} MB`)}\nplanloop: the ledger docs/fix_plan.md is not read: ${reason.replace('0.0 MB', `${size} MB`)}\n`,
    );
    assert.ok(!/not found/.test(r.stderr));
  } finally {
    ws.dispose();
  }
});

test('case 13: SIGKILL of planloop run stops its commands and clears the marker; the log says so', async () => {
  const ws = runWorkspace('bash step.sh', 'sleep 60 &\necho $! > sleep.pid\nwait\n');
  try {
    const child = spawn(process.execPath, [CLI, 'run', 'H1', '--plan', RUN_PLAN, '--yes'], { cwd: ws.root, stdio: 'ignore' });
    const marker = path.join(ws.root, HUB, '.planloop-running');
    const pidFile = path.join(ws.root, 'sleep.pid');
    await waitFor('the command to start its sleep', () => fs.existsSync(pidFile) && /\d+\n/.test(fs.readFileSync(pidFile, 'utf8')), {
      timeoutMs: 20_000,
    });
    // The run notes its command's process group in the marker right after starting it.
    await waitFor(
      'the run to note its command in the marker',
      () => fs.readFileSync(marker, 'utf8').split('\n').filter(Boolean).length === 2,
      {
        timeoutMs: 20_000,
      },
    );
    const sleep = Number(fs.readFileSync(pidFile, 'utf8'));
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    assert.ok(alive(sleep) && fs.existsSync(marker));
    child.kill('SIGKILL');
    await waitFor('the orphaned sleep to be stopped', () => !alive(sleep), { timeoutMs: 20_000 });
    await waitFor('the running marker to be cleared', () => !fs.existsSync(marker), { timeoutMs: 20_000 });
    assert.match(ws.read(`${HUB}/H1.log`), /planloop: the run \(PID \d+\) ended without finishing; its commands were stopped/);
  } finally {
    ws.dispose();
  }
});

test('case 13: a stale running marker (dead PID) is reported and cleared by the next run', () => {
  const ws = runWorkspace('echo hi');
  try {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    ws.write(`${HUB}/.planloop-running`, `${dead}\n`);
    const r = cli(['run', 'H1', '--plan', RUN_PLAN, '--yes'], ws.root);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(`^planloop: ${HUB}/\\.planloop-running was left by a run \\(PID ${dead}\\) that is no longer running; cleared$`, 'm'),
    );
    assert.ok(!fs.existsSync(path.join(ws.root, HUB, '.planloop-running')));
  } finally {
    ws.dispose();
  }
});

test('case 14: the run record and blocker.md are replaced whole (a new file renamed in), never rewritten in place or through a planted link', () => {
  const ws = runWorkspace('bash step.sh', 'exit 3\n');
  try {
    withOutside((outside) => {
      // Earlier files of the same names: an in-place write keeps their inode, a safe one replaces it.
      ws.write(`${HUB}/blocker.md`, 'old blocker\n');
      ws.write(`${HUB}/planloop-run-H1.json`, '{}\n');
      const inode = (rel: string) => fs.statSync(path.join(ws.root, HUB, rel)).ino;
      const before = { blocker: inode('blocker.md'), record: inode('planloop-run-H1.json') };
      const r = spawnSync(process.execPath, ['--import', PLANT_HOOK, CLI, 'run', 'H1', '--plan', RUN_PLAN, '--yes'], {
        cwd: ws.root,
        encoding: 'utf8',
        env: {
          ...process.env,
          NO_COLOR: '1',
          PLANLOOP_PLANT_FILE: path.join(ws.root, HUB, 'blocker.md'),
          PLANLOOP_PLANT_TARGET: path.join(outside, 'x'),
        },
      });
      assert.equal(r.status, 1, r.stderr);
      assert.deepEqual(fs.readdirSync(outside), [], 'nothing written outside');
      assert.notEqual(inode('blocker.md'), before.blocker, 'blocker.md was replaced by a rename, not rewritten in place');
      assert.notEqual(inode('planloop-run-H1.json'), before.record, 'the record too');
      assert.match(ws.read(`${HUB}/blocker.md`), /H1/);
      assert.equal((JSON.parse(ws.read(`${HUB}/planloop-run-H1.json`)) as { outcome: string }).outcome, 'failed');
      assert.deepEqual(
        fs
          .readdirSync(path.join(ws.root, HUB))
          .filter((n) => n.endsWith('.tmp') && !fs.lstatSync(path.join(ws.root, HUB, n)).isSymbolicLink()),
        [],
        'no temp file left',
      );
    });
  } finally {
    ws.dispose();
  }
});

test('case 15: with no workspace marker above the folder, the CLI says so in one line and exits 2 without scanning', () => {
  const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-bare-'));
  try {
    // A tree that a scan would walk (and find a plan in): the answer must not depend on it.
    fs.mkdirSync(path.join(bare, 'deep/a/plans/active/X-1'), { recursive: true });
    fs.writeFileSync(path.join(bare, 'deep/a/plans/active/X-1/plan.md'), '| X1 | t | [ ] | g |\n');
    const r = cli(['run', 'NO-SUCH-ROW'], bare);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      `planloop: no workspace (looked above ${bare} for .planloop.json, docs/fix_plan.md, input.md, plans, .git); run inside a workspace or pass --cwd <folder>\n`,
    );
    const home = cli(['status'], bare, { HOME: bare });
    fs.mkdirSync(path.join(bare, '.git'));
    const atHome = cli(['status'], path.join(bare, 'deep'), { HOME: bare });
    assert.equal(home.code, 2);
    assert.equal(atHome.code, 2, 'a home folder with only .git is not a workspace');
    assert.match(
      atHome.stderr,
      /^planloop: no workspace: the nearest marker \(\.git\) is in .*, which is not scanned as a workspace without \.planloop\.json .*--cwd <folder>\n$/,
    );
  } finally {
    fs.rmSync(bare, { recursive: true, force: true });
  }
});

test('case 7: lone-CR and mixed line endings read like LF; sync writes the attempt and the row, each line keeping its ending', () => {
  for (const style of ['cr', 'mixed'] as const) {
    const ws = tempWorkspace();
    try {
      ws.write(`${EVIDENCE_HUB}/planloop-run.json`, runRecord(EVIDENCE_HUB));
      const lf = ws.read(LEDGER);
      ws.write(LEDGER, withEndings(lf, style));
      ws.write(PHASE_PLAN, withEndings(ws.read(PHASE_PLAN), style));
      assert.equal(
        parseLedger(ws.read(LEDGER)).initiatives.length,
        parseLedger(lf).initiatives.length,
        `${style}: every initiative is read`,
      );
      const lint = cli(['lint', '--json'], ws.root);
      assert.ok(lint.code === 0 || lint.code === 1, lint.stderr);
      const r = cli(['sync', '--write'], ws.root);
      assert.equal(r.code, 0, r.stderr);
      const after = ws.read(LEDGER);
      assert.equal(tideAttempts(after).length, tideAttempts(lf).length + 1, `${style}: the attempt is written`);
      assert.equal(rowState(ws.read(PHASE_PLAN), PHASE_ROW), '[x]', `${style}: the row is marked`);
      if (style === 'cr') assert.ok(!after.includes('\n'), 'a CR-only ledger stays CR-only, the insertion too');
      else {
        const added = /(\r\n|\n|\r)( {2}\* \[2026-03-07\] Attempt #\d+[^\r\n]*)(?=(\r\n|\n|\r))/.exec(after)!;
        assert.equal(added[1], added[3], 'the new line ends as the line it follows did');
        assert.equal(after.replace(added[1] + added[2], ''), withEndings(lf, 'mixed'), 'every other line keeps its ending');
      }
    } finally {
      ws.dispose();
    }
  }
});
