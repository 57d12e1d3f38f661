// New hubs follow the workspace's own layout and stamp (core hubLayout), or planloop.hubLayout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempWorkspace } from '../support/tempWorkspace';
import { doseWorkspace, sharedMissing } from '../support/paths';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { nodeFileSystem } from '../../server/host/nodeFileSystem';
import { DEFAULT_CONFIG, resolveConfig } from '../../server/core/model/config';
import { chooseHubLayout, hubLayoutOf, newHubFor } from '../../server/core/run/hubLayout';
import { slugOf } from '../../server/core/edit/edits';

const NOW = new Date('2026-12-01T18:42:32Z');

test('a cited path gives its hub layout: topic, phase and stamp folders in place', () => {
  assert.deepEqual(hubLayoutOf('reports/2026-01-test-suite-triage/phase_d/20251010T161925Z/'), {
    layout: 'reports/{topic}/{phase}/{compactStamp}/',
    topic: '2026-01-test-suite-triage',
    stamp: '20251010T161925Z',
  });
  assert.deepEqual(hubLayoutOf('plans/active/ADR-003/reports/2025-10-20T125500Z/phase_d_cli_wrappers_smoke/train.log'), {
    layout: '{initiative}/reports/{stamp}/{phase}/',
    topic: undefined,
    stamp: '2025-10-20T125500Z',
  });
  assert.equal(hubLayoutOf('plans/active/DOSE-001/reports/2026-01-23T173500Z/logs/run.log')?.layout, '{initiative}/reports/{stamp}/');
  assert.equal(hubLayoutOf('plans/active/X/reports/2026-01-23T173500Z/phase_notes.md')?.layout, '{initiative}/reports/{stamp}/');
  assert.equal(hubLayoutOf('outputs/sim_lines_4x_rerun_20260113T025238Z/gs1/'), undefined, 'a stamp inside a name is not a hub');
  assert.equal(hubLayoutOf('docs/2026-01-23T173500Z/x.md'), undefined, 'a stamp outside reports/ is not a hub');
});

test('slugs are cut at word boundaries, never mid-word', () => {
  const slug = slugOf('phase_D_Thin CLI wrappers pending implementation and review by the supervisor');
  assert.equal(slug, 'phase_d_thin_cli_wrappers_pending_implementation');
  assert.ok(slug.length <= 48);
  assert.equal(slugOf('Supercalifragilisticexpialidocious'.repeat(3), '_', 10), 'supercalif', 'one over-long word is cut');
  assert.equal(slugOf('Test Suite Triage 001', '-'), 'test-suite-triage-001');
});

function workspace(edit: (ws: ReturnType<typeof tempWorkspace>) => void, config = DEFAULT_CONFIG) {
  const ws = tempWorkspace();
  edit(ws);
  const index = new WorkspaceIndex(ws.root, nodeFileSystem, config);
  index.indexAll();
  return { ws, index };
}

test('the handoff’s Artifacts layout and stamp format are followed for a new initiative', () => {
  const { ws, index } = workspace((w) =>
    w.write('input.md', w.read('input.md').replace(/^Artifacts: .*$/m, 'Artifacts: reports/2025-10-tide-api/phase_d/20251015T201831Z/')),
  );
  try {
    const choice = chooseHubLayout(index, 'NEW-INIT-009');
    assert.equal(choice.source, 'handoff');
    assert.equal(
      newHubFor(index, { initiativeId: 'NEW-INIT-009', phase: 'phase_A_Baseline numbers' }, NOW),
      'reports/2026-12-new-init-009/phase_a_baseline_numbers/20261201T184232Z/',
      'the topic is dated like the workspace’s topics; the stamp is compact',
    );
  } finally {
    ws.dispose();
  }
});

test('an initiative’s own newest hub gives its layout and topic', () => {
  const { ws, index } = workspace((w) =>
    w.write(
      'plans/active/LAYOUT-004/implementation.md',
      [
        '# LAYOUT-004',
        '',
        '### Phase A — Baseline',
        '',
        '| ID | Task | State | Guidance |',
        '| --- | --- | --- | --- |',
        '| A1 | Old | [x] | Log: `reports/2025-09-layout/phase_a/20250901T000000Z/a.log` |',
        '| A2 | New | [ ] | Log: `reports/2025-10-layout-work/phase_a/20251015T201831Z/b.log` |',
        '',
      ].join('\n'),
    ),
  );
  try {
    assert.equal(chooseHubLayout(index, 'LAYOUT-004').source, 'initiative');
    assert.equal(
      newHubFor(index, { planPath: 'plans/active/LAYOUT-004/implementation.md', phase: 'phase_B_Checks' }, NOW),
      'reports/2025-10-layout-work/phase_b_checks/20261201T184232Z/',
    );
    // Another initiative of the same workspace still follows the handoff.
    assert.match(
      newHubFor(index, { initiativeId: 'TIDE-API-001', phase: 'phase_E' }, NOW),
      /^plans\/active\/TIDE-API-001\/reports\/2026-12-01T184232Z\/phase_e\/$/,
    );
  } finally {
    ws.dispose();
  }
});

test('planloop.hubLayout overrides what the workspace uses; a bad value is a settings problem', () => {
  const { config, problems } = resolveConfig({ hubLayout: 'evidence/{initiative}/{compactStamp}_{phase}/' });
  assert.deepEqual(problems, []);
  const { ws, index } = workspace(() => undefined, config);
  try {
    assert.equal(
      newHubFor(index, { initiativeId: 'TIDE-API-001', phase: 'phase_D' }, NOW),
      'evidence/plans/active/TIDE-API-001/20261201T184232Z_phase_d/',
    );
  } finally {
    ws.dispose();
  }
  assert.match(resolveConfig({ hubLayout: 'reports/{phase}/' }).problems[0].message, /\{stamp\} or \{compactStamp\}/);
  assert.match(resolveConfig({ hubLayout: '../out/{stamp}/' }).problems[0].message, /inside the workspace/);
  assert.match(resolveConfig({ hubLayout: 'reports/{when}/{stamp}/' }).problems[0].message, /unknown placeholder \{when\}/);
});

test(
  'the dose workspace: a new hub is a bare stamp folder under the initiative, as its handoff uses',
  { skip: sharedMissing(doseWorkspace) },
  () => {
    const index = new WorkspaceIndex(doseWorkspace, nodeFileSystem);
    index.indexAll();
    assert.equal(
      newHubFor(index, { initiativeId: 'DEBUG-SIM-LINES-DOSE-001', phase: 'phase_F' }, NOW),
      'plans/active/DEBUG-SIM-LINES-DOSE-001/reports/2026-12-01T184232Z/',
    );
  },
);
