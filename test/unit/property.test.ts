// Property tests: random documents and random edits. Parsing never throws, edits stay inside
// their target, and the section-cached (incremental) model always equals a fresh parse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RootContent } from 'mdast';
import { parsePlan, reparsePlan } from '../../server/core/parse/plan';
import { parseLedger, referencesAfterEdit, reparseLedger, reparseLedgerSections } from '../../server/core/parse/ledger';
import { PiecedText } from '../../server/core/history/piecedText';
import { applyHunks, hunksChange, type Hunk } from '../../server/core/history/gitPort';
import { lineAt } from '../../server/core/history/keys';
import { findReferences } from '../../server/core/parse/references';
import { splitSections } from '../../server/core/parse/sections';
import { changedRange, loneCrAsLf } from '../../server/core/model/text';
import { simpleTables, simpleBlocks } from '../../server/core/parse/blockScan';
import { headingLineText, parseBlocks, parseMarkdown, plainText } from '../../server/core/parse/markdown';
import { LineIndex } from '../../server/core/model/text';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { parseHandoff } from '../../server/core/parse/handoff';
import { addArtifactLink, appendAttempt, applyEdits, setRowState } from '../../server/core/edit/edits';
import type { Row } from '../../server/core/model/model';
import { singleList } from '../../server/core/parse/artifacts';
import braces from 'braces';
import { InMemoryWorkspace } from '../support/inMemoryWorkspace';
import { fixturesDir } from '../support/paths';

const RUNS = Number(process.env.PLANLOOP_FUZZ_RUNS ?? 300);

const fragment = fc.constantFrom(
  '### Phase A — Setup\n',
  '## Phase B: Build\n',
  '### **Phase 1: Core**\n',
  '#### A2 Implementation Checklist\n',
  'Goal: do it\n',
  '| ID | Task Description | State | How/Why & Guidance |\n| --- | --- | --- | --- |\n',
  '| A1 | First | [ ] | run `CUDA_VISIBLE_DEVICES="" pytest tests/t.py::test_ok -q` |\n',
  '| A2 | Pipe `a | b` | [x] | `cmd | tee reports/2026-01-01T000000Z/x.log` |\n',
  '| A2.a | Child | [P] | see docs/x.md:12 |\n',
  '| **Section 1: Divider** | | | |\n',
  '| B1 | Odd | [?] | unknown |\n',
  '- [x] A3: task item\n',
  '- [ ] **C4.A:** bold id\n',
  '  - [ ] A3.a: nested\n',
  '### [TIDE-001] Tide\n- Status: in_progress\n- Attempts History:\n',
  '  * [2026-01-01] Attempt #1 — Result: passed.\n',
  '  - *2026-01-02T000000Z (x):* note\n',
  '### 2026-01-22T02:40Z — seed S1\n**Action:** did\n',
  '```bash\nCUDA_VISIBLE_DEVICES="" pytest -q\n```\n',
  'Summary: s\nFocus: [TIDE-001] f\nDo Now:\n1. TIDE-001 A1 @ plans/a/plan.md:3 — go; tests: pytest x\n',
  '\n',
  'text with \u202f and \u2011 and “quotes”  \n',
  '\r\n',
);

const document = fc.array(fc.oneof(fragment, fragment, fc.string({ maxLength: 12 })), { maxLength: 25 }).map((parts) => parts.join(''));

function allRows(text: string): Row[] {
  const plan = parsePlan(text);
  return [...plan.phases.flatMap((p) => p.rows), ...plan.looseRows];
}

test('parsers never throw and never report parse-failed', () => {
  fc.assert(
    fc.property(document, (text) => {
      for (const model of [parsePlan(text), parseLedger(text), parseHandoff(text)]) {
        assert.equal(model.problems.filter((p) => p.code === 'parse-failed').length, 0);
      }
    }),
    { numRuns: RUNS },
  );
});

