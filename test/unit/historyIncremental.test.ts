// The history's incremental path (each version decoded from the bytes that changed, parsed from the
// previous version's parse, a kept builder carrying on after a new commit) against the reference:
// every version decoded whole and parsed from scratch. A generated, seeded history of loop commits
// that add, rewrite and delete attempts, entries and rows, in text with 2-, 3- and 4-byte
// characters (and a version that is not UTF-8).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../server/core/model/config';
import { stateVocabulary } from '../../server/core/model/states';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { nodeFileSystem } from '../../server/host/nodeFileSystem';
import { nodeGitHistory } from '../../server/host/gitHistory';
import { VersionDecoder } from '../../server/host/versionText';
import { HistoryBuilder, hubOf, type FileText } from '../../server/core/history/builder';
import { HISTORY_PATHSPECS, updateHistory, type HistoryUpdate } from '../../server/core/history/update';
import { applyHunks, hunksChange } from '../../server/core/history/gitPort';
import type { CommitRecord } from '../../server/core/history/records';
import type { DocumentKind } from '../../server/core/model/model';
import { rng } from '../bench/generate';
import { gitRepo, type TestRepo } from '../support/gitRepo';

const LEDGER = 'docs/fix_plan.md';
const PLANS = ['plans/active/EQ-001/implementation.md', 'plans/active/EQ-002/implementation.md'];
/** Words with characters of every UTF-8 length, so edits land beside and inside them. */
const WORDS = ['run', 'café', 'naïve', 'pass—fail', 'π≈3.14', 'ok\u202Fdone', '🙂 green', '𝛼-test', 'exit 1', 'failed'];

function sentence(r: () => number, n: number): string {
  return Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');
}

interface Loop {
  entries: Array<{ id: string; title: string; attempts: string[] }>;
  plans: string[][];
}

function ledgerText(loop: Loop): string {
  const blocks = loop.entries.map(
    (e) =>
      `### [${e.id}] ${e.title}\n- Status: in_progress — ${e.title}\n- Working Plan: \`plans/active/${e.id}/implementation.md\`\n- Attempts History:\n${e.attempts.join('\n')}\n`,
  );
  return `# Ledger — ünïcode\n\n${blocks.join('\n')}`;
}

function planText(id: string, states: readonly string[]): string {
  const rows = states.map((s, i) => `| A${i + 1} | Step ${i + 1} — ${WORDS[i % WORDS.length]} | ${s} | \`pytest -q\` |`);
  return `# ${id}\n\n### Phase A — Work\n\n| ID | Task Description | State | How/Why & Guidance |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n`;
}

/** Commits a seeded history of `count` loop commits; `from` continues one already committed. */
function commitLoop(repo: TestRepo, loop: Loop, r: () => number, from: number, count: number, ledgerEvery = 1): void {
  const at = (c: number): string => new Date(Date.UTC(2026, 2, 1) + c * 600_000).toISOString();
  for (let c = from; c < from + count; c++) {
    const kind = r();
    if (c % 5 === 0)
      repo.write(
        'input.md',
        `# Handoff\n\nFocus: [EQ-00${1 + (c % 2)}] ${sentence(r, 3)}\n\nDo Now:\n1. EQ-001 A${1 + (c % 6)} — ${sentence(r, 4)}\n`,
      );
    const entry = loop.entries[Math.floor(r() * loop.entries.length)];
    if (kind < 0.45) {
      const failed = r() < 0.4;
      entry.attempts.push(
        `  - *2026-03-0${1 + (c % 9)}T0${c % 10}00Z (loop ${c}):* A${1 + (c % 6)} ${failed ? 'failed (exit code 1)' : 'passed'} — ${sentence(r, 5)}`,
      );
    } else if (kind < 0.55 && entry.attempts.length) {
      // An attempt rewritten in place: a character of its text changes (perhaps inside a multi-byte one).
      const i = Math.floor(r() * entry.attempts.length);
      entry.attempts[i] = entry.attempts[i].replace(/é|ï|—|🙂|π/, (m) => ({ é: 'è', ï: 'î', '—': '–', '🙂': '🙃', π: 'ρ' })[m] ?? m);
    } else if (kind < 0.62 && entry.attempts.length > 1) {
      entry.attempts.splice(Math.floor(r() * entry.attempts.length), 1);
    } else if (kind < 0.68) {
      loop.entries.splice(Math.floor(r() * (loop.entries.length + 1)), 0, {
        id: `EQ-1${String(c).padStart(2, '0')}`,
        title: sentence(r, 3),
        attempts: [],
      });
    } else if (kind < 0.72 && loop.entries.length > 2) {
      loop.entries.splice(Math.floor(r() * loop.entries.length), 1);
    } else if (kind < 0.76) {
      entry.title = sentence(r, 3);
    }
    const p = Math.floor(r() * loop.plans.length);
    const row = Math.floor(r() * (loop.plans[p].length + 1));
    if (row === loop.plans[p].length) loop.plans[p].push('[ ]');
    else loop.plans[p][row] = ['[ ]', '[P]', '[x]'][Math.floor(r() * 3)];
    repo.write(PLANS[p], planText(`EQ-00${p + 1}`, loop.plans[p]));
    if (c % 7 === 3) repo.write(`plans/active/EQ-001/reports/2026-03-01T0${c % 10}0000Z/summary.md`, `${sentence(r, 4)}\n`);
    // Written every `ledgerEvery` loops: the version then differs from the last in several places.
    if (c % ledgerEvery === 0) repo.write(LEDGER, ledgerText(loop));
    repo.commit(`loop ${c}`, at(c));
  }
}

