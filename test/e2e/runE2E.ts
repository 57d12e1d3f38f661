// End-to-end checks in the real workbench: headless Chromium drives code-server with the
// extension in development mode, clicks through the UI and saves screenshots under test/output.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { copyWorkspace, HarnessError, remote, repoRoot, startCodeServer, workbenchUrl, type CodeServer } from '../harness/codeServer';
import { waitFor } from '../support/waitFor';
import { launchBrowser, openWorkbench } from '../harness/browser';
import { gitRepo } from '../support/gitRepo';
import { commitScenario } from '../support/historyScenario';
import {
  clickRowActionUntil,
  collapseView,
  dismissNotifications,
  openFile,
  openPlanLoopView,
  PHASE_PLAN,
  runCommand,
  runConfirmed,
  runD1FromSidebar,
  treeRow,
  waitForOutputLine,
  waitForRunLens,
} from './workbench';
import { describeTimeline, watchLoading, type LoadingTimeline } from './loadingWatch';
import { generateRealShapedWorkspace } from '../bench/generate';

export const screenshots = path.join(repoRoot, 'test/output/screenshots');

interface Session {
  page: Page;
  workspace: string;
  server: CodeServer;
  /** The workbench on the workspace (a session with `opensItself` has not loaded it yet). */
  url: string;
}

interface Check {
  name: string;
  run(session: Session): Promise<void>;
}

