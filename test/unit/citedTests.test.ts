// The tests the sample workspace's plans cite (what the Testing view shows): per initiative, plan
// and row, plus the handoff's Mapped tests; each resolved to its definition or told apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { nodeFileSystem } from '../../server/host/nodeFileSystem';
import { citedTests, mappedNodeIds, rowNodeIds } from '../../server/core/run/citedTests';
import { parsePlan } from '../../server/core/parse/plan';
import { tempWorkspace } from '../support/tempWorkspace';

async function indexOf(root: string): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex(root, nodeFileSystem);
  await index.indexAll();
  return index;
}

test('rows that cite pytest node IDs, by initiative and plan, with where each test is defined', async () => {
  const ws = tempWorkspace();
  try {
    const tree = citedTests(await indexOf(ws.root));
    assert.deepEqual(
      tree.initiatives.map((i) => [i.id, i.plans.map((p) => [p.path, p.rows.map((r) => r.rowId)])]),
      [
        [
          'TIDE-API-001',
          [
            ['plans/active/TIDE-API-001/implementation.md', ['A1']],
            ['plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d_smoke/plan.md', ['D1']],
          ],
        ],
        ['CACHE-REFRESH-002', [['plans/active/CACHE-REFRESH-002/implementation.md', ['A2']]]],
      ],
    );
    const d1 = tree.initiatives[0].plans[1].rows[0];
    assert.equal(d1.title, 'Pytest smoke');
    assert.deepEqual(d1.tests, [{ nodeId: 'tests/test_tides.py::test_ok', path: 'tests/test_tides.py', line: 7 }]);
    assert.deepEqual(tree.mapped, {
      path: 'input.md',
      tests: [{ nodeId: 'tests/test_tides.py::test_ok', path: 'tests/test_tides.py', line: 7 }],
    });
  } finally {
    ws.dispose();
  }
});

test('a mapped test that does not exist says why: no such file, or no such test in the file', async () => {
  const ws = tempWorkspace();
  try {
    ws.write(
      'input.md',
      ws
        .read('input.md')
        .replace(
          'Mapped tests: CUDA_VISIBLE_DEVICES="" pytest tests/test_tides.py::test_ok -q',
          'Mapped tests: tests/test_tides.py::test_fails; tests/test_tides.py::test_missing; tests/test_gone.py::test_x; tests/test_tides.py',
        ),
    );
    const tree = citedTests(await indexOf(ws.root));
    assert.deepEqual(tree.mapped?.tests, [
      { nodeId: 'tests/test_tides.py::test_fails', path: 'tests/test_tides.py', line: 17 },
      { nodeId: 'tests/test_tides.py::test_missing', path: 'tests/test_tides.py', error: 'tests/test_tides.py defines no test_missing' },
      { nodeId: 'tests/test_gone.py::test_x', error: 'tests/test_gone.py does not exist' },
      { nodeId: 'tests/test_tides.py', path: 'tests/test_tides.py' },
    ]);
  } finally {
    ws.dispose();
  }
});

test('mapped tests: bare node IDs and pytest commands alike, each once', () => {
  assert.deepEqual(
    mappedNodeIds([
      { text: 'tests/a.py::test_x -q' },
      { text: 'CUDA_VISIBLE_DEVICES="" pytest tests/a.py::test_x tests/b.py' },
      { text: 'make lint' },
    ]),
    ['tests/a.py::test_x', 'tests/b.py'],
  );
});

test("a row's tests: pytest's arguments in its commands, and test files named in its text; other Python code is not a test", () => {
  const plan = parsePlan(
    [
      '### Phase A — Cache',
      '| ID | Task Description | State | How/Why & Guidance |',
      '| --- | --- | --- | --- |',
      '| A1 | Fix src/cache.py::refresh | [ ] | `make test`; then tests/test_cache.py::TestTtl::test_expiry and tests/unit/ttl_test.py |',
      '| A2 | Smoke | [ ] | `pytest tests/test_a.py::test_x -q` also covers tests/test_a.py::test_x |',
      '',
    ].join('\n'),
  );
  const [a1, a2] = plan.phases[0].rows;
  assert.deepEqual(rowNodeIds(a1), ['tests/test_cache.py::TestTtl::test_expiry', 'tests/unit/ttl_test.py']);
  assert.deepEqual(rowNodeIds(a2), ['tests/test_a.py::test_x']);
});