function classifier(root: string): (path: string) => DocumentKind | undefined {
  const index = new WorkspaceIndex(root, nodeFileSystem, DEFAULT_CONFIG);
  return (p) => (index.readsOnWalk(p) ? index.kindOf(p) : undefined);
}

/** The reference: every version decoded whole (no previous version given) and parsed from scratch. */
async function fromScratch(root: string): Promise<CommitRecord[]> {
  const port = nodeGitHistory(root);
  const classify = classifier(root);
  try {
    const repo = await port.repository();
    assert.equal(repo.kind, 'ready');
    if (repo.kind !== 'ready') return [];
    const builder = new HistoryBuilder(stateVocabulary(DEFAULT_CONFIG.states), undefined, true);
    const out: CommitRecord[] = [];
    for await (const commit of port.log(repo.head, HISTORY_PATHSPECS)) {
      const files: FileText[] = [];
      for (const change of commit.changes) {
        const kind =
          change.path === LEDGER
            ? 'ledger'
            : change.path === 'input.md'
              ? 'handoff'
              : classify(change.path) === 'plan'
                ? 'plan'
                : undefined;
        if (!kind) continue;
        const before = !builder.knows(change.path, kind) && change.oldBlob ? await port.blob(change.oldBlob) : undefined;
        const text = change.status === 'D' ? undefined : await port.blob(change.newBlob);
        files.push({ path: change.path, kind, text, ...(before !== undefined ? { before } : {}) });
      }
      out.push(
        builder.apply(
          commit,
          files,
          commit.changes.filter((c) => c.status === 'A' && hubOf(c.path)).map((c) => c.path),
        ),
      );
    }
    return out;
  } finally {
    port.close();
  }
}

async function incremental(root: string, previous?: HistoryUpdate): Promise<HistoryUpdate> {
  const port = nodeGitHistory(root);
  try {
    return await updateHistory({
      port,
      config: DEFAULT_CONFIG,
      classify: classifier(root),
      cache: previous?.cache,
      builder: previous?.builder,
    });
  } finally {
    port.close();
  }
}

