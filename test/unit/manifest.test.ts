// The extension manifest: commands in the Plan Loop category, menus naming declared commands,
// restricted settings that exist, and walkthrough media that ship.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';
import { STATE_KINDS } from '../../server/core/model/states';
import { Commands } from '../../server/protocol';
import { DIAGNOSTIC_CODES } from '../../server/core/check/diagnostics';

interface Manifest {
  contributes: {
    commands: Array<{ command: string; category?: string }>;
    menus: Record<string, Array<{ command: string }>>;
    configuration: { properties: Record<string, unknown> };
    walkthroughs: Array<{ id: string; steps: Array<{ id: string; media: { markdown?: string; image?: string } }> }>;
  };
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
}

const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;

test('every command is in the Plan Loop category and every menu item names a declared command', () => {
  const declared = new Set(manifest.contributes.commands.map((c) => c.command));
  for (const c of manifest.contributes.commands) assert.equal(c.category, 'Plan Loop', c.command);
  for (const [menu, items] of Object.entries(manifest.contributes.menus)) {
    for (const item of items) assert.ok(declared.has(item.command), `${menu}: ${item.command} is not declared`);
  }
  assert.ok(declared.has('planloop.tidyOutputs'));
});

test('package.json contributes exactly the commands of the protocol table (the client registers each)', () => {
  assert.deepEqual(manifest.contributes.commands.map((c) => c.command).sort(), Object.values(Commands).sort());
});

test('restricted configurations are real settings', () => {
  const settings = Object.keys(manifest.contributes.configuration.properties);
  for (const key of manifest.capabilities.untrustedWorkspaces.restrictedConfigurations) assert.ok(settings.includes(key), key);
});

test('the walkthrough has its steps and their media exist under media/ (which ships)', () => {
  const [walkthrough] = manifest.contributes.walkthroughs;
  assert.equal(walkthrough.id, 'planloop.gettingStarted');
  assert.deepEqual(
    walkthrough.steps.map((s) => s.id),
    ['sidebar', 'run', 'landing', 'cli'],
  );
  for (const step of walkthrough.steps) {
    const file = step.media.markdown ?? step.media.image ?? '';
    assert.match(file, /^media\//, step.id);
    assert.ok(fs.existsSync(path.join(repoRoot, file)), `${file} exists`);
  }
});

test('the planloop.states setting offers exactly the state kinds of the core', () => {
  const setting = manifest.contributes.configuration.properties['planloop.states'] as { additionalProperties: { enum: string[] } };
  assert.deepEqual(setting.additionalProperties.enum, [...STATE_KINDS]);
});

test("README's Diagnostics table documents every diagnostic code", () => {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('\n## Diagnostics'), readme.indexOf('\n## Testing'));
  for (const code of DIAGNOSTIC_CODES) assert.ok(table.includes(`\`${code}\``), `${code} is in README's Diagnostics table`);
});