test('setRowState and addArtifactLink change bytes only inside the row', () => {
  fc.assert(
    fc.property(document, fc.nat(), fc.constantFrom('[ ]', '[x]', '[P]', '[B]'), (text, pick, marker) => {
      const rows = allRows(text);
      fc.pre(rows.length > 0);
      const row = rows[pick % rows.length];
      for (const edit of [setRowState(row, marker), addArtifactLink(row, 'reports/x|y.log')]) {
        assert.ok(edit.start >= row.span.start && edit.end <= row.span.end, 'edit stays inside the row');
        const out = applyEdits(text, [edit]);
        assert.equal(out.slice(0, edit.start), text.slice(0, edit.start));
        assert.equal(out.slice(edit.start + edit.newText.length), text.slice(edit.end));
      }
      assert.match(text.slice(row.stateSpan.start, row.stateSpan.end), /^(?:\[.?\]|.*)$/s);
    }),
    { numRuns: RUNS },
  );
});

test('appendAttempt is one insertion that adds exactly one attempt to that initiative', () => {
  fc.assert(
    fc.property(document, fc.nat(), (text, pick) => {
      const ledger = parseLedger(text);
      const candidates = ledger.initiatives.filter((i) => i.shape === 'heading' && i.id);
      fc.pre(candidates.length > 0);
      const target = candidates[pick % candidates.length];
      const edit = appendAttempt(text, target, { date: new Date(0), label: 'run', result: 'passed' });
      assert.equal(edit.start, edit.end);
      const out = applyEdits(text, [edit]);
      const after = parseLedger(out).initiatives.filter((i) => i.shape === 'heading' && i.id);
      const index = candidates.indexOf(target);
      assert.equal(after[index]?.attempts.length, target.attempts.length + 1);
      candidates.forEach((c, i) => {
        if (i !== index) assert.equal(after[i]?.attempts.length, c.attempts.length);
      });
    }),
    { numRuns: RUNS },
  );
});

test('incremental (section-reusing) parse equals a full reparse over random edits', () => {
  const edit = fc.record({ at: fc.nat(), del: fc.nat({ max: 8 }), insert: fc.oneof(fragment, fc.string({ maxLength: 6 })) });
  fc.assert(
    fc.property(document, fc.array(edit, { minLength: 10, maxLength: 20 }), (start, edits) => {
      let text = start;
      let plan = reparsePlan(text);
      let ledger = reparseLedger(text);
      for (const e of edits) {
        const at = text.length ? e.at % (text.length + 1) : 0;
        text = text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.del));
        plan = reparsePlan(text, plan.parse);
        ledger = reparseLedger(text, ledger.parse);
        // The parse reads a lone CR as LF (the same offsets), so its sections are those of that text.
        assert.deepEqual(plan.parse?.sections, splitSections(loneCrAsLf(text)));
        assert.deepEqual(plan.model, parsePlan(text));
        assert.deepEqual(ledger.model, parseLedger(text));
      }
    }),
    // ≥ 150 documents × ≥ 10 edits: thousands of incremental-vs-full comparisons.
    { numRuns: Math.max(150, Math.floor(RUNS / 2)) },
  );
});

test("an edit of a ledger read from the new texts of the sections it touches alone (the loop history's path) gives the fresh model", () => {
  // One or two edits at a time (a loop commit adds attempts to one entry or several), as one change.
  const edit = fc.record({ at: fc.nat(), del: fc.nat({ max: 8 }), insert: fc.oneof(fragment, fc.string({ maxLength: 6 })) });
  let answered = 0;
  let across = 0;
  fc.assert(
    fc.property(document, fc.array(fc.array(edit, { minLength: 1, maxLength: 2 }), { minLength: 10, maxLength: 20 }), (start, steps) => {
      let text = start.replace(/\r/g, '');
      let parse = reparseLedger(text).parse!;
      for (const step of steps) {
        let next = text;
        for (const e of step) {
          const at = next.length ? e.at % (next.length + 1) : 0;
          next = next.slice(0, at) + e.insert.replace(/\r/g, '') + next.slice(Math.min(next.length, at + e.del));
        }
        const change = changedRange(text, next);
        if (!change) continue;
        const inserted = next.slice(change.start, change.newEnd);
        const pieces = PiecedText.of(text, parse.sections)!;
        const edited = pieces.edited(change, inserted);
        const read =
          edited &&
          reparseLedgerSections(parse, edited.first, edited.texts, change, (sections) => pieces.with(edited.first, edited.texts, sections));
        if (read) {
          answered++;
          if (edited.texts.length > 1) across++;
          assert.equal(read.text.whole(), next);
          assert.deepEqual(read.parse.sections, splitSections(next));
          assert.deepEqual(read.model.initiatives, parseLedger(next).initiatives);
          for (const offset of [0, change.start, change.newEnd, next.length >> 1, next.length])
            assert.equal(read.text.lineAt(offset), lineAt(next, offset));
          parse = read.parse;
        } else parse = reparseLedger(next, parse, change).parse!;
        text = next;
      }
    }),
    { numRuns: Math.max(150, Math.floor(RUNS / 2)) },
  );
  // Most random edits keep the sections; the property is about those, within one and across several.
  assert.ok(answered > 500 && across > 50, `${answered} edits read from their sections alone, ${across} across sections`);
});

