// The client's settings (src/configSchema.ts): one table of every planloop.* setting, the same as
// package.json contributes, and the validation of the settings the client acts on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';
import { readClientConfig, SETTINGS, type SettingName } from '../../src/configSchema';

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
};

test('the settings table lists exactly the planloop.* settings package.json contributes', () => {
  assert.deepEqual(
    Object.keys(SETTINGS)
      .map((k) => `planloop.${k}`)
      .sort(),
    Object.keys(manifest.contributes.configuration.properties).sort(),
  );
});

test("unset settings read as the manifest's defaults", () => {
  const { config, problems } = readClientConfig(() => undefined);
  const defaults = manifest.contributes.configuration.properties;
  assert.deepEqual(problems, []);
  assert.equal(config.autoUpdate, defaults['planloop.autoUpdate'].default);
  assert.equal(config.confirmRuns, defaults['planloop.confirmRuns'].default);
  assert.equal(config.defaultProfile, defaults['planloop.defaultProfile'].default);
});

test('valid values are taken; invalid ones fall back and are reported, never thrown', () => {
  const values: Partial<Record<SettingName, unknown>> = {
    autoUpdate: 'always',
    confirmRuns: false,
    defaultProfile: 'gpu',
    cudaMask: 'CUDA_VISIBLE_DEVICES=""',
    profiles: { cpu: { env: { CUDA_VISIBLE_DEVICES: '' } }, gpu: { env: {} }, broken: { env: { N: 1 } }, bare: 'x' },
  };
  const good = readClientConfig((name) => values[name]);
  assert.equal(good.config.autoUpdate, 'always');
  assert.equal(good.config.confirmRuns, false);
  assert.equal(good.config.defaultProfile, 'gpu');
  assert.equal(good.config.cudaMask, 'CUDA_VISIBLE_DEVICES=""');
  assert.deepEqual(good.config.profileNames, ['cpu', 'gpu']);
  assert.deepEqual(good.problems, [
    "planloop.profiles: profile 'broken' must have an 'env' object of strings; it is not offered",
    "planloop.profiles: profile 'bare' must have an 'env' object of strings; it is not offered",
  ]);

  const bad = readClientConfig((name) => ({ autoUpdate: 'sometimes', confirmRuns: 'yes', profiles: [] })[name as string]);
  assert.equal(bad.config.autoUpdate, 'ask');
  assert.equal(bad.config.confirmRuns, true);
  assert.deepEqual(bad.config.profileNames, []);
  assert.equal(bad.problems.length, 3, bad.problems.join('\n'));
});
