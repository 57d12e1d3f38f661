// Regressions found by `npm run fuzz` (test/support/fuzzProperties.ts): each input is the shrunk
// counterexample fast-check reported, and each test asserts the property that failed on it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlan } from '../../server/core/parse/plan';
import { parseLedger } from '../../server/core/parse/ledger';
import { parseHandoff } from '../../server/core/parse/handoff';
import { appendAttempt, applyEdits, nextAttemptNumber, setRowState } from '../../server/core/edit/edits';
import type { Row } from '../../server/core/model/model';
import { DEFAULT_HUB_LAYOUT, fillHubLayout } from '../../server/core/run/hubLayout';

const rowsOf = (text: string): Row[] => {
  const plan = parsePlan(text);
  return [...plan.phases.flatMap((p) => p.rows), ...plan.looseRows];
};
const entry = { date: new Date(Date.UTC(2026, 0, 2)), label: 'D1 run', result: 'passed' };
const tide = (text: string) => parseLedger(text).initiatives.find((i) => i.id === 'TIDE-API-001')!;

test('a byte-order mark: plan, ledger and handoff parse as without it, offsets into the text as written', () => {
  const plan = '\ufeff### Phase A — Setup\n| ID | Task | State | Guidance |\n| --- | --- | --- | --- |\n| A1 | t | [ ] | g |\n';
  const [phase] = parsePlan(plan).phases;
  assert.equal(phase?.id, 'A');
  assert.equal(plan.slice(phase.headingSpan.start, phase.headingSpan.end), '### Phase A — Setup');
  const [row] = phase.rows;
  assert.equal(plan.slice(row.stateSpan.start, row.stateSpan.end), '[ ]');
  const marked = applyEdits(plan, [setRowState(row, '[x]')]);
  assert.equal(marked, plan.replace('[ ]', '[x]'), 'only the marker changed; the BOM is kept');

  const ledger = '\ufeff# [TIDE-API-001] Tide\n';
  const initiative = tide(ledger);
  assert.equal(ledger.slice(initiative.headingSpan.start, initiative.headingSpan.end), '# [TIDE-API-001] Tide');
  const appended = applyEdits(ledger, [appendAttempt(ledger, initiative, entry)]);
  assert.ok(appended.startsWith(ledger), 'an insertion after the text as it was');
  assert.equal(tide(appended).attempts.length, 1);

  const handoff = '\ufeffSummary: s\nDo Now:\n1. TIDE-API-001 D1 @ plans/active/TIDE-API-001/plan.md:3 — go\n';
  const model = parseHandoff(handoff);
  assert.deepEqual(
    model.sections.map((s) => s.name),
    ['summary', 'doNow'],
    'the first line is a section, BOM or not',
  );
  const [item] = model.doNow;
  assert.equal(item?.rowIds[0], 'D1');
  assert.equal(handoff.slice(item.span.start, item.span.end), '1. TIDE-API-001 D1 @ plans/active/TIDE-API-001/plan.md:3 — go');
});

test('a task-list row set to [P], [B], [-], [~] or [D] stays a row with that state (GFM alone reads only [ ]/[x])', () => {
  const text = '- [ ] A1: first step\n- [x] A2: second\n';
  const [a1] = rowsOf(text);
  for (const [marker, state] of [
    ['[P]', 'in-progress'],
    ['[B]', 'blocked'],
    ['[-]', 'skipped'],
    ['[~]', 'in-progress'],
    ['[D]', 'done'],
  ] as const) {
    const out = applyEdits(text, [setRowState(a1, marker)]);
    const rows = rowsOf(out);
    assert.equal(rows.length, 2, `${marker}: both rows still read`);
    assert.deepEqual([rows[0].id, rows[0].rawState, rows[0].state, rows[0].title], ['A1', marker, state, 'first step']);
    assert.equal(out.slice(rows[0].stateSpan.start, rows[0].stateSpan.end), marker);
  }
  // Same terms as GFM: no content after the marker, or no space before it, is not a row.
  assert.equal(rowsOf('- [P] \n- [P]x\n').length, 0);
  assert.deepEqual(
    rowsOf('- [P]\n  continued\n').map((r) => r.title),
    ['continued'],
  );
});

test('a table row too short to have a State cell gets one added, not a marker glued to its last cell', () => {
  const header = '| ID | Task Description | State | How/Why & Guidance |\n| --- | --- | --- | --- |\n';
  for (const [row, expected] of [
    ['A1\n', 'A1 | | [x] |\n'],
    ['| A1 |\n', '| A1 | | [x] |\n'],
    ['| A1 | t |\n', '| A1 | t | [x] |\n'],
  ]) {
    const text = header + row;
    const [parsed] = rowsOf(text);
    const out = applyEdits(text, [setRowState(parsed, '[x]')]);
    assert.equal(out, header + expected);
    assert.deepEqual(
      rowsOf(out).map((r) => [r.id, r.rawState]),
      [['A1', '[x]']],
    );
  }
});