test('an edit in hunks apart from each other, read from the sections each group of hunks touches, gives the fresh model', () => {
  // Two to four edits of one version at places apart (a commit that adds an attempt here and
  // changes a status there), given as hunks of the old text: the sections between them stay as they are.
  const hunk = fc.record({ at: fc.nat(), del: fc.nat({ max: 8 }), insert: fc.oneof(fragment, fc.string({ maxLength: 6 })) });
  // Documents of several sections: an entry or phase heading, then anything.
  const sectioned = fc
    .array(fc.tuple(fc.constantFrom('### [TIDE-001] Tide\n', '### [TIDE-002] Flow\n', '## Phase B: Build\n'), document), {
      minLength: 3,
      maxLength: 5,
    })
    .map((parts) => parts.map(([heading, body]) => heading + body).join(''));
  let answered = 0;
  let apart = 0;
  fc.assert(
    fc.property(sectioned, fc.array(fc.array(hunk, { minLength: 2, maxLength: 4 }), { minLength: 4, maxLength: 8 }), (start, steps) => {
      let text = start.replace(/\r/g, '');
      let parse = reparseLedger(text).parse!;
      for (const step of steps) {
        // Hunk k lies in the k-th part of the text (so hunks are mostly sections apart), at least
        // one character after the one before.
        const hunks: Hunk[] = [];
        for (const [k, e] of step.entries()) {
          const part = (text.length + 1) / step.length;
          const at = Math.floor(k * part + (e.at % 1000) * (part / 1000));
          const from = hunks.length ? Math.max(at, hunks[hunks.length - 1].oldEnd + 1) : at;
          if (from > text.length) break;
          hunks.push({ start: from, oldEnd: Math.min(text.length, from + e.del), inserted: e.insert.replace(/\r/g, '') });
        }
        const next = applyHunks(text, hunks);
        const change = hunksChange(hunks)!;
        const pieces = PiecedText.of(text, parse.sections)!;
        const edited = pieces.editedBy(hunks);
        const read =
          edited &&
          reparseLedgerSections(parse, edited.first, edited.texts, change, (sections) => pieces.with(edited.first, edited.texts, sections));
        if (read) {
          answered++;
          if (edited.texts.some((t) => !t.change)) apart++;
          assert.equal(read.text.whole(), next);
          assert.deepEqual(read.parse.sections, splitSections(next));
          assert.deepEqual(read.model.initiatives, parseLedger(next).initiatives);
          parse = read.parse;
        } else parse = reparseLedger(next, parse, change).parse!;
        text = next;
      }
    }),
    { numRuns: Math.max(150, Math.floor(RUNS / 2)) },
  );
  assert.ok(
    answered > 300 && apart > 100,
    `${answered} edits read from their sections alone, ${apart} with untouched sections between hunks`,
  );
});

test('a parse passed twice (two versions branching from one) still gives the fresh model both times', () => {
  // The first use moves the reused digests in place; the second must not trust them.
  const edit = fc.record({ at: fc.nat(), insert: fc.oneof(fragment, fc.string({ minLength: 1, maxLength: 6 })) });
  fc.assert(
    fc.property(document, edit, edit, (start, a, b) => {
      const apply = (e: { at: number; insert: string }): string => {
        const at = start.length ? e.at % (start.length + 1) : 0;
        return start.slice(0, at) + e.insert + start.slice(at);
      };
      const plan = reparsePlan(start);
      const ledger = reparseLedger(start);
      for (const text of [apply(a), apply(b)]) {
        assert.deepEqual(reparsePlan(text, plan.parse).model, parsePlan(text));
        assert.deepEqual(reparseLedger(text, ledger.parse).model, parseLedger(text));
      }
    }),
    { numRuns: Math.max(100, Math.floor(RUNS / 3)) },
  );
});

