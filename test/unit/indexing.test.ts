// What the cold walk reads: plans, ledgers and handoffs; a report hub's outputs are only listed
// (their existence answers artifact checks) and read when an editor opens them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReportOutput, WorkspaceIndex } from '../../server/core/index/workspace';
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
    assert.deepEqual(
      index.findRows('L1').map((h) => h.doc.path),
      [`${hub}/d0_logger_plan.md`],
    );
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

test('the walk without blocking indexes what indexAll does, with at most `concurrency` reads in flight', async () => {
  const ws = tempWorkspace();
  try {
    for (let i = 0; i < 30; i++)
      ws.write(
        `plans/active/BULK-${i}/implementation.md`,
        `# BULK-${i}\n\n### Phase A — Work\n\n| ID | Task | State |\n| --- | --- | --- |\n| A1 | Do ${i} | [ ] |\n`,
      );
    let inFlight = 0;
    let most = 0;
    const slow = {
      ...nodeFileSystem,
      readFileAsync: async (p: string) => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setImmediate(r)); // yield, so reads overlap
        inFlight--;
        return nodeFileSystem.readFile(p);
      },
    };
    const sync = new WorkspaceIndex(ws.root, nodeFileSystem);
    sync.indexAll();
    const async = new WorkspaceIndex(ws.root, slow);
    await async.indexAsync({ concurrency: 4 });
    assert.deepEqual(
      async.all().map((d) => [d.path, d.model]),
      sync.all().map((d) => [d.path, d.model]),
    );
    assert.ok(async.all().length > 30);
    assert.ok(most > 1 && most <= 4, `reads overlapped within the bound (most in flight: ${most})`);

    const skipping = new WorkspaceIndex(ws.root, slow);
    await skipping.indexAsync({ skip: (p) => p === 'docs/fix_plan.md' });
    assert.equal(skipping.get('docs/fix_plan.md'), undefined, 'a skipped file (an open buffer) is left alone');

    let reads = 0;
    const stale = new WorkspaceIndex(ws.root, {
      ...nodeFileSystem,
      readFileAsync: async (p: string) => (reads++, nodeFileSystem.readFile(p)),
    });
    await stale.indexAsync({ isStale: () => reads >= 3 });
    assert.ok(stale.all().length < 3, 'a walk no longer wanted stops');

    const folder = new WorkspaceIndex(ws.root, nodeFileSystem);
    await folder.indexAsync({ folder: 'plans/active/BULK-7' });
    assert.deepEqual(
      folder.all().map((d) => d.path),
      ['plans/active/BULK-7/implementation.md'],
    );
    await folder.indexAsync({ folder: 'node_modules/x' });
    assert.equal(folder.all().length, 1, 'an excluded folder is not walked');
  } finally {
    ws.dispose();
  }
});
