// The shell line an editor run executes, run for real with bash: commands in sequence stop at the
// first failure, every byte lands in the hub log, and hostile hub paths stay one word.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildRunScript } from '../../src/run/shellScript';

function run(script: string, cwd: string): { code: number | null; stdout: string } {
  const r = spawnSync('/bin/bash', ['-c', script], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout + r.stderr };
}

function withTempDir(fn: (dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-script-'));
  try {
    fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('commands run in order and the first failure stops the sequence with its exit code', () => {
  withTempDir((dir) => {
    const script = buildRunScript({ hubDir: 'hub/', logFile: 'hub/D1.log', commands: ['echo one', 'bash -c "exit 3"', 'echo three'] });
    const r = run(script, dir);
    assert.equal(r.code, 3);
    const log = fs.readFileSync(path.join(dir, 'hub/D1.log'), 'utf8');
    assert.equal(log, 'one\n');
    assert.ok(!r.stdout.includes('three'));
  });
});

test('a passing sequence exits 0 and tees stdout and stderr into the log', () => {
  withTempDir((dir) => {
    const script = buildRunScript({ hubDir: 'hub', logFile: 'hub/D2.log', commands: ['echo out', 'echo err >&2;'] });
    const r = run(script, dir);
    assert.equal(r.code, 0);
    assert.equal(fs.readFileSync(path.join(dir, 'hub/D2.log'), 'utf8'), 'out\nerr\n');
  });
});

test('hub and log paths with spaces, quotes, $, backticks and ; are quoted, never executed', () => {
  withTempDir((dir) => {
    const hub = `reports/a b'c"$(touch pwned)\`touch pwned2\`;touch pwned3/`;
    const script = buildRunScript({ hubDir: hub, logFile: `${hub}R1.log`, commands: ['echo safe'] });
    const r = run(script, dir);
    assert.equal(r.code, 0, r.stdout);
    assert.equal(fs.readFileSync(path.join(dir, hub, 'R1.log'), 'utf8'), 'safe\n');
    for (const f of ['pwned', 'pwned2', 'pwned3']) assert.ok(!fs.existsSync(path.join(dir, f)), `${f} was not created`);
  });
});

test('with /usr/bin/time the report lands beside the log and the exit code is still the command\'s', { skip: !fs.existsSync('/usr/bin/time') && 'no /usr/bin/time on this machine' }, () => {
  withTempDir((dir) => {
    const script = buildRunScript({ hubDir: 'hub', logFile: 'hub/T.log', commands: ['bash -c "exit 2"'], timeBinary: '/usr/bin/time', timeFile: 'hub/T.time' });
    const r = run(script, dir);
    assert.equal(r.code, 2);
    assert.match(fs.readFileSync(path.join(dir, 'hub/T.time'), 'utf8'), /real \d/);
  });
});