test('the index after edits (model and line starts) equals a fresh index of the same text, with the change compared or as the editor reported it', () => {
  const edit = fc.record({
    at: fc.nat(),
    del: fc.nat({ max: 8 }),
    insert: fc.oneof(fragment, fc.constantFrom('\r', '\n', '\r\n'), fc.string({ maxLength: 6 })),
  });
  const noDisk = new InMemoryWorkspace();
  fc.assert(
    fc.property(document, fc.array(edit, { minLength: 10, maxLength: 20 }), (start, edits) => {
      const index = new WorkspaceIndex('/ws', noDisk);
      // The editor's range covers what it replaced, which may share characters with what it
      // inserted (not the minimal change a comparison finds).
      const editorIndex = new WorkspaceIndex('/ws', noDisk);
      let text = start;
      for (const path of ['plans/a/plan.md', 'docs/fix_plan.md']) {
        index.update(path, text);
        editorIndex.update(path, text);
      }
      for (const e of edits) {
        const at = text.length ? e.at % (text.length + 1) : 0;
        const oldEnd = Math.min(text.length, at + e.del);
        const before = text;
        text = text.slice(0, at) + e.insert + text.slice(oldEnd);
        const known = { before, change: { start: at, oldEnd, newEnd: at + e.insert.length } };
        for (const path of ['plans/a/plan.md', 'docs/fix_plan.md']) {
          for (const doc of [index.update(path, text)!, editorIndex.update(path, text, { known })!]) {
            // An edited document keeps its kind (docs/fix_plan.md may turn from ledger to fix list
            // as it is typed): the fresh parse is of the same kind.
            const fresh = new WorkspaceIndex('/ws', noDisk).update(path, text, { loopFile: { kind: doc.kind, family: doc.family } })!;
            assert.deepEqual(doc.model, fresh.model);
            assert.deepEqual(doc.lines, new LineIndex(text));
          }
        }
      }
    }),
    { numRuns: Math.max(100, Math.floor(RUNS / 3)) },
  );
});

test('tables found by the line scan are the ones remark finds, row for row', () => {
  const tableLine = fc.constantFrom(
    '| ID | State |\n',
    '| --- | --- |\n',
    '|:--|--:|\n',
    '| A1 | [x] |  \n',
    '| A2 | [ ] | extra |\n',
    '|B3|\n',
    'a | b\n',
    '  | C1 | [ ] |\n',
    '| x \\| y | [ ] |\n',
    '- item\n',
    '> quote\n',
    '    code\n',
    '---\n',
    '===\n',
    '<div>\n',
    '[a]: /b\n',
    '#### Sub\n',
  );
  const doc = fc
    .array(fc.oneof(fragment, tableLine, tableLine, fc.string({ maxLength: 8 })), { maxLength: 30 })
    .map((parts) => parts.join(''));
  const rowSpans = (
    tables: ReadonlyArray<{ children: ReadonlyArray<{ position?: { start: { offset?: number }; end: { offset?: number } } }> }>,
  ) => tables.map((t) => t.children.map((r) => [r.position?.start.offset, r.position?.end.offset]));
  fc.assert(
    fc.property(doc, (text) => {
      for (const s of splitSections(text)) {
        const src = text.slice(s.start, s.end);
        const scanned = simpleTables(src);
        if (!scanned) continue;
        const remark = parseBlocks(src).children.filter((n) => n.type === 'table');
        assert.deepEqual(rowSpans(scanned), rowSpans(remark as typeof scanned));
      }
    }),
    { numRuns: RUNS * 3 },
  );
});

