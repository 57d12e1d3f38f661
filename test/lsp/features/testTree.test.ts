// The Testing view's tree (server/lsp/testTree.ts) on the in-memory workspace: the pytest node IDs
// rows cite, with the line a test is defined at, or why it cannot be found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testTree } from '../../../server/lsp/testTree';
import { LOOP_PLAN, memorySession, range, smallLoop } from '../../support/inMemoryWorkspace';

test('a cited test that exists points at its definition; a missing test file is named', async () => {
  const files = smallLoop();
  files[LOOP_PLAN] += '| B2 | Test it | [ ] | `pytest tests/test_cli.py::test_main -q` |\n';
  files['tests/test_cli.py'] = 'import cli\n\ndef test_main():\n    assert cli.main() == 0\n';
  const session = await memorySession(files);
  const uri = `file:///ws/${LOOP_PLAN}`;
  assert.deepEqual(testTree(session.index, session), {
    initiatives: [
      {
        id: 'DEMO-001',
        title: 'Demo initiative',
        plans: [
          {
            uri,
            relativePath: LOOP_PLAN,
            label: 'implementation.md',
            rows: [
              {
                id: 'A1',
                title: 'Write the parser',
                location: { uri, range: range(6, 0, 6, 138) },
                tests: [{ nodeId: 'tests/test_parse.py', location: undefined, error: 'tests/test_parse.py does not exist' }],
              },
              {
                id: 'B2',
                title: 'Test it',
                location: { uri, range: range(14, 0, 14, 65) },
                tests: [
                  {
                    nodeId: 'tests/test_cli.py::test_main',
                    location: { uri: 'file:///ws/tests/test_cli.py', range: range(2, 0, 2, 0) },
                    error: undefined,
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
    mapped: undefined,
  });
});
