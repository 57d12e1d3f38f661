// The budget cases of issue 26 for `npm run bench`: hostile inputs at full size, each parsed (or
// linted) in a process of its own so its time and peak memory are its own, beside an ordinary
// input of the same size (the peer) measured the same way.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parsePlan } from '../../server/core/parse/plan';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { nodeFileSystem } from '../../server/host/nodeFileSystem';
import { DEFAULT_CONFIG } from '../../server/core/model/config';
import { computeDiagnostics } from '../../server/core/check/diagnostics';
import { codeSpanRows, deepOneLine, deepTaskList, ledgerOfSize, longLine, manyBrackets } from '../support/hostileShapes';
import { generateRealShapedLedger } from './generate';

const MB = 1024 * 1024;
const TABLE = '### Phase A — Ordinary\n\n| ID | Task Description | State | How/Why & Guidance |\n| --- | --- | --- | --- |\n';

function lintLedger(text: string): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-budget-'));
  try {
    fs.mkdirSync(path.join(root, 'docs'));
    fs.writeFileSync(path.join(root, 'docs/fix_plan.md'), text);
    const index = new WorkspaceIndex(root, nodeFileSystem, { ...DEFAULT_CONFIG, maxFileSizeMB: 64 });
    index.indexAll();
    const doc = index.get('docs/fix_plan.md');
    if (!doc) throw new Error('the ledger was not indexed');
    computeDiagnostics(index, doc);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Each case and its peer: the same amount of ordinary input. */
export const BUDGET_CASES: Record<string, { hostile: () => void; peer: () => void }> = {
  'depth 10,000 (one line)': {
    hostile: () => void parsePlan(deepOneLine(10_000)),
    peer: () => void parsePlan(`### Phase A — Flat\n\n${'- [ ] A1 flat\n'.repeat(1500)}`),
  },
  'task list 2,000 levels deep (4 MB)': {
    hostile: () => void parsePlan(deepTaskList(2000)),
    peer: () => void parsePlan(TABLE + '| A1 | ordinary row | [ ] | `pytest tests/test_a.py -q` |\n'.repeat(70_000)),
  },
  '1 MB of [ in a row title': {
    hostile: () => void parsePlan(manyBrackets(MB)),
    peer: () => void parsePlan(TABLE + '| A1 | ordinary row | [ ] | guidance |\n'.repeat(25_000)),
  },
  '4 MB table row of code spans': {
    hostile: () => void parsePlan(codeSpanRows(1, 1_000_000)),
    peer: () => void parsePlan(TABLE + '| A1 | ordinary row | [ ] | `pytest tests/test_a.py -q` |\n'.repeat(70_000)),
  },
  '5 MB line': {
    hostile: () => void parsePlan(longLine(5 * MB)),
    peer: () => void parsePlan(TABLE + '| A1 | ordinary row | [ ] | guidance |\n'.repeat(125_000)),
  },
  '16 MB ledger, cap raised (lint)': {
    hostile: () => lintLedger(ledgerOfSize(16 * MB)),
    peer: () => lintLedger(generateRealShapedLedger(16 * MB)),
  },
};

interface Measure {
  ms: number;
  maxRssMB: number;
}

/** Runs one side of one case in a fresh process (this file, as a script). */
export function measureBudget(name: string, side: 'hostile' | 'peer'): Measure {
  const out = execFileSync(process.execPath, [...process.execArgv, __filename, name, side], { encoding: 'utf8', timeout: 300_000 });
  return JSON.parse(out.trim().split('\n').pop()!) as Measure;
}

if (require.main === module) {
  const [name, side] = process.argv.slice(2) as [string, 'hostile' | 'peer'];
  const started = performance.now();
  BUDGET_CASES[name][side]();
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
}
