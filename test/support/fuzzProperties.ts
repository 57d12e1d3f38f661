// Generators of realistic plan/ledger/handoff Markdown and the properties every parser and edit
// must keep. Shared by the quick run inside `npm test` (test/unit/fuzz.test.ts) and the long
// `npm run fuzz` (test/fuzz/fuzz.ts), so both check exactly the same things.
import { deepOneLine, deepTaskList } from './hostileShapes';
import { MAX_LINE_CHARS, MAX_NESTING } from '../../server/core/parse/markdown';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePlan, reparsePlan } from '../../server/core/parse/plan';
import { parseLedger, reparseLedger } from '../../server/core/parse/ledger';
import { parseHandoff } from '../../server/core/parse/handoff';
import { contentStart, splitSections } from '../../server/core/parse/sections';
import { findCodeSpans, splitTableRow, stripEmphasis, toPlain } from '../../server/core/parse/inline';
import { findReferences, findRowIdMentions } from '../../server/core/parse/references';
import { cudaMaskOf, findCommands, splitEnvPrefix } from '../../server/core/parse/commands';
import { compileTemplate, expandBraces, fillTemplate, isArtifactPath, isTemplated, matchTemplate } from '../../server/core/parse/artifacts';
import { normalizeRowState, normalizeStatus } from '../../server/core/model/states';
import { parseRunRecord } from '../../server/core/run/runRecord';
import { commandCore } from '../../server/core/run/landing';
import { addArtifactLink, appendAttempt, applyEdits, nextAttemptNumber, setRowState } from '../../server/core/edit/edits';
import { joinPath, outsideWorkspace } from '../../server/core/index/fileSystem';
import { initiativeRoot } from '../../server/core/model/layout';
import { DEFAULT_HUB_LAYOUT, fillHubLayout } from '../../server/core/run/hubLayout';
import type { Row, Span, TextEdit } from '../../server/core/model/model';

// ---- Generators ---------------------------------------------------------------------------

/** Characters that break naive parsers: pipes, backticks, markers, odd spaces and hyphens, BOM, astral. */
const hazard = fc.constantFrom(
  '|',
  '\\|',
  '`',
  '``',
  '[',
  ']',
  '[x]',
  '*',
  '**',
  '_',
  '#',
  '\\',
  '"',
  '\\"',
  "'",
  '<br>',
  '\u202f',
  '\u2011',
  '\u00a0',
  '\ufeff',
  '\u200b',
  '—',
  '“',
  '🙂',
  'é',
  '\t',
  '  ',
  '\r',
  '\r\n',
  '\n',
  '$',
  '{',
  '}',
  ',',
  '<TS>',
  '..',
  '/',
  ':',
);
const word = fc.constantFrom(
  'A1',
  'B2.a',
  'C4.D3',
  'TIDE\u2011API\u2011001',
  'docs/x.md:12',
  'plan.md#L60',
  'tests/t.py::test_ok',
  '§B2',
  '[TIDE-API-001]',
  'reports/2026-01-01T000000Z/x.log',
  'pytest',
  'CUDA_VISIBLE_DEVICES=""',
  'tee',
  'run',
  'ok',
  'Phase',
  'Goal:',
  'Status:',
  'Attempt #3',
  '2026-01-02T000000Z',
);
/** Inline text: words, hazards and arbitrary unicode, joined by spaces or nothing. */
const inline = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: word },
      { weight: 3, arbitrary: hazard },
      { weight: 2, arbitrary: fc.string({ maxLength: 6, unit: 'grapheme' }) },
      { weight: 1, arbitrary: fc.string({ maxLength: 4, unit: 'binary' }) },
    ),
    { maxLength: 8 },
  )
  .chain((parts) => fc.constantFrom(' ', '').map((sep) => parts.join(sep)));
/** Inline text without line breaks (a cell, a heading). */
const lineText = inline.map((t) => t.replace(/[\r\n]+/g, ' '));