test('the incremental history equals a from-scratch parse of every version, cold and after new commits', async () => {
  const repo = gitRepo();
  try {
    const r = rng(41);
    const loop: Loop = {
      entries: Array.from({ length: 6 }, (_, i) => ({
        id: `EQ-00${i + 1}`,
        title: sentence(r, 3),
        attempts: [`  - *2026-02-01T0000Z:* baseline — ${sentence(r, 4)}`],
      })),
      plans: PLANS.map(() => ['[ ]', '[ ]', '[ ]']),
    };
    commitLoop(repo, loop, r, 0, 60);
    const cold = await incremental(repo.root);
    const reference = await fromScratch(repo.root);
    // Commits that left every loop file as it was are not in the log.
    assert.ok(reference.length > 50, `${reference.length} commits read`);
    assert.equal(cold.read, reference.length);
    assert.ok(
      reference.some((c) => c.attempts.length) && reference.some((c) => c.transitions.length),
      'the history has attempts and moves',
    );
    assert.deepEqual(cold.cache!.commits, reference);

    // Three more commits, read by the builder the cold update left (not from scratch).
    commitLoop(repo, loop, r, 60, 3);
    const after = await incremental(repo.root, cold);
    assert.ok(after.read > 0 && after.read <= 3);
    assert.equal(after.builder, cold.builder, 'the kept builder read the new commits');
    assert.deepEqual(after.cache!.commits, await fromScratch(repo.root));

    // A version that is not UTF-8: decoded whole, the same as git's bytes read as UTF-8 anywhere.
    fs.writeFileSync(path.join(repo.root, LEDGER), Buffer.concat([Buffer.from(ledgerText(loop)), Buffer.from([0xc3, 0x28, 0x0a])]));
    repo.commit('not utf-8', '2026-04-01T00:00:00Z');
    const invalid = await incremental(repo.root, after);
    assert.deepEqual(invalid.cache!.commits, await fromScratch(repo.root));
  } finally {
    repo.dispose();
  }
});

test('a port kept across updates (as the server keeps it) gives the reference history, after an update stopped half-way too', async () => {
  const repo = gitRepo();
  const port = nodeGitHistory(repo.root);
  try {
    const r = rng(43);
    const loop: Loop = {
      entries: Array.from({ length: 5 }, (_, i) => ({ id: `EQ-00${i + 1}`, title: sentence(r, 3), attempts: [] })),
      plans: PLANS.map(() => ['[ ]', '[ ]']),
    };
    commitLoop(repo, loop, r, 0, 40);
    const update = (previous?: HistoryUpdate, pause?: () => Promise<boolean>): Promise<HistoryUpdate> =>
      updateHistory({
        port,
        config: DEFAULT_CONFIG,
        classify: classifier(repo.root),
        cache: previous?.cache,
        builder: previous?.builder,
        ...(pause ? { pause } : {}),
      });
    // Stopped at the first pause (after 8 commits): the port has read versions ahead of the builder.
    const stopped = await update(undefined, () => Promise.resolve(true));
    assert.equal(stopped.read, 8);
    const rest = await update(stopped);
    assert.equal(rest.builder, stopped.builder, 'the kept builder went on');
    assert.deepEqual(rest.cache!.commits, await fromScratch(repo.root));
    commitLoop(repo, loop, r, 40, 4);
    const after = await update(rest);
    assert.ok(after.read > 0 && after.read <= 4);
    assert.deepEqual(after.cache!.commits, await fromScratch(repo.root));
  } finally {
    port.close();
    repo.dispose();
  }
});

test('a version decoded from the bytes that changed is the whole decode', () => {
  const r = rng(5);
  // Characters that share their first bytes (é è, — –, 🙂 🙃) or their last (é ©, — ▔, 🙂 😂), so
  // the bytes that changed start or end inside one.
  const pieces = ['a', 'é', 'è', '©', '—', '–', '▔', '🙂', '🙃', '😂', '\n', '\r\n', '\u202F', ' ', 'x'];
  const pick = (): string => pieces[Math.floor(r() * pieces.length)];
  const decoder = new VersionDecoder();
  let chars = Array.from({ length: 400 }, pick);
  let spliced = 0;
  for (let i = 0; i < 400; i++) {
    const bytes = Buffer.from(chars.join(''));
    assert.equal(decoder.decode('f', bytes), bytes.toString('utf8'), `version ${i}`);
    spliced++;
    const start = Math.floor(r() * chars.length);
    chars = [...chars.slice(0, start), ...Array.from({ length: Math.floor(r() * 4) }, pick), ...chars.slice(start + Math.floor(r() * 4))];
  }
  assert.equal(spliced, 400);
  // Bytes that are not UTF-8 (a lone continuation byte, a cut 4-byte character), then text again.
  const text = Buffer.from(chars.join(''));
  for (const bytes of [
    Buffer.concat([text.subarray(0, 50), Buffer.from([0x9f]), text.subarray(50)]),
    Buffer.concat([text, Buffer.from([0xf0, 0x9f, 0x99])]),
    text,
    text,
    Buffer.alloc(0),
    Buffer.from('é🙂'),
  ])
    assert.equal(decoder.decode('f', bytes), bytes.toString('utf8'));
});

