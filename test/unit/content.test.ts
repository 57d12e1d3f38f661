// Size and content limits in the core: the size cap (planloop.maxFileSizeMB), binary content,
// text decoded from invalid UTF-8, CRLF with a BOM, and a 10,000-row table, parsed and edited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { resolveConfig } from '../../server/core/model/config';
import { parsePlan } from '../../server/core/parse/plan';
import { addArtifactLink, applyEdits, setRowState } from '../../server/core/edit/edits';
import { InMemoryWorkspace } from '../support/inMemoryWorkspace';

/** An in-memory workspace: path → text (and, for size tests, the size stat reports). */
function memoryFs(files: Record<string, string>, sizes: Record<string, number> = {}): InMemoryWorkspace {
  const workspace = new InMemoryWorkspace();
  for (const [rel, text] of Object.entries(files)) workspace.write(rel, text, { size: sizes[rel] });
  return workspace;
}

const PLAN_HEAD = '### Phase A — Setup\n\n| ID | Task Description | State | How/Why & Guidance |\n| --- | --- | --- | --- |\n';

test('files over planloop.maxFileSizeMB are skipped with one reason each; the cap is configurable', () => {
  const MB = 1024 * 1024;
  const plan = PLAN_HEAD + '| A1 | t | [ ] | g |\n';
  const files = { 'plans/active/HUGE-001/plan.md': plan, 'plans/active/BIG-001/plan.md': plan, 'plans/active/OK-001/plan.md': plan };
  const sizes = { 'plans/active/HUGE-001/plan.md': 6 * MB, 'plans/active/BIG-001/plan.md': 1.2 * MB };
  const byDefault = new WorkspaceIndex('/ws', memoryFs(files, sizes));
  byDefault.indexAll();
  assert.deepEqual(
    byDefault.skipped,
    [
      {
        path: 'plans/active/HUGE-001/plan.md',
        reason: 'larger than 5 MB (6.0 MB); raise maxFileSizeMB (.planloop.json, or the planloop.maxFileSizeMB setting) to read it',
      },
    ],
    'the default cap is 5 MB',
  );
  assert.ok(byDefault.get('plans/active/BIG-001/plan.md'), 'a 1.2 MB plan is under it');

  const capped = new WorkspaceIndex('/ws', memoryFs(files, sizes), resolveConfig({ maxFileSizeMB: 1 }).config);
  capped.indexAll();
  capped.indexAll(); // indexing again does not repeat the message
  assert.deepEqual(capped.skipped.map((s) => `${s.path}: ${s.reason}`).sort(), [
    'plans/active/BIG-001/plan.md: larger than 1 MB (1.2 MB); raise maxFileSizeMB (.planloop.json, or the planloop.maxFileSizeMB setting) to read it',
    'plans/active/HUGE-001/plan.md: larger than 1 MB (6.0 MB); raise maxFileSizeMB (.planloop.json, or the planloop.maxFileSizeMB setting) to read it',
  ]);
  assert.equal(capped.get('plans/active/BIG-001/plan.md'), undefined);
  assert.ok(capped.get('plans/active/OK-001/plan.md'), 'the other plan is indexed');
});

test('binary content is skipped; text decoded from invalid UTF-8 (U+FFFD) is parsed without throwing', () => {
  const index = new WorkspaceIndex(
    '/ws',
    memoryFs({
      'plans/active/BIN-001/plan.md': '### Phase A\n\u0000\u0001\u0002',
      'plans/active/BAD-001/plan.md': PLAN_HEAD + '| A1 | bad \ufffd\ufffd( | [ ] | \ufffd |\n',
    }),
  );
  index.indexAll();
  assert.deepEqual(index.skipped, [{ path: 'plans/active/BIN-001/plan.md', reason: 'binary content' }]);
  const bad = index.get('plans/active/BAD-001/plan.md');
  assert.ok(bad && bad.model.kind === 'plan');
  assert.deepEqual(
    bad.model.phases[0].rows.map((r) => [r.id, r.rawState]),
    [['A1', '[ ]']],
  );
});

test('CRLF with a BOM through the index: offsets point at the marker, the edit keeps every other byte', () => {
  const text = '\ufeff' + (PLAN_HEAD + '| A1 | t\u202fx | [ ] | `pytest -q` |\n| A2 | u | [x] | g |\n').replace(/\n/g, '\r\n');
  const index = new WorkspaceIndex('/ws', memoryFs({ 'plans/active/CR-001/plan.md': text }));
  index.indexAll();
  const doc = index.get('plans/active/CR-001/plan.md')!;
  assert.equal(doc.model.kind, 'plan');
  const rows = doc.model.kind === 'plan' ? doc.model.phases[0].rows : [];
  assert.deepEqual(
    rows.map((r) => text.slice(r.stateSpan.start, r.stateSpan.end)),
    ['[ ]', '[x]'],
  );
  assert.equal(doc.lines.positionAt(rows[0].stateSpan.start).line, 4);
  const out = applyEdits(text, [setRowState(rows[0], '[P]')]);
  assert.equal(out, text.replace('[ ]', '[P]'));
});

test('a 10,000-row table: every row parsed with exact spans; edits on the last rows touch only their bytes', () => {
  const n = 10_000;
  const rows = Array.from(
    { length: n },
    (_, i) => `| A${i + 1} | Task ${i + 1} \\| piped | ${i % 3 === 0 ? '[x]' : '[ ]'} | \`pytest tests/t${i}.py -q\` |`,
  );
  const text = (PLAN_HEAD + rows.join('\n') + '\n').replace(/\n/g, '\r\n');
  const plan = parsePlan(text);
  const parsed = plan.phases[0].rows;
  assert.equal(parsed.length, n);
  assert.deepEqual([parsed[0].id, parsed[n - 1].id], ['A1', `A${n}`]);
  assert.equal(parsed.filter((r) => r.state === 'done').length, Math.ceil(n / 3));
  for (const i of [0, 4_999, n - 1]) {
    const r = parsed[i];
    assert.equal(text.slice(r.stateSpan.start, r.stateSpan.end), r.rawState);
    assert.equal(r.commands[0]?.text, `pytest tests/t${i}.py -q`);
  }
  // Edits on the last row, checked byte for byte (a second parse of 10,000 rows would only repeat the first).
  const last = parsed[n - 1];
  const state = setRowState(last, '[x]');
  const link = addArtifactLink(last, 'reports/2026-01-01T000000Z/last.log');
  const out = applyEdits(text, [link, state]);
  assert.equal(out, text.slice(0, state.start) + '[x]' + text.slice(state.end, link.start) + link.newText + text.slice(link.end));
  assert.equal(link.newText, ' Artifacts: `reports/2026-01-01T000000Z/last.log`');
  assert.ok(out.endsWith('-q` Artifacts: `reports/2026-01-01T000000Z/last.log` |\r\n'), 'inside the last cell, before its pipe; CRLF kept');
});
