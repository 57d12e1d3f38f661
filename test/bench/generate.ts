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