test('blocks found by the line scan are the ones remark finds, node for node', () => {
  const plain = fc.constantFrom(
    '### [TIDE-001] Tide\n',
    '## Attempts History\n',
    '#### Sub\n',
    '- Status: in_progress\n',
    '- Attempts History:\n',
    '  - *2026-01-02T000000Z (x):* note  \n',
    '  - [x] A1: done\n',
    '    - [ ] A1.a: deeper\n',
    '**Action:** did\n',
    '*x*\n',
    'plain text\n',
    '\n',
    '\n',
    ' \n',
    // Shapes of real ledgers: ordered lists, deeper nesting, continued items, breaks, tables, fences.
    '1. first\n',
    '2. second\n',
    '  1. nested ordered\n',
    '    - **Metrics:** `pytest -q` (1 passed)\n',
    '      - deeper detail\n',
    '        - four deeper\n',
    '    continued inside\n',
    'lazy continued\n',
    '  more text | with a pipe\n',
    '- run `cmd | tee x.log`\n',
    '---\n',
    '***\n',
    '| Metric | Value |\n| --- | --- |\n',
    '| a | b |\n',
    '```bash\nCUDA_VISIBLE_DEVICES="" pytest -q\n```\n',
    // What typing leaves: a letter in a list marker or before a row's first pipe.
    '-x typed into a marker\n',
    '  -x *2026-01-03:* typed into a nested marker\n',
    '+x\n',
    '--x\n',
    'x| typed | before a row |\n',
    // Superpowers steps: a step item, its command fenced under it or at the margin, its outcome.
    '- [ ] **Step 1: Run the test**\n',
    '  ```\n  cargo test -p core\n  ```\n',
    '  Expected: FAIL with "not found"\n',
    'Expected: PASS\n',
  );
  const tricky = fc.constantFrom(
    '  ```\n',
    '    ```bash\n',
    '  ~~~\n',
    '# T #\n',
    '  * other marker\n',
    '   - odd indent\n',
    '- [?] odd\n',
    '- [x]\n',
    '- ***\n',
    '- # h\n',
    '* \n',
    '---\n',
    '1. one\n',
    '  continued\n',
    '```\ncode\n```\n',
    '\u202f\n',
    '> q\n',
    '<div>\n',
    '| a |\n',
    '\t- tab\n',
    'x\r\n',
    '=\n',
    '  - \n',
    '-  two spaces\n',
    '  3. nested from three\n',
    '     - odd five\n',
    '| solo |\n',
    '|---|\n',
    '~~~\ncode\n',
    '```\n',
    '10) paren\n',
    '--\n',
    '-- \n',
    '-|x\n',
    '- -x\n',
    '+\n',
    'x|\n',
    '1. x | y\n',
    '> x | y\n',
  );
  const doc = fc
    .array(
      fc.oneof({ arbitrary: plain, weight: 12 }, { arbitrary: tricky, weight: 1 }, { arbitrary: fc.string({ maxLength: 4 }), weight: 1 }),
      { maxLength: 24 },
    )
    .map((parts) => parts.join(''));
  const strip = (n: {
    type: string;
    position?: { start: { offset?: number }; end: { offset?: number } };
    children?: unknown[];
    checked?: boolean | null;
    depth?: number;
  }): unknown => ({
    type: n.type,
    start: n.position?.start.offset,
    end: n.position?.end.offset,
    checked: n.checked ?? null,
    depth: n.depth,
    children: n.type === 'list' || n.type === 'listItem' || n.type === 'table' ? (n.children as Array<typeof n>).map(strip) : undefined,
  });
  let scanned = 0;
  fc.assert(
    fc.property(doc, (text) => {
      for (const s of splitSections(text)) {
        const src = text.slice(s.start, s.end);
        const blocks = simpleBlocks(src);
        if (!blocks) continue;
        scanned++;
        assert.deepEqual(blocks.map(strip), parseBlocks(src).children.map(strip));
      }
    }),
    { numRuns: RUNS * 3 },
  );
  assert.ok(scanned > RUNS, 'the scan answers for a good share of the sections');
});

