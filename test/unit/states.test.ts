// The state vocabulary (server/core/model/states.ts): defaults, planloop.states, a plan's legend,
// word and emoji states; lossless edits of code-span states; unread lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlan } from '../../server/core/parse/plan';
import { applyEdits, setRowState } from '../../server/core/edit/edits';
import { resolveConfig } from '../../server/core/model/config';
import { DEFAULT_STATE_MARKERS, familyVocabulary, KNOWN_MARKERS, normalizeRowState, stateVocabulary } from '../../server/core/model/states';
import type { Row } from '../../server/core/model/model';
import { rowStateChoices } from '../../server/lsp/rowStateChoices';

const rowsOf = (text: string, states?: Record<string, 'open' | 'in-progress' | 'done' | 'blocked' | 'skipped' | 'deferred'>): Row[] => {
  const plan = parsePlan(text, states && stateVocabulary(states));
  return [...plan.phases.flatMap((p) => p.rows), ...plan.looseRows];
};

test('the defaults cover [ ] [x] [X] [P] [D] [B] [S] [SKIP] [-] [~] [!], and every offered marker is one of them', () => {
  for (const [marker, kind] of Object.entries({
    '[ ]': 'open',
    '[x]': 'done',
    '[X]': 'done',
    '[P]': 'in-progress',
    '[D]': 'done',
    '[B]': 'blocked',
    '[S]': 'skipped',
    '[SKIP]': 'skipped',
    '[-]': 'skipped',
    '[~]': 'in-progress',
    '[>]': 'deferred',
    '[!]': 'blocked',
  }))
    assert.equal(normalizeRowState(marker), kind, marker);
  for (const marker of KNOWN_MARKERS) assert.ok(marker in DEFAULT_STATE_MARKERS, marker);
  for (const [word, kind] of Object.entries({
    DONE: 'done',
    TODO: 'open',
    '✅': 'done',
    '⏳': 'in-progress',
    '⚠️ Partial': 'in-progress',
    'Not started': 'open',
  }))
    assert.equal(normalizeRowState(word), kind, word);
  assert.equal(normalizeRowState('🔑'), 'unknown');
});

test('[S] is skipped in a table and in a task list alike (one vocabulary)', () => {
  const text = '### Phase A — Both\n| ID | Task | State |\n|---|---|---|\n| A1 | t | [S] |\n\n- [S] A2: listed\n';
  assert.deepEqual(
    rowsOf(text).map((r) => [r.source, r.rawState, r.state]),
    [
      ['table', '[S]', 'skipped'],
      ['task', '[S]', 'skipped'],
    ],
  );
});

test('planloop.states adds markers and words; the config schema checks the kinds', () => {
  const text = '| ID | Task | State |\n|---|---|---|\n| A1 | t | [T] |\n| A2 | t | 🧪 |\n';
  assert.deepEqual(
    rowsOf(text).map((r) => r.state),
    ['unknown', 'unknown'],
  );
  assert.deepEqual(
    parsePlan(text).problems.map((p) => p.code),
    ['unknown-state', 'unknown-state'],
  );
  assert.deepEqual(
    rowsOf(text, { '[T]': 'in-progress', '🧪': 'in-progress' }).map((r) => r.state),
    ['in-progress', 'in-progress'],
  );
  assert.deepEqual(parsePlan(text, stateVocabulary({ '[T]': 'in-progress', '🧪': 'done' })).problems, []);
  assert.deepEqual(resolveConfig({ states: { '[T]': 'in-progress' } }).problems, []);
  assert.equal(resolveConfig({ states: { '[T]': 'testing' } }).problems.length, 1);
});

test("a plan's legend line defines its markers; a legend item that says [P] means parallel makes [P] no state there", () => {
  const legend =
    'Progress: `[ ]` (Open) -> `[~]` (In Progress) -> `[D]` (Done).\n\n| ID | Task | State |\n|---|---|---|\n| A1 | t | `[~]` |\n';
  assert.deepEqual(
    rowsOf(legend).map((r) => [r.rawState, r.state]),
    [['[~]', 'in-progress']],
  );
  const parallel = '## Format\n- [P] = can run in parallel\n\n## Tasks\n- [ ] T001 Build\n- [P] T002, T003 can run together\n';
  assert.deepEqual(
    rowsOf(parallel).map((r) => [r.id, r.title]),
    [['T001', 'Build']],
  );
});

test('flipping a code-span state keeps its backticks, byte for byte (CRLF too)', () => {
  for (const eol of ['\n', '\r\n']) {
    const text = ['| St | Part | Goal |', '|---|---|---|', '| `[ ]` | **P0.1** | Scaffold |', '| ` [D] ` | P0.2 | Chain |', ''].join(eol);
    const rows = rowsOf(text);
    assert.deepEqual(
      rows.map((r) => [r.id, r.rawState]),
      [
        ['P0.1', '[ ]'],
        ['P0.2', '[D]'],
      ],
    );
    const edited = applyEdits(text, [setRowState(rows[0], '[x]'), setRowState(rows[1], '[P]')]);
    assert.equal(edited, text.replace('`[ ]`', '`[x]`').replace('` [D] `', '` [P] `'));
    assert.deepEqual(
      rowsOf(edited).map((r) => r.state),
      ['done', 'in-progress'],
    );
  }
});

test('nothing is dropped silently: a row-like line that is not read gets an info diagnostic naming its phase', () => {
  const text = '### Phase D — Docs\n| ID | Task | State |\n|---|---|---|\n| D1 | t | [x] |\n| D2 | t |\n| | no id and no marker | |\n';
  const plan = parsePlan(text);
  assert.deepEqual(
    plan.phases[0].rows.map((r) => r.id),
    ['D1', 'D2'],
  );
  assert.deepEqual(
    plan.problems.filter((p) => p.code === 'unread-row').map((p) => [p.severity, p.message]),
    [['info', "Table row has no state marker and no ID under 'Phase D — Docs'; it is not read as a row"]],
  );
  const aligned = parsePlan('  3.A.1    Re-read the plan    [ ]\n');
  assert.match(aligned.problems[0].message, /white-space aligned text/);
});

test('the Mark Row State pick offers every kind, each with a marker the core reads as that kind (Deferred is [>])', () => {
  const choices = rowStateChoices();
  assert.deepEqual(
    choices.map((c) => c.kind),
    ['done', 'in-progress', 'open', 'blocked', 'skipped', 'deferred'],
  );
  for (const c of choices) assert.equal(normalizeRowState(c.marker), c.kind, c.marker);
  assert.equal(choices.find((c) => c.kind === 'deferred')?.marker, '[>]');
  // For a Kiro spec, each choice is the marker Kiro's own vocabulary reads as that kind.
  const kiro = rowStateChoices('kiro');
  for (const c of kiro) assert.equal(normalizeRowState(c.marker, familyVocabulary('kiro')), c.kind, `kiro ${c.marker}`);
  assert.equal(kiro.find((c) => c.kind === 'in-progress')?.marker, '[-]');
});
