// The same in-editor suite under @vscode/test-electron, where a desktop VS Code is available:
// VSCODE_EXECUTABLE=/path/to/code, or PLANLOOP_TEST_ELECTRON=download when online.
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { copyWorkspace, repoRoot } from './codeServer';

async function main(): Promise<number> {
  const executable = process.env.VSCODE_EXECUTABLE;
  if (!executable && process.env.PLANLOOP_TEST_ELECTRON !== 'download') {
    console.log(
      'test-electron: skipped — no desktop VS Code here (set VSCODE_EXECUTABLE, or PLANLOOP_TEST_ELECTRON=download when online).',
    );
    return 0;
  }
  const workspace = copyWorkspace(path.join(repoRoot, 'fixtures/workspace'));
  return runTests({
    vscodeExecutablePath: executable,
    version: executable ? undefined : '1.96.4',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out/test/integration/index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { PLANLOOP_TEST_WORKSPACE: workspace },
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`test-electron: ${(error as Error).message}`);
    process.exit(1);
  },
);