function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** A file's text, or '' while it does not exist. */
const readText = (file: string | undefined): string => (file && fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');

const checks: Check[] = [
  {
    name: 'activity bar opens the Plan Loop views with the sample plans',
    async run({ page }) {
      await openPlanLoopView(page);
      await treeRow(page, 'Plans', 'TIDE-API-001').waitFor({ timeout: 30_000 });
      await treeRow(page, 'Do Now', 'TIDE-API-001 D1').waitFor({ timeout: 30_000 });
      await page.screenshot({ path: path.join(screenshots, 'activity-bar.png') });
    },
  },
  {
    name: 'phase rows show state icons and progress',
    async run({ page }) {
      await collapseView(page, 'Ledger');
      await collapseView(page, 'Do Now');
      // The Loop History view shares the sidebar: folded, it leaves the Plans rows in sight.
      await collapseView(page, 'Loop History');
      await dismissNotifications(page);
      await treeRow(page, 'Plans', 'B2.a').waitFor({ timeout: 60_000 });
      const icons = await page.locator('.monaco-list-row .codicon-pass-filled').count();
      expect(icons >= 3, `expected done-state icons on rows, found ${icons}`);
      await page.screenshot({ path: path.join(screenshots, 'plans-rows.png') });
    },
  },
  {
    name: 'inline ✓ marks a row done, and the saved file has [x]',
    async run({ page, workspace }) {
      const row = treeRow(page, 'Plans', 'B2.c');
      await row.hover();
      await row.locator('.action-label[aria-label="Mark Row Done"]').click({ timeout: 10_000 });
      const file = path.join(workspace, 'plans/active/TIDE-API-001/implementation.md');
      // The edit is in the (unsaved) buffer once the tree, which reads open buffers, shows B2.c done
      // (on a loaded 2-core machine this took 22 s once: the bound is generous, not a guess).
      await treeRow(page, 'Plans', 'B2.c').locator('.codicon-pass-filled').waitFor({ timeout: 60_000 });
      expect(!readText(file).includes('| B2.c | Document lookup errors | [x] |'), 'nothing is saved before Save All (autosave is off)');
      await runCommand(page, 'File: Save All Files');
      await waitFor(
        'B2.c to be [x] on disk after Save All',
        () => readText(file).includes('| B2.c | Document lookup errors | [x] |'),
        60_000,
      );
    },
  },
  {
    name: '▶ Run on a row: confirmed, runs CUDA-masked in a terminal, tees the log, and the row turns [x]',
    async run({ page, workspace }) {
      // The Plans view is already open from the checks above (clicking the icon again would close it).
      const { log, record } = await runD1FromSidebar(page, workspace);
      expect(/1 passed/.test(log), "the pytest output was tee'd into the hub log");
      expect(
        fs.readFileSync(path.join(workspace, 'env-probe.txt'), 'utf8') === '',
        'the test saw CUDA_VISIBLE_DEVICES empty although the host had 0',
      );
      expect(record.outcome === 'passed' && record.exitCode === 0, `run record: ${JSON.stringify(record)}`);
      await page.screenshot({ path: path.join(screenshots, 'run-done.png') });
    },
  },
  {
    name: 'autoUpdate "ask": evidence landing from outside asks in a notification, and Apply updates the row',
    async run({ page, workspace, server }) {
      fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
      fs.writeFileSync(path.join(workspace, '.vscode/settings.json'), JSON.stringify({ 'planloop.autoUpdate': 'ask' }, null, 2));
      // The settings file reaches the extension through a file watcher: go on once it has.
      await waitForOutputLine(server, /Setting planloop\.autoUpdate is now "ask"/, 'that planloop.autoUpdate is now "ask"');
      await dismissNotifications(page);
      const hub = 'plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d_smoke';
      // The handoff's How-To tees the CLI smoke into cli_smoke.log; D2 runs that command.
      fs.writeFileSync(path.join(workspace, hub, 'cli_smoke.log'), 'station 9414290: 1.2 m\n');
      const toast = page.locator('.notification-toast', { hasText: 'D2: evidence landed (passed)' });
      await toast.waitFor({ timeout: 60_000 });
      const plan = path.join(workspace, PHASE_PLAN);
      expect(fs.readFileSync(plan, 'utf8').includes('| D2 | CLI smoke | [ ] |'), 'nothing is written before Apply');
      // A toast hides itself after a while; the status-bar entry stays until the question is answered.
      const waiting = page.locator('.statusbar-item', { hasText: 'Plan Loop: 1 update waits' });
      await waiting.waitFor({ timeout: 30_000 });
      await page.screenshot({ path: path.join(screenshots, 'landing-ask.png') });
      await toast.getByRole('button', { name: 'Apply', exact: true }).click();
      await waiting.waitFor({ state: 'detached', timeout: 30_000 });
      // Apply saves the plan and the ledger one after the other: wait for both files.
      const ledger = path.join(workspace, 'docs/fix_plan.md');
      await waitFor(
        'D2 to be [x] on disk and the ledger to have the landing attempt, after Apply',
        () => readText(plan).includes('| D2 | CLI smoke | [x] |') && /D2 evidence landed/.test(readText(ledger)),
        60_000,
      );
      const attempts = fs.readFileSync(ledger, 'utf8').match(/D2 evidence landed/g) ?? [];
      expect(attempts.length === 1, `the ledger gained exactly one landing attempt, found ${attempts.length}`);
    },
  },
  {
    name: 'Show Progress on an initiative draws rows by state and attempts over time in a webview',
    async run({ page }) {
      await dismissNotifications(page);
      await treeRow(page, 'Plans', 'D2  CLI smoke').locator('.codicon-pass-filled').waitFor({ timeout: 60_000 });
      // The landing just applied refreshes the tree; an action clicked on a row being replaced loses
      // its argument, so the click is repeated until the panel is there.
      const progressTab = page.locator('.tab', { hasText: 'Progress: TIDE-API-001' });
      await clickRowActionUntil(
        () => treeRow(page, 'Plans', 'TIDE-API-001'),
        'Show Progress',
        'the Progress: TIDE-API-001 tab after clicking Show Progress',
        async () => (await progressTab.count()) > 0,
      );
      // The page sits in nested iframes. The panel redraws when files change (the landing just
      // applied): a frame may be replaced while it is looked at, so it is looked for again until
      // one frame has a bar per phase with rows and a dot per dated attempt (the three fixture
      // attempts plus the run's and the landing's).
      let seen = 'no progress frame';
      const drawn = async () => {
        const frame = page.frames().find((f) => f.url().includes('fake.html'));
        if (!frame) return false;
        const count = (selector: string) =>
          frame
            .locator(selector)
            .count()
            .catch(() => 0);
        const [bars, dots] = [await count('svg.bar'), await count('section[aria-label="Attempts over time"] circle')];
        seen = `${bars} bars, ${dots} dots`;
        return bars >= 5 && dots >= 5;
      };
      await waitFor('the progress webview to draw 5 phase bars and 5 attempt dots', drawn, { timeoutMs: 60_000, seen: () => seen });
      await page.screenshot({ path: path.join(screenshots, 'progress.png') });
      await runCommand(page, 'View: Close Editor');
    },
  },
  {
    name: 'a long run shows progress; Cancel stops the task and records it as interrupted',
    async run({ page, workspace }) {
      const slowPlan = 'plans/active/CACHE-REFRESH-002/slow_plan.md';
      fs.writeFileSync(
        path.join(workspace, slowPlan),
        "# Slow\n\n### Phase S — Slow\n| ID | Task Description | State | How/Why & Guidance |\n| --- | --- | --- | --- |\n| S1 | Sleeps | [ ] | `bash -c 'echo started; sleep 600'` |\n",
      );
      await dismissNotifications(page);
      await openFile(page, slowPlan);
      const lens = page.locator('.codelens-decoration a', { hasText: '▶ Run S1' });
      await lens.first().waitFor({ timeout: 30_000 });
      await lens.first().click();
      await page.getByRole('button', { name: 'Run', exact: true }).click({ timeout: 60_000 });
      const toast = page.locator('.notification-toast', { hasText: 'Plan Loop: running S1 (cpu)' });
      await toast.waitFor({ timeout: 60_000 });
      const reports = path.join(workspace, 'plans/active/CACHE-REFRESH-002/reports');
      const inHub = (name: string): string | undefined => {
        // The hub follows the initiative's own layout: a bare stamp folder, or stamp/phase.
        for (const stamp of fs.existsSync(reports) ? fs.readdirSync(reports) : []) {
          for (const file of [path.join(reports, stamp, name), path.join(reports, stamp, 'phase_s_slow', name)]) {
            if (fs.existsSync(file)) return file;
          }
        }
        return undefined;
      };
      // Cancel once the command is running: its first line is in the hub log.
      await waitFor('S1 to start (its log to say "started")', () => /started/.test(readText(inHub('S1.log'))), 30_000);
      await toast.getByRole('button', { name: 'Cancel' }).click();
      // The command sleeps for 10 minutes: a record within the bound means Cancel stopped it.
      const record = await waitFor('the run record of S1 after Cancel', () => inHub('planloop-run-S1.json'), 60_000);
      const written = JSON.parse(fs.readFileSync(record, 'utf8')) as { outcome: string };
      expect(written.outcome === 'interrupted', `outcome ${written.outcome}`);
      expect(/started/.test(fs.readFileSync(path.join(path.dirname(record), 'S1.log'), 'utf8')), 'the log has what ran before Cancel');
      await runCommand(page, 'View: Close All Editors');
    },
  },
  {
    name: 'Testing view: the cited tests under their rows, and a run of the Mapped tests that shows a failure',
    async run({ page, workspace }) {
      const handoff = path.join(workspace, 'input.md');
      fs.writeFileSync(
        handoff,
        readText(handoff).replace(
          'Mapped tests: CUDA_VISIBLE_DEVICES="" pytest tests/test_tides.py::test_ok -q',
          'Mapped tests: tests/test_tides.py::test_ok; tests/test_tides.py::test_fails',
        ),
      );
      await dismissNotifications(page);
      await runCommand(page, 'Testing: Focus on Test Explorer View');
      const mapped = treeRow(page, 'Test Explorer', 'Mapped tests');
      await mapped.waitFor({ timeout: 60_000 });
      // The handoff's new Mapped tests reach the view after the index changes.
      const failing = treeRow(page, 'Test Explorer', 'test_fails');
      await waitFor(
        'test_fails to be listed under Mapped tests',
        async () => {
          if ((await failing.count()) > 0) return true;
          // Expanded, the group shows its tests.
          if ((await mapped.getAttribute('aria-expanded')) === 'false') await mapped.click({ timeout: 2000 }).catch(() => undefined);
          return (await failing.count()) > 0;
        },
        { timeoutMs: 60_000, intervalMs: 250 },
      );
      await clickRowActionUntil(
        () => mapped,
        'Run Test',
        'the Run prompt for the Mapped tests',
        async () => (await page.getByRole('button', { name: 'Run', exact: true }).count()) > 0,
      );
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await failing.locator('.codicon-testing-failed-icon').waitFor({ timeout: 120_000 });
      await treeRow(page, 'Test Explorer', 'test_ok').locator('.codicon-testing-passed-icon').waitFor({ timeout: 30_000 });
      // The failure's message, at its line of the test file.
      await failing.dblclick();
      await page
        .locator('.test-message-inline-content, .test-output-peek', { hasText: /forecast height should exceed 5 m/ })
        .first()
        .waitFor({ timeout: 60_000 });
      await page.screenshot({ path: path.join(screenshots, 'testing-view.png') });
      await runCommand(page, 'View: Close All Editors');
    },
  },
  {
    name: 'code lenses render above plan rows',
    async run({ page }) {
      await waitForRunLens(page);
      await page.screenshot({ path: path.join(screenshots, 'code-lenses.png') });
    },
  },
  {
    name: 'a superpowers plan: Task → Step in the Plans view, ▶ Run on a step, and the red step judged "failed as expected"',
    async run({ page, workspace, server }) {
      // The "ask" check left planloop.autoUpdate at "ask", and the Testing view's run left its
      // question unanswered (updates apply in order, so a new run's would wait behind it): back to
      // "always", and the waiting question dismissed.
      fs.writeFileSync(path.join(workspace, '.vscode/settings.json'), JSON.stringify({ 'planloop.autoUpdate': 'always' }, null, 2));
      await waitForOutputLine(server, /Setting planloop\.autoUpdate is now "always"/, 'that planloop.autoUpdate is "always" again');
      await runCommand(page, 'Notifications: Clear All Notifications');
      await page.locator('.statusbar-item', { hasText: 'Plan Loop: 1 update waits' }).waitFor({ state: 'detached', timeout: 30_000 });
      const file = path.join(workspace, SUPERPOWERS_PLAN);
      fs.writeFileSync(file, SUPERPOWERS_TEXT);
      await runCommand(page, 'View: Close All Editors');
      // The check before left the Testing view in the sidebar: bring Plan Loop's views back.
      await openPlanLoopView(page);
      // Make room in the Plans view for the new plan: the sample's first initiative folds away.
      // (A refresh may expand it again after a first fold: fold it until it stays folded.)
      const first = treeRow(page, 'Plans', 'TIDE-API-001');
      await waitFor(
        'TIDE-API-001 to fold in the Plans view',
        async () => {
          const expanded = await first.getAttribute('aria-expanded', { timeout: 2000 }).catch(() => null);
          if (expanded === 'true') await first.click({ timeout: 2000 }).catch(() => undefined);
          return expanded === 'false';
        },
        { timeoutMs: 30_000, intervalMs: 500 },
      );
      await treeRow(page, 'Plans', 'Task 1 · Step 2').waitFor({ timeout: 60_000 });
      await openFile(page, SUPERPOWERS_PLAN);
      const lens = page.locator('.codelens-decoration a', { hasText: '▶ Run 1.2' }).first();
      await lens.waitFor({ timeout: 60_000 });
      await runConfirmed(page, 'Run 1.2', () => lens.click({ timeout: 2000 }));
      // The update saves the plan and then the ledger: wait for both files.
      await waitFor(
        'step 1.2 to be [x] on disk and the ledger attempt to say the red step failed as expected',
        () =>
          readText(file).includes('- [x] **Step 2: Run the alert test to see it fail**') &&
          /failed as expected \(exit 1\)/.test(readText(path.join(workspace, 'docs/fix_plan.md'))),
        {
          timeoutMs: 90_000,
          // An edit to a buffer with unsaved changes stays in the buffer: name those tabs.
          seen: async () =>
            `unsaved tabs: ${(await page.locator('.tabs-container .tab.dirty').allInnerTexts()).join(', ') || 'none'}; last ledger lines: ${readText(path.join(workspace, 'docs/fix_plan.md')).trim().split('\n').slice(-3).join(' | ')}`,
        },
      );
      await treeRow(page, 'Plans', 'Task 1 · Step 2').locator('.codicon-pass-filled').waitFor({ timeout: 60_000 });
      expect(
        /expects FAIL/.test(await treeRow(page, 'Plans', 'Task 1 · Step 2').innerText()),
        'the red step says it expects FAIL in the Plans view',
      );
      await page.screenshot({ path: path.join(screenshots, 'superpowers-plan.png') });
    },
  },
];

// Our own superpowers-style plan for the sample's second initiative: a red step that must fail.
const SUPERPOWERS_PLAN = 'plans/active/CACHE-REFRESH-002/alerts_plan.md';
const SUPERPOWERS_TEXT = [
  '# Cache alerts Implementation Plan',
  '',
  '### Task 1: Alert on stale cache',
  '',
  '- [x] **Step 1: Write the failing alert test**',
  '',
  '- [ ] **Step 2: Run the alert test to see it fail**',
  '',
  "Run: `bash -c 'echo no alert yet; exit 1'`",
  '',
  'Expected: FAIL with `no alert yet`',
  '',
  '- [ ] **Step 3: Implement the alert**',
  '',
  '### Task 2: Wire the alert',
  '',
  '- [ ] **Step 1: Run the alert test**',
  '',
  '```bash',
  "bash -c 'echo alert sent'",
  '```',
  '',
  'Expected: PASS',
  '',
].join('\n');

// Restricted Mode: trust enabled, folder not trusted. Views and lenses, but nothing runs.
const untrustedChecks: Check[] = [
  {
    name: 'untrusted workspace: views and lenses show, but no Run action, lens or palette entry, and nothing runs',
    async run({ page, workspace }) {
      // A fresh profile with trust enabled asks at startup; answering "no" is Restricted Mode.
      const dontTrust = page.getByRole('button', { name: /No, I don.t trust the authors|Don.t Trust/ }).first();
      await dontTrust.waitFor({ timeout: 60_000 });
      await dontTrust.click();
      await dontTrust.waitFor({ state: 'detached', timeout: 60_000 });
      await openPlanLoopView(page);
      await collapseView(page, 'Ledger');
      await collapseView(page, 'Do Now');
      // The Loop History view shares the sidebar: folded, it leaves the Plans rows in sight.
      await collapseView(page, 'Loop History');
      const row = treeRow(page, 'Plans', 'D1  Pytest smoke');
      await row.waitFor({ timeout: 30_000 });
      await row.hover();
      expect((await row.locator('.action-label[aria-label="Mark Row Done"]').count()) === 1, 'the ✓ action is offered');
      expect((await row.locator('.action-label[aria-label="Run Row"]').count()) === 0, 'no Run action in Restricted Mode');
      await openFile(page, PHASE_PLAN);
      await page.locator('.codelens-decoration a', { hasText: '✓ Done' }).first().waitFor({ timeout: 30_000 });
      expect((await page.locator('.codelens-decoration a', { hasText: '▶ Run' }).count()) === 0, 'no ▶ Run lens in Restricted Mode');
      await page.screenshot({ path: path.join(screenshots, 'untrusted.png') });
      // The palette offers no way to run either, and nothing ran: no terminal, no probe file.
      const marking = await paletteOffers(page, 'Plan Loop: Mark Row State');
      expect(
        marking.some((t) => t.includes('Plan Loop: Mark Row State')),
        `the palette offers reading and marking: ${marking.join(' | ')}`,
      );
      for (const title of ['Plan Loop: Run Row', 'Plan Loop: Run Mapped Tests']) {
        const offered = await paletteOffers(page, title);
        expect(!offered.some((t) => t.includes(title)), `${title} is not in the palette: ${offered.join(' | ')}`);
      }
      // The Testing view lists the cited tests, with no run profile: nothing to run them with.
      await runCommand(page, 'Testing: Focus on Test Explorer View');
      const mapped = treeRow(page, 'Test Explorer', 'Mapped tests');
      await mapped.waitFor({ timeout: 60_000 });
      // (A trusted workspace's row holds its Run Test action in the DOM from the start.)
      await mapped.hover();
      expect((await mapped.locator('.action-label[aria-label="Run Test"]').count()) === 0, 'no Run Test action in Restricted Mode');
      expect((await page.locator('.terminal-wrapper').count()) === 0, 'no terminal was opened');
      expect(!fs.existsSync(path.join(workspace, 'env-probe.txt')), 'no test ran');
    },
  },
];

/** The command palette's rows for a query (then closes it). */
async function paletteOffers(page: Page, query: string): Promise<string[]> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.fill(`>${query}`);
  // A filtered list highlights what matched, lists "similar commands" or says there is no match;
  // the unfiltered list the palette opens with does none of these.
  const list = page.locator('.quick-input-list');
  await waitFor(
    `the command palette to filter for "${query}"`,
    async () =>
      (await list.locator('.monaco-list-row .highlight').count()) > 0 ||
      /similar commands|No matching commands/.test(await list.innerText()),
    { timeoutMs: 30_000, seen: () => list.innerText() },
  );
  const rows = await list.locator('.monaco-list-row').allInnerTexts();
  await page.keyboard.press('Escape');
  return rows;
}

