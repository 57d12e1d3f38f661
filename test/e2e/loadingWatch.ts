// Watches the three Plan Loop views while the workbench loads: their text every 100 ms from the
// first paint until every tree holds rows. A view that claims emptiness ("No plans found…") before
// then is a lie about a workspace that is still being read; the frame where it happened is saved.
import * as path from 'node:path';
import type { Page } from 'playwright-core';

export const LOOP_VIEWS = ['Plans', 'Ledger', 'Do Now'] as const;
export type LoopView = (typeof LOOP_VIEWS)[number];

interface ViewState {
  /** The view body's text (message, welcome text or rows); undefined while the view is not rendered. */
  readonly text: string | undefined;
  readonly rows: number;
}

export interface EmptyClaim {
  readonly atMs: number;
  /** A view, or the status bar's focus entry (`0 of 0 rows done` while the index is read is a claim too). */
  readonly view: LoopView | 'Focus';
  readonly text: string;
  readonly screenshot: string;
}

export interface LoadingTimeline {
  /** Milliseconds from `startedAt` until the Plans view showed its first row. */
  readonly firstRowsMs: number;
  /** … until a view first said "Indexing…" (the extension is active), when one did. */
  readonly activeMs?: number;
  /** … until each view showed its first row. */
  readonly filledMs: Record<LoopView, number>;
  /** … until the Plans view showed rows while it still said "Indexing…" (the plans read so far), when it did. */
  readonly partialRowsMs?: number;
  /** Every distinct text each view showed, in order, with when it first showed it. */
  readonly texts: Record<LoopView, Array<{ atMs: number; text: string }>>;
  readonly emptyClaims: EmptyClaim[];
}

const EMPTY_CLAIM = /\bNo (plans|ledger|handoff)\b[^\n]*\bfound\b/i;
/** The focus entry counting no rows (the loop workspace's focus initiative has plans). */
const FOCUS_UNCOUNTED = /\b0 of 0 rows done\b/;

/** Runs in the page (a string: the test code is compiled without the DOM's types). */
const READ_VIEWS = `(() => {
  const names = ${JSON.stringify(LOOP_VIEWS)};
  const out = {};
  for (const pane of document.querySelectorAll('.pane')) {
    const label = pane.querySelector('.pane-header')?.getAttribute('aria-label') ?? '';
    const name = names.find((n) => label.startsWith(n));
    const body = pane.querySelector('.pane-body');
    if (!name || !body) continue;
    out[name] = { text: body.innerText.trim(), rows: body.querySelectorAll('.monaco-list-row').length };
  }
  const focus = document.querySelector('[aria-label^="Plan Loop focus"]');
  if (focus) out.Focus = { text: focus.getAttribute('aria-label'), rows: 0 };
  return out;
})()`;

/** The text and row count of each Plan Loop view, read in one turn of the page. */
function readViews(page: Page): Promise<Record<string, ViewState>> {
  return page.evaluate<Record<string, ViewState>>(READ_VIEWS);
}

/**
 * Polls the views every 100 ms until each holds a row (bounded by `timeoutMs`). `startedAt` is the
 * first paint (or the moment the sidebar opened), in `performance.now()` time of this process.
 * Throws when the views never fill, naming what each showed last.
 */
export async function watchLoading(
  page: Page,
  options: { startedAt: number; timeoutMs: number; screenshots: string; label: string },
): Promise<LoadingTimeline> {
  const filled: Partial<Record<LoopView, number>> = {};
  const texts = Object.fromEntries(LOOP_VIEWS.map((v) => [v, []])) as unknown as LoadingTimeline['texts'];
  const emptyClaims: EmptyClaim[] = [];
  let activeMs: number | undefined;
  let partialRowsMs: number | undefined;
  const deadline = performance.now() + options.timeoutMs;
  for (;;) {
    const polled = performance.now();
    const atMs = Math.round(polled - options.startedAt);
    const views = await readViews(page).catch(() => ({}) as Record<string, ViewState>);
    for (const view of LOOP_VIEWS) {
      const state = views[view];
      if (!state || state.text === undefined) continue;
      const seen = texts[view];
      if (seen[seen.length - 1]?.text !== state.text) seen.push({ atMs, text: state.text });
      if (state.rows > 0) filled[view] ??= atMs;
      if (state.text.startsWith('Indexing…')) activeMs ??= atMs;
      if (view === 'Plans' && state.rows > 0 && state.text.startsWith('Indexing…') && partialRowsMs === undefined) {
        partialRowsMs = atMs;
        await page.screenshot({ path: path.join(options.screenshots, `loading-${options.label}-partial.png`) }).catch(() => undefined);
      }
      // A status is a claim too: while the walk runs an initiative whose ledger is not read yet has none.
      const claim = EMPTY_CLAIM.exec(state.text) ?? (state.text.startsWith('Indexing…') ? /· unknown\b/.exec(state.text) : null);
      if (claim && !emptyClaims.some((c) => c.view === view)) {
        const screenshot = path.join(options.screenshots, `empty-claim-${options.label}-${view.replace(/\W+/g, '-')}.png`);
        await page.screenshot({ path: screenshot }).catch(() => undefined);
        emptyClaims.push({ atMs, view, text: claim[0], screenshot });
      }
    }
    const focus = views.Focus?.text;
    if (focus && FOCUS_UNCOUNTED.test(focus) && !emptyClaims.some((c) => c.view === 'Focus')) {
      const screenshot = path.join(options.screenshots, `empty-claim-${options.label}-Focus.png`);
      await page.screenshot({ path: screenshot }).catch(() => undefined);
      emptyClaims.push({ atMs, view: 'Focus', text: focus, screenshot });
    }
    if (LOOP_VIEWS.every((v) => filled[v] !== undefined))
      return { firstRowsMs: filled.Plans!, activeMs, filledMs: filled as Record<LoopView, number>, partialRowsMs, texts, emptyClaims };
    if (performance.now() > deadline)
      throw new Error(
        `the Plan Loop views did not all show rows within ${options.timeoutMs / 1000} s; last seen: ${LOOP_VIEWS.map(
          (v) => `${v}: ${JSON.stringify(texts[v][texts[v].length - 1]?.text.slice(0, 80) ?? 'not rendered')}`,
        ).join('; ')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 100 - (performance.now() - polled))));
  }
}

/** One line per view: each text it showed and when (for logs and the bench). */
export function describeTimeline(timeline: LoadingTimeline): string {
  return LOOP_VIEWS.map(
    (v) => `${v}: ${timeline.texts[v].map((t) => `${t.atMs} ms ${JSON.stringify(t.text.split('\n')[0].slice(0, 40))}`).join(' → ')}`,
  ).join('\n');
}
