// The node IDs a command gives pytest: what the Testing view shows under a row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nodeIdParts, pytestNodeIds, withJUnitXml } from '../../server/core/parse/pytestNodes';
import { pythonDefinitionLine } from '../../server/core/check/pythonDefinitions';

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
    ['python -X dev -W error -m pytest tests/a.py', ['tests/a.py']],
    ['coverage run --branch -m pytest tests/a.py::test_x', ['tests/a.py::test_x']],
    ['coverage report -m', []],
    ['python -X dev scripts/run.py tests/a.py', []],
  ];
  for (const [command, ids] of cases) assert.deepEqual(pytestNodeIds(command), ids, command);
});

test('each pytest invocation gets its own quoted --junitxml report; everything else is left as written', () => {
  let n = 0;
  const next = () => {
    const relative = `hub/D1${n ? `.${n + 1}` : ''}.junit.xml`;
    n++;
    return { relative, absolute: `/ws/${relative}` };
  };
  assert.deepEqual(withJUnitXml('CUDA_VISIBLE_DEVICES="" pytest tests/a.py -q 2>&1 | tee hub/D1.log', next), {
    command: 'CUDA_VISIBLE_DEVICES="" pytest --junitxml=hub/D1.junit.xml tests/a.py -q 2>&1 | tee hub/D1.log',
    files: ['hub/D1.junit.xml'],
  });
  assert.deepEqual(withJUnitXml('python -B -m pytest tests/b.py && echo "pytest done" && timeout 60 pytest', next), {
    command:
      'python -B -m pytest --junitxml=hub/D1.2.junit.xml tests/b.py && echo "pytest done" && timeout 60 pytest --junitxml=hub/D1.3.junit.xml',
    files: ['hub/D1.2.junit.xml', 'hub/D1.3.junit.xml'],
  });
  // Where the report goes, in turn (the counter runs on):
  for (const [command, expected] of [
    // a quoted env value that says "pytest" is not the program;
    ['NOTE="run pytest now" pytest t/test_a.py', 'NOTE="run pytest now" pytest --junitxml=hub/D1.4.junit.xml t/test_a.py'],
    // after a cd, pytest would write a relative report under that folder: the path is absolute;
    ['cd backend && pytest tests/test_b.py', 'cd backend && pytest --junitxml=/ws/hub/D1.5.junit.xml tests/test_b.py'],
    // launchers with options before `-m pytest`.
    ['coverage run --branch -m pytest tests/a.py', 'coverage run --branch -m pytest --junitxml=hub/D1.6.junit.xml tests/a.py'],
    ['python -X dev -m pytest tests/a.py', 'python -X dev -m pytest --junitxml=hub/D1.7.junit.xml tests/a.py'],
  ])
    assert.equal(withJUnitXml(command, next).command, expected, command);
  // A report the command names itself is kept, and listed.
  assert.deepEqual(withJUnitXml('pytest --junitxml=out/mine.xml tests/a.py', next), {
    command: 'pytest --junitxml=out/mine.xml tests/a.py',
    files: ['out/mine.xml'],
  });
  assert.deepEqual(withJUnitXml('pytest --junit-xml out/theirs.xml tests/a.py', next).files, ['out/theirs.xml']);
  for (const other of ['make test', 'cat <<EOF | bash\npytest tests/a.py\nEOF', 'python scripts/pytest_report.py'])
    assert.deepEqual(withJUnitXml(other, next), { command: other, files: [] });
  // Paths with spaces or shell characters are quoted.
  const spaced = () => ({ relative: 'plans/My Plan/hub/P1 a.junit.xml', absolute: '/ws/x' });
  assert.equal(withJUnitXml('pytest tests/a.py', spaced).command, "pytest --junitxml='plans/My Plan/hub/P1 a.junit.xml' tests/a.py");
});

test('a node ID splits at :: only before its parameters', () => {
  assert.deepEqual(nodeIdParts('tests/a.py::TestX::test_f[a::b/c]'), { file: 'tests/a.py', names: ['TestX', 'test_f[a::b/c]'] });
  assert.deepEqual(nodeIdParts('tests/a.py'), { file: 'tests/a.py', names: [] });
  assert.deepEqual(nodeIdParts('tests/a.py::test_g'), { file: 'tests/a.py', names: ['test_g'] });
});

test('a test is found inside the classes its node ID names, not in another class', () => {
  const text = [
    'class TestA:',
    '    def test_x(self):',
    '        pass',
    '',
    'class TestB:',
    '    def test_y(self):',
    '        pass',
    '',
    'def test_x():',
    '    pass',
    '',
  ].join('\n');
  assert.equal(pythonDefinitionLine(text, 'TestA::test_x'), 2);
  assert.equal(pythonDefinitionLine(text, 'TestB::test_y'), 6);
  assert.equal(pythonDefinitionLine(text, 'TestB::test_x'), undefined, 'TestB has no test_x');
  assert.equal(pythonDefinitionLine(text, 'test_x'), 9, 'a single name is the module-level test');
  assert.equal(pythonDefinitionLine(text, 'test_y'), 6, '(else the first def of it, as go to definition finds a method)');
  assert.equal(pythonDefinitionLine(text, 'test_y[a::b]'), 6);
  assert.equal(pythonDefinitionLine(text, 'TestC'), undefined);
  assert.equal(pythonDefinitionLine(text, 'TestB'), 5);
});
