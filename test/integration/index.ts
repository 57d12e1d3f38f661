// Mocha suite run inside a real VS Code extension host — code-server (offline) or
// @vscode/test-electron (desktop). run() writes results to $PLANLOOP_TEST_RESULTS when set.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import Mocha from 'mocha';
import { registerActivationTests } from './activation.test';
import { registerLanguageFeatureTests } from './languageFeatures.test';
import { registerViewTests } from './views.test';
import { registerRunTests } from './runs.test';
import { registerTestingTests } from './testing.test';
import { registerFamilyTests } from './families.test';
import { registerLinkingTests } from './linking.test';
import { registerHistoryTests } from './history.test';

export interface TestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  error?: string;
  durationMs?: number;
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false });
  // Expose suite()/test() to the register functions, as mocha does for files it loads itself.
  mocha.suite.emit('pre-require', globalThis, 'planloop-integration', mocha);
  registerActivationTests();
  registerLanguageFeatureTests();
  registerViewTests();
  registerRunTests();
  registerTestingTests();
  registerFamilyTests();
  registerLinkingTests();
  // Last: it commits the workspace into a git repository (and removes it afterwards).
  registerHistoryTests();

  const tests: TestResult[] = [];
  const file = process.env.PLANLOOP_TEST_RESULTS;
  // Each result is also appended to <results>.progress as it happens, so the runner can print it then.
  const progress = (line: object): void => {
    if (file) fs.appendFileSync(`${file}.progress`, `${JSON.stringify(line)}\n`);
  };
  const record = (result: TestResult): void => {
    tests.push(result);
    progress(result);
  };
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('suite', (s) => {
      if (s.title) progress({ suite: s.title, tests: s.total() });
    });
    runner.on('pass', (t) => record({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('fail', (t, err: Error) => record({ title: t.fullTitle(), state: 'failed', error: err.stack ?? err.message }));
    runner.on('pending', (t) => record({ title: t.fullTitle(), state: 'pending' }));
  });
  const summary = {
    vscodeVersion: vscode.version,
    passed: tests.filter((t) => t.state === 'passed').length,
    failed: tests.filter((t) => t.state === 'failed').length,
    pending: tests.filter((t) => t.state === 'pending').length,
    tests,
  };
  if (file) {
    // Written beside and renamed into place: the runner polls for the file and must never read half of it.
    fs.writeFileSync(`${file}.partial`, JSON.stringify(summary, null, 2));
    fs.renameSync(`${file}.partial`, file);
  }
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