// A folder with no plan, ledger or handoff: each view says what it looks for.
const emptyChecks: Check[] = [
  {
    name: 'a folder without plans: each view explains what it reads and where to set it',
    async run({ page }) {
      await openPlanLoopView(page);
      const welcome = (view: string, text: string) =>
        page.locator(`.pane:has(.pane-header[aria-label^="${view}"]) .welcome-view-content`, { hasText: text });
      await welcome('Plans', 'No loop files found in this workspace.').waitFor({ timeout: 30_000 });
      await welcome('Ledger', 'No ledger found.').waitFor({ timeout: 60_000 });
      await welcome('Do Now', 'No handoff found.').waitFor({ timeout: 60_000 });
      expect((await welcome('Ledger', 'Open Ledger Setting').count()) === 1, 'the ledger welcome links its setting');
      await page.screenshot({ path: path.join(screenshots, 'empty-workspace.png') });
    },
  },
  {
    name: 'a plan with code-span, word and emoji states shows each row with the icon of its state',
    async run({ page, workspace }) {
      // Our own fixture: states as code spans in the first column, read through the plan's legend.
      const plan = path.join(workspace, 'plans/active/HARBOUR-LIGHTS-001/implementation.md');
      fs.mkdirSync(path.dirname(plan), { recursive: true });
      fs.copyFileSync(path.join(repoRoot, 'fixtures/cases/16-code-span-states/input.md'), plan);
      await collapseView(page, 'Ledger');
      await collapseView(page, 'Do Now');
      // The Loop History view shares the sidebar: folded, it leaves the Plans rows in sight.
      await collapseView(page, 'Loop History');
      // The state icon, not an inline action's icon that shows on a hovered row.
      const icon = (row: string, codicon: string) =>
        treeRow(page, 'Plans', row).locator(`.custom-view-tree-node-item-icon.codicon-${codicon}`);
      await icon('HL-LAMP-001', 'circle-large-filled').waitFor({ timeout: 60_000 });
      await icon('0.A', 'pass-filled').waitFor({ timeout: 30_000 });
      await icon('v0.2.0-alpha.1', 'circle-large-outline').waitFor({ timeout: 30_000 });
      await icon('1.1', 'pass-filled').waitFor({ timeout: 30_000 });
      // 🔑 is the one token nothing defines (the fixture keeps it for the quick fix): the only "?".
      await icon('1.3', 'question').waitFor({ timeout: 30_000 });
      const unknown = await page.locator('.monaco-list-row .custom-view-tree-node-item-icon.codicon-question').count();
      expect(unknown === 1, `only 1.3 reads as unknown, found ${unknown} unknown rows`);
      await page.screenshot({ path: path.join(screenshots, 'plans-code-span.png') });
    },
  },
];