const marker = fc.constantFrom(
  '[ ]',
  '[x]',
  '[X]',
  '[P]',
  '[B]',
  '[-]',
  '[~]',
  '[?]',
  '',
  '[x ]',
  '[ x]',
  '`[x]`',
  '**[x]**',
  '[✓]',
  '[D]',
  // Real plans (issue 14): code-span states with padding, long and emoji markers, word states.
  '` [D] `',
  '`[ ]`',
  '[SKIP]',
  '[!]',
  '[⚠️]',
  'DONE (2026-07-31, 8e8bcfd)',
  'TODO / TODO',
  '✅ Done',
  '⏳',
);
const rowId = fc.constantFrom('A1', 'A2', 'A2.a', 'B1', 'C4.D3', 'D1', '**D2**', 'E1\u2011b', 'F1', '1', '2.3', 'X', '', 'TIDE-API-001.F1');
const command = fc.constantFrom(
  '`CUDA_VISIBLE_DEVICES="" pytest tests/t.py::test_ok -q`',
  '`pytest tests/a.py -q | tee reports/2026-01-01T000000Z/a.log`',
  '`python -m x --out reports/<TS>/y.json`',
  '`bash -c \\"echo hi\\"`',
  '`git status`<br>`make test`',
  '`cmd a | b`',
  '`mkdir -p plans/active/X/reports/{a,b}/`',
  '``double `tick` span``',
);
const cell = fc.oneof(
  lineText,
  command,
  fc.tuple(lineText, command, lineText).map((p) => p.join(' ')),
);

const tableHeader = fc.constantFrom(
  '| ID | Task Description | State | How/Why & Guidance |\n| --- | --- | --- | --- |\n',
  '| ID | Task | State | Guidance |\n|:---|:---:|---:|---|\n',
  '|ID|Status|Notes|\n|-|-|-|\n',
  '| Step | Description | State |\n| --- | --- | --- |\n',
  '| Item ID | Task | Status | Notes |\n| :--- | :--- | :--- | :--- |\n',
  '| # | Task | 状态 | Notes |\n|---|---|---|---|\n',
);
const tableRow = fc
  .tuple(rowId, cell, marker, cell, fc.constantFrom('', ' ', '  ', ' |', '|'))
  .map(([id, title, m, guidance, tail]) => `| ${id} | ${title} | ${m} | ${guidance}${tail}\n`);
const divider = fc.constantFrom('| **Section 1: Divider** | | | |\n', '| --- | --- |\n', '|  |  |  |  |\n', '| A9 | truncated | [x\n');
const table = fc
  .tuple(tableHeader, fc.array(fc.oneof({ weight: 6, arbitrary: tableRow }, { weight: 1, arbitrary: divider }), { maxLength: 6 }))
  .map(([h, rows]) => h + rows.join(''));

const heading = fc
  .tuple(
    fc.constantFrom('# ', '## ', '### ', '#### ', '###', '   ### ', '    ## '),
    fc.oneof(
      fc.constantFrom(
        'Phase A — Setup',
        'Phase B: Build',
        '**Phase 1: Core**',
        'Phase\u202fC\u202f— Docs',
        '[TIDE-API-001] Tide',
        'A2 Implementation Checklist',
        '2026-01-22T02:40Z — seed S1',
        'Summary',
        'Do Now',
        'Mapped tests',
        'Artifacts',
      ),
      lineText,
    ),
  )
  .map(([h, t]) => `${h}${t}\n`);
const taskItem = fc
  .tuple(fc.constantFrom('- ', '* ', '  - ', '    - ', '1. ', '- [ ] ', '- [x] '), marker, rowId, lineText)
  .map(([b, m, id, t]) => `${b}${m} ${id ? `${id}: ` : ''}${t}\n`);
const ledgerLine = fc.oneof(
  fc.constantFrom(
    '- Status: in_progress\n',
    '- Status: done\n',
    '- Priority: High\n',
    '- Owner: me\n',
    '- Attempts History:\n',
    '- Working Plan: plans/active/TIDE-API-001/plan.md\n',
    '* ... (see docs/fix_plan_archive.md)\n',
  ),
  lineText.map((t) => `  * [2026-01-01] Attempt #${t.length % 9} — Result: ${t}.\n`),
  lineText.map((t) => `  - *2026-01-02T000000Z (${t}):* note\n`),
  lineText.map((t) => `* 2025-12-07T230000Z (Loop i=140) — ${t}\n`),
  lineText.map((t) => `**Action:** ${t}\n`),
);
const handoffLine = fc.oneof(
  fc.constantFrom(
    'Summary: s\n',
    'Focus: [TIDE-API-001] f\n',
    'Do Now:\n',
    'Mapped tests:\n',
    'Artifacts: plans/active/TIDE-API-001/reports/2026-01-01T000000Z/\n',
    'How-To Map:\n',
    'If Blocked: stop\n',
  ),
  lineText.map((t) => `1. TIDE-API-001 D1 @ plans/active/TIDE-API-001/plan.md:3 — ${t}; tests: pytest x\n`),
  lineText.map((t) => `- \`pytest tests/${t.length}.py -q\` ${t}\n`),
);
const fence = fc
  .tuple(fc.constantFrom('```', '~~~', '````', '```bash'), inline, fc.constantFrom('```\n', '~~~\n', '', '````\n'))
  .map(([open, body, close]) => `${open}\n${body}\n${close}`);
