// npm run audit:diagnostics — the precision audits.
//
// Labelled (the default): `--checkouts DIR` names a folder holding full checkouts of the
// repositories in test/bench/labels/ (one folder per labels file, at its labelled commit); each is
// linted and its diagnostics matched to the hand labels: precision per repository and per code,
// recall of the items labelled true (labelledAudit.ts). Without the option, or for a repository
// not checked out there, it says so and skips: nothing is fetched.
//
// Sampling (`--sample N`): lint the dose workspace and each corpus ledger (../shared), sample
// diagnostics with a fixed seed, and print each with its file:line, code, message and source
// lines so a person can judge whether it is true.
//
//   --sample N        how many to sample (default 30)
//   --seed S          the sampling seed (default 14)
//   --kinds a,b       corpus kinds to lint (default ledger,plan,handoff)
//   --counts          only the count per code, per source
//
// A corpus file is linted alone, at its original path in an otherwise empty workspace: its
// repository is not here, so checks that need the repository's files (missing-file,
// line-out-of-range, done-missing-artifacts, plan-moved, do-now-row-missing) are off for corpus files and the audit
// says so. The dose workspace is a real slice with its files, so everything is on there.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { computeDiagnostics, type PlanLoopDiagnostic } from '../../server/core/check/diagnostics';
import { DEFAULT_CONFIG, type PlanLoopConfig } from '../../server/core/model/config';
import { nodeFileSystem } from '../../server/host/nodeFileSystem';
import { corpusDir, doseWorkspace, sharedMissing } from '../support/paths';
import { InMemoryWorkspace } from '../support/inMemoryWorkspace';
import { rng } from './generate';
import { runLabelledAudit } from './labelledAudit';

interface Found {
  source: string;
  file: string;
  line: number;
  endLine: number;
  severity: string;
  code: string;
  message: string;
  lines: string[];
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Checks that need the repository around a file, off when the file is linted alone. */
const NEEDS_REPOSITORY = ['missing-file', 'line-out-of-range', 'done-missing-artifacts', 'plan-moved', 'do-now-row-missing'];

function lintIndex(source: string, index: WorkspaceIndex): Found[] {
  index.indexAll();
  return index.all().flatMap((doc) =>
    computeDiagnostics(index, doc).map((d: PlanLoopDiagnostic) => {
      const line = doc.lines.positionAt(d.span.start).line;
      const endLine = Math.min(doc.lines.positionAt(d.span.end).line, line + 3);
      const lines: string[] = [];
      for (let l = line; l <= endLine; l++) lines.push(doc.lines.lineText(l));
      return {
        source,
        file: doc.path,
        line: line + 1,
        endLine: endLine + 1,
        severity: d.severity,
        code: d.code,
        message: d.message,
        lines,
      };
    }),
  );
}

function corpusFindings(kinds: readonly string[]): Found[] {
  if (sharedMissing(corpusDir)) return [];
  const rows = fs.readFileSync(path.join(corpusDir, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  const config: PlanLoopConfig = {
    ...DEFAULT_CONFIG,
    severities: Object.fromEntries(NEEDS_REPOSITORY.map((code) => [code, 'off' as const])),
  };
  const found: Found[] = [];
  for (const row of rows) {
    const [local, , original, , kind] = row.split('\t');
    if (!kinds.includes(kind)) continue;
    const text = fs.readFileSync(path.join(corpusDir, local), 'utf8');
    const root = '/corpus';
    // The configured ledger and handoff names are what the server would use for these paths.
    const fileConfig: PlanLoopConfig = {
      ...config,
      ledger: kind === 'ledger' ? original : config.ledger,
      handoff: kind === 'handoff' ? original : config.handoff,
    };
    const index = new WorkspaceIndex(root, new InMemoryWorkspace({ [original]: text }, root), fileConfig);
    found.push(...lintIndex(`corpus/${local}`, index).map((f) => ({ ...f, file: local })));
  }
  return found;
}

function countsByCode(found: readonly Found[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of found) counts[f.code] = (counts[f.code] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort());
}

function main(): void {
  if (!process.argv.includes('--sample') && !process.argv.includes('--counts')) {
    runLabelledAudit(arg('checkouts') ?? process.env.PLANLOOP_AUDIT_CHECKOUTS);
    return;
  }
  const sampleSize = Number(arg('sample') ?? 30);
  const seed = Number(arg('seed') ?? 14);
  const kinds = (arg('kinds') ?? 'ledger,plan,handoff').split(',');
  const dose = sharedMissing(doseWorkspace) ? [] : lintIndex('dose', new WorkspaceIndex(doseWorkspace, nodeFileSystem));
  const corpus = corpusFindings(kinds);
  if (!dose.length && !corpus.length) {
    console.log('../shared is absent: nothing to audit.');
    return;
  }
  console.log(`dose workspace: ${dose.length} diagnostics ${JSON.stringify(countsByCode(dose))}`);
  console.log(
    `corpus (${kinds.join(', ')}; ${NEEDS_REPOSITORY.join(', ')} off): ${corpus.length} diagnostics ${JSON.stringify(countsByCode(corpus))}`,
  );
  if (process.argv.includes('--counts')) return;
  const all = [...dose, ...corpus];
  // A fixed-seed sample without repeats (partial Fisher–Yates).
  const random = rng(seed);
  const pool = [...all];
  const picked: Found[] = [];
  for (let i = 0; i < Math.min(sampleSize, pool.length); i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j], pool[i]];
    picked.push(pool[i]);
  }
  console.log(`\nsample of ${picked.length} (seed ${seed}):`);
  picked.forEach((f, i) => {
    console.log(`\n#${i + 1} ${f.source === 'dose' ? 'dose' : 'corpus'} ${f.file}:${f.line} ${f.severity} ${f.code}`);
    console.log(`   ${f.message}`);
    f.lines.forEach((l, k) => console.log(`   ${String(f.line + k).padStart(5)} | ${l.length > 300 ? l.slice(0, 300) + '…' : l}`));
  });
}

main();
