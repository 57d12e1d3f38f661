// Runs in real terminals and evidence landing, inside VS Code: a passing and a failing pytest row
// (env, hub, log, row state, ledger attempt, blocker.md, Problems entry), artifacts landing from
// a script outside the extension (`ask` mode's notification is clicked in the e2e suite).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { activateExtension, fileUri, nextEvent, waitFor, workspaceRoot } from './helpers';
import { parseLedger } from '../../server/core/parse/ledger';
import type { PlanLoopApi } from '../../src/extension';
import type { RunPlan } from '../../server/protocol';

const SMOKE_PLAN = 'plans/active/CACHE-REFRESH-002/smoke_plan.md';
const LEDGER = 'docs/fix_plan.md';
const SMOKE_PLAN_TEXT = [
  '# CACHE-REFRESH-002 smoke',
  '',
  '### Phase R — Runs',
  '| ID | Task Description | State | How/Why & Guidance |',
  '| --- | --- | --- | --- |',
  '| R1 | Passing selector | [ ] | `pytest tests/test_tides.py::test_ok -q` |',
  '| R2 | Failing selector | [ ] | `pytest tests/test_tides.py::test_fails -q` |',
  '| R3 | Metrics from the nightly script | [ ] | Lands `reports/<TS>/phase_r_nightly/{metrics.json,nightly.log}` |',
  '| R4 | Metrics reviewed | [ ] | Lands `reports/<TS>/phase_r_review/review.log` |',
  "| R5 | Race one | [ ] | `bash -c 'sleep 1; echo five'` |",
  "| R6 | Race two | [ ] | `bash -c 'sleep 1; echo six'` |",
  '| R7 | Tool that is not installed | [ ] | `./scripts/planloop_missing_tool.sh --station 9414290` |',
  '',
].join('\n');

// An initiative the ledger has no entry for.
const ORPHAN_PLAN = 'plans/active/ORPHAN-404/implementation.md';
const ORPHAN_PLAN_TEXT = [
  '# ORPHAN-404 plan',
  '',
  '### Phase A — Probe',
  '| ID | Task Description | State | How/Why & Guidance |',
  '| --- | --- | --- | --- |',
  "| A1 | Echo | [ ] | `bash -c 'echo orphan'` |",
  '',
].join('\n');

const disk = (rel: string): string => fs.readFileSync(path.join(workspaceRoot().fsPath, rel), 'utf8');
const cacheAttempts = (ledger: string) => parseLedger(ledger).initiatives.find((i) => i.id === 'CACHE-REFRESH-002')!.attempts;

/** `after` is `before` with exactly one insertion; returns the inserted text. */
function singleInsertion(before: string, after: string): string {
  let start = 0;
  while (start < before.length && before[start] === after[start]) start++;
  const inserted = after.length - before.length;
  assert.ok(inserted > 0, 'something was inserted');
  assert.equal(after.slice(0, start) + after.slice(start + inserted), before, 'nothing but one insertion changed');
  return after.slice(start, start + inserted);
}

async function configure(settings: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('planloop');
  for (const [key, value] of Object.entries(settings)) await config.update(key, value, vscode.ConfigurationTarget.Workspace);
}

async function runAndRecord(
  api: PlanLoopApi,
  rowId: string,
  planPath = SMOKE_PLAN,
): Promise<{ plan: RunPlan; recordPath: string; notes: string[] }> {
  const recorded = new Promise<{ plan: RunPlan; recordPath: string; notes: string[] }>((resolve) => {
    const sub = api.onDidRecordRun((e) => {
      if (e.plan.rowId !== rowId) return;
      sub.dispose();
      resolve(e);
    });
  });
  await vscode.commands.executeCommand('planloop.runRow', { uri: fileUri(planPath).toString(), rowId });
  return recorded;
}

