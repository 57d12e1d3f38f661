// One owner for run records and blocker.md (core recordRun): a run seen by the editor (a task's
// exit code, the failing command read from the log) and the same run seen by the CLI (command by
// command) give byte-identical records, blockers and ledger attempts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempWorkspace } from '../support/tempWorkspace';
import { finishRunParams as sampleRunEnd, PHASE_PLAN } from '../support/runRecords';
import { InMemoryWorkspace } from '../support/inMemoryWorkspace';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { nodeFileSystem } from '../../server/host/nodeFileSystem';
import { nodeHubPort } from '../../server/host/nodeHubPort';
import { planRun, type RunSpec } from '../../server/core/run/runPlan';
import {
  classifyRunEnd,
  clearRunning,
  commandLogLine,
  endRun,
  lastStartedCommand,
  markRunning,
  parseRunningMarker,
  parseRunRecord,
  recordRun,
  RUNNING_MARKER,
  type RunEnd,
} from '../../server/core/run/runRecord';
import { blockerText, logExcerpt } from '../../server/core/run/blocker';
import { applySync, planRunOutcome } from '../../server/core/run/sync';
import { finishRunParams, type TaskOutcome } from '../../src/run/taskRunEnd';
import { runEndOf } from '../../server/lsp/finishRun';
import { cliRunEnd } from '../../server/cli/runEnd';

const STARTED = new Date('2026-03-06T10:00:00.000Z');

/** How the editor's run end reaches the core: the client's planloop/finishRun parameters, read by the server. */
const editorRunEnd = (outcome: TaskOutcome, spec = {} as RunSpec): RunEnd => runEndOf(finishRunParams({ ...spec, script: '' }, outcome));
const LEDGER = 'docs/fix_plan.md';

interface Case {
  readonly name: string;
  /** The log both hosts leave (the `$ command` lines are written by both). */
  readonly log: (spec: RunSpec) => string;
  readonly exitCode: number;
  /** Index of the command that failed (the CLI knows it; the editor reads it from the log). */
  readonly failed?: number;
}

const PYTEST_FAILURE = [
  '============================= test session starts ==============================',
  'collected 1 item',
  '',
  'tests/test_tides.py F                                                    [100%]',
  '',
  '=================================== FAILURES ===================================',
  '__________________________________ test_ok ___________________________________',
  '',
  '    def test_ok():',
  '>       assert forecast(9414290) == 3',
  'E       assert 2 == 3',
  'E        +  where 2 = forecast(9414290)',
  '',
  'tests/test_tides.py:7: AssertionError',
  ...Array.from({ length: 60 }, (_, i) => `captured line ${i}`),
  '=========================== short test summary info ============================',
  'FAILED tests/test_tides.py::test_ok - assert 2 == 3',
  '============================== 1 failed in 0.02s ===============================',
];

const CASES: Case[] = [
  { name: 'passed', exitCode: 0, log: (s) => `${commandLogLine(s.envExport)}\n${commandLogLine(s.commands[0])}\n1 passed in 0.01s\n` },
  {
    name: 'failed (pytest)',
    exitCode: 1,
    failed: 0,
    log: (s) => [commandLogLine(s.envExport), commandLogLine(s.commands[0]), ...PYTEST_FAILURE, ''].join('\n'),
  },
  {
    name: 'error (exit 127)',
    exitCode: 127,
    failed: 0,
    log: (s) => `${commandLogLine(s.commands[0])}\n/bin/bash: line 1: pytest: command not found\n`,
  },
];

/** The D1 run plan of the sample workspace, in a fresh copy with `files` in its hub (mtimes set). */
function workspaceWith(log: string, spec?: RunSpec) {
  const ws = tempWorkspace();
  const index = new WorkspaceIndex(ws.root, nodeFileSystem);
  index.indexAll();
  const hit = index.findRows('D1', { planPath: PHASE_PLAN })[0];
  const planned = spec ?? planRun(index, { kind: 'row', hit }, undefined, STARTED).spec!;
  const hub = planned.hubDir.replace(/\/$/, '');
  // What the hub already held (the phase plan) is older than the run.
  const before = new Date(STARTED.getTime() - 86_400_000);
  for (const name of fs.readdirSync(path.join(ws.root, hub))) fs.utimesSync(path.join(ws.root, hub, name), before, before);
  const files: Array<[string, string, number]> = [
    [planned.logFile, log, 5],
    [`${hub}/logs/collect.log`, 'collected 1 item\n', 3], // in a sub-folder: evidence too
    [`${hub}/summary.md`, '# old summary\n', -3600], // older than the run: not this run's evidence
  ];
  for (const [rel, text, offsetSeconds] of files) {
    ws.write(rel, text);
    const when = new Date(STARTED.getTime() + offsetSeconds * 1000);
    fs.utimesSync(path.join(ws.root, rel), when, when);
  }
  return { ws, index, spec: planned };
}