test('a ledger version that changed in several places apart is read as hunks, and the history equals the reference', async () => {
  const repo = gitRepo();
  try {
    const r = rng(47);
    // Entries long enough that two edited places lie kilobytes apart.
    const loop: Loop = {
      entries: Array.from({ length: 12 }, (_, i) => ({
        id: `EQ-00${i + 1}`,
        title: sentence(r, 3),
        attempts: Array.from({ length: 8 }, (_, k) => `  - *2026-02-0${1 + (k % 9)}T0000Z:* baseline ${k} — ${sentence(r, 6)}`),
      })),
      plans: PLANS.map(() => ['[ ]', '[ ]', '[ ]']),
    };
    commitLoop(repo, loop, r, 0, 60, 3);
    const cold = await incremental(repo.root);
    const reference = await fromScratch(repo.root);
    assert.ok(
      reference.some((c) => c.attempts.length > 1),
      'a commit added attempts in more than one place',
    );
    assert.deepEqual(cold.cache!.commits, reference);
    commitLoop(repo, loop, r, 60, 6, 3);
    const after = await incremental(repo.root, cold);
    assert.equal(after.builder, cold.builder, 'the kept builder read the new commits');
    assert.deepEqual(after.cache!.commits, await fromScratch(repo.root));
  } finally {
    repo.dispose();
  }
});

test('a version edited in places apart is decoded as small hunks that give the whole decode', () => {
  const r = rng(7);
  const pieces = ['a', 'é', '—', '🙂', ' ', 'x', 'line\n', '\n', 'π≈3.14 '];
  const pick = (): string => pieces[Math.floor(r() * pieces.length)];
  const line = (): string => `${Array.from({ length: 20 + Math.floor(r() * 40) }, pick).join('')}\n`;
  const lines = Array.from({ length: 600 }, line);
  const decoder = new VersionDecoder();
  const whole = new VersionDecoder();
  let previous = Buffer.from(lines.join(''));
  let id = 'v0';
  decoder.decode('f', previous, id);
  let small = 0;
  for (let v = 1; v <= 60; v++) {
    // One to four places edited: lines added, removed or rewritten.
    for (let k = 1 + Math.floor(r() * 4); k > 0; k--) {
      const at = Math.floor(r() * lines.length);
      const kind = r();
      if (kind < 0.4) lines.splice(at, 0, line());
      else if (kind < 0.6 && lines.length > 10) lines.splice(at, 1);
      else lines[at] = r() < 0.5 ? line() : lines[at].replace(/é|—|🙂|a/, (m) => ({ é: 'è', '—': '–', '🙂': '🙃', a: 'b' })[m] ?? m);
    }
    const bytes = Buffer.from(lines.join(''));
    const text = bytes.toString('utf8');
    const edit = decoder.edit('f', bytes, `v${v}`, id);
    assert.ok('hunks' in edit, `version ${v} is an edit`);
    const before = whole.decode('g', previous);
    assert.equal(applyHunks(before, edit.hunks), text, `version ${v}`);
    assert.deepEqual(edit.change, hunksChange(edit.hunks));
    for (let h = 1; h < edit.hunks.length; h++) assert.ok(edit.hunks[h].start > edit.hunks[h - 1].oldEnd, 'hunks apart, in order');
    if (edit.hunks.length > 1 && edit.hunks.every((h) => h.inserted.length < 400)) small++;
    previous = bytes;
    id = `v${v}`;
  }
  assert.ok(small > 20, `${small} versions read as several small hunks`);
  // Versions that share no line: one hunk, the same text.
  const other = Buffer.from(Array.from({ length: 300 }, () => `${Array.from({ length: 30 }, pick).join('')}#\n`).join(''));
  const edit = decoder.edit('f', other, 'w', id);
  assert.ok('hunks' in edit);
  assert.equal(applyHunks(whole.decode('g', previous), edit.hunks), other.toString('utf8'));
});