export function registerRunTests(): void {
  suite('runs', () => {
    let api: PlanLoopApi;

    suiteSetup(async () => {
      api = await activateExtension();
      await configure({ autoUpdate: 'always', confirmRuns: false });
      fs.writeFileSync(path.join(workspaceRoot().fsPath, SMOKE_PLAN), SMOKE_PLAN_TEXT);
      await waitFor('the server to index the smoke plan', async () => {
        const details = await api.sendRequest<{ commands: string[] } | null>('planloop/rowDetails', {
          uri: fileUri(SMOKE_PLAN).toString(),
          rowId: 'R2',
        });
        return details?.commands.length ? true : undefined;
      });
    });

    suiteTeardown(async () => {
      await configure({ autoUpdate: undefined, confirmRuns: undefined });
    });

    test('the planloop task type is provided to "Run Task"', async () => {
      const tasks = await vscode.tasks.fetchTasks({ type: 'planloop' });
      const names = tasks.map((t) => t.name).sort();
      assert.ok(names.includes('Run D1 (cpu)'), `tasks: ${names.join(', ')}`);
      assert.ok(names.includes('Run mapped-tests (cpu)'));
      const d1 = tasks.find((t) => t.name === 'Run D1 (cpu)')!;
      const execution = d1.execution as vscode.ShellExecution;
      assert.equal(execution.options?.env?.CUDA_VISIBLE_DEVICES, '');
      // The terminal shows the command line it executes: the mask leads it.
      assert.ok(String(execution.commandLine).startsWith('export CUDA_VISIBLE_DEVICES="" && '), String(execution.commandLine));
      assert.match(String(execution.commandLine), /tee -a .*phase_d_smoke\/D1\.log/);
    });

    test('a passing row runs CUDA-masked, logs into a new hub, becomes [x] and gains one attempt', async () => {
      const probe = process.env.PLANLOOP_ENV_PROBE;
      assert.ok(probe, 'the harness sets PLANLOOP_ENV_PROBE (and CUDA_VISIBLE_DEVICES=0 on the host)');
      assert.equal(process.env.CUDA_VISIBLE_DEVICES, '0', 'the host has a GPU mask the profile must override');
      const planBefore = disk(SMOKE_PLAN);
      const ledgerBefore = disk(LEDGER);
      const { plan, recordPath } = await runAndRecord(api, 'R1');

      assert.equal(fs.readFileSync(probe, 'utf8'), '', 'the test saw CUDA_VISIBLE_DEVICES empty');
      // The fixture workspace's own layout for this initiative: its plan cites
      // `reports/2026-03-04T101500Z/hit_rates.log`, a bare stamp folder under the initiative.
      assert.match(plan.hubDir, /^plans\/active\/CACHE-REFRESH-002\/reports\/\d{4}-\d{2}-\d{2}T\d{6}Z\/$/);
      const log = disk(plan.logFile);
      assert.match(log, /1 passed/);
      // What the masked run's terminal showed first (tee'd into the log): the mask.
      assert.equal(log.split('\n')[0], '$ export CUDA_VISIBLE_DEVICES=""');
      const record = JSON.parse(disk(recordPath)) as { outcome: string; exitCode: number; env: Record<string, string> };
      assert.deepEqual([record.outcome, record.exitCode, record.env.CUDA_VISIBLE_DEVICES], ['passed', 0, '']);

      await waitFor('R1 to become [x] on disk', () => (disk(SMOKE_PLAN).includes('| R1 | Passing selector | [x] |') ? true : undefined));
      assert.equal(
        disk(SMOKE_PLAN),
        planBefore.replace('| R1 | Passing selector | [ ] |', '| R1 | Passing selector | [x] |'),
        'only the marker changed',
      );
      const ledgerAfter = disk(LEDGER);
      const inserted = singleInsertion(ledgerBefore, ledgerAfter);
      const before = cacheAttempts(ledgerBefore);
      const after = cacheAttempts(ledgerAfter);
      assert.equal(after.length, before.length + 1, 'exactly one attempt');
      assert.match(inserted, new RegExp(`Attempt #${before.length + 1}\\b`));
      assert.match(inserted, /passed/);
      assert.match(inserted, /profile cpu \(CUDA_VISIBLE_DEVICES=""\)/);
      assert.ok(inserted.includes(plan.logFile), 'the attempt links the log');
    });

    test('a failing row becomes [P] with a blocker.md, a failed attempt and a Problems entry', async () => {
      const ledgerBefore = disk(LEDGER);
      const { plan } = await runAndRecord(api, 'R2');
      const hub = plan.hubDir.replace(/\/$/, '');
      const blocker = disk(`${hub}/blocker.md`);
      assert.match(blocker, /pytest tests\/test_tides\.py::test_fails/);
      assert.match(blocker, /Exit code: 1/);
      assert.match(blocker, /^FAILED tests\/test_tides\.py::test_fails/m, 'the short test summary is in the blocker');
      assert.match(blocker, /^E +assert/m, 'the error block is in the blocker');
      await waitFor('R2 to become [P] on disk', () => (disk(SMOKE_PLAN).includes('| R2 | Failing selector | [P] |') ? true : undefined));
      const inserted = singleInsertion(ledgerBefore, disk(LEDGER));
      assert.match(inserted, /failed \(exit 1\)/);
      const problems = await waitFor('a pytest Problems entry for tests/test_tides.py', () => {
        const found = vscode.languages.getDiagnostics(fileUri('tests/test_tides.py')).filter((d) => /AssertionError/.test(d.message));
        return found.length ? found : undefined;
      });
      const source = disk('tests/test_tides.py').split('\n');
      assert.match(
        source[problems[0].range.start.line],
        /assert forecast\("9414290"\)\.height_m > 5/,
        'the entry points at the failing assert',
      );
    });

    test('a command that does not exist gives a failed attempt that says so', async () => {
      const ledgerBefore = disk(LEDGER);
      const { plan, recordPath } = await runAndRecord(api, 'R7');
      const record = JSON.parse(disk(recordPath)) as { outcome: string; exitCode: number; message?: string };
      assert.deepEqual([record.outcome, record.exitCode], ['error', 127]);
      assert.match(record.message ?? '', /No such file or directory/);
      await waitFor('R7 to become [P] on disk', () =>
        disk(SMOKE_PLAN).includes('| R7 | Tool that is not installed | [P] |') ? true : undefined,
      );
      const inserted = singleInsertion(ledgerBefore, disk(LEDGER));
      assert.match(inserted, /failed \(exit 127\)/);
      assert.match(inserted, /command not found or not executable: \.\/scripts\/planloop_missing_tool\.sh: No such file or directory/);
      assert.ok(inserted.includes(`${plan.hubDir}blocker.md`), 'the attempt cites blocker.md');
      assert.match(disk(`${plan.hubDir.replace(/\/$/, '')}/blocker.md`), /planloop_missing_tool\.sh/);
    });

    test('a run of an initiative the ledger lacks writes no attempt and says how to create the entry', async () => {
      fs.mkdirSync(path.dirname(path.join(workspaceRoot().fsPath, ORPHAN_PLAN)), { recursive: true });
      fs.writeFileSync(path.join(workspaceRoot().fsPath, ORPHAN_PLAN), ORPHAN_PLAN_TEXT);
      await waitFor('the server to index the orphan plan', async () => {
        const details = await api.sendRequest<{ commands: string[] } | null>('planloop/rowDetails', {
          uri: fileUri(ORPHAN_PLAN).toString(),
          rowId: 'A1',
        });
        return details?.commands.length ? true : undefined;
      });
      const ledgerBefore = disk(LEDGER);
      const { notes } = await runAndRecord(api, 'A1', ORPHAN_PLAN);
      assert.ok(
        notes.some((n) => /docs\/fix_plan\.md has no entry for ORPHAN-404: create one \(### \[ORPHAN-404\] Title\)/.test(n)),
        notes.join('\n'),
      );
      await waitFor('A1 to become [x] on disk (the row state is still evidence)', () =>
        disk(ORPHAN_PLAN).includes('| A1 | Echo | [x] |') ? true : undefined,
      );
      assert.equal(disk(LEDGER), ledgerBefore, 'the ledger is untouched');
    });

    test('artifacts written by a script outside the extension update the row and ledger', async () => {
      const planBefore = disk(SMOKE_PLAN);
      const ledgerBefore = disk(LEDGER);
      const handled = new Promise<{ applied: boolean }>((resolve) => {
        const sub = api.onDidHandleLanding((e) => {
          sub.dispose();
          resolve(e);
        });
      });
      const hub = 'plans/active/CACHE-REFRESH-002/reports/2026-03-09T070000Z/phase_r_nightly';
      execFileSync(
        'bash',
        ['-c', `mkdir -p ${hub} && echo '{"hit_rate": 0.93}' > ${hub}/metrics.json && echo '3 passed in 0.2s' > ${hub}/nightly.log`],
        { cwd: workspaceRoot().fsPath },
      );
      assert.equal((await handled).applied, true);
      await waitFor('R3 to become [x] on disk', () =>
        disk(SMOKE_PLAN).includes('| R3 | Metrics from the nightly script | [x] |') ? true : undefined,
      );
      assert.equal(
        disk(SMOKE_PLAN),
        planBefore.replace('| R3 | Metrics from the nightly script | [ ] |', '| R3 | Metrics from the nightly script | [x] |'),
      );
      const inserted = singleInsertion(ledgerBefore, disk(LEDGER));
      assert.match(inserted, /R3 evidence landed/);
      assert.ok(inserted.includes(`${hub}/metrics.json`) && inserted.includes(`${hub}/nightly.log`));
    });

    test('autoUpdate "always" with unsaved changes in the ledger: the attempt lands in the buffer and nothing is lost', async () => {
      const uri = fileUri(LEDGER);
      const onDisk = disk(LEDGER);
      const ledger = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(ledger);
      assert.equal(ledger.isDirty, false, 'the ledger starts saved');
      // The user's unsaved work: a changed line and a new one above the entry that gains the attempt,
      // so an edit computed on the disk text would land on the wrong line.
      const line = ledger
        .getText()
        .split('\n')
        .findIndex((l) => l.startsWith('**Last Updated:**'));
      await editor.edit((e) => {
        e.replace(ledger.lineAt(line).range, '**Last Updated:** 2026-03-09 (draft)');
        e.insert(new vscode.Position(line + 1, 0), '**Draft:** reviewing the R4 metrics, not saved yet\n');
      });
      const unsaved = ledger.getText();
      assert.equal(ledger.isDirty, true, 'the ledger has unsaved changes');
      const handled = nextEvent("R4's landing to be handled", api.onDidHandleLanding, (e) => e.params.summary.startsWith('R4'), 30_000);
      const hub = 'plans/active/CACHE-REFRESH-002/reports/2026-03-09T080000Z/phase_r_review';
      execFileSync('bash', ['-c', `mkdir -p ${hub} && echo '2 passed in 0.1s' > ${hub}/review.log`], { cwd: workspaceRoot().fsPath });
      try {
        assert.equal((await handled).applied, true, 'the landing was applied');
        await waitFor('R4 to become [x] on disk (the plan had no unsaved changes, so it is saved)', () =>
          disk(SMOKE_PLAN).includes('| R4 | Metrics reviewed | [x] |'),
        );
        const inserted = singleInsertion(unsaved, ledger.getText());
        assert.match(inserted, /R4 evidence landed/, 'the attempt is in the buffer');
        assert.ok(ledger.getText().includes('**Draft:** reviewing the R4 metrics, not saved yet\n'), 'the unsaved line is still there');
        assert.equal(ledger.isDirty, true, 'the ledger is still unsaved: its owner saves it');
        assert.equal(disk(LEDGER), onDisk, 'the file on disk is unchanged');
      } finally {
        // Back to the saved ledger, so the next tests see updates saved again.
        await vscode.window.showTextDocument(ledger);
        await vscode.commands.executeCommand('workbench.action.files.revert');
        await waitFor('the ledger buffer to be reverted to the disk', () => !ledger.isDirty && ledger.getText() === disk(LEDGER));
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      }
    });

    test('leftover tmp/ outputs and root logs move into the hub; a hub outside the workspace is refused', async () => {
      const root = workspaceRoot().fsPath;
      fs.mkdirSync(path.join(root, 'tmp/debug'), { recursive: true });
      fs.writeFileSync(path.join(root, 'tmp/debug/trace.log'), 'trace\n');
      fs.writeFileSync(path.join(root, 'stray_run.log'), 'stray\n');
      const paths = ['tmp/debug/trace.log', 'stray_run.log'];
      await waitFor('the server to list the leftovers', async () => {
        const report = await api.sendRequest<{ strays: Array<{ path: string }> }>('planloop/strayOutputs');
        return paths.every((p) => report.strays.some((s) => s.path === p)) ? true : undefined;
      });
      assert.equal(await vscode.commands.executeCommand('planloop.tidyOutputs', { paths, hub: '../../etc' }), 0, 'refused');
      assert.ok(fs.existsSync(path.join(root, 'stray_run.log')), 'nothing moved on refusal');
      const hub = 'plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d_smoke';
      assert.equal(await vscode.commands.executeCommand('planloop.tidyOutputs', { paths, hub }), 2);
      assert.equal(fs.readFileSync(path.join(root, hub, 'debug/trace.log'), 'utf8'), 'trace\n');
      assert.equal(fs.readFileSync(path.join(root, hub, 'stray_run.log'), 'utf8'), 'stray\n');
      assert.ok(!fs.existsSync(path.join(root, 'stray_run.log')) && !fs.existsSync(path.join(root, 'tmp/debug/trace.log')));
    });

    test('two runs finishing together append two consecutively numbered attempts', async () => {
      const before = cacheAttempts(disk(LEDGER)).length;
      await Promise.all([runAndRecord(api, 'R5'), runAndRecord(api, 'R6')]);
      await waitFor('both rows to become [x] on disk', () =>
        /\| R5 \| Race one \| \[x\]/.test(disk(SMOKE_PLAN)) && /\| R6 \| Race two \| \[x\]/.test(disk(SMOKE_PLAN)) ? true : undefined,
      );
      const attempts = cacheAttempts(disk(LEDGER));
      assert.equal(attempts.length, before + 2);
      assert.deepEqual(
        attempts.slice(-2).map((a) => a.number),
        [before + 1, before + 2],
      );
      assert.deepEqual(
        attempts
          .slice(-2)
          .map((a) => /R\d/.exec(a.text)?.[0])
          .sort(),
        ['R5', 'R6'],
      );
    });

    test('a killed language server is restarted and answers again', async () => {
      const before = await api.sendRequest<{ pid: number }>('planloop/serverInfo');
      process.kill(before.pid, 'SIGKILL');
      const after = await waitFor(
        'the server to come back',
        async () => {
          const info = await api.sendRequest<{ pid: number; plans: number }>('planloop/serverInfo').catch(() => undefined);
          return info && info.pid !== before.pid && info.plans > 0 ? info : undefined;
        },
        30_000,
      );
      assert.notEqual(after.pid, before.pid);
      const tree = await api.sendRequest<{ initiatives: unknown[] }>('planloop/planTree');
      assert.ok(tree.initiatives.length > 0, 'the restarted server indexed the workspace');
    });
  });
}