const other = fc.oneof(
  lineText.map((t) => `${t}\n`),
  lineText.map((t) => `Goal: ${t}\n`),
  lineText.map((t) => `> ${t}\n`),
  fc.constantFrom('\n', '\n\n', '<!-- comment | [x] -->\n', '---\n', '<details>\n', 'text with \u202f and \u2011 and “quotes”  \n'),
);

// Issue 26's shapes, small: nesting past the Markdown limit, runs of `[`, a line past the length
// limit (read as text with one unread-row), each among ordinary blocks.
const hostileBlock = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .integer({ min: MAX_NESTING - 2, max: MAX_NESTING + 6 })
      .map((depth) => deepTaskList(depth).replace(/^### [^\n]*\n\n/, '')),
  },
  {
    weight: 4,
    arbitrary: fc.integer({ min: MAX_NESTING - 2, max: 200 }).map((depth) => deepOneLine(depth).replace(/^### [^\n]*\n\n/, '')),
  },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 400 }).map((n) => `| A1 | ${'['.repeat(n)} | [ ] | x |\n`) },
  // Rare: a line just past the length limit is long, and every inline grammar reads it.
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: MAX_LINE_CHARS - 5, max: MAX_LINE_CHARS + 50 })
      .map((n) => `${'w ['.repeat(Math.ceil(n / 3)).slice(0, n)}\n`),
  },
);

const block = fc.oneof(
  { weight: 1, arbitrary: hostileBlock },
  { weight: 4, arbitrary: table },
  { weight: 3, arbitrary: heading },
  { weight: 3, arbitrary: taskItem },
  { weight: 3, arbitrary: ledgerLine },
  { weight: 2, arbitrary: handoffLine },
  { weight: 1, arbitrary: fence },
  { weight: 3, arbitrary: other },
);

type Eol = 'lf' | 'crlf' | 'mixed' | 'cr';
function withEol(text: string, eol: Eol, seed: number): string {
  if (eol === 'lf') return text;
  if (eol === 'crlf') return text.replace(/\r?\n/g, '\r\n');
  if (eol === 'cr') return text.replace(/\r?\n/g, '\r');
  let i = seed;
  return text.replace(/\n/g, () => (++i % 3 === 0 ? '\r\n' : '\n'));
}

/** A realistic document: Markdown blocks, then maybe CRLF/CR/mixed line breaks and a BOM. */
export const markdownDocument = fc
  .tuple(fc.array(block, { maxLength: 14 }), fc.constantFrom<Eol>('lf', 'lf', 'crlf', 'crlf', 'mixed', 'cr'), fc.boolean(), fc.nat())
  .map(([blocks, eol, bom, seed]) => (bom ? '\ufeff' : '') + withEol(blocks.join(''), eol, seed));

/** Hostile strings for paths and labels: spaces, quotes, $, backticks, ;, pipes, newlines, `..`. */
export const hostileText = fc.oneof(
  inline,
  fc.constantFrom('a b', "it's", 'x"y', '$(rm -rf ~)', '`id`', 'a;b', 'a|b', 'line\nbreak', '../../etc', '\\', '*bold*', '`'),
);

// ---- Checks -------------------------------------------------------------------------------

function assertSpan(span: Span, text: string, what: string): void {
  assert.ok(
    Number.isInteger(span.start) && Number.isInteger(span.end) && span.start >= 0 && span.start <= span.end && span.end <= text.length,
    `${what}: span ${span.start}-${span.end} outside 0-${text.length}`,
  );
}

function allRows(text: string): Row[] {
  const plan = parsePlan(text);
  return [...plan.phases.flatMap((p) => p.rows), ...plan.looseRows];
}

