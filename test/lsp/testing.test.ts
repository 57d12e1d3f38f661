// The Testing view's server side over a real connection: the tests plans cite (and whether each
// is found), a run plan whose pytest invocations report JUnit XML into the hub, a real pytest run
// of it, and per-test outcomes read back from the reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startServer } from './lspClient';
import { tempWorkspace } from '../support/tempWorkspace';
import type { RunPlan, TestResultsResult, TestTreeResult } from '../../server/protocol';

const MAPPED = 'Mapped tests: CUDA_VISIBLE_DEVICES="" pytest tests/test_tides.py::test_ok -q';

test('cited tests, a run that reports JUnit XML into the hub, and the outcomes read back', async () => {
  const ws = tempWorkspace();
  ws.write(
    'input.md',
    ws
      .read('input.md')
      .replace(MAPPED, 'Mapped tests: tests/test_tides.py::test_ok; tests/test_tides.py::test_fails; tests/test_nowhere.py'),
  );
  const server = await startServer(ws.root);
  try {
    await server.indexed();
    const tree = (await server.connection.sendRequest('planloop/testTree')) as TestTreeResult;
    assert.deepEqual(
      tree.initiatives.map((i) => [i.id, i.plans.map((p) => [p.label, p.rows.map((r) => `${r.id} ${r.title}`)])]),
      [
        [
          'TIDE-API-001',
          [
            ['implementation.md', ['A1 Capture baseline pytest run']],
            ['phase_d_smoke/plan.md', ['D1 Pytest smoke']],
          ],
        ],
        [
          'CACHE-REFRESH-002',
          [
            [
              'implementation.md',
              ['A2 Implement TTL refresh, guarded by `CUDA_VISIBLE_DEVICES="" pytest tests/test_tides.py::test_ok -q`'],
            ],
          ],
        ],
      ],
    );
    const d1 = tree.initiatives[0].plans[1].rows[0];
    assert.equal(d1.location.range.start.line, 11, 'the row is at its line of the plan');
    assert.deepEqual(d1.tests, [
      {
        nodeId: 'tests/test_tides.py::test_ok',
        location: { uri: server.uri('tests/test_tides.py'), range: { start: { line: 6, character: 0 }, end: { line: 6, character: 0 } } },
      },
    ]);
    assert.equal(tree.mapped?.uri, server.uri('input.md'));
    assert.deepEqual(
      tree.mapped?.tests.map((t) => [t.nodeId, t.location?.range.start.line, t.error]),
      [
        ['tests/test_tides.py::test_ok', 6, undefined],
        ['tests/test_tides.py::test_fails', 16, undefined],
        ['tests/test_nowhere.py', undefined, 'tests/test_nowhere.py does not exist'],
      ],
    );

    // The run plan: the same commands as ▶ Run, each pytest invocation with its own report.
    const { plan } = (await server.connection.sendRequest('planloop/runPlan', { mappedTests: true, junit: true })) as { plan: RunPlan };
    const hub = plan.hubDir.replace(/\/$/, '');
    assert.deepEqual(plan.junitFiles, [
      `${hub}/mapped-tests.junit.xml`,
      `${hub}/mapped-tests.2.junit.xml`,
      `${hub}/mapped-tests.3.junit.xml`,
    ]);
    assert.deepEqual(plan.commands, [
      `pytest --junitxml=${hub}/mapped-tests.junit.xml tests/test_tides.py::test_ok`,
      `pytest --junitxml=${hub}/mapped-tests.2.junit.xml tests/test_tides.py::test_fails`,
      `pytest --junitxml=${hub}/mapped-tests.3.junit.xml tests/test_nowhere.py`,
    ]);
    // What a user confirms: the commands as the handoff writes them.
    assert.deepEqual(plan.asWritten, [
      'pytest tests/test_tides.py::test_ok',
      'pytest tests/test_tides.py::test_fails',
      'pytest tests/test_nowhere.py',
    ]);
    const plain = (await server.connection.sendRequest('planloop/runPlan', { mappedTests: true })) as { plan: RunPlan };
    assert.equal(plain.plan.junitFiles, undefined, 'a ▶ Run writes no reports');
    assert.deepEqual(plain.plan.commands, plan.asWritten);
    assert.ok(plain.plan.commands.every((c) => !c.includes('--junitxml')));

    fs.mkdirSync(path.join(ws.root, hub), { recursive: true });
    for (const command of plan.commands)
      spawnSync('bash', ['-c', command], { cwd: ws.root, env: { ...process.env, ...plan.env }, encoding: 'utf8' });
    const { results, problems } = (await server.connection.sendRequest('planloop/testResults', {
      junitFiles: plan.junitFiles,
      nodeIds: ['tests/test_tides.py::test_ok', 'tests/test_tides.py::test_fails', 'tests/test_nowhere.py'],
    })) as TestResultsResult;
    assert.deepEqual(
      results.map((r) => [r.nodeId, r.outcome, r.cases.length]),
      [
        ['tests/test_tides.py::test_ok', 'passed', 1],
        ['tests/test_tides.py::test_fails', 'failed', 1],
        ['tests/test_nowhere.py', undefined, 0],
      ],
    );
    const failure = results[1].cases[0];
    assert.match(failure.message ?? '', /forecast height should exceed 5 m/);
    assert.deepEqual(failure.location, {
      uri: server.uri('tests/test_tides.py'),
      range: { start: { line: 17, character: 0 }, end: { line: 17, character: 0 } },
    });
    // pytest wrote a report for the missing file too (it found nothing to run); none is missing.
    assert.deepEqual(problems, []);
    const missing = (await server.connection.sendRequest('planloop/testResults', {
      junitFiles: [`${hub}/never-written.junit.xml`, '../outside.xml'],
      nodeIds: ['tests/test_tides.py::test_ok'],
    })) as TestResultsResult;
    assert.deepEqual(missing.problems, [
      `${hub}/never-written.junit.xml was not written: pytest did not run, or stopped before reporting`,
      '../outside.xml is outside the workspace: not read',
    ]);
    assert.equal(missing.results[0].outcome, undefined);
  } finally {
    await server.stop();
    ws.dispose();
  }
});