test('what typing leaves in a marker or before a pipe is scanned as remark reads it, and block starts still end a table', () => {
  // Paragraph text stays unparsed in the scan: only containers' children are compared.
  const shape = (nodes: readonly RootContent[] | undefined) =>
    nodes?.map((n) => [
      n.type,
      n.position?.start.offset,
      n.position?.end.offset,
      n.type === 'table' || n.type === 'list' ? n.children.length : 0,
    ]);
  const table = '| a | b |\n| --- | --- |\n';
  // Scanned: the same nodes remark gives.
  for (const src of [
    '- item\n-x typed into the next marker\n',
    '- item\n  - nested\n  -x typed\n',
    'para\n+x\n',
    `${table}x| typed | before the pipe |\n| c | d |\n`,
    `${table}-x | y\n`,
  ]) {
    const scanned = simpleBlocks(src);
    assert.ok(scanned, `the scan answers for ${JSON.stringify(src)}`);
    assert.deepEqual(shape(scanned), shape(parseBlocks(src).children), JSON.stringify(src));
  }
  // An ordered item from another number than 1 cannot interrupt a paragraph: typing before a
  // list's first item (`x  1. a`) leaves its second a lazy line, and the scan reads it so.
  for (const src of ['- Exit Criteria:\nx  1. first\n  2. second\n', 'para\n2. not an item\n', '- run\n  3. nested from three\n']) {
    const scanned = simpleBlocks(src);
    assert.ok(scanned, `the scan answers for ${JSON.stringify(src)}`);
    assert.deepEqual(shape(scanned), shape(parseBlocks(src).children), JSON.stringify(src));
  }
  // Fenced code indented under an item (a superpowers step's command) is inside the item, not
  // a lazy line of its paragraph: the scan leaves it to remark, after the item line and after a blank.
  for (const src of ['- [ ] **Step 1: Run**\n  ```\n  cargo test\n  ```\n', '- [ ] Step\n\n  ```bash\n  npm test\n  ```\n'])
    assert.equal(simpleBlocks(src), undefined, JSON.stringify(src));
  // Left to remark: lines that open another block (they end the table) or a line with no pipe.
  for (const line of ['> x | y', '1. x | y', '# h | y', 'plain no pipe', '- x | y'])
    assert.equal(simpleBlocks(`${table}${line}\n`), undefined, line);
});

test('the hand expansion of one plain brace list equals the braces library wherever it answers', () => {
  // Mostly path characters, now and then one braces gives meaning to (the hand path must decline those).
  const unit = fc.oneof(
    { arbitrary: fc.constantFrom('a', 'b', '/', '.', '-', '_', ' ', ',', '1', 'T', ':'), weight: 30 },
    { arbitrary: fc.constantFrom('@', '(', ')', '*', '?', '!', '+', '[', ']', '$', '\\', '"', '.'), weight: 1 },
  );
  const piece = fc.string({ unit, maxLength: 8 });
  let answered = 0;
  fc.assert(
    fc.property(
      piece,
      fc.tuple(piece, piece).map(([a, b]) => `${a},${b}`),
      piece,
      (before, inner, after) => {
        const pattern = `${before}{${inner}}${after}`;
        const ours = singleList(pattern);
        if (!ours) return;
        answered++;
        assert.deepEqual(ours, braces(pattern, { expand: true, rangeLimit: 256 }), pattern);
      },
    ),
    { numRuns: RUNS * 3 },
  );
  assert.ok(answered > RUNS / 2, `the hand path answered ${answered} patterns`);
});

test('a handoff whose blocks the line scan reads is read as remark reads it', () => {
  // Handoff-shaped documents: labels in each layout, lists under them, fences, and now and then
  // a line the scan leaves to remark (a quote, HTML, indented code, a definition).
  const part = fc.constantFrom(
    'Summary: iteration 3.\n',
    'Focus: [HIST-012] work\n',
    '**Focus:** TIDE-001 — the loader\n',
    '## Do Now\n',
    'Do Now:\n',
    '1. HIST-012 A1 — do it; tests: pytest tests/test_a.py -q\n',
    '2. TIDE-001 C2-C4 @ plans/active/TIDE-001/implementation.md:12\n',
    '- TIDE-002 rows D1/D2 next\n',
    '  - nested note\n',
    'Mapped tests: `pytest tests/test_x.py::test_ok -q`; none\n',
    '## Pitfalls\n- do not rerun\n',
    '## How-To Map\n```bash\npytest -q\n```\n',
    'Artifacts: plans/active/X/reports/2026-01-01T000000Z/{a.log,b.md}\n',
    '```\nFocus: inside a fence\n```\n',
    '> Focus: quoted\n',
    '<div>Do Now:</div>\n',
    '    Focus: indented code\n',
    '[ref]: https://example.invalid\n',
    '\n',
  );
  const handoff = fc.array(fc.oneof(part, part, part, fc.string({ maxLength: 8 })), { maxLength: 16 }).map((parts) => parts.join(''));
  let scanned = 0;
  fc.assert(
    fc.property(handoff, (text) => {
      if (simpleBlocks(text)) scanned++;
      assert.deepEqual(parseHandoff(text), parseHandoff(text, false), JSON.stringify(text));
    }),
    { numRuns: RUNS * 3 },
  );
  assert.ok(scanned > RUNS / 2, `the scan read ${scanned} handoffs whole`);
  for (const name of fs.readdirSync(path.join(fixturesDir, 'cases')).filter((n) => n.includes('handoff'))) {
    const text = fs.readFileSync(path.join(fixturesDir, 'cases', name, 'input.md'), 'utf8');
    assert.deepEqual(parseHandoff(text), parseHandoff(text, false), name);
  }
});

