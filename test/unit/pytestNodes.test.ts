// The node IDs a command gives pytest: what the Testing view shows under a row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pytestNodeIds, withJUnitXml } from '../../server/core/parse/pytestNodes';

test('pytest node IDs come from the arguments of pytest runs, not from options or other programs', () => {
  const cases: Array<[string, string[]]> = [
    ['pytest tests/test_tides.py::test_ok -q', ['tests/test_tides.py::test_ok']],
    [
      'CUDA_VISIBLE_DEVICES="" pytest ./tests/a.py tests/b.py::TestX::test_y[1] -k "fast and not slow" -x',
      ['tests/a.py', 'tests/b.py::TestX::test_y[1]'],
    ],
    ['timeout 600 python -m pytest -q tests/a.py::test_f --junitxml out/r.xml', ['tests/a.py::test_f']],
    ['python3 -B -m pytest tests/a.py && pytest tests/b.py | tee log.txt', ['tests/a.py', 'tests/b.py']],
    ['pytest -k tests/not_a_selector.py tests/c.py', ['tests/c.py']],
    ['pytest --deselect tests/a.py::test_slow tests/a.py', ['tests/a.py']],
    ['pytest tests/a.py tests/a.py', ['tests/a.py']],
    ['python scripts/run.py tests/a.py', []],
    ['python -c "import pytest" tests/a.py', []],
    ['pytest tests/', []],
    ['echo pytest tests/a.py', []],
    ['cat <<EOF | bash\npytest tests/a.py\nEOF', []],
    ['pytest \\\n  tests/a.py::test_x', ['tests/a.py::test_x']],
  ];
  for (const [command, ids] of cases) assert.deepEqual(pytestNodeIds(command), ids, command);
});

test('each pytest invocation gets its own --junitxml report; everything else is left as written', () => {
  const counter = { n: 0 };
  const file = (n: number) => `hub/D1${n ? `.${n + 1}` : ''}.junit.xml`;
  assert.equal(
    withJUnitXml('CUDA_VISIBLE_DEVICES="" pytest tests/a.py -q 2>&1 | tee hub/D1.log', file, counter),
    'CUDA_VISIBLE_DEVICES="" pytest --junitxml=hub/D1.junit.xml tests/a.py -q 2>&1 | tee hub/D1.log',
  );
  assert.equal(
    withJUnitXml('python -B -m pytest tests/b.py && echo "pytest done" && timeout 60 pytest', file, counter),
    'python -B -m pytest --junitxml=hub/D1.2.junit.xml tests/b.py && echo "pytest done" && timeout 60 pytest --junitxml=hub/D1.3.junit.xml',
  );
  assert.equal(counter.n, 3);
  for (const other of ['make test', 'cat <<EOF | bash\npytest tests/a.py\nEOF', 'python scripts/pytest_report.py'])
    assert.equal(withJUnitXml(other, file, { n: 0 }), other);
});
