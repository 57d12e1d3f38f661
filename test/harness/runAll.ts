// `npm test`: lint, typecheck, build, then every suite. Prints one summary line at the end
// ("tests: N passed, N failed, N skipped") and exits non-zero when anything failed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const outDir = path.join(root, 'test/output');
fs.mkdirSync(outDir, { recursive: true });
// The run's own temp folder: every step's temp files (tsx's cache, code-server's sockets, temp
// workspaces) go there, and it is removed at the end, so a run leaves nothing in the temp folder.
const runTemp = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-test-run-'));
process.on('exit', () => fs.rmSync(runTemp, { recursive: true, force: true }));

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Counts = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];

const ends = new Map<string, { ok: boolean; started: number; exit: number | string | null }>();
const seconds = (started: number): string => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const counted = (c: Counts): string => `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;

/**
 * Runs one step with a line when it starts and one when it ends (with its counts when it has
 * tests), so a long step is never silent about what it is doing.
 */
function run(label: string, command: string, args: string[], options: { env?: NodeJS.ProcessEnv; about?: string } = {}): boolean {
  console.log(`\n=== ${label}: started${options.about ? ` (${options.about})` : ''}: ${path.basename(command)} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, TMPDIR: runTemp, ...options.env } });
  const ok = result.status === 0;
  if (!ok) failures.push(label);
  ends.set(label, { ok, started, exit: result.status ?? result.signal });
  return ok;
}

/** The end line of a step, with what it counted. */
function ended(label: string, counts?: string): void {
  const end = ends.get(label);
  if (!end) return;
  const outcome = end.ok ? 'ok' : `FAILED (exit ${end.exit})`;
  console.log(`=== ${label}: ${outcome}${counts ? `, ${counts}` : ''} in ${seconds(end.started)}`);
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
  fs.rmSync(tap, { force: true });
  run(
    label,
    process.execPath,
    [
      '--import',
      'tsx',
      '--test',
      '--test-reporter=spec',
      '--test-reporter-destination=stdout',
      '--test-reporter=tap',
      `--test-reporter-destination=${tap}`,
      ...files,
    ],
    { about: `${files.length} files` },
  );
  ended(label, add(tapCounts(tap)));
}

function tapCounts(file: string): Counts | undefined {
  if (!fs.existsSync(file)) return undefined;
  const text = fs.readFileSync(file, 'utf8');
  const count = (key: string): number => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return { passed: count('pass'), failed: count('fail') + count('cancelled'), skipped: count('skipped') + count('todo') };
}

/** Harness suites write `{ passed, failed, skipped }` to a summary file. */
function summaryCounts(file: string): Counts | undefined {
  if (!fs.existsSync(file)) return undefined;
  const s = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Counts>;
  return { passed: s.passed ?? 0, failed: s.failed ?? 0, skipped: s.skipped ?? 0 };
}

/** Adds a step's counts to the total; returns them as the step's end line says them. */
function add(counts: Counts | undefined): string {
  if (!counts) return 'no results';
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
  return counted(counts);
}

const only = process.argv.slice(2);
const wants = (name: string): boolean => only.length === 0 || only.includes(name);

// The machine first: a missing browser, rg or pytest is named now, not after minutes of suites.
if (['integration', 'e2e', 'vsix'].some(wants)) {
  const check = spawnSync(process.execPath, [path.join(root, 'test/harness/prerequisites.mjs'), 'test'], {
    stdio: 'inherit',
    env: { ...process.env, TMPDIR: runTemp },
  });
  if (check.status !== 0) process.exit(1);
}

const bin = (p: string): string => path.join(root, 'node_modules', p);
if (wants('lint')) {
  run(
    'lint',
    process.execPath,
    [bin('eslint/bin/eslint.js'), '.', '--max-warnings', '0', '--format', './test/harness/eslint-summary.mjs'],
    {
      about: 'ESLint with type information',
    },
  );
  ended('lint');
  run('format', process.execPath, [bin('prettier/bin/prettier.cjs'), '--check', '.']);
  ended('format');
}
if (wants('typecheck')) {
  const ok = run('typecheck', process.execPath, [bin('typescript/bin/tsc'), '-p', '.', '--noEmit'], { about: 'tsc --noEmit' });
  ended('typecheck', ok ? 'no errors' : undefined);
}
const built = run('build', process.execPath, ['esbuild.mjs']);
ended('build');
if (wants('unit')) nodeTests('unit', /\.test\.ts$/, 'test/unit');
// One file per LSP feature, called directly on the in-memory workspace (no build, no server)…
if (wants('lsp')) nodeTests('lsp-features', /\.test\.ts$/, 'test/lsp/features');
// …and the built server over a real connection.
if (built && wants('lsp')) nodeTests('lsp', /\.test\.ts$/, 'test/lsp');
if (built && wants('cli')) nodeTests('cli', /\.test\.ts$/, 'test/cli');
for (const [name, script, summary, about] of [
  ['integration', 'test/harness/runIntegration.ts', 'integration-summary.json', 'mocha inside VS Code 1.96.4'],
  ['e2e', 'test/e2e/runE2E.ts', 'e2e-summary.json', 'Playwright on the workbench, four sessions'],
  ['vsix', 'test/e2e/runVsixSmoke.ts', 'vsix-summary.json', 'the packaged extension installed'],
] as const) {
  if (!built || !wants(name)) continue;
  // Package last, so earlier suites run the development build with source maps.
  if (name === 'vsix') {
    const packaged = run('package', 'npm', ['run', 'package']);
    ended('package');
    if (!packaged) continue;
  }
  const summaryFile = path.join(outDir, summary);
  fs.rmSync(summaryFile, { force: true });
  const ok = run(name, process.execPath, ['--import', 'tsx', script], { env: { PLANLOOP_SUMMARY_FILE: summaryFile }, about });
  const counts = summaryCounts(summaryFile);
  ended(name, add(counts));
  if (!ok && !counts) total.failed++;
}

console.log('');
if (failures.length) console.log(`Failed steps: ${failures.join(', ')}`);
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exitCode = failures.length || total.failed ? 1 : 0;
