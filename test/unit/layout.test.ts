// The plans folder layout (core model/layout): the one copy the index, the edits and the views read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initiativeFolder, initiativeOfPath, planLabel } from '../../server/core/model/layout';

test('an initiative folder is plans/<active|archive|archived|examples>/<ID>, at the root or below', () => {
  assert.equal(initiativeFolder('plans/active/TIDE-API-001/implementation.md'), 'plans/active/TIDE-API-001');
  assert.equal(initiativeFolder('sub/plans/archive/OLD-1/reports/x/plan.md'), 'sub/plans/archive/OLD-1');
  assert.equal(initiativeOfPath('plans/examples/EX-2/plan.md'), 'EX-2');
  assert.equal(initiativeFolder('myplans/active/X/plan.md'), undefined, 'a folder merely ending in "plans" is not the layout');
  assert.equal(initiativeFolder('plans/active/plan.md'), undefined);
  assert.equal(initiativeOfPath('docs/fix_plan.md'), undefined);
});

test('views name a plan by its place in the layout; a phase plan by its hub', () => {
  assert.deepEqual(planLabel('plans/active/TIDE-API-001/implementation.md'), { label: 'implementation.md' });
  assert.deepEqual(planLabel('plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d_smoke/plan.md'), {
    label: 'phase_d_smoke/plan.md',
    where: '2026-03-05T120000Z',
  });
  assert.deepEqual(planLabel('reports/2026-01-01T000000Z/plan.md'), { label: 'plan.md', where: '2026-01-01T000000Z' });
  assert.deepEqual(planLabel('docs/plan.md'), { label: 'docs/plan.md' });
});
