// The loop history's ledger path takes the entries a version did not touch as the previous
// version assembled them (moved when the edit lies before them); the touched entry is read again.
// Each version's model equals the fresh parse, and the history's records equal a from-scratch read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLedger, reparseLedger, reparseLedgerSections, type LedgerParse } from '../../server/core/parse/ledger';
import { PiecedText } from '../../server/core/history/piecedText';
import { HistoryBuilder, type FileText } from '../../server/core/history/builder';
import { stateVocabulary } from '../../server/core/model/states';
import { DEFAULT_CONFIG } from '../../server/core/model/config';
import { changedRange } from '../../server/core/model/text';
import type { LedgerModel } from '../../server/core/model/model';

interface Entry {
  id: string;
  attempts: string[];
}

function ledgerText(entries: readonly Entry[]): string {
  const blocks = entries.map(
    (e) => `### [${e.id}] Entry ${e.id}\n- Status: in_progress — ünïcode\n- Attempts History:\n${e.attempts.join('\n')}\n`,
  );
  return `# Ledger\n\n## Active\n\n${blocks.join('\n')}`;
}

function attempt(n: number, outcome: string): string {
  return `  - *2026-02-0${1 + (n % 9)}T0${n % 10}0000Z (loop ${n}):* A${n} ${outcome}`;
}

/** The next version read as the history reads it: from the new texts of the sections the edit touches. */
function nextVersion(text: string, parse: LedgerParse, next: string): { model: LedgerModel; parse: LedgerParse } {
  const change = changedRange(text, next)!;
  const pieces = PiecedText.of(text, parse.sections)!;
  const edited = pieces.edited(change, next.slice(change.start, change.newEnd));
  assert.ok(edited, 'the edit lies inside sections');
  const read = reparseLedgerSections(parse, edited.first, edited.texts, change, (sections) =>
    pieces.with(edited.first, edited.texts, sections),
  );
  assert.ok(read, 'read from the sections it touches');
  assert.equal(read.text.whole(), next);
  return { model: read.model, parse: read.parse };
}

test('an edit in one entry keeps the other entries as the previous version assembled them, and re-reads that one', () => {
  const entries: Entry[] = Array.from({ length: 6 }, (_, i) => ({
    id: `EQ-00${i + 1}`,
    attempts: [attempt(i, 'passed'), attempt(i + 10, 'failed (exit code 1)')],
  }));
  let text = ledgerText(entries);
  let parse = reparseLedger(text).parse!;
  // The first edit read this way assembles every entry (there is no earlier assembly to take from).
  entries[1].attempts.push(attempt(20, 'passed'));
  let next = ledgerText(entries);
  const first = nextVersion(text, parse, next);
  assert.deepEqual(first.model.initiatives, parseLedger(next).initiatives);
  text = next;
  parse = first.parse;

  // An attempt added to the fourth entry: the three before it are the same objects, the two after
  // it the same readings moved by the attempt's length, the fourth read again with its new attempt.
  entries[3].attempts.push(attempt(21, 'failed (exit code 1)'));
  next = ledgerText(entries);
  const second = nextVersion(text, parse, next);
  const before = first.model.initiatives;
  const after = second.model.initiatives;
  assert.equal(after.length, before.length);
  for (const i of [0, 1, 2]) assert.equal(after[i], before[i], `entry ${i + 1} (before the edit) is reused as it was`);
  assert.notEqual(after[3], before[3], 'the edited entry is read again');
  assert.equal(after[3].attempts.length, before[3].attempts.length + 1);
  const delta = next.length - text.length;
  for (const i of [4, 5]) {
    assert.notEqual(after[i], before[i]);
    assert.equal(after[i].attempts, before[i].attempts, `entry ${i + 1} (after the edit) keeps its reading`);
    assert.equal(after[i].span.start, before[i].span.start + delta);
    assert.equal(after[i].attemptInsertAt, before[i].attemptInsertAt + delta);
  }
  assert.deepEqual(after, parseLedger(next).initiatives, 'the model is the fresh parse');
  text = next;
  parse = second.parse;

  // A new entry moves a section boundary: the whole text is parsed from the last parse, and the
  // edit after it assembles every entry again (no assembly of that parse to take from).
  entries.push({ id: 'EQ-007', attempts: [attempt(30, 'passed')] });
  next = ledgerText(entries);
  const third = reparseLedger(next, parse, changedRange(text, next));
  assert.deepEqual(third.model.initiatives, parseLedger(next).initiatives);
  text = next;
  entries[0].attempts.push(attempt(31, 'passed'));
  next = ledgerText(entries);
  const fourth = nextVersion(text, third.parse!, next);
  assert.deepEqual(fourth.model.initiatives, parseLedger(next).initiatives);
});

test('the history over ledger edits records the same attempts as a from-scratch read', () => {
  const entries: Entry[] = Array.from({ length: 5 }, (_, i) => ({ id: `EQ-00${i + 1}`, attempts: [attempt(i, 'passed')] }));
  const versions: string[] = [ledgerText(entries)];
  for (let c = 0; c < 12; c++) {
    entries[(c * 3) % entries.length].attempts.push(attempt(40 + c, c % 3 ? 'passed' : 'failed (exit code 1)'));
    if (c === 7) entries[2].attempts.splice(0, 1);
    versions.push(ledgerText(entries));
  }
  const vocabulary = stateVocabulary(DEFAULT_CONFIG.states);
  const incremental = new HistoryBuilder(vocabulary);
  const reference = new HistoryBuilder(vocabulary, undefined, true);
  const commit = (i: number) => ({
    sha: `c${i}`,
    parent: i ? `c${i - 1}` : '',
    time: 1_700_000_000 + i,
    author: 'a',
    subject: `loop ${i}`,
  });
  const ledger = DEFAULT_CONFIG.ledger;
  for (const [i, text] of versions.entries()) {
    const previous = versions[i - 1];
    const change = previous === undefined ? undefined : changedRange(previous, text);
    const asEdit: FileText =
      previous === undefined
        ? { path: ledger, kind: 'ledger', text }
        : {
            path: ledger,
            kind: 'ledger',
            text: undefined,
            edit: {
              change,
              hunks: change ? [{ start: change.start, oldEnd: change.oldEnd, inserted: text.slice(change.start, change.newEnd) }] : [],
            },
          };
    const got = incremental.apply(commit(i), [asEdit], []);
    const want = reference.apply(commit(i), [{ path: ledger, kind: 'ledger', text }], []);
    assert.deepEqual(got, want, `commit ${i}`);
    if (i > 0) assert.equal(got.attempts.length, 1, `commit ${i} adds one attempt`);
  }
});
