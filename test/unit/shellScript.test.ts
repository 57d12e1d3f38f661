// The shell line an editor run executes (server/core/run/runScript.ts): paths are quoted by shell-quote,
// so hostile hub and log paths (spaces, quotes, $, backticks, ;, newlines) are only ever paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { buildRunScript } from '../../server/core/run/runScript';

const HOSTILE = [
  'a b',
  "it's",
  'say "hi"',
  '$HOME',
  '$(touch pwned)',
  '`touch pwned`',
  'x; touch pwned',
  'a|b',
  'a&b',
  'new\nline',
  '*',
  '!bang',
  '\\back',
  '{a,b}',
  '~user',
  '#hash',
  '\t',
  'é 🙂',
];

/** Runs the script the way the task does (bash -c, cwd = a fresh workspace), checks it, removes the workspace. */
function runScript(
  hubDir: string,
  logFile: string,
  commands: string[],
  check: (root: string, status: number | null) => void,
  timed = false,
): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-shell-'));
  try {
    const script = buildRunScript({
      hubDir,
      logFile,
      commands,
      timeBinary: timed ? '/usr/bin/time' : undefined,
      timeFile: timed ? `${hubDir}/t.time` : undefined,
    });
    const r = spawnSync('/bin/bash', ['-c', script], { cwd: root, encoding: 'utf8', env: { ...process.env, HOME: '/nonexistent-home' } });
    check(root, r.status);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

test('hostile hub and log paths are created exactly as written and nothing in them runs', () => {
  for (const name of HOSTILE) {
    const hub = `reports/${name}/hub`;
    const log = `${hub}/${name}.log`;
    runScript(hub, log, ['echo ran'], (root, status) => {
      assert.equal(status, 0, name);
      assert.equal(
        fs.readFileSync(path.join(root, log), 'utf8'),
        '$ echo ran\nran\n',
        `${JSON.stringify(name)}: the log is at the exact path`,
      );
      assert.ok(!fs.existsSync(path.join(root, 'pwned')), `${JSON.stringify(name)}: nothing was executed from the path`);
      assert.deepEqual(fs.readdirSync(root), ['reports'], `${JSON.stringify(name)}: nothing else was created`);
    });
  }
});

test(
  'with /usr/bin/time the hostile time file is quoted too',
  { skip: fs.existsSync('/usr/bin/time') ? undefined : '/usr/bin/time is absent' },
  () => {
    const hub = 'reports/$(touch pwned) \'q\' "d"/hub';
    runScript(
      hub,
      `${hub}/x;y.log`,
      ['echo timed'],
      (root, status) => {
        assert.equal(status, 0);
        assert.equal(fs.readFileSync(path.join(root, hub, 'x;y.log'), 'utf8').split('\n')[1], 'timed');
        assert.match(fs.readFileSync(path.join(root, hub, 't.time'), 'utf8'), /^real /m);
        assert.ok(!fs.existsSync(path.join(root, 'pwned')));
      },
      true,
    );
  },
);

test('the first failing command stops the sequence and its exit code is the pipeline’s (pipefail)', () => {
  runScript('h', 'h/l.log', ['echo one', 'exit 3', 'echo never'], (root, status) => {
    assert.equal(status, 3);
    assert.equal(fs.readFileSync(path.join(root, 'h/l.log'), 'utf8'), '$ echo one\none\n$ exit 3\n');
  });
});

test('commands with a trailing # comment or a heredoc run, and the next command still runs', () => {
  runScript('h', 'h/l.log', ['echo one  # why', 'cat <<EOF\nheredoc\nEOF', 'echo "}"; ', 'echo last'], (root, status) => {
    assert.equal(status, 0);
    assert.equal(
      fs.readFileSync(path.join(root, 'h/l.log'), 'utf8'),
      '$ echo one  # why\none\n$ cat <<EOF\nheredoc\nEOF\nheredoc\n$ echo "}"; \n}\n$ echo last\nlast\n',
    );
  });
});

test('property: any path of printable characters round-trips through the script as that path', () => {
  const segment = fc
    .string({ minLength: 1, maxLength: 12, unit: fc.constantFrom(...'ab $`"\';|&()<>*?[]{}~#!\\\t\n=%^,'.split('')) })
    .filter((s) => s !== '.' && s !== '..');
  fc.assert(
    fc.property(segment, (name) => {
      runScript(`h/${name}`, `h/${name}/${name}.log`, ['printf ok'], (root, status) => {
        assert.equal(status, 0);
        assert.equal(fs.readFileSync(path.join(root, 'h', name, `${name}.log`), 'utf8'), '$ printf ok\nok');
        assert.deepEqual(fs.readdirSync(root), ['h']);
        assert.deepEqual(fs.readdirSync(path.join(root, 'h')), [name]);
      });
    }),
    { numRuns: 60 },
  );
});

test('a passing sequence exits 0 and tees both stdout and stderr into the log', () => {
  runScript('h', 'h/l.log', ['echo out', 'echo err >&2'], (root, status) => {
    assert.equal(status, 0);
    assert.equal(fs.readFileSync(path.join(root, 'h/l.log'), 'utf8'), '$ echo out\nout\n$ echo err >&2\nerr\n');
  });
});

test('the profile env leads the command line, is the log’s first line, and is in effect for every command', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-shell-'));
  try {
    const script = buildRunScript({
      hubDir: 'h',
      logFile: 'h/l.log',
      commands: ['echo "[$CUDA_VISIBLE_DEVICES]"', 'printf \'%s\\n\' "$X"'],
      envExport: 'export CUDA_VISIBLE_DEVICES="" X=\'a b\'',
    });
    assert.ok(script.startsWith('export CUDA_VISIBLE_DEVICES="" X=\'a b\' && '), script);
    const r = spawnSync('/bin/bash', ['-c', script], { cwd: root, encoding: 'utf8', env: { ...process.env, CUDA_VISIBLE_DEVICES: '0' } });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      fs.readFileSync(path.join(root, 'h/l.log'), 'utf8'),
      '$ export CUDA_VISIBLE_DEVICES="" X=\'a b\'\n$ echo "[$CUDA_VISIBLE_DEVICES]"\n[]\n$ printf \'%s\\n\' "$X"\na b\n',
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
