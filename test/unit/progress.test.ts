// The progress picture's model (rows by state, attempts over time) and its markup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RowState, TreeInitiative, TreeLedgerInitiative, TreeRow } from '../../server/protocol';
import { buildProgress } from '../../src/progress/progressModel';
import { escapeHtml, renderProgressHtml, tickLabel, timeTicks } from '../../src/progress/progressHtml';

const loc = { uri: 'file:///w/plan.md', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };

function row(id: string, state: RowState): TreeRow {
  return { id, title: id, rawState: '', state, guidance: '', commands: [], artifacts: [], location: loc, stateRange: loc.range };
}

const plans: TreeInitiative = {
  id: 'TIDE-API-001',
  title: 'Stable <tide> API',
  status: 'in-progress',
  plans: [
    {
      uri: loc.uri,
      relativePath: 'plans/active/TIDE-API-001/implementation.md',
      label: 'implementation.md',
      done: 2,
      total: 5,
      phases: [
        { id: 'A', title: 'Baseline', location: loc, done: 2, total: 2 },
        { id: 'B', title: 'API', location: loc, done: 0, total: 3 },
        { id: 'C', title: 'Empty', location: loc, done: 0, total: 0 },
      ],
    },
  ],
};

/** The plan's rows by phase, as planloop/planRows gives them. */
const rows = new Map([
  [
    loc.uri,
    [
      [row('A1', 'done'), row('A2', 'done')],
      [row('B1', 'in-progress'), row('B2', 'blocked'), row('B3', 'weird' as RowState /* from a newer server: counted as unknown */)],
      [],
    ],
  ],
]);

const ledger: TreeLedgerInitiative = {
  id: 'TIDE-API-001',
  title: 'Stable tide API',
  status: 'in-progress',
  location: loc,
  attempts: [
    // Time and outcome as the server reads them (core attemptReading).
    {
      label: 'Attempt #3',
      number: 3,
      timestamp: '2026-03-04',
      time: Date.UTC(2026, 2, 4),
      outcome: 'passed',
      text: 'B2.a green',
      artifacts: [],
      location: loc,
    },
    {
      label: 'Attempt #1',
      number: 1,
      timestamp: '2026-03-02T090000Z',
      time: Date.UTC(2026, 2, 2, 9),
      outcome: 'neutral',
      text: 'baseline captured',
      artifacts: [],
      location: loc,
    },
    {
      label: 'Attempt #2',
      number: 2,
      timestamp: '2026-03-03T10:30Z',
      time: Date.UTC(2026, 2, 3, 10, 30),
      outcome: 'failed',
      text: 'pytest failed (exit 1)',
      artifacts: [],
      location: loc,
    },
    { label: 'Attempt #4', number: 4, outcome: 'neutral', text: 'no date here', artifacts: [], location: loc },
  ],
};

test('rows are counted by state per phase; phases without rows are left out; odd states count as unknown', () => {
  const model = buildProgress('TIDE-API-001', plans, rows, ledger);
  assert.equal(model.total, 5);
  assert.deepEqual(model.counts, { done: 2, 'in-progress': 1, blocked: 1, open: 0, deferred: 0, skipped: 0, unknown: 1 });
  assert.deepEqual(
    model.phases.map((p) => [p.label, p.total, p.counts.done]),
    [
      ['Phase A — Baseline', 2, 2],
      ['Phase B — API', 3, 0],
    ],
  );
  assert.equal(model.title, 'Stable <tide> API');
});

test('attempts are ordered by time, toned by the outcome the server read, and undated ones are counted apart', () => {
  const model = buildProgress('TIDE-API-001', plans, rows, ledger);
  assert.deepEqual(
    model.attempts.map((a) => [a.label, a.tone]),
    [
      ['Attempt #1', 'neutral'],
      ['Attempt #2', 'failed'],
      ['Attempt #3', 'passed'],
    ],
  );
  assert.equal(model.undated, 1);
  assert.equal(model.attempts[1].time, Date.UTC(2026, 2, 3, 10, 30));
});

test('the page has a nonce CSP, no scripts, no inline style attributes, escaped text, one bar per phase and one dot per dated attempt', () => {
  const html = renderProgressHtml(buildProgress('TIDE-API-001', plans, rows, ledger), { cspSource: 'vscode-webview:', nonce: 'N0NCE' });
  assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src 'nonce-N0NCE'/);
  assert.ok(!/<script/i.test(html), 'no script');
  assert.ok(!/ style="/.test(html), 'no inline style attribute (the CSP would block it)');
  assert.ok(html.includes('Stable &lt;tide&gt; API') && !html.includes('<tide>'));
  assert.equal((html.match(/<svg class="bar"/g) ?? []).length, 2);
  assert.equal((html.match(/<circle /g) ?? []).length, 3);
  assert.match(html, /2\/5 rows done · 4 attempts/);
  assert.match(html, /1 attempt without a date is not plotted/);
  assert.match(html, /<rect [^>]*class="st-blocked"><title>Blocked: 1<\/title>/);
});

