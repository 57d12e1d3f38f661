// Runs the mocha suite inside the real extension host of code-server 4.96.4 (VS Code 1.96.4):
// the workbench is opened in headless Chromium with a `payload` naming the development
// extension and the suite; run() writes results to a file that this runner waits for.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { copyWorkspace, HarnessError, remote, repoRoot, startCodeServer, workbenchUrl } from './codeServer';
import { launchBrowser, openWorkbench } from './browser';

interface SuiteResults {
  passed: number;
  failed: number;
  pending: number;
  vscodeVersion: string;
  tests: Array<{ title: string; state: string; error?: string; durationMs?: number }>;
}

const TIMEOUT_MS = Number(process.env.PLANLOOP_INTEGRATION_TIMEOUT_MS ?? 300_000);

async function waitForFile(file: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new HarnessError(`no results from the extension host within ${timeoutMs / 1000} s`);
}

async function main(): Promise<number> {
  const suite = path.join(repoRoot, 'out/test/integration/index.js');
  if (!fs.existsSync(suite)) throw new HarnessError(`${suite} is missing: run npm run build first`);
  const workspace = copyWorkspace(path.join(repoRoot, 'fixtures/workspace'));
  const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-results-')), 'results.json');
  // The browser first: when it is missing, nothing else has been started yet.
  const browser = await launchBrowser();
  const server = await startCodeServer({
    workspace,
    env: {
      PLANLOOP_TEST_RESULTS: resultsFile,
      PLANLOOP_TEST_WORKSPACE: workspace,
      CUDA_VISIBLE_DEVICES: '0',
      PLANLOOP_ENV_PROBE: path.join(workspace, 'env-probe.txt'),
    },
  }).catch(async (error: unknown) => {
    await browser.close();
    throw error;
  });
  try {
    const url = workbenchUrl(server, workspace, [
      ['extensionDevelopmentPath', remote(server, repoRoot)],
      ['extensionTestsPath', remote(server, suite)],
    ]);
    const page = await openWorkbench(browser, url);
    const results = JSON.parse(await waitForFile(resultsFile, TIMEOUT_MS)) as SuiteResults;
    if (results.failed > 0) {
      // What the workbench showed when the suite ended: dialogs and panels explain many failures.
      const shot = path.join(repoRoot, 'test/output/screenshots/integration-failure.png');
      fs.mkdirSync(path.dirname(shot), { recursive: true });
      await page.screenshot({ path: shot }).then(
        () => console.log(`screenshot of the failing workbench: ${shot}`),
        () => undefined,
      );
    }
    console.log(`Integration suite inside VS Code ${results.vscodeVersion} (extension host):`);
    for (const t of results.tests) {
      console.log(
        `  ${t.state === 'passed' ? '✓' : t.state === 'pending' ? '-' : '✗'} ${t.title}${t.durationMs !== undefined ? ` (${t.durationMs} ms)` : ''}`,
      );
      if (t.error) console.log(`      ${t.error.split('\n').join('\n      ')}`);
    }
    console.log(`integration: ${results.passed} passed, ${results.failed} failed, ${results.pending} skipped`);
    if (process.env.PLANLOOP_SUMMARY_FILE) {
      fs.writeFileSync(
        process.env.PLANLOOP_SUMMARY_FILE,
        JSON.stringify({ passed: results.passed, failed: results.failed, skipped: results.pending }),
      );
    }
    return results.failed > 0 || results.passed === 0 ? 1 : 0;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`integration: ${error instanceof HarnessError ? error.message : (error as Error).stack}`);
    process.exit(1);
  },
);
