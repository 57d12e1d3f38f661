// Installs the packaged planloop.vsix into a fresh extensions folder (not the development path)
// and checks in the real workbench that the installed extension activates, shows its views and
// lenses, and runs a row.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { copyWorkspace, ensureCodeServer, HarnessError, repoRoot, startCodeServer, workbenchUrl } from '../harness/codeServer';
import { launchBrowser, openWorkbench } from '../harness/browser';
import { collapseView, dismissNotifications, openPlanLoopView, runD1FromSidebar, treeRow, waitForRunLens } from './workbench';
import { screenshots } from './runE2E';

async function main(): Promise<number> {
  const vsix = path.join(repoRoot, 'planloop.vsix');
  if (!fs.existsSync(vsix)) throw new HarnessError('planloop.vsix is missing: run npm run package first');
  const extensionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-ext-'));
  // Its own profile too: without --user-data-dir the install writes under ~/.local/share/code-server.
  const installProfile = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-install-'));
  const install = spawnSync(
    ensureCodeServer(),
    ['--user-data-dir', installProfile, '--extensions-dir', extensionsDir, '--install-extension', vsix],
    { encoding: 'utf8', timeout: 120_000, env: { ...process.env, TMPDIR: installProfile, XDG_RUNTIME_DIR: installProfile } },
  );
  fs.rmSync(installProfile, { recursive: true, force: true });
  if (install.status !== 0) throw new HarnessError(`code-server --install-extension failed: ${install.stderr || install.stdout}`);
  const installed = fs.readdirSync(extensionsDir).filter((d) => d.startsWith('planloop.planloop-'));
  const workspace = copyWorkspace(path.join(repoRoot, 'fixtures/workspace'));
  // The browser first: when it is missing, nothing else has been started yet.
  const browser = await launchBrowser();
  const env = { CUDA_VISIBLE_DEVICES: '0', PLANLOOP_ENV_PROBE: path.join(workspace, 'env-probe.txt') };
  const server = await startCodeServer({ workspace, extensionsDir, env, settings: { 'planloop.autoUpdate': 'always' } }).catch(
    async (error: unknown) => {
      await browser.close();
      throw error;
    },
  );
  let failed = 0;
  let checks = 0;
  const check = async (name: string, fn: () => Promise<void>): Promise<void> => {
    checks++;
    try {
      await fn();
      console.log(`  ✓ ${name}`);
    } catch (error) {
      failed++;
      console.log(`  ✗ ${name}\n      ${(error as Error).message.split('\n')[0]}`);
    }
  };
  try {
    await check('the .vsix installs into a fresh extensions folder', async () => {
      if (installed.length !== 1) throw new Error(`expected one planloop.planloop-* folder, found ${installed.join(', ') || 'none'}`);
    });
    const page = await openWorkbench(browser, workbenchUrl(server, workspace));
    await check('the installed extension activates and shows the Plans view with the sample initiative', async () => {
      await openPlanLoopView(page);
      await treeRow(page, 'Plans', 'TIDE-API-001').waitFor({ timeout: 45_000 });
      fs.mkdirSync(screenshots, { recursive: true });
      await page.screenshot({ path: path.join(screenshots, 'vsix-installed.png') });
    });
    await check('the installed extension runs D1 from the sidebar: CUDA-masked, logged in the hub, row done', async () => {
      await collapseView(page, 'Ledger');
      await collapseView(page, 'Do Now');
      // Loop History (issue 28) would leave D1 below the fold of a short Plans view.
      await collapseView(page, 'Loop History');
      await dismissNotifications(page);
      const { log, record } = await runD1FromSidebar(page, workspace);
      if (!/1 passed/.test(log)) throw new Error(`the hub log lacks the pytest result: ${log.slice(-200)}`);
      if (fs.readFileSync(path.join(workspace, 'env-probe.txt'), 'utf8') !== '')
        throw new Error('the test saw a CUDA device although the run should mask it');
      if (record.outcome !== 'passed' || record.exitCode !== 0) throw new Error(`run record: ${JSON.stringify(record)}`);
    });
    await check('the installed extension shows ▶ Run lenses above plan rows', () => waitForRunLens(page));
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(extensionsDir, { recursive: true, force: true });
  }
  const passed = checks - failed;
  console.log(`vsix: ${passed} passed, ${failed} failed`);
  if (process.env.PLANLOOP_SUMMARY_FILE)
    fs.writeFileSync(process.env.PLANLOOP_SUMMARY_FILE, JSON.stringify({ passed, failed, skipped: 0 }));
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`vsix: ${error instanceof HarnessError ? error.message : (error as Error).stack}`);
    process.exit(1);
  },
);