test('a heading line read without remark reads as remark reads it', () => {
  const unit = fc.oneof(
    { arbitrary: fc.constantFrom('a', 'B', ' ', '-', '1', '[', ']', '#', 'ID-1'), weight: 12 },
    {
      arbitrary: fc.constantFrom(
        '\t',
        '(',
        ')',
        '*',
        '_',
        '`',
        '\\',
        '&',
        'amp;',
        '<',
        '>',
        '!',
        '~',
        '^',
        ':',
        '\u202f',
        '\u00a0',
        'www.x.io',
        'http://a.b/c',
      ),
      weight: 2,
    },
  );
  fc.assert(
    fc.property(fc.nat({ max: 4 }), fc.integer({ min: 1, max: 7 }), fc.string({ unit, maxLength: 14 }), (indent, hashes, rest) => {
      const line = ' '.repeat(indent) + '#'.repeat(hashes) + rest;
      const node = parseMarkdown(line).children[0];
      if (node?.type !== 'heading') return;
      assert.equal(headingLineText(line), plainText(node), JSON.stringify(line));
    }),
    { numRuns: RUNS * 10 },
  );
});

// A big ledger section (one entry, a long Attempts History) with references on most lines: an
// edit inside it re-reads only the touched lines' references and keeps the rest.
const attemptLine = fc.constantFrom(
  '  - *2026-01-10T170800Z:* **probe** — ran `pytest tests/a.py::test_x -q`; see plans/active/X-1/reports/2026-01-10/summary.md#L3-L9.\n',
  '  - Attempt #4 — docs/spec.md § Overview and [ABC-12] again.\n',
  '    - **Artifacts:** `plans/active/X-1/reports/{pytest.log,summary.md}`\n',
  'docs/guide.md:\n',
  '§ Setup follows the path above\n',
  '  - 2026-01-11 (label) notes/notes.txt:12-14 and https://example.com/a/b.md\n',
  '\n',
  '- Status: **in_progress** — see src/x.py::f\n',
);
const piece = fc.constantFrom('x', '\n', ' ', '§ Foo', 'a.md:\n', '  - ', 'plans/a/b.md ', '[AB-1]', '::f', '#L2', '/', '\n\n', '');

/** Applies the edits one by one, each parse reusing the one before; every model must be the fresh one. */
function typeIntoLedger(start: string, edits: ReadonlyArray<{ at: number; del: number; insert: string }>): void {
  let text = start;
  let ledger = reparseLedger(text);
  for (const e of edits) {
    const at = e.at % (text.length + 1);
    text = text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.del));
    ledger = reparseLedger(text, ledger.parse);
    assert.deepEqual(ledger.model, parseLedger(text));
  }
}

// The big-section properties end on their first failure (with its seed and path) instead of
// shrinking it: a case of up to 90 edits over 120 lines shrinks for many minutes and looks like a hang.
test('an edit inside a big ledger section gives the fresh model (references re-read only on the touched lines)', () => {
  const section = fc
    .array(attemptLine, { minLength: 40, maxLength: 120 })
    .map((lines) => '### [X-1] Big entry\n- Attempts History:\n' + lines.join(''));
  const edit = fc.record({ at: fc.nat(), del: fc.nat({ max: 30 }), insert: piece });
  fc.assert(
    fc.property(section, section, fc.array(edit, { minLength: 5, maxLength: 15 }), (a, b, edits) =>
      typeIntoLedger('# Ledger\n\n' + a + b.replace('[X-1]', '[X-2]'), edits),
    ),
    { numRuns: Math.max(100, Math.floor(RUNS / 3)), endOnFailure: true },
  );
});

