// Hygiene (core/hygiene): leftover tmp/ outputs and root logs, the hub they go to, and hub paths
// that would escape the workspace (.., absolute, symlinks out), and the same check for a run's hub and log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { tempWorkspace, withOutside } from '../support/tempWorkspace';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { nodeFileSystem } from '../../server/host/nodeFileSystem';
import { checkHubPath, findStrayOutputs } from '../../server/core/run/hygiene';
import { writeRefusal } from '../../server/core/index/fileSystem';
import { planRun } from '../../server/core/run/runPlan';

const NOW = new Date('2026-03-08T10:11:12Z');

test('tmp/ files and root logs are leftovers; the handoff hub is where they go', () => {
  const ws = tempWorkspace();
  try {
    ws.write('tmp/debug/trace.jsonl', '{}\n');
    ws.write('tmp/scratch.txt', 'x');
    ws.write('pytest_run.log', '1 passed\n');
    ws.write('nohup.out', '');
    ws.write('notes.md', '# not an output');
    const index = new WorkspaceIndex(ws.root, nodeFileSystem);
    index.indexAll();
    const report = findStrayOutputs(index, NOW);
    assert.deepEqual(report.strays.map((s) => [s.path, s.reason]).sort(), [
      ['nohup.out', 'root-log'],
      ['pytest_run.log', 'root-log'],
      ['tmp/debug/trace.jsonl', 'tmp'],
      ['tmp/scratch.txt', 'tmp'],
    ]);
    assert.equal(report.hub, 'plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d_smoke/');
    ws.write('input.md', ws.read('input.md').replace(/^Artifacts:.*$/m, 'Artifacts: none yet'));
    const fresh = new WorkspaceIndex(ws.root, nodeFileSystem);
    fresh.indexAll();
    assert.equal(findStrayOutputs(fresh, NOW).hub, 'plans/active/TIDE-API-001/reports/2026-03-08T101112Z/hygiene/');
  } finally {
    ws.dispose();
  }
});

test('a clean workspace has no leftovers', () => {
  const ws = tempWorkspace();
  try {
    const index = new WorkspaceIndex(ws.root, nodeFileSystem);
    index.indexAll();
    assert.deepEqual(findStrayOutputs(index, NOW).strays, []);
  } finally {
    ws.dispose();
  }
});

test('hub paths outside the workspace are refused: .., absolute, and a symlink out', () => {
  const ws = tempWorkspace();
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-outside-'));
  try {
    fs.symlinkSync(outside, path.join(ws.root, 'plans/active/TIDE-API-001/reports/linked'));
    const check = (hub: string) => checkHubPath(nodeFileSystem, ws.root, hub);
    assert.equal(check('plans/active/TIDE-API-001/reports/2026-03-08T101112Z/hygiene/'), undefined);
    assert.match(check('../../etc')!, /^refused: \.\.\/\.\.\/etc resolves outside the workspace$/);
    assert.match(check('plans/../../x')!, /outside the workspace/);
    assert.match(check('/etc/cron.d')!, /is absolute/);
    assert.match(check('plans/active/TIDE-API-001/reports/linked/new/')!, /through a symlink/);
    assert.equal(check('  '), 'the hub folder is empty');
  } finally {
    ws.dispose();
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

test('writeRefusal: a dangling symlink is refused (a write would create its target outside)', () => {
  const ws = tempWorkspace();
  try {
    withOutside((outside) => {
      fs.symlinkSync(path.join(outside, 'not-yet.log'), path.join(ws.root, 'dangling.log'));
      assert.equal(
        writeRefusal(nodeFileSystem, ws.root, 'dangling.log'),
        'refused: dangling.log leads outside the workspace through a symlink',
      );
      assert.equal(writeRefusal(nodeFileSystem, ws.root, 'docs/fix_plan.md'), undefined);
      assert.equal(
        writeRefusal(nodeFileSystem, ws.root, 'docs/new/file.md'),
        undefined,
        'a path that does not exist yet, under real folders',
      );
    });
  } finally {
    ws.dispose();
  }
});

test('planRun refuses a hub or a log that leads out through a symlink', () => {
  const ws = tempWorkspace();
  try {
    withOutside((outside) => {
      const plan = 'plans/active/TIDE-API-001/hardening_plan.md';
      ws.write(
        plan,
        '### Phase H — Hardening\n\n| ID | Task Description | State | How/Why & Guidance |\n| --- | --- | --- | --- |\n| H1 | Run it | [ ] | `echo hi` |\n',
      );
      fs.symlinkSync(outside, path.join(ws.root, 'plans/active/TIDE-API-001/reports/linked'));
      const runOf = () => {
        const index = new WorkspaceIndex(ws.root, nodeFileSystem);
        index.indexAll();
        return planRun(index, { kind: 'row', hit: index.findRows('H1', { planPath: plan })[0] }, undefined, NOW);
      };
      ws.write(
        'input.md',
        ws.read('input.md').replace(/^Artifacts: .*$/m, 'Artifacts: plans/active/TIDE-API-001/reports/linked/h/{a.log,b.log}'),
      );
      assert.deepEqual(runOf(), {
        error: 'refused: plans/active/TIDE-API-001/reports/linked/h/ leads outside the workspace through a symlink',
      });
      const hub = 'plans/active/TIDE-API-001/reports/2026-03-08T101112Z/h';
      ws.write(`${hub}/keep.txt`, '');
      ws.write('input.md', ws.read('input.md').replace(/^Artifacts: .*$/m, `Artifacts: ${hub}/{a.log,b.log}`));
      assert.equal(runOf().spec?.logFile, `${hub}/H1.log`, 'a real hub inside is fine');
      fs.symlinkSync(path.join(outside, 'x.log'), path.join(ws.root, hub, 'H1.log'));
      assert.deepEqual(runOf(), { error: `refused: ${hub}/H1.log leads outside the workspace through a symlink` });
    });
  } finally {
    ws.dispose();
  }
});
