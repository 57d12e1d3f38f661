// The workbench as a user meets it: code-server with the extension in development mode on a
// workspace, headless Chromium. Measures the first rows after the sidebar opens (fresh profile)
// and after a reload (sidebar open at first paint), and the first lens on an opened plan.
import * as path from 'node:path';
import { launchBrowser } from '../harness/browser';
import { remote, repoRoot, startCodeServer, workbenchUrl } from '../harness/codeServer';
import { describeTimeline, watchLoading, type LoadingTimeline } from '../e2e/loadingWatch';
import { openFile, openPlanLoopView, outputText } from '../e2e/workbench';

export interface WorkbenchLoad {
  /** Sidebar opened (fresh profile) → first Plans row. */
  readonly fresh: LoadingTimeline;
  /** First paint after a reload → first Plans row. */
  readonly reload: LoadingTimeline;
  /** The plan's tab is active → its first code lens is drawn. */
  readonly firstLensMs: number;
  /** What the server logged about its walk ("Indexed N files in X ms."). */
  readonly indexedLogs: string[];
}

/** `plan`: a workspace-relative plan path whose lenses are timed. */
export async function workbenchLoad(workspace: string, plan: string, screenshots: string): Promise<WorkbenchLoad> {
  const browser = await launchBrowser();
  const server = await startCodeServer({ workspace });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(workbenchUrl(server, workspace, [['extensionDevelopmentPath', remote(server, repoRoot)]]), { timeout: 90_000 });
    await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
    await openPlanLoopView(page);
    const fresh = await watchLoading(page, { startedAt: performance.now(), timeoutMs: 180_000, screenshots, label: 'bench-fresh' });
    const reloaded = performance.now();
    await page.reload({ timeout: 90_000, waitUntil: 'commit' });
    const reload = await watchLoading(page, { startedAt: reloaded, timeoutMs: 180_000, screenshots, label: 'bench-reload' });
    await openFile(page, plan);
    const opened = performance.now();
    await page.locator('.codelens-decoration a').first().waitFor({ timeout: 60_000 });
    const firstLensMs = performance.now() - opened;
    const indexedLogs = [...outputText(server).matchAll(/Indexed \d+ files in \d+ ms/g)].map((m) => `server: ${m[0]}`);
    return { fresh, reload, firstLensMs, indexedLogs };
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

export function describeLoad(load: WorkbenchLoad): string {
  return [
    `fresh start (from the sidebar opening):\n${describeTimeline(load.fresh)}`,
    `after a reload (from the reload):\n${describeTimeline(load.reload)}`,
    `first lens ${load.firstLensMs.toFixed(0)} ms; ${load.indexedLogs.join('; ') || 'no "Indexed" line in the Plan Loop output'}`,
  ].join('\n');
}

if (require.main === module) {
  const [workspace, plan] = process.argv.slice(2);
  workbenchLoad(path.resolve(workspace), plan, path.join(repoRoot, 'test/output/screenshots')).then(
    (load) => console.log(describeLoad(load)),
    (error: unknown) => {
      console.error((error as Error).stack);
      process.exitCode = 1;
    },
  );
}
