// Deterministic, realistic inputs for the benchmark: big ledgers and a big workspace.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** mulberry32: a tiny seeded PRNG, so every run generates the same bytes. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'refit',
  'parity',
  'loader',
  'smoke',
  'pytest',
  'selector',
  'hub',
  'bundle',
  'probe',
  'cadence',
  'metrics',
  'grid',
  'scan',
  'manifest',
  'summary',
];

function sentence(r: () => number, n: number): string {
  return Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
}

function stamp(r: () => number, i: number): string {
  const day = 1 + (i % 27);
  return `2026-01-${String(day).padStart(2, '0')}T${String(Math.floor(r() * 24)).padStart(2, '0')}${String(Math.floor(r() * 60)).padStart(2, '0')}00Z`;
}

/** A ledger in the PP shape (### [ID] entries, italic-timestamp attempts) of at least `bytes`. */
export function generateLedger(bytes: number, seed = 7): string {
  const r = rng(seed);
  const parts = ['# Synthetic Fix Plan Ledger\n\n## Active / Pending Initiatives\n'];
  let size = parts[0].length;
  for (let i = 0; size < bytes; i++) {
    const id = `SYN-${String(i).padStart(4, '0')}-LOOP`;
    const lines = [
      `\n### [${id}] ${sentence(r, 5)}`,
      `- Depends on: None`,
      `- Priority: Medium`,
      `- Status: in_progress — ${sentence(r, 6)}`,
      `- Owner/Date: Codex/2026-01-13`,
      `- Working Plan: \`plans/active/${id}/implementation.md\``,
      `- Attempts History:`,
    ];
    for (let a = 0; a < 25; a++) {
      const ts = stamp(r, a);
      lines.push(
        `  - *${ts} (A${a % 9} ${WORDS[a % WORDS.length]}):* ${sentence(r, 18)}. Metrics: \`CUDA_VISIBLE_DEVICES="" pytest tests/test_${a}.py -q\` (pass). Artifacts: \`plans/active/${id}/reports/${ts}/{summary.md,pytest.log}\`.`,
      );
    }
    const block = lines.join('\n') + '\n';
    parts.push(block);
    size += block.length;
  }
  return parts.join('');
}

function planText(r: () => number, id: string): string {
  const phases = ['A', 'B', 'C'].map((p) => {
    const rows = Array.from(
      { length: 5 },
      (_, i) =>
        `| ${p}${i + 1} | ${sentence(r, 4)} | ${r() < 0.5 ? '[x]' : '[ ]'} | Run \`CUDA_VISIBLE_DEVICES="" pytest tests/test_${p}${i}.py -q\`; log under \`plans/active/${id}/reports/2026-01-0${1 + i}T000000Z/p${p}/pytest.log\` |`,
    );
    return [
      `### Phase ${p} — ${sentence(r, 3)}`,
      `Goal: ${sentence(r, 8)}`,
      '',
      '| ID | Task Description | State | How/Why & Guidance |',
      '| --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n');
  });
  return `# ${id}\n\n${phases.join('\n')}`;
}

/** `plans` plan files and `reportsPerPlan` report files each, under `root`. */
export function generateWorkspace(root: string, plans: number, reportsPerPlan: number, seed = 11): void {
  const r = rng(seed);
  fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
  fs.writeFileSync(path.join(root, 'docs/fix_plan.md'), generateLedger(100_000, seed));
  for (let i = 0; i < plans; i++) {
    const id = `SYN-${String(i).padStart(4, '0')}-LOOP`;
    const dir = path.join(root, 'plans/active', id);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'implementation.md'), planText(r, id));
    for (let k = 0; k < reportsPerPlan; k++) {
      const hub = path.join(dir, 'reports', `2026-01-${String(1 + (k % 9)).padStart(2, '0')}T00000${k % 10}Z`);
      fs.mkdirSync(hub, { recursive: true });
      fs.writeFileSync(path.join(hub, `pytest_${k}.log`), `${k} passed\n`);
    }
  }
}

// ---- Real-shaped ledgers --------------------------------------------------------------------

/**
 * Section sizes (bytes) of real ledgers when none are given: the distribution the PtychoPINN and
 * diffBragg ledgers had (266 sections, sampled at every 2.5th percentile).
 */
const BUILT_IN_SECTION_SIZES = [
  12, 21, 33, 273, 319, 357, 691, 698, 753, 818, 892, 1014, 1118, 1144, 1206, 1343, 1411, 1484, 1703, 1726, 1800, 1843, 1902, 1962, 2026,
  2088, 2200, 2334, 2388, 2562, 2614, 2880, 2996, 3155, 3300, 3450, 4272, 7332,
];

