// `npm test`: lint, typecheck, build, then every suite. Prints one summary line at the end
// ("tests: N passed, N failed, N skipped") and exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const outDir = path.join(root, 'test/output');
fs.mkdirSync(outDir, { recursive: true });

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = result.status === 0;
  console.log(
    `=== ${label}: ${ok ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (!ok) failures.push(label);
  return ok;
}

/** Node's test runner, with a TAP copy on disk so the counts can be summed. */
function nodeTests(label: string, pattern: RegExp, dir: string): void {
  const files = fs.existsSync(path.join(root, dir))
    ? fs
        .readdirSync(path.join(root, dir))
        .filter((f) => pattern.test(f))
        .map((f) => path.join(dir, f))
    : [];
  if (files.length === 0) {
    console.log(`\n=== ${label}: no test files in ${dir}`);
    failures.push(`${label} (no tests)`);
    return;
  }
  const tap = path.join(outDir, `${label}.tap`);
  run(label, process.execPath, [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ]);
  addTap(tap);
}

function addTap(file: string): void {
  if (!fs.existsSync(file)) return;
  const text = fs.readFileSync(file, 'utf8');
  const count = (key: string): number => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  total.passed += count('pass');
  total.failed += count('fail') + count('cancelled');
  total.skipped += count('skipped') + count('todo');
}

/** Harness suites write `{ passed, failed, skipped }` to a summary file. */
function addSummary(file: string): void {
  if (!fs.existsSync(file)) return;
  const s = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Counts>;
  total.passed += s.passed ?? 0;
  total.failed += s.failed ?? 0;
  total.skipped += s.skipped ?? 0;
}

const only = process.argv.slice(2);
const wants = (name: string): boolean => only.length === 0 || only.includes(name);

if (wants('lint')) run('lint', process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), '.', '--max-warnings', '0']);
if (wants('lint')) run('format', process.execPath, [path.join(root, 'node_modules/prettier/bin/prettier.cjs'), '--check', '.']);
if (wants('typecheck')) run('typecheck', process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', '.', '--noEmit']);
const built = run('build', process.execPath, ['esbuild.mjs']);
if (wants('unit')) nodeTests('unit', /\.test\.ts$/, 'test/unit');
if (built && wants('lsp')) nodeTests('lsp', /\.test\.ts$/, 'test/lsp');
if (built && wants('cli')) nodeTests('cli', /\.test\.ts$/, 'test/cli');
for (const [name, script, summary] of [
  ['integration', 'test/harness/runIntegration.ts', 'integration-summary.json'],
  ['e2e', 'test/e2e/runE2E.ts', 'e2e-summary.json'],
  ['vsix', 'test/e2e/runVsixSmoke.ts', 'vsix-summary.json'],
] as const) {
  if (!built || !wants(name)) continue;
  // Package last, so earlier suites run the development build with source maps.
  if (name === 'vsix' && !run('package', 'npm', ['run', 'package'])) continue;
  const summaryFile = path.join(outDir, summary);
  fs.rmSync(summaryFile, { force: true });
  const ok = run(name, process.execPath, ['--import', 'tsx', script], { PLANLOOP_SUMMARY_FILE: summaryFile });
  addSummary(summaryFile);
  if (!ok && !fs.existsSync(summaryFile)) total.failed++;
}

console.log('');
if (failures.length) console.log(`Failed steps: ${failures.join(', ')}`);
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exitCode = failures.length || total.failed ? 1 : 0;
