// Small helpers to drive the VS Code workbench UI (selectors of VS Code 1.96).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { CodeServer } from '../harness/codeServer';
import { waitFor } from '../support/waitFor';

export async function dismissNotifications(page: Page): Promise<void> {
  for (const close of await page.locator('.notification-toast .action-label.codicon-notifications-clear').all()) {
    await close.click({ timeout: 2000 }).catch(() => undefined);
  }
}

/** Collapses the other Plan Loop views so the Plans tree has the whole sidebar. */
export async function collapseView(page: Page, label: string): Promise<void> {
  const header = page.locator(`.pane-header[aria-label^="${label}"]`).first();
  if ((await header.getAttribute('aria-expanded')) === 'true') await header.click();
}

export async function openPlanLoopView(page: Page): Promise<void> {
  await page.locator('.activitybar a[aria-label^="Plan Loop"]').first().click({ timeout: 30_000 });
  await page.locator('.pane-header[aria-label^="Plans"]').first().waitFor({ timeout: 30_000 });
}

/** Runs a command through the command palette (F1). */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** Opens a workspace file through Quick Open and waits until its editor is the active one. */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(relativePath);
  // The file search answers asynchronously: Enter only once the file is the first result.
  const first = page.locator('.quick-input-list .monaco-list-row').first();
  const [name, dir] = [path.basename(relativePath), path.dirname(relativePath)];
  await waitFor(
    `Quick Open to list ${relativePath} first`,
    async () => {
      const text = await first.innerText({ timeout: 1000 }).catch(() => '');
      return text.startsWith(name) && text.includes(dir);
    },
    { timeoutMs: 30_000, seen: () => first.innerText({ timeout: 1000 }).catch(() => 'no result row') },
  );
  await page.keyboard.press('Enter');
  // The label ends with the path, or goes on with the file's problems ("…/plan.md • 6 problems").
  await page.locator(`.tabs-container .tab.active .monaco-icon-label[aria-label*="/${relativePath}"]`).first().waitFor({ timeout: 30_000 });
}

export function treeRow(page: Page, viewLabel: string, text: string) {
  return page
    .locator(
      `.pane[aria-label^="${viewLabel}"] .monaco-list-row, .split-view-view:has(.pane-header[aria-label^="${viewLabel}"]) .monaco-list-row`,
    )
    .filter({ hasText: text })
    .first();
}

/**
 * Clicks ▶ (`click`) until the first-run confirmation shows, then confirms the run. A click on a
 * row or lens that a refresh replaces is lost, so ▶ is clicked again while the prompt is absent.
 */
export async function runConfirmed(page: Page, what: string, click: () => Promise<void>): Promise<void> {
  const confirm = page.getByRole('button', { name: 'Run', exact: true });
  await waitFor(
    `the run confirmation after ▶ ${what}`,
    async () => {
      if (await confirm.isVisible()) return true;
      await click().catch(() => undefined);
      return confirm
        .waitFor({ timeout: 3000 })
        .then(() => true)
        .catch(() => false);
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
  await confirm.click({ timeout: 30_000 });
}

export const PHASE_PLAN = 'plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d_smoke/plan.md';
const PHASE_HUB = path.dirname(PHASE_PLAN);

/**
 * Clicks ▶ on the sample's D1 row in the Plans view, confirms the first-run prompt and waits for
 * the row to turn done. Returns the hub log and the run record it left.
 */
export async function runD1FromSidebar(
  page: Page,
  workspace: string,
): Promise<{ log: string; record: { outcome: string; exitCode: number } }> {
  await runConfirmed(page, 'Run Row on D1', async () => {
    const row = treeRow(page, 'Plans', 'D1  Pytest smoke');
    await row.hover({ timeout: 2000 });
    await row.locator('.action-label[aria-label="Run Row"]').click({ timeout: 2000 });
  });
  await treeRow(page, 'Plans', 'D1  Pytest smoke').locator('.codicon-pass-filled').waitFor({ timeout: 60_000 });
  const hub = path.join(workspace, PHASE_HUB);
  return {
    log: fs.readFileSync(path.join(hub, 'D1.log'), 'utf8'),
    record: JSON.parse(fs.readFileSync(path.join(hub, 'planloop-run-D1.json'), 'utf8')) as { outcome: string; exitCode: number },
  };
}

/** Opens the sample phase plan and waits for the ▶ Run D1 lens. */
export async function waitForRunLens(page: Page): Promise<void> {
  await openFile(page, PHASE_PLAN);
  await page.locator('.codelens-decoration a', { hasText: '▶ Run D1' }).first().waitFor({ timeout: 30_000 });
}

/** The Plan Loop output channel's log file in the server's profile (undefined until the extension writes it). */
function outputLog(server: CodeServer): string | undefined {
  const logs = path.join(server.userDataDir, 'logs');
  if (!fs.existsSync(logs)) return undefined;
  for (const session of fs.readdirSync(logs).sort().reverse()) {
    const dir = path.join(logs, session);
    for (const host of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
      const file = path.join(dir, host, 'planloop.planloop', 'Plan Loop.log');
      if (fs.existsSync(file)) return file;
    }
  }
  return undefined;
}

/** What the extension has written to its output channel so far ('' before it wrote anything). */
export function outputText(server: CodeServer): string {
  const file = outputLog(server);
  return file ? fs.readFileSync(file, 'utf8') : '';
}

/** Waits until the extension has written a line matching `pattern` to its output channel. */
export async function waitForOutputLine(server: CodeServer, pattern: RegExp, what: string, timeoutMs = 30_000): Promise<void> {
  const text = (): string => outputText(server);
  await waitFor(`the Plan Loop output to say ${what}`, () => pattern.test(text()), {
    timeoutMs,
    seen: () => text().trim().split('\n').slice(-3).join(' | ') || 'no Plan Loop output yet',
  });
}

/** Clicks an action on a tree row until `done` holds: a refresh may replace the row under the click. */
export async function clickRowActionUntil(
  row: () => ReturnType<typeof treeRow>,
  action: string,
  what: string,
  done: () => Promise<boolean>,
): Promise<void> {
  await waitFor(
    what,
    async () => {
      if (await done()) return true;
      await row()
        .hover({ timeout: 2000 })
        .then(() => row().locator(`.action-label[aria-label="${action}"]`).click({ timeout: 2000 }))
        .catch(() => undefined);
      return done();
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  );
}