test('appendAttempt after a code fence the entry leaves open goes before the fence, so it reads as an attempt', () => {
  for (const text of ['# [TIDE-API-001] Tide\n```\n\n', '# [TIDE-API-001] Tide\r\n```\r\n\r\n~~~\r\n']) {
    const out = applyEdits(text, [appendAttempt(text, tide(text), entry)]);
    assert.equal(tide(out).attempts.length, 1, JSON.stringify(out));
    assert.ok(out.endsWith(text.slice(text.indexOf('```'))), 'the fence and what follows are untouched');
  }
});

test('appendAttempt after raw HTML (<details>) adds the blank line that ends it', () => {
  const text = '# [TIDE-API-001] Tide\n<details>\n';
  const edit = appendAttempt(text, tide(text), entry);
  const out = applyEdits(text, [edit]);
  assert.equal(tide(out).attempts.length, 1);
  assert.equal(out.slice(0, edit.start), text.slice(0, edit.start));
  assert.match(edit.newText, /^\n\n- Attempts History:/);
});

test('appendAttempt keeps artifact paths with line breaks on one line (CRLF ledgers get no bare LF)', () => {
  const text = '# [TIDE-API-001] Tide\r\n';
  const edit = appendAttempt(text, tide(text), { ...entry, artifacts: ['line\nbreak', 'a\r\nb'] });
  assert.ok(!/(?<!\r)\n/.test(edit.newText), JSON.stringify(edit.newText));
  assert.match(edit.newText, /`line break`, `a b`/);
});

test('a ledger with lone-CR line breaks gets lone-CR insertions', () => {
  const text = '# [TIDE-API-001] Tide\r- Status: x\r';
  const edit = appendAttempt(text, tide(text), entry);
  assert.ok(!edit.newText.includes('\n'), JSON.stringify(edit.newText));
});

test('an attempt whose label cites another attempt keeps its own number', () => {
  const text = '# [TIDE-API-001] Tide\n  - *2026-01-02T000000Z ():* note\n';
  const first = tide(text);
  const out = applyEdits(text, [appendAttempt(text, first, { ...entry, label: 'retry of Attempt #3' })]);
  const after = tide(out);
  assert.equal(after.attempts.length, 2);
  assert.equal(after.attempts[1].number, 2);
  assert.equal(nextAttemptNumber(after), 3);
});

test('a row whose cells split two ways keeps the split that puts its marker in the State column', () => {
  const header = '| ID | Task Description | State | How/Why & Guidance |\n| --- | --- | --- | --- |\n';
  const text = header + '| A1 |  `cmd a | b` | ` | [ ] |  `CUDA_VISIBLE_DEVICES="" pytest tests/t.py::test_ok -q` \n';
  const [row] = rowsOf(text);
  assert.equal(text.slice(row.stateSpan.start, row.stateSpan.end), '[ ]', 'the marker as written, not a cell holding code');
  const out = applyEdits(text, [setRowState(row, '[x]')]);
  assert.equal(out, text.replace('[ ]', '[x]'));
  assert.deepEqual(
    rowsOf(out).map((r) => [r.id, r.rawState]),
    [['A1', '[x]']],
  );
  // The edit that failed before this fix: a State cell holding code replaced by a marker.
  const replaced = header + '| A1 |  `cmd a | b` | [ ] \n';
  assert.deepEqual(
    rowsOf(replaced).map((r) => [r.id, r.rawState, r.title]),
    [['A1', '[ ]', '`cmd a | b`']],
  );
  // Without a marker either way, the split that fits the header still wins (GFM's, here): its
  // State cell holds "b`", which is no state, so the row is reported as unread rather than guessed.
  const unmarked = header + '| A2 | `a | b` | c |\n';
  assert.deepEqual(rowsOf(unmarked), []);
  assert.deepEqual(
    parsePlan(unmarked).problems.map((p) => [p.code, p.message]),
    [['unread-row', 'Table row A2: its state cell is prose, not a state before the first heading; it is not read as a row']],
  );
});