/** Applies one edit and checks that every byte outside [start, end) is what it was. */
function assertOnlyTarget(text: string, edit: TextEdit, target: Span, what: string): string {
  assert.ok(
    edit.start >= target.start && edit.end <= target.end,
    `${what}: edit ${edit.start}-${edit.end} leaves its target ${target.start}-${target.end}`,
  );
  const out = applyEdits(text, [edit]);
  assert.equal(out.slice(0, edit.start), text.slice(0, edit.start), `${what}: bytes before the edit changed`);
  assert.equal(out.slice(edit.start + edit.newText.length), text.slice(edit.end), `${what}: bytes after the edit changed`);
  if (text.startsWith('\ufeff')) assert.ok(out.startsWith('\ufeff'), `${what}: the BOM was lost`);
  return out;
}

function checkParsers(text: string): void {
  const plan = parsePlan(text);
  const ledger = parseLedger(text);
  const handoff = parseHandoff(text);
  for (const model of [plan, ledger, handoff]) {
    assert.equal(model.problems.filter((p) => p.code === 'parse-failed').length, 0, 'parse-failed');
    for (const p of model.problems) assertSpan(p.span, text, `problem ${p.code}`);
    for (const r of model.references) assertSpan(r.span, text, 'reference');
  }
  for (const phase of plan.phases) {
    assertSpan(phase.span, text, 'phase');
    assertSpan(phase.headingSpan, text, 'phase heading');
  }
  for (const row of [...plan.phases.flatMap((p) => p.rows), ...plan.looseRows, ...ledger.initiatives.flatMap((i) => i.tasks)]) {
    assertSpan(row.span, text, `row ${row.id}`);
    assertSpan(row.stateSpan, text, `row ${row.id} state`);
    assert.ok(row.stateSpan.start >= row.span.start && row.stateSpan.end <= row.span.end, `row ${row.id}: state outside the row`);
    assert.equal(text.slice(row.stateSpan.start, row.stateSpan.end), row.rawState, `row ${row.id}: stateSpan is not the marker as written`);
    assert.ok(row.guidanceEnd >= row.span.start && row.guidanceEnd <= row.span.end, `row ${row.id}: guidanceEnd outside the row`);
    for (const c of row.commands) assertSpan(c.span, text, 'command');
    for (const a of row.artifacts) assertSpan(a.span, text, 'artifact');
  }
  for (const initiative of ledger.initiatives) {
    assertSpan(initiative.span, text, 'initiative');
    assertSpan(initiative.headingSpan, text, 'initiative heading');
    assert.ok(initiative.attemptInsertAt >= 0 && initiative.attemptInsertAt <= text.length, 'attemptInsertAt');
    for (const a of initiative.attempts) assertSpan(a.span, text, 'attempt');
    for (const f of initiative.fields) assertSpan(f.valueSpan, text, 'field');
  }
  for (const item of handoff.doNow) assertSpan(item.span, text, 'do now item');
  // The incremental path: from the parse of the first half, re-parse what the rest changed.
  const half = text.slice(0, text.length >> 1);
  assert.deepEqual(reparsePlan(text, reparsePlan(half).parse).model, plan, 'the incremental plan equals a fresh parse');
  assert.deepEqual(reparseLedger(text, reparseLedger(half).parse).model, ledger, 'the incremental ledger equals a fresh parse');
  const sections = splitSections(text);
  assert.equal(sections[0].start, contentStart(text), 'the first section starts after a byte-order mark, if any');
  assert.equal(sections[sections.length - 1].end, text.length);
  for (let i = 1; i < sections.length; i++) assert.equal(sections[i].start, sections[i - 1].end, 'sections tile the text');
}

function checkInline(text: string, base: number): void {
  const inSpan = (s: Span, what: string) =>
    assert.ok(
      s.start >= base && s.end <= base + text.length && s.start <= s.end,
      `${what} span ${s.start}-${s.end} outside ${base}-${base + text.length}`,
    );
  for (const s of findCodeSpans(text, base)) {
    inSpan(s, 'code span');
    assert.ok(s.contentStart >= s.start && s.contentEnd <= s.end && s.contentStart <= s.contentEnd, 'code span content');
  }
  for (const c of splitTableRow(text, base, 4)) {
    inSpan(c, 'cell');
    assert.equal(text.slice(c.start - base, c.end - base), c.text, 'cell text is its source');
  }
  for (const r of [...findReferences(text, base), ...findRowIdMentions(text, base)]) inSpan(r.span, 'reference');
  for (const c of findCommands(text, base)) {
    inSpan(c.span, 'command');
    splitEnvPrefix(c.text);
    cudaMaskOf(c.text);
    commandCore(c.text);
  }
  stripEmphasis(text);
  toPlain(text);
  normalizeRowState(text);
  normalizeStatus(text);
  isArtifactPath(text);
  const template = compileTemplate(text);
  matchTemplate(template, text);
  fillTemplate(text, new Map([['stamp', '2026-01-01T000000Z']]));
  isTemplated(text);
  assert.ok(expandBraces(text).length >= 1, 'expandBraces returns at least the input');
  parseRunRecord(text);
}