test('an initiative with neither rows nor attempts says so instead of drawing empty charts', () => {
  const html = renderProgressHtml(buildProgress('NEW-1', undefined, new Map(), undefined), { cspSource: 'x', nonce: 'n' });
  assert.match(html, /No plan rows for this initiative/);
  assert.match(html, /No dated attempts in the ledger/);
  assert.ok(!html.includes('<circle'));
});

test('rows done over time: a step for rows done under one for rows in the plans, a dot per commit, from the history', () => {
  const history = [
    { time: Date.UTC(2026, 2, 1, 9) / 1000, done: 0, total: 4 },
    { time: Date.UTC(2026, 2, 2, 9) / 1000, done: 2, total: 4 },
    { time: Date.UTC(2026, 2, 3, 9) / 1000, done: 1, total: 5 },
  ];
  const model = buildProgress('TIDE-API-001', plans, rows, ledger, history);
  assert.deepEqual(
    model.doneOverTime.map((p) => [new Date(p.time).toISOString(), p.done, p.total]),
    [
      ['2026-03-01T09:00:00.000Z', 0, 4],
      ['2026-03-02T09:00:00.000Z', 2, 4],
      ['2026-03-03T09:00:00.000Z', 1, 5],
    ],
  );
  const html = renderProgressHtml(model, { cspSource: 'x', nonce: 'n' });
  const section = /<section aria-label="Rows done over time">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
  assert.match(section, /aria-label="Rows done: 0 of 4 on 2026-03-01 09:00, 1 of 5 on 2026-03-03 09:00"/);
  assert.deepEqual(
    [...section.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]),
    ['2026-03-01 09:00 — 0/4 rows done', '2026-03-02 09:00 — 2/4 rows done', '2026-03-03 09:00 — 1/5 rows done'],
  );
  // The done steps go up to 2 and back to 1 (a row reopened); the total steps to 5 (a row added).
  const done = /<path d="([^"]*)" class="done-line"\/>/.exec(section)?.[1] ?? '';
  const total = /<path d="([^"]*)" class="total-line"\/>/.exec(section)?.[1] ?? '';
  const ys = (d: string): number[] => [...d.matchAll(/(?:,|V)([\d.]+)/g)].map((m) => Number(m[1]));
  const [d0, d1, d2] = ys(done);
  assert.ok(d1 < d2 && d2 < d0, `done steps ${done}`);
  const [t0, t1, t2] = ys(total);
  assert.ok(t0 === t1 && t2 < t1, `total steps ${total}`);
  assert.equal((section.match(/<circle [^>]*class="st-done"/g) ?? []).length, 3);
  assert.ok(!/ style="/.test(html), 'colours are classes (the CSP blocks inline styles)');
  assert.match(html, /\.done-line \{ fill: none; stroke: var\(--vscode-testing-iconPassed/);
});

test('before the loop history is read, the picture says it is coming instead of drawing an empty chart', () => {
  const html = renderProgressHtml(buildProgress('TIDE-API-001', plans, rows, ledger), { cspSource: 'x', nonce: 'n' });
  const section = /<section aria-label="Rows done over time">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
  assert.match(section, /No commit of these plans in the loop history \(yet\)/);
  assert.ok(!section.includes('<svg'));
});

test('time ticks: two to six on round hours or days inside the span, labelled for the span', () => {
  const day = 86_400_000;
  const hour = 3_600_000;
  const cases: Array<[number, number]> = [
    [Date.UTC(2026, 0, 1, 12), Date.UTC(2026, 0, 1, 12) + 40 * day],
    [Date.UTC(2026, 0, 22, 2, 40), Date.UTC(2026, 0, 23, 17, 35)], // the dose ledger's 39 hours
    [Date.UTC(2026, 0, 22, 10), Date.UTC(2026, 0, 22, 14)],
    [Date.UTC(2025, 11, 20), Date.UTC(2026, 1, 10)],
  ];
  for (const [from, to] of cases) {
    const ticks = timeTicks(from, to);
    assert.ok(
      ticks.length >= 2 && ticks.length <= 6,
      `${ticks.length} ticks for ${new Date(from).toISOString()}…${new Date(to).toISOString()}`,
    );
    for (const t of ticks) assert.ok(t % hour === 0 && t >= from && t <= to);
  }
  const dose = timeTicks(...cases[1]);
  assert.ok(
    dose.map((t) => tickLabel(t, dose, cases[1])).every((l) => /^01-2[23] \d{2}:00$/.test(l)),
    dose.map((t) => tickLabel(t, dose, cases[1])).join(),
  );
  const month = timeTicks(...cases[0]);
  assert.ok(month.map((t) => tickLabel(t, month, cases[0])).every((l) => /^0[12]-\d{2}$/.test(l)));
  const newYear = timeTicks(...cases[3]);
  assert.ok(newYear.map((t) => tickLabel(t, newYear, cases[3])).every((l) => /^202[56]-\d{2}-\d{2}$/.test(l)));
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
});