/** A loading check's failure: its first line says what, the rest is each view's timeline. */
class LoadingError extends Error {}

/** Fails on any "No … found" a view said before it filled; logs the timeline either way. */
function expectHonestLoading(timeline: LoadingTimeline): void {
  if (timeline.emptyClaims.length)
    throw new LoadingError(
      `${timeline.emptyClaims.map((c) => `${c.view} said "${c.text}" at ${c.atMs} ms (frame: ${path.relative(repoRoot, c.screenshot)})`).join('; ')}\n${describeTimeline(timeline)}`,
    );
  const partial = timeline.partialRowsMs === undefined ? '' : ` (the plans read so far from ${timeline.partialRowsMs} ms, while indexing)`;
  console.log(`    rows after ${timeline.firstRowsMs} ms${partial}\n${describeTimeline(timeline).replace(/^/gm, '      ')}`);
}

// A loop repository the size of a real one (generated: ≥ 3,000 files, ≥ 80 loop files). The three
// views are read every 100 ms from the first paint until their trees are filled, after a fresh
// start and after a reload.
const loadingChecks: Check[] = [
  {
    name: 'fresh start: from the first paint the views say they are indexing, never "No … found", then fill',
    async run({ page, url }) {
      const started = performance.now();
      await page.goto(url, { timeout: 90_000, waitUntil: 'commit' });
      // The sidebar opens as soon as the activity bar is there (a loaded machine may take a minute
      // to draw the workbench); the views are read meanwhile.
      const opened = page.waitForSelector('.monaco-workbench', { timeout: 120_000 }).then(() => openPlanLoopView(page));
      const [timeline] = await Promise.all([
        watchLoading(page, { startedAt: started, timeoutMs: 240_000, screenshots, label: 'fresh' }),
        opened,
      ]);
      await page.screenshot({ path: path.join(screenshots, 'loading-fresh-filled.png') });
      expectHonestLoading(timeline);
    },
  },
  {
    name: 'reload: the views never say "No … found" before they fill again',
    async run({ page }) {
      const started = performance.now();
      // From the new document on (the old one still shows the filled views until then).
      await page.reload({ timeout: 90_000, waitUntil: 'commit' });
      const timeline = await watchLoading(page, { startedAt: started, timeoutMs: 240_000, screenshots, label: 'reload' });
      await page.screenshot({ path: path.join(screenshots, 'loading-reload-filled.png') });
      expectHonestLoading(timeline);
      await expectFocusCounted(page);
    },
  },
];

