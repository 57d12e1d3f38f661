// The Testing view inside VS Code: the "Plan Loop" controller lists the tests plans cite, runs a
// row's tests through the same run path as ▶ Run (hub, log, record, row state, ledger attempt)
// with a JUnit report in the hub, reports a pass and a failure per node, gives a missing mapped
// test an item error, and records a cancelled run as interrupted.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension, fileUri, waitFor, workspaceRoot } from './helpers';
import { parseLedger } from '../../server/core/parse/ledger';
import type { PlanLoopApi } from '../../src/extension';
import type { RunPlan, TestTreeResult } from '../../server/protocol';

const PLAN = 'plans/active/CACHE-REFRESH-002/testing_plan.md';
const PLAN_TEXT = [
  '# CACHE-REFRESH-002 tests',
  '',
  '### Phase T — Tests',
  '| ID | Task Description | State | How/Why & Guidance |',
  '| --- | --- | --- | --- |',
  '| T1 | Forecast selectors | [ ] | `pytest tests/test_tides.py::test_ok tests/test_tides.py::test_fails -q` |',
  '| T2 | Slow selector | [ ] | `pytest tests/test_slow.py::test_waits -q` |',
  '',
].join('\n');
const SLOW_TEST = ['import time', '', '', 'def test_waits():', '    time.sleep(60)', ''].join('\n');
const LEDGER = 'docs/fix_plan.md';
const MAPPED = 'Mapped tests: CUDA_VISIBLE_DEVICES="" pytest tests/test_tides.py::test_ok -q';

const root = (): string => workspaceRoot().fsPath;
const disk = (rel: string): string => fs.readFileSync(path.join(root(), rel), 'utf8');
const write = (rel: string, text: string): void => {
  fs.mkdirSync(path.dirname(path.join(root(), rel)), { recursive: true });
  fs.writeFileSync(path.join(root(), rel), text);
};
const attempts = (ledger: string) => parseLedger(ledger).initiatives.find((i) => i.id === 'CACHE-REFRESH-002')!.attempts;

async function configure(settings: Record<string, unknown>): Promise<void> {
  const config = vscode.workspace.getConfiguration('planloop');
  for (const [key, value] of Object.entries(settings)) await config.update(key, value, vscode.ConfigurationTarget.Workspace);
}

/** The Testing view's ID of a row of PLAN, once the server lists it. */
async function rowItemId(api: PlanLoopApi, rowId: string): Promise<string> {
  return waitFor(`the test tree to list ${rowId} of ${PLAN}`, async () => {
    const tree = await api.sendRequest<TestTreeResult>('planloop/testTree');
    const plan = tree.initiatives.flatMap((i) => i.plans).find((p) => p.relativePath === PLAN);
    const row = plan?.rows.find((r) => r.id === rowId);
    return plan && row ? `row:${plan.uri}#${rowId}` : undefined;
  });
}

function recorded(api: PlanLoopApi, rowId: string): Promise<{ plan: RunPlan; recordPath: string }> {
  return new Promise((resolve) => {
    const sub = api.onDidRecordRun((e) => {
      if (e.plan.rowId !== rowId) return;
      sub.dispose();
      resolve(e);
    });
  });
}