const LONG_WORDS = [
  'reconstruction',
  'normalization',
  '`plans/active/DEBUG-SIM-001/reports/2026-01-20T143500Z/summary.md`',
  '`pytest tests/scripts/test_cli_smoke.py::test_import_smoke -v`',
  '**Decision:**',
  'amplitude',
  'bias',
  '(~3-6x)',
  'CONFIG-001',
  '—',
  'parity',
  'dose_experiments',
];

function prose(r: () => number, bytes: number): string {
  const out: string[] = [];
  let n = 0;
  while (n < bytes) {
    const w = r() < 0.7 ? WORDS[Math.floor(r() * WORDS.length)] : LONG_WORDS[Math.floor(r() * LONG_WORDS.length)];
    out.push(w);
    n += w.length + 1;
  }
  return out.join(' ');
}

/** The free text of a line as real ledgers have it: mostly short, some long, a few up to ~4.5 KB with the rest of the line. */
function lineLength(r: () => number): number {
  const x = r();
  if (x < 0.8) return 30 + Math.floor(r() * 150);
  if (x < 0.97) return 200 + Math.floor(r() * 500);
  return 1500 + Math.floor(r() * 2800);
}

/** One attempt in the PP shape: an italic timestamp, a long first line, sometimes nested details. */
function attempt(r: () => number, id: string, i: number): string {
  const ts = stamp(r, i);
  const lines = [`  - *${ts}:* **${sentence(r, 3)}** — ${prose(r, lineLength(r))}. Artifacts: \`plans/active/${id}/reports/${ts}/\`.`];
  if (r() < 0.2) {
    lines.push(`    - **Metrics:** \`CUDA_VISIBLE_DEVICES="" pytest tests/test_${i % 40}.py -q\` (${1 + (i % 9)} passed)`);
    lines.push(`    - **Artifacts:** \`plans/active/${id}/reports/${ts}/{pytest.log,summary.md}\``);
    if (r() < 0.3) lines.push(`      - ${prose(r, 80)}`, `      - ${prose(r, 120)}`);
  }
  return lines.join('\n');
}

/** An initiative of about `bytes` (at least `minAttempts` attempts), in the shape of the real ledgers. */
function initiative(r: () => number, i: number, bytes: number, minAttempts = 0): string {
  const id = `REAL-${String(i).padStart(4, '0')}-LOOP`;
  const head = [
    `### [${id}] ${sentence(r, 6)}`,
    `- Depends on: None`,
    `- Priority: **${r() < 0.2 ? 'Critical' : 'Medium'}** (${sentence(r, 2)})`,
    `- Status: **in_progress** — ${prose(r, 120)}`,
    `- Owner/Date: Codex/2026-01-13`,
    `- Working Plan: \`plans/active/${id}/implementation.md\``,
    `- Reports Hub: \`plans/active/${id}/reports/\``,
    `- Goals:`,
    `  - ${prose(r, 100)}`,
    `  - ${prose(r, 90)}`,
    `- Exit Criteria:`,
    `  1. ${prose(r, 110)}`,
    `  2. ${prose(r, 80)}`,
    `- Attempts History:`,
  ].join('\n');
  const parts = [head];
  // Real ledgers carry a few problems, so the server has diagnostics to publish: here numbered
  // attempts that go backwards (#3 then #2) in every tenth initiative. (A gap is no problem: many
  // ledgers number across initiatives, and Plan Loop says nothing of one.)
  if (i % 10 === 1) parts.push(`  - Attempt #3 — ${sentence(r, 4)}.`, `  - Attempt #2 — ${sentence(r, 4)}.`);
  let size = head.length;
  for (let a = 0; size < bytes || a < minAttempts; a++) {
    const block = attempt(r, id, a);
    parts.push(block);
    size += block.length + 1;
  }
  return parts.join('\n') + '\n';
}

export interface RealShapedOptions {
  /** Section sizes to draw from (bytes); the built-in real distribution when empty. */
  readonly sectionSizes?: readonly number[];
  /** Sections of at least 100 KB with at least 300 attempts each. */
  readonly bigSections?: number;
  readonly seed?: number;
}

/**
 * A ledger of about `bytes` in the shape of real ones: a title block, an Index table at the top,
 * section sizes drawn from real ledgers plus `bigSections` initiatives of 100–120 KB with hundreds
 * of attempts and a few of 30–80 KB, nested attempt details and lines up to ~4.5 KB.
 */
export function generateRealShapedLedger(bytes: number, options: RealShapedOptions = {}): string {
  // Sections come out larger than drawn (whole attempts): fill to a share, raised until the size is reached.
  let fill = 0.85;
  for (;;) {
    const text = realShapedLedger(bytes, fill, options);
    if (text.length >= bytes || fill > 2) return text;
    fill *= (bytes / text.length) * 1.01;
  }
}

