// A Testing view run's results (server/lsp/testResults.ts) on the in-memory workspace: each node ID's
// outcome from the run's JUnit report, its cases at the line pytest gives; a test it does not list has none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testResults } from '../../../server/lsp/testResults';
import { memorySession, range, smallLoop } from '../../support/inMemoryWorkspace';

const JUNIT =
  '<?xml version="1.0"?><testsuites><testsuite name="pytest" tests="2">' +
  '<testcase classname="tests.test_cli" name="test_main" file="tests/test_cli.py" line="2" time="0.01"/>' +
  '<testcase classname="tests.test_cli" name="test_other" file="tests/test_cli.py" line="5" time="0.02">' +
  '<failure message="assert 1 == 2">boom</failure></testcase></testsuite></testsuites>';

test('a pass, a failure with its message and values, and a node the report does not have', async () => {
  const session = await memorySession({
    ...smallLoop(),
    'reports/junit.xml': JUNIT,
    'tests/test_cli.py': 'import cli\n\ndef test_main():\n    pass\n\ndef test_other():\n    assert 1 == 2\n',
  });
  const file = 'file:///ws/tests/test_cli.py';
  assert.deepEqual(
    testResults(session.index, session, {
      junitFiles: ['reports/junit.xml'],
      nodeIds: ['tests/test_cli.py::test_main', 'tests/test_cli.py::test_other', 'tests/test_cli.py::test_gone'],
    }),
    {
      problems: [],
      results: [
        {
          nodeId: 'tests/test_cli.py::test_main',
          outcome: 'passed',
          cases: [
            {
              classname: 'tests.test_cli',
              name: 'test_main',
              outcome: 'passed',
              seconds: 0.01,
              output: undefined,
              location: { uri: file, range: range(2, 0, 2, 0) },
            },
          ],
        },
        {
          nodeId: 'tests/test_cli.py::test_other',
          outcome: 'failed',
          cases: [
            {
              classname: 'tests.test_cli',
              name: 'test_other',
              outcome: 'failed',
              seconds: 0.02,
              message: 'assert 1 == 2',
              details: 'boom',
              actual: '1',
              expected: '2',
              output: undefined,
              location: { uri: file, range: range(5, 0, 5, 0) },
            },
          ],
        },
        { nodeId: 'tests/test_cli.py::test_gone', outcome: undefined, cases: [] },
      ],
    },
  );
});