export function registerTestingTests(): void {
  suite('testing view', () => {
    let api: PlanLoopApi;
    let handoff: string;

    suiteSetup(async () => {
      api = await activateExtension();
      await configure({ autoUpdate: 'always', confirmRuns: false });
      write(PLAN, PLAN_TEXT);
      write('tests/test_slow.py', SLOW_TEST);
      handoff = disk('input.md');
    });

    suiteTeardown(async () => {
      write('input.md', handoff);
      await configure({ autoUpdate: undefined, confirmRuns: undefined });
    });

    test('the controller lists cited tests under their rows, with run profiles from planloop.profiles', async () => {
      const row = await rowItemId(api, 'T1');
      const items = await waitFor('the Testing view to hold T1', async () => {
        const all = await api.testItems();
        return all.some((i) => i.id === row) ? all : undefined;
      });
      const under = items.filter((i) => i.id.startsWith(`${row}::`));
      assert.deepEqual(
        under.map((i) => [i.label, i.uri, i.line, i.error]),
        [
          ['test_ok', fileUri('tests/test_tides.py').toString(), 6, undefined],
          ['test_fails', fileUri('tests/test_tides.py').toString(), 16, undefined],
        ],
      );
      assert.deepEqual(api.testProfiles(), ['cpu', 'gpu'], 'the default profile first');
    });

    test("a row's tests run through the Testing view: a pass, a failure, the hub's JUnit report, the row state and the attempt", async () => {
      const row = await rowItemId(api, 'T1');
      const ledgerBefore = disk(LEDGER);
      const record = recorded(api, 'T1');
      const report = await api.runTests([row]);
      assert.equal(report.profile, 'cpu');
      const byId = new Map(report.items.map((i) => [i.id.slice(row.length + 2), i]));
      assert.equal(byId.get('tests/test_tides.py::test_ok')?.outcome, 'passed');
      const failed = byId.get('tests/test_tides.py::test_fails');
      assert.equal(failed?.outcome, 'failed');
      assert.match(failed?.messages.join('\n') ?? '', /forecast height should exceed 5 m/);
      // The hub log streamed into the test run's output, as the terminal showed it.
      assert.match(report.output, /\$ export CUDA_VISIBLE_DEVICES=""\r\n/);
      assert.match(report.output, /1 failed, 1 passed/);

      const { plan, recordPath } = await record;
      assert.equal(plan.junitFiles?.length, 1);
      const junit = disk(plan.junitFiles![0]);
      assert.match(junit, /<testcase classname="tests.test_tides" name="test_fails"/);
      assert.match(disk(plan.logFile), /1 failed, 1 passed/);
      const run = JSON.parse(disk(recordPath)) as { outcome: string; env: Record<string, string> };
      assert.deepEqual([run.outcome, run.env.CUDA_VISIBLE_DEVICES], ['failed', '']);
      await waitFor('T1 to become [P] on disk', () => (disk(PLAN).includes('| T1 | Forecast selectors | [P] |') ? true : undefined));
      await waitFor('one more CACHE-REFRESH-002 attempt', () =>
        attempts(disk(LEDGER)).length === attempts(ledgerBefore).length + 1 ? true : undefined,
      );
    });

    test('a mapped test that does not exist gets an item error, not a crash', async () => {
      write('input.md', handoff.replace(MAPPED, 'Mapped tests: tests/test_tides.py::test_ok; tests/test_tides.py::test_vanished'));
      const error = await waitFor('the missing mapped test to carry an error', async () => {
        const items = await api.testItems();
        return items.find((i) => i.id === 'mapped::tests/test_tides.py::test_vanished')?.error;
      });
      assert.equal(error, 'tests/test_tides.py defines no test_vanished');
      const ok = (await api.testItems()).find((i) => i.id === 'mapped::tests/test_tides.py::test_ok');
      assert.equal(ok?.error, undefined, 'the mapped test that exists has no error');
    });

    test('a run that stops before pytest gets no result, not the report an earlier run left in the same hub', async () => {
      // A plan of the initiative whose hub the handoff names: every run of its rows shares that hub.
      const plan = 'plans/active/TIDE-API-001/testing_plan.md';
      const text = (command: string) =>
        [
          '# TIDE-API-001 tests',
          '',
          '### Phase T — Tests',
          '| ID | Task Description | State | How/Why & Guidance |',
          '| --- | --- | --- | --- |',
          `| T3 | Guarded selector | [ ] | \`${command}\` |`,
          '',
        ].join('\n');
      const id = `row:${fileUri(plan).toString()}#T3`;
      // The Testing view's items follow the index after a pause in changes.
      const itemOf = async () =>
        waitFor('the Testing view to list T3', async () => ((await api.testItems()).some((i) => i.id === id) ? id : undefined));
      write(plan, text('pytest tests/test_tides.py::test_ok -q'));
      const first = await api.runTests([await itemOf()]);
      assert.deepEqual(
        first.items.map((i) => i.outcome),
        ['passed'],
      );
      // Now the row's first command fails, so pytest never runs.
      write(plan, text("bash -c 'exit 3' && pytest tests/test_tides.py::test_ok -q"));
      await waitFor('the server to read the new T3 commands', async () => {
        const details = await api.sendRequest<{ commands: string[] } | null>('planloop/rowDetails', {
          uri: fileUri(plan).toString(),
          rowId: 'T3',
        });
        return details?.commands[0]?.startsWith('bash') ? true : undefined;
      });
      const second = await api.runTests([await itemOf()]);
      assert.deepEqual(
        second.items.map((i) => i.outcome),
        ['error'],
      );
      assert.match(second.items[0].messages.join('\n'), /pytest reported no result for tests\/test_tides\.py::test_ok \(exit code 3/);
      assert.ok(!/1 passed/.test(second.output), `this run's output holds no earlier run's lines: ${second.output}`);
    });

    test('cancelling a run from the Testing view stops pytest and records the run as interrupted', async () => {
      const row = await rowItemId(api, 'T2');
      const record = recorded(api, 'T2');
      const cancel = new vscode.CancellationTokenSource();
      const started = new Promise<void>((resolve) => {
        const sub = vscode.tasks.onDidStartTaskProcess((e) => {
          if (e.execution.task.name.startsWith('Run T2')) {
            sub.dispose();
            resolve();
          }
        });
      });
      const running = api.runTests([row], undefined, cancel.token);
      await started;
      cancel.cancel();
      const report = await running;
      assert.deepEqual(
        report.items.map((i) => i.outcome),
        ['cancelled'],
      );
      const { recordPath } = await record;
      assert.equal((JSON.parse(disk(recordPath)) as { outcome: string }).outcome, 'interrupted');
    });
  });
}
