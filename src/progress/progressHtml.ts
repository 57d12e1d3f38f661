// Renders a ProgressModel as a static HTML page with inline SVG: no scripts, theme colours only.
// Pure (no vscode import) so the markup is unit-tested.
import { STATE_ORDER, type AttemptPoint, type DoneStep, type ProgressModel, type StateCounts } from './progressModel';

const STATE_STYLE: Record<keyof StateCounts, { label: string; color: string }> = {
  done: { label: 'Done', color: 'var(--vscode-testing-iconPassed, #388a34)' },
  'in-progress': { label: 'In progress', color: 'var(--vscode-charts-yellow, #bf8803)' },
  blocked: { label: 'Blocked', color: 'var(--vscode-testing-iconFailed, #e51400)' },
  open: { label: 'Open', color: 'var(--vscode-charts-blue, #1a85ff)' },
  deferred: { label: 'Deferred', color: 'var(--vscode-charts-purple, #652d90)' },
  skipped: { label: 'Skipped', color: 'var(--vscode-disabledForeground, #888)' },
  unknown: { label: 'Unknown marker', color: 'var(--vscode-charts-orange, #d18616)' },
};

const TONE_COLOR: Record<AttemptPoint['tone'], string> = {
  failed: 'var(--vscode-testing-iconFailed, #e51400)',
  passed: 'var(--vscode-testing-iconPassed, #388a34)',
  neutral: 'var(--vscode-charts-blue, #1a85ff)',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export interface PageOptions {
  /** The webview's `cspSource`. */
  cspSource: string;
  /** Nonce for the one inline style element. */
  nonce: string;
}

export function renderProgressHtml(model: ProgressModel, options: PageOptions): string {
  const done = model.counts.done;
  const csp = `default-src 'none'; style-src 'nonce-${options.nonce}'; img-src ${options.cspSource} data:;`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Progress: ${escapeHtml(model.id)}</title>
<style nonce="${options.nonce}">${STYLE}</style>
</head>
<body>
<header>
  <h1>${escapeHtml(model.id)}${model.title ? ` <span class="title">${escapeHtml(model.title)}</span>` : ''}</h1>
  <p class="summary"><span class="badge">${escapeHtml(model.status.replace('-', ' '))}</span> ${done}/${model.total} rows done · ${model.attempts.length + model.undated} attempts</p>
</header>
<section aria-label="Rows by state">
  <h2>Rows by state</h2>
  ${legend(model.counts)}
  ${model.phases.length ? phaseBars(model) : '<p class="empty">No plan rows for this initiative.</p>'}
</section>
<section aria-label="Rows done over time">
  <h2>Rows done over time</h2>
  ${model.doneOverTime.length ? doneChart(model.doneOverTime) : '<p class="empty">No commit of these plans in the loop history (yet): it is read from git in the background, and this picture is drawn again when it is.</p>'}
  ${model.doneOverTime.length ? '<p class="note"><span class="key done-key"></span>rows done <span class="key total-key"></span>rows in the plans (from each commit that changed them)</p>' : ''}
</section>
<section aria-label="Attempts over time">
  <h2>Attempts over time</h2>
  ${model.attempts.length ? attemptsChart(model.attempts) : '<p class="empty">No dated attempts in the ledger.</p>'}
  ${model.undated ? `<p class="note">${model.undated} attempt${model.undated === 1 ? '' : 's'} without a date ${model.undated === 1 ? 'is' : 'are'} not plotted.</p>` : ''}
  ${model.attempts.length ? '<p class="note"><span class="dot tone-failed"></span>mentions a failure or blocker <span class="dot tone-passed"></span>reads as passed <span class="dot tone-neutral"></span>other</p>' : ''}
</section>
</body>
</html>`;
}

function legend(counts: StateCounts): string {
  const items = STATE_ORDER.filter((s) => counts[s] > 0).map(
    (s) => `<li><span class="swatch st-${s}"></span>${STATE_STYLE[s].label} <b>${counts[s]}</b></li>`,
  );
  return `<ul class="legend">${items.join('')}</ul>`;
}

const BAR_WIDTH = 360;

function phaseBars(model: ProgressModel): string {
  const max = Math.max(...model.phases.map((p) => p.total));
  const rows = model.phases.map((phase) => {
    let x = 0;
    const segments = STATE_ORDER.filter((s) => phase.counts[s] > 0).map((s) => {
      const w = (phase.counts[s] / max) * BAR_WIDTH;
      const rect = `<rect x="${x.toFixed(1)}" y="0" width="${Math.max(w - 1, 1).toFixed(1)}" height="14" class="st-${s}"><title>${STATE_STYLE[s].label}: ${phase.counts[s]}</title></rect>`;
      x += w;
      return rect;
    });
    const plan = phase.plan.split('/').slice(-2).join('/');
    return `<tr><th scope="row" title="${escapeHtml(phase.plan)}">${escapeHtml(phase.label)}<span class="plan">${escapeHtml(plan)}</span></th>
<td><svg class="bar" width="${BAR_WIDTH}" height="14" role="img" aria-label="${escapeHtml(phase.label)}: ${phase.counts.done} of ${phase.total} done">${segments.join('')}</svg></td>
<td class="count">${phase.counts.done}/${phase.total}</td></tr>`;
  });
  return `<table class="phases">${rows.join('\n')}</table>`;
}

const CHART = { width: 560, height: 170, left: 34, right: 12, top: 10, bottom: 28 };

/** A time axis from `first` to `last` (a single day still gets a readable span) and a count axis up to `yMax`. */
function timeFrame(first: number, last: number, yMax: number) {
  const day = 86_400_000;
  const from = first - (last - first < day ? day / 2 : 0);
  const to = last + (last - first < day ? day / 2 : 0);
  const plotW = CHART.width - CHART.left - CHART.right;
  const plotH = CHART.height - CHART.top - CHART.bottom;
  const xOf = (t: number): number => CHART.left + ((t - from) / (to - from)) * plotW;
  const yOf = (n: number): number => CHART.top + plotH - (n / Math.max(yMax, 1)) * plotH;
  const tickTimes = timeTicks(from, to);
  const ticks = tickTimes.map(
    (t) =>
      `<line x1="${xOf(t).toFixed(1)}" x2="${xOf(t).toFixed(1)}" y1="${CHART.top + plotH}" y2="${CHART.top + plotH + 4}" class="axis"/><text x="${xOf(t).toFixed(1)}" y="${CHART.height - 8}" text-anchor="middle">${tickLabel(t, tickTimes, [from, to])}</text>`,
  );
  const yTicks = [0, yMax].map((n) => `<text x="${CHART.left - 6}" y="${(yOf(n) + 4).toFixed(1)}" text-anchor="end">${n}</text>`);
  const axes = `<line x1="${CHART.left}" x2="${CHART.width - CHART.right}" y1="${CHART.top + plotH}" y2="${CHART.top + plotH}" class="axis"/>
<line x1="${CHART.left}" x2="${CHART.left}" y1="${CHART.top}" y2="${CHART.top + plotH}" class="axis"/>
${ticks.join('\n')}
${yTicks.join('\n')}`;
  return { xOf, yOf, axes };
}

function attemptsChart(attempts: AttemptPoint[]): string {
  const { xOf, yOf, axes } = timeFrame(attempts[0].time, attempts[attempts.length - 1].time, attempts.length);
  let path = `M${xOf(attempts[0].time).toFixed(1)},${yOf(0).toFixed(1)}`;
  const dots = attempts.map((a, i) => {
    const x = xOf(a.time).toFixed(1);
    path += ` H${x} V${yOf(i + 1).toFixed(1)}`;
    return `<circle cx="${x}" cy="${yOf(i + 1).toFixed(1)}" r="${attempts.length > 30 ? 3 : 4}" class="tone-${a.tone}"><title>${escapeHtml(a.stamp)} — ${escapeHtml(a.label)}</title></circle>`;
  });
  return `<svg class="chart" width="${CHART.width}" height="${CHART.height}" role="img" aria-label="${attempts.length} attempts from ${escapeHtml(attempts[0].stamp)} to ${escapeHtml(attempts[attempts.length - 1].stamp)}">
${axes}
<path d="${path}" class="line"/>
${dots.join('\n')}
</svg>`;
}

const minute = (t: number): string => new Date(t).toISOString().slice(0, 16).replace('T', ' ');

/** Steps of rows done (solid, the done colour) under steps of rows in the plans (dashed), a dot per commit. */
function doneChart(steps: readonly DoneStep[]): string {
  const first = steps[0];
  const last = steps[steps.length - 1];
  const { xOf, yOf, axes } = timeFrame(first.time, last.time, Math.max(...steps.map((s) => s.total)));
  const stepPath = (value: (s: DoneStep) => number): string =>
    steps
      .map((s, i) =>
        i === 0 ? `M${xOf(s.time).toFixed(1)},${yOf(value(s)).toFixed(1)}` : `H${xOf(s.time).toFixed(1)} V${yOf(value(s)).toFixed(1)}`,
      )
      .join(' ');
  const dots = steps.map(
    (s) =>
      `<circle cx="${xOf(s.time).toFixed(1)}" cy="${yOf(s.done).toFixed(1)}" r="${steps.length > 30 ? 2.5 : 3.5}" class="st-done"><title>${minute(s.time)} — ${s.done}/${s.total} rows done</title></circle>`,
  );
  return `<svg class="chart" width="${CHART.width}" height="${CHART.height}" role="img" aria-label="Rows done: ${first.done} of ${first.total} on ${minute(first.time)}, ${last.done} of ${last.total} on ${minute(last.time)}">
${axes}
<path d="${stepPath((s) => s.total)}" class="total-line"/>
<path d="${stepPath((s) => s.done)}" class="done-line"/>
${dots.join('\n')}
</svg>`;
}

const HOUR = 3_600_000;
const TICK_STEPS = [1, 3, 6, 12, 24, 48, 24 * 7, 24 * 14, 24 * 30, 24 * 91, 24 * 182, 24 * 365].map((h) => h * HOUR);

/** Two to six ticks on round UTC hours or days between from and to: the smallest step that fits. */
export function timeTicks(from: number, to: number): number[] {
  const step = TICK_STEPS.find((s) => Math.floor(to / s) - Math.ceil(from / s) + 1 <= 6) ?? TICK_STEPS[TICK_STEPS.length - 1];
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}

/** `01-23`, `01-23 12:00` when ticks fall within days, `2025-12-30` when the span crosses a year. */
export function tickLabel(t: number, ticks: readonly number[], span: readonly [number, number]): string {
  const iso = new Date(t).toISOString();
  const years = new Set(span.map((x) => new Date(x).getUTCFullYear()));
  const withinDays = ticks.some((x) => x % (24 * HOUR) !== 0);
  if (withinDays) return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
  return years.size > 1 ? iso.slice(0, 10) : iso.slice(5, 10);
}

// Inline style attributes are blocked by the CSP, so colours are classes.
const colourClasses = [
  ...Object.entries(STATE_STYLE).map(([state, { color }]) => `.st-${state} { fill: ${color}; background: ${color}; }`),
  ...Object.entries(TONE_COLOR).map(([tone, color]) => `.tone-${tone} { fill: ${color}; background: ${color}; }`),
].join('\n');

const STYLE = `${colourClasses}
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 12px 20px; }
h1 { font-size: 1.4em; font-weight: 600; margin: 0 0 4px; }
h1 .title { font-weight: 400; color: var(--vscode-descriptionForeground); }
h2 { font-size: 1.05em; font-weight: 600; margin: 20px 0 8px; text-transform: uppercase; letter-spacing: .04em; color: var(--vscode-descriptionForeground); }
.summary { margin: 0; }
.badge { border-radius: 3px; padding: 1px 6px; background: var(--vscode-badge-background); color: var(--vscode-badge-foreground); }
.legend { list-style: none; padding: 0; margin: 0 0 8px; display: flex; flex-wrap: wrap; gap: 14px; }
.swatch, .dot { display: inline-block; width: 10px; height: 10px; margin-right: 5px; vertical-align: -1px; }
.dot { border-radius: 50%; margin-left: 10px; }
table.phases { border-collapse: collapse; }
table.phases th { text-align: left; font-weight: 400; padding: 3px 12px 3px 0; max-width: 320px; }
table.phases .plan { display: block; font-size: .85em; color: var(--vscode-descriptionForeground); }
table.phases td { padding: 3px 8px 3px 0; }
.count { font-variant-numeric: tabular-nums; color: var(--vscode-descriptionForeground); }
svg text { fill: var(--vscode-descriptionForeground); font-size: 11px; }
.axis { stroke: var(--vscode-editorWidget-border, #888); stroke-width: 1; }
.line { fill: none; stroke: var(--vscode-foreground); stroke-opacity: .5; stroke-width: 1.5; }
.done-line { fill: none; stroke: ${STATE_STYLE.done.color}; stroke-width: 2; }
.total-line { fill: none; stroke: var(--vscode-descriptionForeground); stroke-width: 1; stroke-dasharray: 4 3; }
.key { display: inline-block; width: 16px; height: 0; margin: 0 5px 0 10px; vertical-align: 3px; }
.done-key { border-top: 2px solid ${STATE_STYLE.done.color}; margin-left: 0; }
.total-key { border-top: 1px dashed var(--vscode-descriptionForeground); }
.empty, .note { color: var(--vscode-descriptionForeground); }
`;
