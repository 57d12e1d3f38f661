// Runs the mocha suite inside the real extension host of code-server 4.96.4 (VS Code 1.96.4):
// the workbench is opened in headless Chromium with a `payload` naming the development
// extension and the suite; run() writes results to a file that this runner waits for.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { copyWorkspace, HarnessError, remote, repoRoot, startCodeServer, workbenchUrl, type CodeServer } from './codeServer';
import { launchBrowser, openWorkbench } from './browser';
import { waitFor } from '../support/waitFor';
import type { TestResult } from '../integration/index';

interface SuiteResults {
  passed: number;
  failed: number;
  pending: number;
  vscodeVersion: string;
  tests: TestResult[];
}

const TIMEOUT_MS = Number(process.env.PLANLOOP_INTEGRATION_TIMEOUT_MS ?? 300_000);
const FAILURE_SHOT = path.join(repoRoot, 'test/output/screenshots/integration-failure.png');

const mark = (t: TestResult): string => (t.state === 'passed' ? '✓' : t.state === 'pending' ? '-' : '✗');

/** Prints the suite's progress lines as the extension host appends them. */
function progressPrinter(file: string): () => void {
  let printed = 0;
  return () => {
    if (!fs.existsSync(file)) return;
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    // The last element is an unfinished line (or ''): printed next time, once complete.
    for (const line of lines.slice(printed, -1)) {
      const entry = JSON.parse(line) as TestResult | { suite: string; tests: number };
      if ('suite' in entry) console.log(`  ${entry.suite} (${entry.tests} tests)`);
      else console.log(`    ${mark(entry)} ${entry.title}${entry.durationMs !== undefined ? ` (${entry.durationMs} ms)` : ''}`);
    }
    printed = Math.max(printed, lines.length - 1);
  };
}

async function main(): Promise<number> {
  const suite = path.join(repoRoot, 'out/test/integration/index.js');
  if (!fs.existsSync(suite)) throw new HarnessError(`${suite} is missing: run npm run build first`);
  // A failure picture from an earlier run would describe this one wrongly.
  fs.rmSync(FAILURE_SHOT, { force: true });
  const workspace = copyWorkspace(path.join(repoRoot, 'fixtures/workspace'));
  const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-results-'));
  const resultsFile = path.join(resultsDir, 'results.json');
  let browser: Browser | undefined;
  let server: CodeServer | undefined;
  try {
    // The browser first: when it is missing, nothing else has been started yet.
    browser = await launchBrowser();
    server = await startCodeServer({
      workspace,
      env: {
        PLANLOOP_TEST_RESULTS: resultsFile,
        PLANLOOP_TEST_WORKSPACE: workspace,
        CUDA_VISIBLE_DEVICES: '0',
        PLANLOOP_ENV_PROBE: path.join(workspace, 'env-probe.txt'),
      },
    });
    const url = workbenchUrl(server, workspace, [
      ['extensionDevelopmentPath', remote(server, repoRoot)],
      ['extensionTestsPath', remote(server, suite)],
    ]);
    console.log('integration: the mocha suite inside VS Code 1.96.4 (code-server, extension host), as it runs:');
    const page = await openWorkbench(browser, url);
    const print = progressPrinter(`${resultsFile}.progress`);
    const results = JSON.parse(
      await waitFor(
        'the suite in the extension host to write its results',
        () => {
          print();
          return fs.existsSync(resultsFile) ? fs.readFileSync(resultsFile, 'utf8') : undefined;
        },
        { timeoutMs: TIMEOUT_MS, intervalMs: 250 },
      ).catch((error: unknown) => {
        throw new HarnessError((error as Error).message);
      }),
    ) as SuiteResults;
    print();
    if (results.failed > 0) {
      // What the workbench showed when the suite ended: dialogs and panels explain many failures.
      fs.mkdirSync(path.dirname(FAILURE_SHOT), { recursive: true });
      await page.screenshot({ path: FAILURE_SHOT }).then(
        () => console.log(`screenshot of the failing workbench: ${path.relative(repoRoot, FAILURE_SHOT)}`),
        () => undefined,
      );
      for (const t of results.tests.filter((x) => x.error)) console.log(`\n  ✗ ${t.title}\n      ${t.error!.split('\n').join('\n      ')}`);
    }
    console.log(
      `integration: ${results.passed} passed, ${results.failed} failed, ${results.pending} skipped (VS Code ${results.vscodeVersion})`,
    );
    if (process.env.PLANLOOP_SUMMARY_FILE) {
      fs.writeFileSync(
        process.env.PLANLOOP_SUMMARY_FILE,
        JSON.stringify({ passed: results.passed, failed: results.failed, skipped: results.pending }),
      );
    }
    return results.failed > 0 || results.passed === 0 ? 1 : 0;
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(resultsDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`integration: ${error instanceof HarnessError ? error.message : (error as Error).stack}`);
    process.exit(1);
  },
);