// ---- Properties ---------------------------------------------------------------------------

export interface FuzzProperty {
  readonly name: string;
  /** Share of the inputs a run gives this property (the cheap ones get more). */
  readonly weight: number;
  /** fast-check's report (never throws on a failing input). */
  check(params: FuzzParameters): fc.RunDetails<unknown>;
  /** Throws fast-check's report with the shrunk counterexample on a failing input. */
  assert(params: FuzzParameters): void;
}

type FuzzParameters = { numRuns: number; seed?: number; endOnFailure?: boolean };

function fuzz<Ts extends [unknown, ...unknown[]]>(name: string, weight: number, property: fc.IPropertyWithHooks<Ts>): FuzzProperty {
  return {
    name,
    weight,
    check: (params) => fc.check(property, params) as fc.RunDetails<unknown>,
    assert: (params) => fc.assert(property, params),
  };
}

const stateMarker = fc.constantFrom('[ ]', '[x]', '[P]', '[B]', '[-]', '[SKIP]', '[!]');

export const fuzzProperties: readonly FuzzProperty[] = [
  fuzz(
    'plan, ledger and handoff parsers and the section splitter never throw; spans are exact',
    2,
    fc.property(markdownDocument, (text) => checkParsers(text)),
  ),
  fuzz(
    'inline grammars (code spans, cells, references, commands, artifacts, states) never throw; spans stay inside',
    8,
    fc.property(fc.oneof(inline, markdownDocument), fc.nat({ max: 1000 }), (text, base) => checkInline(text, base)),
  ),
  fuzz(
    'setRowState changes only the marker bytes and the reparse reads the new marker there',
    1.5,
    fc.property(markdownDocument, fc.nat(), stateMarker, (text, pick, m) => {
      const rows = allRows(text);
      if (rows.length === 0) return;
      const row = rows[pick % rows.length];
      const out = assertOnlyTarget(text, setRowState(row, m), row.stateSpan, 'setRowState');
      const after = allRows(out);
      if (after.length === rows.length - 1 && !after.some((r) => r.stateSpan.start === row.stateSpan.start)) {
        // The plan's legend defines the new marker as something else (`- [!] = high risk`): the
        // item is no longer a row, and it is said, never dropped silently.
        const said = parsePlan(out).problems.some(
          (p) => p.code === 'unread-row' && p.span.start === row.stateSpan.start && /the plan's legend defines/.test(p.message),
        );
        assert.ok(said, 'a row whose new marker the legend defines as no state is reported as unread');
        return;
      }
      assert.equal(after.length, rows.length, 'setRowState keeps the number of rows');
      assert.equal(after[pick % rows.length].rawState, m, 'the row now carries the new marker');
    }),
  ),
  fuzz(
    'addArtifactLink inserts inside the row only and keeps the rows (hostile paths included)',
    1.5,
    fc.property(markdownDocument, fc.nat(), hostileText, (text, pick, path) => {
      const rows = allRows(text);
      if (rows.length === 0) return;
      const row = rows[pick % rows.length];
      const edit = addArtifactLink(row, path);
      assert.equal(edit.start, edit.end, 'an insertion');
      assertOnlyTarget(text, edit, row.span, 'addArtifactLink');
      assert.ok(!/[\r\n]/.test(edit.newText), 'no line break is inserted');
    }),
  ),
  fuzz(
    'appendAttempt is one insertion that adds exactly one attempt, numbered next, to that initiative only',
    1.5,
    fc.property(
      markdownDocument,
      fc.nat(),
      hostileText,
      hostileText,
      fc.array(hostileText, { maxLength: 3 }),
      (text, pick, label, result, artifacts) => {
        const ledger = parseLedger(text);
        // Roadmap one-liners hold no attempts: sync and New Attempt never append to them.
        const candidates = ledger.initiatives.filter((i) => i.id && i.shape !== 'roadmap');
        if (candidates.length === 0) return;
        const index = pick % candidates.length;
        const target = candidates[index];
        const edit = appendAttempt(text, target, { date: new Date(Date.UTC(2026, 0, 2)), label, result, artifacts });
        assert.equal(edit.start, edit.end, 'an insertion');
        const out = assertOnlyTarget(text, edit, { start: 0, end: text.length }, 'appendAttempt');
        if (/\r\n/.test(text) && !/(?<!\r)\n/.test(text)) assert.ok(!/(?<!\r)\n/.test(edit.newText), 'CRLF ledgers get CRLF insertions');
        // Lone-CR line breaks (classic Mac) are not part of the ledger grammar (fields and attempts
        // are read line by line at LF): such a ledger gets the lossless insertion, no reading promised.
        if (/\r(?!\n)/.test(text)) return;
        const after = parseLedger(out).initiatives.filter((i) => i.id && i.shape !== 'roadmap');
        assert.equal(after.length, candidates.length, 'the number of initiatives is unchanged');
        assert.equal(after[index].attempts.length, target.attempts.length + 1, 'one more attempt in the target');
        assert.equal(nextAttemptNumber(after[index]), nextAttemptNumber(target) + 1, 'the new attempt has the next number');
        candidates.forEach((c, i) => {
          if (i !== index) assert.equal(after[i].attempts.length, c.attempts.length, `initiative ${c.id} unchanged`);
        });
        // A second run finishing right after: appended to the fresh text, it is numbered next again.
        const second = appendAttempt(out, after[index], { date: new Date(Date.UTC(2026, 0, 2)), label: 'second', result: 'passed' });
        const twice = parseLedger(applyEdits(out, [second])).initiatives.filter((i) => i.id && i.shape !== 'roadmap');
        assert.equal(twice[index].attempts.length, target.attempts.length + 2, 'two more attempts in the target');
        assert.equal(nextAttemptNumber(twice[index]), nextAttemptNumber(target) + 2, 'numbered one after the other');
      },
    ),
  ),
  fuzz(
    'the default hub layout stays under the initiative root, has no `..` and never leaves the workspace',
    3,
    fc.property(
      fc.oneof(
        // A plan has a path ('' names no plan: fillHubLayout then uses the initiative's folder).
        hostileText.filter((p) => p !== ''),
        fc.constantFrom('plans/active/TIDE-API-001/plan.md', 'plans/active/X/phase/plan.md', 'docs/plan.md', 'plan.md'),
      ),
      hostileText,
      fc.date({ min: new Date(0), max: new Date(Date.UTC(9999, 0)), noInvalidDate: true }),
      (planPath, phase, date) => {
        const hub = fillHubLayout({ layout: DEFAULT_HUB_LAYOUT }, { planPath, phase }, date);
        // A plan at the workspace root has its hubs in the root's reports/ (written without './').
        const root = initiativeRoot(planPath);
        // Runs of slashes are one, as in the hub (a root of `/` gives `/reports/…`).
        const prefix = root === '.' ? '' : `${root}/`.replace(/\/+/g, '/');
        assert.ok(hub.startsWith(`${prefix}reports/`), 'under the initiative root');
        const tail = hub.slice(prefix.length);
        assert.match(tail, /^reports\/\d{4}-\d\d-\d\dT\d{6}Z\/[a-z0-9_]+\/$/, 'reports/<stamp>/<slug>/');
        if (!outsideWorkspace('/ws', planPath)) assert.ok(!outsideWorkspace('/ws', hub), 'a plan inside gives a hub inside');
        assert.equal(joinPath('/ws', hub).startsWith('/ws/') || outsideWorkspace('/ws', planPath), true);
      },
    ),
  ),
  fuzz(
    'applyEdits: disjoint edits change only their ranges, in any order given',
    2.5,
    fc.property(markdownDocument, fc.array(fc.tuple(fc.nat(), fc.nat({ max: 6 }), hostileText), { maxLength: 5 }), (text, raw) => {
      const edits: TextEdit[] = [];
      let floor = 0;
      for (const [at, len, newText] of [...raw].sort((a, b) => a[0] - b[0])) {
        const start = Math.min(text.length, floor + (at % (text.length + 1)));
        const end = Math.min(text.length, start + len);
        if (start < floor) continue;
        edits.push({ start, end, newText });
        floor = end + 1;
      }
      const out = applyEdits(text, [...edits].reverse());
      let expected = '';
      let cursor = 0;
      for (const e of edits) {
        expected += text.slice(cursor, e.start) + e.newText;
        cursor = e.end;
      }
      assert.equal(out, expected + text.slice(cursor));
    }),
  ),
];