test('typing key by key in a big section keeps the fresh model', () => {
  // Long runs of small edits reuse the readings of untouched items again and again (moved in
  // place); items read after an edit are read from a copy of their own lines.
  const section = fc
    .array(attemptLine, { minLength: 30, maxLength: 80 })
    .map((lines) => '### [X-1] Big entry\n- Status: open\n- Attempts History:\n' + lines.join(''));
  const key = fc.record({ at: fc.nat(), del: fc.nat({ max: 2 }), insert: fc.constantFrom('x', ' ', '\n', '-', '#', '§', '.md', '') });
  fc.assert(
    fc.property(section, fc.array(key, { minLength: 40, maxLength: 90 }), (a, keys) =>
      typeIntoLedger('# Ledger\n\n' + a + '\n### [X-2] Next\n- Status: done\n', keys),
    ),
    { numRuns: Math.max(40, Math.floor(RUNS / 8)), endOnFailure: true },
  );
});

test('an edit in one attempt of a big section keeps the other attempts as they were read (moved, not read again)', () => {
  const attempts = Array.from(
    { length: 200 },
    (_, i) => `  * [2026-01-${String((i % 28) + 1).padStart(2, '0')}] Attempt #${i + 1} — ran docs/a${i}.md:3\n`,
  );
  const text = '# Ledger\n\n### [X-1] Big\n- Attempts History:\n' + attempts.join('');
  const first = reparseLedger(text);
  const before = first.model.initiatives[0].attempts;
  const at = text.indexOf('Attempt #100 ') + 'Attempt #100 '.length;
  const next = text.slice(0, at) + 'x' + text.slice(at);
  const after = reparseLedger(next, first.parse).model.initiatives[0].attempts;
  assert.deepEqual(reparseLedger(next).model.initiatives[0].attempts, after);
  assert.equal(after.length, 200);
  const same = after.filter((a, i) => a === before[i]).length;
  // The edited attempt is read again; the 199 others are the same objects, moved where needed.
  assert.equal(same, 199);
  assert.notEqual(after[99], before[99]);
  // After the edit: one character further on.
  assert.equal(after[150].span.start, text.indexOf('* [2026-01-11] Attempt #151 ') + 1);
});

test("an edit that ends where an item's line starts reads that item again", () => {
  // Found by the key-by-key property: a line break typed after the first space of `  - 2026-01-11`
  // left ` - 2026-01-11` on a line that starts where the change ended, at the same offset from the
  // item's marker as before; the item kept its old bullet (`  - `).
  const text = '### [X-1] Big entry\n  - 2026-01-11 (label) notes/a.txt:12-14\n';
  const at = text.indexOf(' - 2026');
  for (const next of [text.slice(0, at) + '\n' + text.slice(at), text.slice(0, at) + text.slice(at + 1)]) {
    const incremental = reparseLedger(next, reparseLedger(text).parse).model;
    assert.deepEqual(incremental, parseLedger(next), JSON.stringify(next));
  }
});

test('the references after an edit are the ones a scan of the new section finds', () => {
  const edit = fc.record({ at: fc.nat(), del: fc.nat({ max: 40 }), insert: piece });
  fc.assert(
    fc.property(fc.array(attemptLine, { minLength: 1, maxLength: 40 }), edit, fc.nat({ max: 5000 }), (lines, e, start) => {
      const before = lines.join('');
      const at = e.at % (before.length + 1);
      const oldEnd = Math.min(before.length, at + e.del);
      const after = before.slice(0, at) + e.insert + before.slice(oldEnd);
      const change = { start: at, oldEnd, newEnd: at + e.insert.length };
      assert.deepEqual(referencesAfterEdit(after, findReferences(before, start), start, change), findReferences(after));
    }),
    { numRuns: RUNS * 3 },
  );
});
