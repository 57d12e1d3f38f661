// Mocha suite run inside a real VS Code extension host — code-server (offline) or
// @vscode/test-electron (desktop). run() writes results to $PLANLOOP_TEST_RESULTS when set.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import Mocha from 'mocha';
import { registerActivationTests } from './activation.test';
import { registerLanguageFeatureTests } from './languageFeatures.test';
import { registerViewTests } from './views.test';
import { registerRunTests } from './runs.test';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false });
  // Expose suite()/test() to the register functions, as mocha does for files it loads itself.
  mocha.suite.emit('pre-require', globalThis, 'planloop-integration', mocha);
  registerActivationTests();
  registerLanguageFeatureTests();
  registerViewTests();
  registerRunTests();

  const tests: Array<{ title: string; state: string; error?: string; durationMs?: number }> = [];
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (t) => tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('fail', (t, err: Error) => tests.push({ title: t.fullTitle(), state: 'failed', error: err.stack ?? err.message }));
    runner.on('pending', (t) => tests.push({ title: t.fullTitle(), state: 'pending' }));
  });
  const summary = {
    vscodeVersion: vscode.version,
    passed: tests.filter((t) => t.state === 'passed').length,
    failed: tests.filter((t) => t.state === 'failed').length,
    pending: tests.filter((t) => t.state === 'pending').length,
    tests,
  };
  const file = process.env.PLANLOOP_TEST_RESULTS;
  if (file) fs.writeFileSync(file, JSON.stringify(summary, null, 2));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