async function runThrough(host: 'editor' | 'cli', c: Case, shared?: RunSpec) {
  const probe = workspaceWith('', shared);
  const spec = probe.spec;
  probe.ws.dispose();
  const { ws } = workspaceWith(c.log(spec), spec);
  const end: RunEnd =
    host === 'editor'
      ? editorRunEnd({ exitCode: c.exitCode, startedAt: STARTED, durationMs: 2300, cancelled: false }, spec)
      : cliRunEnd({
          startedAt: STARTED,
          durationMs: 2300,
          exitCode: c.exitCode,
          failedCommand: c.failed === undefined ? undefined : spec.commands[c.failed],
        });
  const { recordPath, record } = await recordRun(nodeHubPort(ws.root), spec, end);
  const hub = spec.hubDir.replace(/\/$/, '');
  const blocker = fs.existsSync(path.join(ws.root, hub, 'blocker.md')) ? ws.read(`${hub}/blocker.md`) : undefined;
  const fresh = new WorkspaceIndex(ws.root, nodeFileSystem);
  fresh.indexAll();
  const ledger = applySync(planRunOutcome(fresh, { path: recordPath, record })).get(LEDGER);
  const result = { spec, recordPath, recordText: ws.read(recordPath), blocker, ledger };
  ws.dispose();
  return result;
}

for (const c of CASES) {
  test(`${c.name}: the editor and the CLI write byte-identical records, blockers and ledger attempts`, async () => {
    const editor = await runThrough('editor', c);
    const cli = await runThrough('cli', c, editor.spec);
    assert.equal(editor.recordPath, cli.recordPath);
    assert.equal(editor.recordText, cli.recordText);
    assert.equal(editor.blocker, cli.blocker);
    assert.ok(editor.ledger && cli.ledger, 'both propose a ledger attempt');
    assert.equal(editor.ledger, cli.ledger);

    const record = parseRunRecord(editor.recordText).record!;
    const hub = editor.spec.hubDir.replace(/\/$/, '');
    assert.deepEqual(
      record.artifacts,
      [...(c.exitCode === 0 ? [] : [`${hub}/blocker.md`]), editor.spec.logFile, `${hub}/logs/collect.log`].sort(),
      'this run’s files, recursively, without the older summary',
    );
    if (c.exitCode === 0) {
      assert.equal(editor.blocker, undefined);
      assert.equal(record.blocker, undefined);
    } else {
      assert.equal(record.blocker, `${hub}/blocker.md`);
      assert.equal(record.failedCommand, editor.spec.commands[0]);
      // The attempt cites the blocker, right after the log.
      assert.match(editor.ledger!, new RegExp(`Artifacts: \`${editor.spec.logFile}\`, \`${hub}/blocker\\.md\``));
    }
  });
}

test('exit 127 is an error in both hosts, naming what the shell could not find', () => {
  const run = { commands: ['pytest -q'] };
  const log = '$ pytest -q\n/bin/bash: line 1: pytest: command not found\n';
  for (const end of [
    editorRunEnd({ exitCode: 127, startedAt: STARTED, durationMs: 1, cancelled: false }),
    cliRunEnd({ startedAt: STARTED, durationMs: 1, exitCode: 127, failedCommand: 'pytest -q' }),
  ])
    assert.deepEqual(classifyRunEnd(run, end, log), {
      outcome: 'error',
      message: 'command not found or not executable: pytest: command not found',
      failedCommand: 'pytest -q',
    });
  assert.equal(classifyRunEnd(run, { startedAt: STARTED, durationMs: 1, exitCode: 126 }, '').outcome, 'error');
  assert.equal(classifyRunEnd(run, { startedAt: STARTED, durationMs: 1, exitCode: 1 }, '').outcome, 'failed');
  assert.equal(classifyRunEnd(run, { startedAt: STARTED, durationMs: 1, exitCode: 130 }, '').outcome, 'interrupted');
  assert.deepEqual(classifyRunEnd(run, { startedAt: STARTED, durationMs: 1, exitCode: null }, ''), {
    outcome: 'failed',
    message: 'ended without an exit code',
    failedCommand: undefined,
  });
  assert.equal(
    classifyRunEnd(run, editorRunEnd({ exitCode: undefined, startedAt: STARTED, durationMs: 1, cancelled: true }), log).outcome,
    'interrupted',
  );
});

