// Issue 26, cases 8-11: input that used to hang the parser or lint. Each test is bounded (a test
// timeout, not a measured duration: the figures are in `npm run bench`) and checks what is read:
// rows up to the limit, one `unread-row` saying why, the same text as before for ordinary input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlan } from '../../server/core/parse/plan';
import { parseLedger } from '../../server/core/parse/ledger';
import { toPlain } from '../../server/core/parse/inline';
import { MAX_LINE_CHARS, MAX_NESTING } from '../../server/core/parse/markdown';
import { contextFolders } from '../../server/core/check/citedPaths';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { nodeFileSystem } from '../../server/host/nodeFileSystem';
import { tempWorkspace } from '../support/tempWorkspace';
import { codeSpanRows, deepTaskList, ledgerOfSize, manyBrackets } from '../support/hostileShapes';

const BOUND = { timeout: 60_000 };
const rows = (text: string) => parsePlan(text).phases.flatMap((p) => p.rows);
const unread = (text: string) => parsePlan(text).problems.filter((p) => p.code === 'unread-row');

test('case 8: a task list 2,000 levels deep reads its first levels and says once why it stops', BOUND, () => {
  const text = deepTaskList(2000);
  assert.equal(rows(text).length, MAX_NESTING);
  const problems = unread(text);
  assert.equal(problems.length, 1);
  assert.match(
    problems[0].message,
    new RegExp(
      `^Nesting deeper than ${MAX_NESTING} levels \\(lists and quotes\\): the Markdown reader reads this line and the rest of its block as text`,
    ),
  );
  assert.equal(text.slice(problems[0].span.start, problems[0].span.end).trim(), `- [ ] A${MAX_NESTING} item`);
});

test('case 9: a row title of 200,000 [ is read in one pass, and toPlain reads links as the regex did', BOUND, () => {
  const plan = manyBrackets(200_000);
  const [row] = rows(plan);
  assert.equal(row.id, 'A1');
  assert.equal(row.title, '['.repeat(200_000));
  const regex = (t: string) =>
    t
      .replace(/<br\s*\/?>/gi, ' ')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\*\*|__/g, '')
      .replace(/\s+/g, ' ')
      .trim();
  const alphabet = ['[', ']', '(', ')', 'a', ' ', '*', '<br>'];
  let seed = 7;
  for (let i = 0; i < 20_000; i++) {
    let t = '';
    for (let j = (seed = (seed * 48271) % 2147483647) % 12; j > 0; j--)
      t += alphabet[(seed = (seed * 48271) % 2147483647) % alphabet.length];
    assert.equal(toPlain(t), regex(t), JSON.stringify(t));
  }
});

test('a table row of 250,000 code spans with no pipe after them is read, its guidance whole', BOUND, () => {
  const read = rows(codeSpanRows(2, 250_000));
  assert.deepEqual(
    read.map((r) => r.id),
    ['A1', 'A2'],
  );
  assert.deepEqual(read[1].commands, []);
  assert.equal(read[1].guidance, '`a` '.repeat(250_000).trim());
});

test('case 10: a 5 MB line is not given to the Markdown library; one unread-row names its length', BOUND, () => {
  const line = 'word '.repeat(1_000_000);
  const text = `### Phase A — Long\n\n- [ ] A1 first\n${line}\n- [ ] A2 after\n`;
  assert.deepEqual(
    rows(text).map((r) => r.title),
    ['A1 first', 'A2 after'],
    'the rows before and after the line are read; the line is text',
  );
  const problems = unread(text);
  assert.equal(problems.length, 1);
  assert.match(problems[0].message, new RegExp(`^Line of ${line.length} characters is longer than ${MAX_LINE_CHARS}: `));
});

test('case 10: the same limits hold in a ledger section', BOUND, () => {
  const ledger = (body: string) => `# Fix plan\n\n## [LONG-001] Long\n- Status: open\n${body}\n`;
  const messages = (text: string) =>
    parseLedger(text)
      .problems.filter((p) => p.code === 'unread-row')
      .map((p) => p.message);
  assert.deepEqual(messages(ledger(`> ${'word '.repeat(10_000)}`)), [
    `Line of 50002 characters is longer than ${MAX_LINE_CHARS}: the Markdown reader reads this line and the rest of its block as text`,
  ]);
  assert.deepEqual(messages(ledger('> '.repeat(MAX_NESTING + 1) + 'deep')), [
    `Nesting deeper than ${MAX_NESTING} levels (lists and quotes): the Markdown reader reads this line and the rest of its block as text`,
  ]);
  assert.deepEqual(messages(ledger('> '.repeat(MAX_NESTING) + 'deep enough')), [], 'at the limit it is read');
});

test('case 11: the unit of each cited path is found from an index built once, not a scan of every initiative', BOUND, () => {
  const ws = tempWorkspace();
  try {
    ws.write('docs/fix_plan.md', ledgerOfSize(200_000));
    const index = new WorkspaceIndex(ws.root, nodeFileSystem);
    index.indexAll();
    const doc = index.get('docs/fix_plan.md')!;
    assert.equal(doc.model.kind, 'ledger');
    const initiatives = doc.model.kind === 'ledger' ? doc.model.initiatives : [];
    let reads = 0;
    const counted = new Proxy(initiatives as object[], {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
    const model = new Proxy(doc.model, { get: (target, key) => (key === 'initiatives' ? counted : (target as never)[key]) });
    const probe = { ...doc, model };
    const cited = doc.model.references.filter((r) => r.kind === 'path');
    assert.ok(cited.length > 500 && initiatives.length > 20, `${cited.length} citations, ${initiatives.length} initiatives`);
    for (const ref of cited) contextFolders(index, probe, ref.span.start);
    assert.ok(reads <= 2 * initiatives.length, `${reads} reads of ${initiatives.length} initiatives for ${cited.length} citations`);
  } finally {
    ws.dispose();
  }
});