/** Once indexed, the status bar's focus entry counts the focus initiative's rows (it said nothing, not 0/0, while indexing). */
async function expectFocusCounted(page: Page): Promise<void> {
  // Strings run in the page: the test code is compiled without the DOM's types.
  const read = `document.querySelector('[aria-label^="Plan Loop focus"]')?.getAttribute('aria-label') ?? ''`;
  const counted = /^Plan Loop focus: \S+, \d+ of [1-9]\d* rows done$/;
  const seen = await page
    .waitForFunction(`${counted}.test(${read})`, undefined, { timeout: 30_000, polling: 200 })
    .then(() => true)
    .catch(() => false);
  const label = await page.evaluate<string>(read);
  expect(
    seen && counted.test(label),
    `the status bar's focus entry did not count the focus initiative's rows within 30 s (it says ${JSON.stringify(label)})`,
  );
}

const LOOP_REPOSITORY = 'loop repository (3,300 files, 174 plans, a 400 KB ledger, a handoff)';

function loopRepository(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-loop-repo-'));
  generateRealShapedWorkspace(root, 3300);
  return root;
}

/** Runs `fn` on a generated folder, then removes it. */
async function withFolder<T>(folder: string, fn: (folder: string) => Promise<T>): Promise<T> {
  try {
    return await fn(folder);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** The Loop History view over a repository with three committed iterations (the synthetic loop of the unit tests). */
const historyChecks: Check[] = [
  {
    name: 'Loop History shows three iterations, since the last handoff and the health of the loop',
    async run({ page }) {
      await openPlanLoopView(page);
      for (const view of ['Plans', 'Ledger', 'Do Now']) await collapseView(page, view);
      const header = page.locator('.pane-header[aria-label^="Loop History"]').first();
      if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
      await treeRow(page, 'Loop History', 'Since the last handoff').waitFor({ timeout: 60_000 });
      await treeRow(page, 'Loop History', 'Iteration 3').waitFor({ timeout: 30_000 });
      await treeRow(page, 'Loop History', 'Iteration 1').waitFor({ timeout: 30_000 });
      // The current iteration is open: B1 done again, with its state icon.
      await treeRow(page, 'Loop History', 'B1  [ ] → [x]').locator('.codicon-pass-filled').waitFor({ timeout: 30_000 });
      await page.screenshot({ path: path.join(screenshots, 'history-view.png') });
    },
  },
  {
    name: 'Loop History names the thrashing row under Loop health',
    async run({ page }) {
      const thrash = treeRow(page, 'Loop History', 'thrash');
      await thrash.waitFor({ timeout: 30_000 });
      const text = await thrash.innerText();
      expect(/A1 \(TIDE-API-001\): 3 failed attempts in a row/.test(text), `the thrash item names A1: ${text}`);
      await thrash.hover();
      await page.screenshot({ path: path.join(screenshots, 'history-health.png') });
    },
  },
  {
    name: 'a row hover shows its states through history',
    async run({ page }) {
      await openFile(page, 'plans/active/TIDE-API-001/implementation.md');
      const line = page.locator('.view-lines .view-line', { hasText: '| B1 |' }).first();
      await line.waitFor({ timeout: 30_000 });
      const hover = page.locator('.monaco-hover', { hasText: 'History:' }).first();
      await waitFor(
        'the hover on B1 to show its history',
        async () => {
          await line.hover({ position: { x: 12, y: 5 } }).catch(() => undefined);
          return hover.isVisible();
        },
        { timeoutMs: 60_000, intervalMs: 1000 },
      );
      const text = await hover.innerText();
      expect(text.includes('[ ] → [x] (Mar 3, this iteration) → [ ] (Mar 3, this iteration) → [x]'), `the timeline: ${text}`);
      await page.screenshot({ path: path.join(screenshots, 'history-hover.png') });
    },
  },
  {
    name: 'Show Progress draws rows done over time from the loop history',
    async run({ page }) {
      await dismissNotifications(page);
      await runCommand(page, 'Plan Loop: Show Progress');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ timeout: 10_000 });
      await input.fill('TIDE-API-001');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'TIDE-API-001' }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      // The plan's rows done after each of the five commits that changed it: 0, 0, 2, 1 (B1 reopened), 2.
      let seen = 'no progress frame';
      const drawn = async () => {
        const frame = page.frames().find((f) => f.url().includes('fake.html'));
        if (!frame) return false;
        const titles = await frame
          .locator('section[aria-label="Rows done over time"] circle title')
          .allTextContents()
          .catch(() => []);
        seen = titles.join(' | ') || 'no dots';
        return titles.length === 5 && /— 1\/3 rows done$/.test(titles[3]) && /— 2\/3 rows done$/.test(titles[4]);
      };
      await waitFor('the progress webview to draw rows done over time', drawn, { timeoutMs: 60_000, seen: () => seen });
      await page.screenshot({ path: path.join(screenshots, 'progress-history.png') });
      await runCommand(page, 'View: Close Editor');
    },
  },
];