test('the failing command is the last one the log announces, whole lines only', () => {
  const commands = ['pytest a', 'pytest ab', 'echo done'];
  assert.equal(lastStartedCommand(commands, '$ pytest a\nok\n$ pytest ab\nboom\n'), 'pytest ab');
  assert.equal(lastStartedCommand(commands, '$ pytest a\nboom\n'), 'pytest a');
  assert.equal(lastStartedCommand(commands, 'no announcements\n'), undefined);
  assert.equal(lastStartedCommand(['cat <<EOF\nx\nEOF'], '$ cat <<EOF\nx\nEOF\nx\n'), 'cat <<EOF\nx\nEOF');
});

test('the blocker’s excerpt is pytest’s error block and short summary, not the last lines', () => {
  const excerpt = logExcerpt(PYTEST_FAILURE.join('\n'));
  assert.equal(excerpt.kind, 'errors');
  assert.deepEqual(excerpt.text.split('\n'), [
    'E       assert 2 == 3',
    'E        +  where 2 = forecast(9414290)',
    '…',
    'tests/test_tides.py:7: AssertionError',
    '…',
    '=========================== short test summary info ============================',
    'FAILED tests/test_tides.py::test_ok - assert 2 == 3',
    '============================== 1 failed in 0.02s ===============================',
  ]);
});

test('a traceback keeps its last frame and the exception; a log without errors keeps its tail', () => {
  const log = [
    'starting',
    'Traceback (most recent call last):',
    '  File "/x/run.py", line 3, in <module>',
    '    main()',
    '  File "/x/run.py", line 2, in main',
    '    open("missing.npz")',
    "FileNotFoundError: [Errno 2] No such file: 'missing.npz'",
    'done',
  ].join('\n');
  assert.deepEqual(logExcerpt(log).text.split('\n'), [
    'Traceback (most recent call last):',
    '…',
    '  File "/x/run.py", line 2, in main',
    '    open("missing.npz")',
    "FileNotFoundError: [Errno 2] No such file: 'missing.npz'",
  ]);
  const quiet = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
  assert.deepEqual(logExcerpt(quiet), { kind: 'tail', text: Array.from({ length: 40 }, (_, i) => `line ${i + 10}`).join('\n') });
});

test('the blocker fences its excerpt so backticks in the log cannot close it', () => {
  const text = blockerText(
    {
      rowId: 'D1',
      outcome: 'failed',
      startedAt: STARTED.toISOString(),
      exitCode: 1,
      failedCommand: 'pytest -q',
      profile: 'cpu',
      env: { CUDA_VISIBLE_DEVICES: '' },
      log: 'h/D1.log',
      commands: ['pytest -q'],
    },
    'E   ```oops```\n',
  );
  assert.match(text, /\n````\nE {3}```oops```\n````\n/);
  assert.match(text, /^- Command: `pytest -q`$/m);
  assert.match(text, /^- Profile: cpu \(CUDA_VISIBLE_DEVICES=""\)$/m);
});

test("the running marker: both hosts write it through the core; it names the writer, then its commands' process groups", async () => {
  const workspace = new InMemoryWorkspace();
  const port = workspace.hubPort();
  const run = { hubDir: 'reports/T/' };
  await markRunning(port, run, { pid: 42, groups: [4242, 4343] });
  assert.equal(workspace.read(`reports/T/${RUNNING_MARKER}`), '42\n4242\n4343\n');
  assert.deepEqual(parseRunningMarker('42\n4242\n4343\n'), { pid: 42, groups: [4242, 4343] });
  assert.equal(parseRunningMarker('not a process\n'), undefined);
  await clearRunning(port, run);
  assert.deepEqual(workspace.paths(), []);
});

test('endRun clears the running marker even when the record cannot be written', async () => {
  const workspace = new InMemoryWorkspace();
  const memory = workspace.hubPort();
  const port = {
    ...memory,
    writeFile: async (rel: string, text: string) => {
      if (rel.endsWith('.json')) throw new Error('disk full');
      await memory.writeFile(rel, text);
    },
  };
  const ended = sampleRunEnd('reports/T');
  await markRunning(port, ended.plan, { pid: 42 });
  await assert.rejects(endRun(port, ended.plan, runEndOf(ended)), /disk full/);
  assert.equal(workspace.read(`reports/T/${RUNNING_MARKER}`), undefined, 'the marker is cleared');
});