test('a task table with lone-CR line breaks keeps its rows (the line scan leaves it to remark)', () => {
  const text = '| ID | Task Description | State | How/Why & Guidance |\r| --- | --- | --- | --- |\r| A1 | cmd | [ ] | [ ] | \r';
  const rows = rowsOf(text);
  assert.deepEqual(
    rows.map((r) => [r.id, r.rawState]),
    [['A1', '[ ]']],
  );
  const out = applyEdits(text, [setRowState(rows[0], '[x]')]);
  assert.equal(out, text.replace('| cmd | [ ] |', '| cmd | [x] |'));
  assert.deepEqual(
    rowsOf(out).map((r) => [r.id, r.rawState]),
    [['A1', '[x]']],
  );
});

test('a second byte-order mark (content, opening the first section) leaves remark offsets right', () => {
  const text = '\uFEFF\uFEFF\n- [ ] A1: probe\n';
  const [row] = rowsOf(text);
  assert.deepEqual([row.id, row.title, text.slice(row.stateSpan.start, row.stateSpan.end)], ['A1', 'probe', '[ ]']);
  const out = applyEdits(text, [setRowState(row, '[-]')]);
  assert.deepEqual(
    rowsOf(out).map((r) => [r.id, r.rawState, r.title]),
    [['A1', '[-]', 'probe']],
  );
});

test('a task whose title is only a colon (`- [SKIP] :`) is no legend: marking another row [SKIP] keeps every row', () => {
  // Shrunk from `npm run fuzz` (setRowState property, seed 1377885158): 14 rows became 13.
  const nested = Array.from({ length: 14 }, (_, i) => `${'  '.repeat(i)}- [ ] A${i} item\n`).join('');
  const text = `- [SKIP] :\n${nested}`;
  const rows = rowsOf(text);
  const marked = applyEdits(text, [setRowState(rows[rows.length - 14], '[SKIP]')]);
  const after = rowsOf(marked);
  assert.equal(after.length, rows.length, 'setRowState keeps the number of rows');
  assert.equal(after[rows.length - 14].rawState, '[SKIP]');
  for (const colon of ['- [SKIP] :', '- [SKIP] : |']) {
    const a0 = rowsOf(`${colon}\n- [SKIP] A0 item\n`).find((r) => r.title === 'A0 item');
    assert.deepEqual([a0?.rawState, a0?.state], ['[SKIP]', 'skipped'], `${colon} does not define [SKIP] away`);
  }
});

test('a legend line whose meaning is no word (`- [SKIP] : A1`) leaves [SKIP] a state: marking a row [SKIP] keeps every row', () => {
  // Shrunk from `npm run fuzz` (setRowState property, seed 1377885158 of run 1377885156): 14 rows became 13.
  const nested = Array.from({ length: 14 }, (_, i) => `${'  '.repeat(i)}- [ ] A${i} item\n`).join('');
  const text = `- [SKIP] : A1\n${nested}`;
  const rows = rowsOf(text);
  assert.equal(rows.length, 14);
  const after = rowsOf(applyEdits(text, [setRowState(rows[0], '[SKIP]')]));
  assert.equal(after.length, 14, 'setRowState keeps the number of rows');
  assert.deepEqual([after[0].rawState, after[0].state], ['[SKIP]', 'skipped']);
  assert.deepEqual(parsePlan(text).problems, [], 'the legend line is no row and says nothing');
});

test('a marker the legend defines as no state (`- [!] = high risk`) makes no row, and the item is said, never dropped silently', () => {
  const text = '## Legend\n\n- [!] = high risk\n\n## Tasks\n\n- [ ] A1: build\n- [!] A2: deploy\n';
  assert.deepEqual(
    rowsOf(text).map((r) => r.id),
    ['A1'],
  );
  const notes = parsePlan(text).problems.filter((p) => p.code === 'unread-row');
  assert.equal(notes.length, 1);
  assert.equal(text.slice(notes[0].span.start, notes[0].span.end), '[!]');
  assert.equal(text.slice(0, notes[0].span.start).split('\n').length, 8, 'on the line of A2');
  assert.match(
    notes[0].message,
    /^Task item under 'Tasks' has the marker '\[!\]', which the plan's legend defines as something other than a state; it is not read as a row$/,
  );
});

test('two task items titled with markers and an ID (`- [ ] [✓] A1:`) stay rows when one is marked: a list legend names states in words only', () => {
  // Shrunk from `npm run fuzz` (setRowState property, seed 1377885158 of run 1377885156): once the
  // markers differed, the list read as a legend and both rows vanished (2 rows became 0).
  const text = '- [ ] [✓] A1: \n- [ ] [⚠️] A1: \n';
  const rows = rowsOf(text);
  assert.equal(rows.length, 2);
  for (const marker of ['[SKIP]', '[x]']) {
    const after = rowsOf(applyEdits(text, [setRowState(rows[0], marker)]));
    assert.deepEqual(
      after.map((r) => [r.rawState, r.title]),
      [
        [marker, '[✓] A1'],
        ['[ ]', '[⚠️] A1'],
      ],
    );
  }
  // A marker every plan knows that contradicts its words is a task too; a real legend still is one.
  assert.equal(rowsOf('- [x] ✅ Done\n- [ ] ⏳\n').length, 2);
  assert.deepEqual(rowsOf('- [ ] Not Started\n- [~] In Progress\n- [x] Done\n'), []);
});