/** A repository with the synthetic loop's first nine commits (three iterations). */
function historyRepository(): string {
  const repo = gitRepo();
  commitScenario(repo, 9);
  return repo.root;
}

function emptyFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-empty-'));
  fs.writeFileSync(path.join(dir, 'README.md'), '# Nothing planned here\n');
  return dir;
}

interface SessionOptions {
  /** Names the session in the progress lines and failure screenshots. */
  label: string;
  trustEnabled: boolean;
  source?: string;
  /** What shows that the workbench and the extension are up, before the first check. */
  ready?: (page: Page) => Promise<void>;
  /** The first check loads the workbench itself (to watch it from the first paint). */
  opensItself?: boolean;
}

async function runChecks(list: Check[], options: SessionOptions): Promise<{ passed: number; failed: number }> {
  const { label, trustEnabled, source = path.join(repoRoot, 'fixtures/workspace') } = options;
  console.log(`e2e: session "${label}": ${list.length} checks`);
  const workspace = copyWorkspace(source);
  // The terminal inherits this env: the run must still mask the GPU, and the test records what it saw.
  const env = { CUDA_VISIBLE_DEVICES: '0', PLANLOOP_ENV_PROBE: path.join(workspace, 'env-probe.txt') };
  // The browser first: when it is missing, nothing else has been started yet.
  const browser = await launchBrowser();
  const server = await startCodeServer({ workspace, trustEnabled, env, settings: { 'planloop.autoUpdate': 'always' } }).catch(
    async (error: unknown) => {
      await browser.close();
      throw error;
    },
  );
  let passed = 0;
  let failed = 0;
  try {
    const url = workbenchUrl(server, workspace, [['extensionDevelopmentPath', remote(server, repoRoot)]]);
    const page = options.opensItself
      ? await browser.newPage({ viewport: { width: 1400, height: 900 } })
      : await openWorkbench(browser, url);
    if (!options.opensItself) {
      await options.ready?.(page);
      await dismissNotifications(page);
    }
    for (const check of list) {
      const started = Date.now();
      try {
        await check.run({ page, workspace, server, url });
        passed++;
        console.log(`  ✓ ${check.name} (${Date.now() - started} ms)`);
      } catch (error) {
        failed++;
        const shot = path.join(screenshots, `failed-${label.replace(/\W+/g, '-')}-${passed + failed}.png`);
        await page.screenshot({ path: shot }).catch(() => undefined);
        const [first, ...more] = (error as Error).message.split('\n');
        console.log(`  ✗ ${check.name}\n      ${first} (screenshot: ${path.relative(repoRoot, shot)})`);
        if (error instanceof LoadingError) console.log(more.join('\n').replace(/^/gm, '      '));
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
  console.log(`e2e: session "${label}": ${passed} passed, ${failed} failed`);
  return { passed, failed };
}

/** The pictures the README shows; refreshed from a green run with PLANLOOP_UPDATE_SCREENSHOTS=1. */
export const README_SCREENSHOTS = [
  'activity-bar.png',
  'code-lenses.png',
  'run-done.png',
  'landing-ask.png',
  'progress-history.png',
  'testing-view.png',
  'superpowers-plan.png',
];

function updateReadmeScreenshots(): void {
  const target = path.join(repoRoot, 'media/screenshots');
  fs.mkdirSync(target, { recursive: true });
  for (const name of README_SCREENSHOTS) fs.copyFileSync(path.join(screenshots, name), path.join(target, name));
  console.log(`e2e: README screenshots updated in ${path.relative(repoRoot, target)}/`);
}

/** Failure pictures of an earlier run would describe this one wrongly. */
function clearFailureScreenshots(): void {
  fs.mkdirSync(screenshots, { recursive: true });
  for (const name of fs.readdirSync(screenshots)) if (name.startsWith('failed-')) fs.rmSync(path.join(screenshots, name));
}

/** PLANLOOP_E2E_ONLY=<part of a session's label> runs only the sessions it names (all when unset). */
const NO_SESSION = { passed: 0, failed: 0 };
function wanted(label: string): boolean {
  const only = process.env.PLANLOOP_E2E_ONLY;
  return !only || label.includes(only);
}

async function main(): Promise<number> {
  clearFailureScreenshots();
  const trusted = !wanted('sample workspace')
    ? NO_SESSION
    : await runChecks(checks, {
        label: 'sample workspace',
        trustEnabled: false,
        // The focus initiative in the status bar: the extension is active and has indexed the sample.
        ready: (page) => page.locator('.statusbar-item', { hasText: 'TIDE-API-001' }).first().waitFor({ timeout: 60_000 }),
      });
  const untrusted = !wanted('restricted mode')
    ? NO_SESSION
    : await runChecks(untrustedChecks, { label: 'restricted mode', trustEnabled: true });
  const bare = !wanted('folder without plans')
    ? NO_SESSION
    : await withFolder(emptyFolder(), (empty) =>
        runChecks(emptyChecks, { label: 'folder without plans', trustEnabled: false, source: empty }),
      );
  const loading = !wanted('loop repository')
    ? NO_SESSION
    : await withFolder(loopRepository(), (root) =>
        runChecks(loadingChecks, { label: LOOP_REPOSITORY, trustEnabled: false, source: root, opensItself: true }),
      );
  const history = !wanted('loop history')
    ? NO_SESSION
    : await withFolder(historyRepository(), (root) =>
        runChecks(historyChecks, { label: 'loop history', trustEnabled: false, source: root }),
      );
  const passed = trusted.passed + untrusted.passed + bare.passed + loading.passed + history.passed;
  const failed = trusted.failed + untrusted.failed + bare.failed + loading.failed + history.failed;
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  if (process.env.PLANLOOP_UPDATE_SCREENSHOTS === '1' && failed === 0) updateReadmeScreenshots();
  if (process.env.PLANLOOP_SUMMARY_FILE)
    fs.writeFileSync(process.env.PLANLOOP_SUMMARY_FILE, JSON.stringify({ passed, failed, skipped: 0 }));
  return failed > 0 || passed === 0 ? 1 : 0;
}

if (require.main === module)
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`e2e: ${error instanceof HarnessError ? error.message : (error as Error).stack}`);
      process.exit(1);
    },
  );