function realShapedLedger(bytes: number, fill: number, options: RealShapedOptions): string {
  const r = rng(options.seed ?? 17);
  const sizes = options.sectionSizes?.length ? options.sectionSizes : BUILT_IN_SECTION_SIZES;
  const big = options.bigSections ?? Math.max(1, Math.round(bytes / (400 * 1024)));
  const plan: number[] = [];
  for (let i = 0; i < big; i++) plan.push(100 * 1024);
  for (let i = 0; i < 3 * big; i++) plan.push(30 * 1024 + Math.floor(r() * 50 * 1024));
  const planned = plan.reduce((a, b) => a + b, 0);
  for (let filled = planned; filled < bytes * fill;) {
    const s = Math.max(600, sizes[Math.floor(r() * sizes.length)]);
    plan.push(s);
    filled += s * 1.15;
  }
  // Big sections first (the active initiative sits at the top of real ledgers), the rest shuffled.
  const rest = plan.slice(big);
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [rest[i], rest[j]] = [rest[j], rest[i]];
  }
  const order = [...plan.slice(0, big), ...rest];
  const ids = order.map((_, i) => `REAL-${String(i).padStart(4, '0')}-LOOP`);
  const index = [
    '## Index',
    '',
    '| ID | Title | Status | Working Plan |',
    '| --- | --- | --- | --- |',
    ...ids.map((id) => `| [${id}](#${id.toLowerCase()}) | ${sentence(r, 4)} | in_progress | \`plans/active/${id}/implementation.md\` |`),
  ].join('\n');
  const parts = [
    '# Real-shaped Fix Plan Ledger (Condensed)\n',
    `**Last Updated:** 2026-01-20 (${sentence(r, 5)})`,
    `**Active Focus:** ${ids[0]} — **in_progress**: ${prose(r, 160)}\n`,
    '---\n',
    index + '\n',
    '---\n',
    '## Active / Pending Initiatives\n',
  ];
  order.forEach((size, i) => parts.push(initiative(r, i, size, i < big ? 300 : 0)));
  return parts.join('\n');
}

/** The sizes of a ledger's sections (headings of level 1–3), for the histogram and for drawing. */
export function sectionSizes(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(/^#{1,3} /gm)) if (m.index > 0) starts.push(m.index);
  return starts.map((s, i) => (starts[i + 1] ?? text.length) - s);
}

/** `<1K 12 | 1–4K 30 | …` : how many sections fall in each size bucket. */
export function histogram(sizes: readonly number[]): string {
  const edges = [1, 4, 16, 64, 256, Infinity];
  const labels = ['<1K', '1–4K', '4–16K', '16–64K', '64–256K', '≥256K'];
  const counts = edges.map(() => 0);
  for (const s of sizes) counts[edges.findIndex((e) => s / 1024 < e)]++;
  const largest = Math.max(...sizes);
  return `${labels.map((l, i) => `${l} ${counts[i]}`).join(' | ')}; largest ${(largest / 1024).toFixed(0)} KB`;
}

const REPORT_FILES = [
  'summary.md',
  'pytest_loader.log',
  'inbox_scan_summary.md',
  'inbox_scan_summary.json',
  'check_inbox.log',
  'status_snippet.md',
];

/**
 * A workspace shaped like the real one (ptychopinn-dose), `files` files in all: the real-shaped
 * ledger (400 KB), a handoff, and initiatives with a plan (`implementation.md`) and report hubs
 * whose outputs (summaries, logs, JSON) are mostly Markdown named like reports, not plans.
 */
export function generateRealShapedWorkspace(root: string, files: number, seed = 23): { plans: number; files: number } {
  const r = rng(seed);
  fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
  fs.writeFileSync(path.join(root, 'docs/fix_plan.md'), generateRealShapedLedger(400 * 1024, { seed }));
  fs.writeFileSync(
    path.join(root, 'input.md'),
    `# Handoff\n\nFocus: REAL-0000-LOOP — ${sentence(r, 6)}\n\n## Do Now\n- A1: run \`CUDA_VISIBLE_DEVICES="" pytest tests/test_A0.py -q\`\n`,
  );
  let written = 2;
  let plans = 0;
  for (let i = 0; written < files; i++) {
    const id = `REAL-${String(i).padStart(4, '0')}-LOOP`;
    const dir = path.join(root, 'plans/active', id);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'implementation.md'), `${planText(r, id)}\n## Notes\n\n${prose(r, 2000)}\n`);
    written++;
    plans++;
    for (let h = 0; h < 3 && written < files; h++) {
      const hub = path.join(dir, 'reports', stamp(r, h + i));
      fs.mkdirSync(hub, { recursive: true });
      for (const name of REPORT_FILES) {
        if (written >= files) break;
        fs.writeFileSync(path.join(hub, name), name.endsWith('.md') ? `# ${name}\n\n${prose(r, 1500)}\n` : `${prose(r, 400)}\n`);
        written++;
      }
    }
  }
  return { plans, files: written };
}
