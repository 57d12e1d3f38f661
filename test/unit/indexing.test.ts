// What the cold walk reads: plans, ledgers and handoffs; a report hub's outputs are only listed
// (their existence answers artifact checks) and read when an editor opens them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReportOutput, WorkspaceIndex } from '../../server/core/workspace';
import { nodeFileSystem } from '../../server/host/nodeFileSystem';
import { tempWorkspace } from '../support/tempWorkspace';

test('report outputs are told from plans kept in a hub', () => {
  assert.equal(isReportOutput('plans/active/X/reports/2026-01-01T000000Z/summary.md'), true);
  assert.equal(isReportOutput('plans/active/X/reports/T/inbox_status/escalation_note.md'), true);
  assert.equal(isReportOutput('plans/active/X/reports/T/phase_d/plan.md'), false);
  assert.equal(isReportOutput('plans/active/X/reports/T/d0_parity_logger_plan.md'), false);
  assert.equal(isReportOutput('plans/active/X/reports/T/checklist.md'), false);
  assert.equal(isReportOutput('plans/active/X/implementation.md'), false);
  assert.equal(isReportOutput('plans/active/reports_index.md'), false, 'a name that only starts with reports is no hub');
});

test('the walk lists report outputs without reading them; an open buffer indexes one', () => {
  const ws = tempWorkspace();
  try {
    const hub = 'plans/active/TIDE-API-001/reports/2026-03-02T090000Z/phase_a_baseline';
    ws.write(`${hub}/d0_logger_plan.md`, '# Logger plan\n\n| ID | Task | State |\n| --- | --- | --- |\n| L1 | Log | [ ] |\n');
    const read: string[] = [];
    const counting = { ...nodeFileSystem, readFile: (p: string) => (read.push(p.slice(ws.root.length + 1)), nodeFileSystem.readFile(p)) };
    const index = new WorkspaceIndex(ws.root, counting);
    index.indexAll();

    assert.ok(!read.includes(`${hub}/summary.md`), 'the summary was not read');
    assert.equal(index.get(`${hub}/summary.md`), undefined);
    assert.ok(read.includes('plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d_smoke/plan.md'), 'a plan in a hub is read');
    assert.deepEqual(index.findRows('L1').map((h) => h.doc.path), [`${hub}/d0_logger_plan.md`]);
    assert.ok(index.get('docs/fix_plan.md') && index.get('input.md') && index.get('plans/active/TIDE-API-001/implementation.md'));
    // Listed, so a row citing the summary still sees it exist.
    assert.ok(index.resolvePath('plans/active/TIDE-API-001/implementation.md', `${hub}/summary.md`).stat?.isFile);

    const opened = index.update(`${hub}/summary.md`, ws.read(`${hub}/summary.md`));
    assert.equal(opened?.kind, 'plan', 'an opened report output is indexed like any plan file');
    assert.equal(index.readsOnWalk(`${hub}/summary.md`), false);
  } finally {
    ws.dispose();
  }
});