test('a table row ending in an escaped pipe (`**Action:** \\|`) gets its missing state cell after a closing pipe', () => {
  // Shrunk from `npm run fuzz` (setRowState property, seed 1377885158 of run 1377885156): the `\|`
  // was taken for the closing pipe, so the marker landed in the title cell and was not read.
  const head = '| ID | Task Description | State | How/Why & Guidance |\n| --- | --- | --- | --- |\n';
  for (const [line, marked] of [
    ['**Action:** \\|', '**Action:** \\| | | [ ] |'],
    ['A1 | t \\\\|', 'A1 | t \\\\| [ ] |'],
  ]) {
    const text = `${head}${line}\n`;
    const [row] = rowsOf(text);
    const out = applyEdits(text, [setRowState(row, '[ ]')]);
    assert.equal(out, `${head}${marked}\n`);
    assert.deepEqual(
      rowsOf(out).map((r) => r.rawState),
      ['[ ]'],
    );
  }
});

test('appendAttempt after a block nested past the limit: the blocks after it are read, so the attempt is read back', () => {
  // Shrunk from `npm run fuzz` (appendAttempt property, seed 1377885160 of run 1377885156).
  const deep = '> > > > > > > > - - - - - - - - - [ ] A1 deep\n';
  const text = `# [TIDE-API-001] Tide\n${deep}`;
  assert.equal(tide(text).attempts.length, 0);
  const once = applyEdits(text, [appendAttempt(text, tide(text), entry)]);
  assert.equal(tide(once).attempts.length, 1, 'the attempt after the deep block is read');
  const twice = applyEdits(once, [appendAttempt(once, tide(once), entry)]);
  assert.deepEqual(
    tide(twice).attempts.map((a) => a.number),
    [1, 2],
  );
  const notes = parseLedger(twice).problems.filter((p) => p.code === 'unread-row');
  assert.deepEqual(
    notes.map((p) => twice.slice(p.span.start, p.span.end)),
    [deep.trimEnd()],
    'the deep line is still said to be read as text',
  );
  // In a plan: a row after a too-deep list is read, the too-deep block is text.
  const plan = `### Phase A — Deep\n\n${Array.from({ length: 20 }, (_, i) => `${'  '.repeat(i)}- [ ] A${i}: item`).join('\n')}\n\n- [ ] B1: after\n`;
  assert.deepEqual(
    rowsOf(plan).map((r) => r.id),
    [...Array.from({ length: 16 }, (_, i) => `A${i}`), 'B1'],
  );
});

test('a deep line inside a fenced code block is code, not nesting: no limit, and the text after the fence reads as usual', () => {
  // Shrunk from `npm run fuzz` (appendAttempt property, seed 1377885160 of run 1377885156): the
  // scan took the quoted line inside the fence for nesting and resumed at the closing fence, which
  // then opened a fence that swallowed the appended attempt.
  const text = '# [TIDE-API-001] Tide\n```\n\n~~~\n> > > > > > > > - - - - - - - - - [ ] A1 deep\n```\n\n```\n';
  assert.deepEqual(parseLedger(text).problems, []);
  const out = applyEdits(text, [appendAttempt(text, tide(text), entry)]);
  assert.equal(tide(out).attempts.length, 1);
  assert.equal(nextAttemptNumber(tide(out)), 2);
});

test('a hub for a plan whose folder holds `$`` stays under that folder (the layout is filled with functions, not `$` patterns)', () => {
  // Shrunk from `npm run fuzz` (hub layout property, seed 1377885161).
  const hub = fillHubLayout({ layout: DEFAULT_HUB_LAYOUT }, { planPath: 'a`$``b/plan.md', phase: 'smoke' }, new Date(0));
  assert.equal(hub, 'a`$``b/reports/1970-01-01T000000Z/smoke/');
  assert.equal(
    fillHubLayout({ layout: DEFAULT_HUB_LAYOUT }, { planPath: "it's $& $1/plan.md", phase: 'smoke' }, new Date(0)).split('/reports/')[0],
    "it's $& $1",
  );
});
