// The server on the real dose workspace (diagnostics snapshot) and on bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DocumentSymbol } from 'vscode-languageserver-protocol';
import { startServer } from './lspClient';
import { doseWorkspace, repoRoot, sharedMissing } from '../support/paths';
import { tempWorkspace } from '../support/tempWorkspace';
import { waitFor } from '../support/waitFor';
import { generateWorkspace } from '../bench/generate';
import { runRecord } from '../support/runRecords';

test('dose workspace: diagnostics match the reviewed snapshot', { skip: sharedMissing(doseWorkspace) }, async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-dose-'));
  fs.cpSync(doseWorkspace, root, { recursive: true });
  const server = await startServer(root);
  try {
    await server.indexed();
    const current = (): string[] => {
      const lines: string[] = [];
      for (const [uri, diagnostics] of server.diagnostics) {
        const rel = path.relative(root, new URL(uri).pathname);
        for (const d of diagnostics) lines.push(`${rel}:${d.range.start.line + 1} ${d.code} ${d.message}`);
      }
      return lines.sort();
    };
    const file = path.join(repoRoot, 'test/lsp/__snapshots__/dose-diagnostics.txt');
    const reviewed = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trimEnd().split('\n') : [];
    // Diagnostics arrive file by file after indexing: wait for the reviewed set (or, when updating, for one to arrive).
    await waitFor(
      process.env.UPDATE === '1' ? 'diagnostics to be published' : 'the diagnostics to match the reviewed snapshot',
      () => (process.env.UPDATE === '1' ? server.diagnostics.size > 0 : current().join('\n') === reviewed.join('\n')),
      { timeoutMs: 15_000 },
    ).catch(() => undefined); // the comparison below shows the difference
    const lines = current();
    if (process.env.UPDATE === '1') {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, lines.join('\n') + '\n');
    }
    assert.deepEqual(lines, fs.readFileSync(file, 'utf8').trimEnd().split('\n'));
  } finally {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('bad input: binary, 50 MB, invalid UTF-8 and a truncated table; the server stays up', async () => {
  const ws = tempWorkspace();
  ws.write('plans/active/BIN-001/plan.md', '### Phase A — Bin\n\u0000\u0001\u0002binary');
  fs.writeFileSync(
    path.join(ws.root, 'plans/active/BIN-001/implementation.md'),
    Buffer.from([0x23, 0x20, 0xff, 0xfe, 0xc3, 0x28, 0x0a, 0x7c, 0x20, 0x41]),
  );
  const big = path.join(ws.root, 'plans/active/BIG-001/plan.md');
  fs.mkdirSync(path.dirname(big), { recursive: true });
  const row = '| A1 | big | [ ] | filler filler filler filler filler filler filler filler filler |\n';
  fs.writeFileSync(
    big,
    '| ID | Task Description | State | How/Why & Guidance |\n| --- | --- | --- | --- |\n' +
      row.repeat(Math.ceil((50 * 1024 * 1024) / row.length)),
  );
  ws.write(
    'plans/active/TRUNC-001/plan.md',
    '### Phase A — Cut\n| ID | Task Description | State | How/Why & Guidance |\n| --- | --- | --- |\n| A1 | cut off | [x',
  );
  const server = await startServer(ws.root);
  try {
    await server.indexed();
    const skipped = server.logs.filter((l) => l.startsWith('Skipped '));
    assert.deepEqual(skipped.sort(), [
      'Skipped plans/active/BIG-001/plan.md: larger than 5 MB (50.0 MB); raise maxFileSizeMB (.planloop.json, or the planloop.maxFileSizeMB setting) to read it.',
      'Skipped plans/active/BIN-001/plan.md: binary content.',
    ]);
    const info = (await server.connection.sendRequest('planloop/serverInfo')) as { plans: number };
    assert.ok(info.plans >= 4);
    const truncated = (await server.connection.sendRequest('textDocument/documentSymbol', {
      textDocument: { uri: server.uri('plans/active/TRUNC-001/plan.md') },
    })) as DocumentSymbol[];
    assert.equal(truncated[0].name, 'Phase A — Cut');
    const utf8 = (await server.connection.sendRequest('textDocument/documentSymbol', {
      textDocument: { uri: server.uri('plans/active/BIN-001/implementation.md') },
    })) as DocumentSymbol[];
    assert.ok(Array.isArray(utf8));
    assert.equal(server.process.exitCode, null, 'the server is still running');
  } finally {
    await server.stop();
    ws.dispose();
  }
});

test('the Plans tree asked for while the server is still indexing is the part read so far, marked partial; then the whole', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-big-'));
  generateWorkspace(root, 400, 2);
  const server = await startServer(root);
  try {
    type Tree = { initiatives: Array<{ plans: Array<{ relativePath: string }> }>; partial?: boolean };
    const paths = (t: Tree): string[] => t.initiatives.flatMap((i) => i.plans.map((p) => p.relativePath));
    // Asked once the walk has read some files, and before it is done: the index (400 plans, read in
    // slices) is not complete yet.
    await waitFor('an indexProgress report with files read', () => server.indexProgress.some((p) => p.indexed > 0), {
      timeoutMs: 60_000,
      seen: () => JSON.stringify(server.indexProgress),
    });
    const early = (await server.connection.sendRequest('planloop/planTree')) as Tree;
    const doneBefore = server.indexProgress.some((p) => p.done);
    await server.indexed();
    const later = (await server.connection.sendRequest('planloop/planTree')) as Tree;
    assert.equal(paths(later).length, 400);
    assert.equal(later.partial, undefined, 'the answer from the complete index is not marked partial');
    const missing = paths(early).filter((p) => !paths(later).includes(p));
    assert.deepEqual(missing, [], 'every plan of the early answer is in the whole one');
    if (!doneBefore) {
      assert.equal(early.partial, true, `the early answer (sent while indexing, ${paths(early).length} plans) is marked partial`);
      assert.ok(paths(early).length < 400, `the early answer has the plans read so far: ${paths(early).length}`);
    }
  } finally {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('while the first index runs the server reports its progress, and publishes diagnostics only from the complete index', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-big-'));
  generateWorkspace(root, 400, 2);
  const server = await startServer(root);
  const events: string[] = [];
  server.onDiagnostics((p) => events.push(`diagnostics after ${server.indexProgress.length} reports: ${p.uri}`));
  try {
    // Opened at once: its Do Now cites a row of the last plan (read late) and a row nobody defines.
    const plan = 'plans/active/SYN-0399-LOOP/implementation.md';
    const handoff = `# Handoff\n\nDo Now:\n1. SYN-0399-LOOP A1 @ ${plan}:1 — run it\n2. SYN-0399-LOOP Z9 @ ${plan}:1 — no such row\n`;
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: server.uri('input.md'), languageId: 'markdown', version: 1, text: handoff },
    });
    // Asked at once: the ledger tree waits for the complete index (the Plans tree shows what was read so far).
    const tree = server.connection
      .sendRequest('planloop/ledgerTree')
      .then(() => events.push(`tree after ${server.indexProgress.length} reports`));
    await waitFor('a done indexProgress report', () => server.indexProgress.some((p) => p.done), {
      timeoutMs: 60_000,
      seen: () => JSON.stringify(server.indexProgress),
    });
    await tree;
    const reports = server.indexProgress;
    const info = (await server.connection.sendRequest('planloop/serverInfo')) as { indexedFiles: number };
    assert.deepEqual(reports[0], { indexed: 0, found: 0, done: false }, 'the walk announces itself before it reads a file');
    assert.equal(
      reports.findIndex((p) => p.done),
      reports.length - 1,
      'one done report, the last',
    );
    assert.equal(reports[reports.length - 1].indexed, info.indexedFiles, 'the done report counts every indexed file');
    assert.ok(info.indexedFiles >= 400, `${info.indexedFiles} files indexed`);
    for (let i = 1; i < reports.length - 1; i++) {
      assert.ok(reports[i].indexed >= reports[i - 1].indexed, `indexed counts only grow: ${JSON.stringify(reports)}`);
      assert.ok(reports[i].indexed <= reports[i].found, `read ≤ found while walking: ${JSON.stringify(reports[i])}`);
    }
    assert.equal(events[0], `tree after ${reports.length} reports`, `the tree answer follows the done report: ${events.join(', ')}`);
    const published = await server.waitForDiagnostics('input.md', 'do-now-row-missing for Z9', (d) =>
      d.some((x) => x.code === 'do-now-row-missing'),
    );
    assert.deepEqual(
      published.filter((d) => d.code === 'do-now-row-missing').map((d) => d.range.start.line + 1),
      [5],
      'only Z9 is missing: A1 is in a plan the walk read late',
    );
    const early = events.filter((e) => e.startsWith('diagnostics') && !e.startsWith(`diagnostics after ${reports.length} reports`));
    assert.deepEqual(early, [], 'no diagnostics were published before the index was complete');
  } finally {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('settings sent with initialize: the walk starts without asking for them, reports once, and the views are not told to ask again', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-big-'));
  generateWorkspace(root, 100, 2);
  const server = await startServer(root, {}, undefined, { settingsWithInitialize: true });
  const changes: string[][] = [];
  server.connection.onNotification('planloop/indexChanged', (p: { uris: string[] }) => changes.push(p.uris));
  try {
    // The ledger tree waits for the walk (the Plans tree answers at once with what was read so far).
    await server.connection.sendRequest('planloop/ledgerTree');
    assert.ok(
      server.indexProgress.some((p) => p.done),
      `the ledger tree asked for at once waited for the whole walk: ${JSON.stringify(server.indexProgress)}`,
    );
    assert.equal(server.settingsAsked(), 0, 'the walk did not wait for a settings round trip');
    // The editor repeats its settings after initialize: the same settings start no second walk.
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await server.sync();
    await waitFor('the server to ask for the settings after didChangeConfiguration', () => server.settingsAsked() === 1);
    await server.sync();
    assert.deepEqual(
      server.indexProgress.filter((p) => p.indexed === 0 && !p.done),
      [{ indexed: 0, found: 0, done: false }],
      'the walk was announced once',
    );
    assert.equal(server.indexProgress.filter((p) => p.done).length, 1, 'and reported done once');
    assert.deepEqual(changes, [], 'answers that waited for the first walk are not invalidated by it');
  } finally {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('sync and leftover outputs asked for while the server is still indexing answer from the whole workspace', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-big-'));
  generateWorkspace(root, 400, 2);
  // The last initiative has a run to record, the handoff's focus and its hub: an answer from a
  // partial index misses them.
  const id = 'SYN-0399-LOOP';
  const hub = `plans/active/${id}/reports/2026-02-01T000000Z`;
  fs.mkdirSync(path.join(root, hub), { recursive: true });
  fs.writeFileSync(path.join(root, hub, 'A1.log'), '1 passed\n');
  fs.writeFileSync(
    path.join(root, hub, 'planloop-run-A1.json'),
    runRecord(hub, {
      rowId: 'A1',
      planPath: `plans/active/${id}/implementation.md`,
      initiativeId: id,
      phaseId: 'A',
      commands: ['CUDA_VISIBLE_DEVICES="" pytest tests/test_A0.py -q'],
      log: `${hub}/A1.log`,
      artifacts: [`${hub}/A1.log`],
    }),
  );
  fs.appendFileSync(
    path.join(root, 'docs/fix_plan.md'),
    `\n### [${id}] last one\n- Status: in_progress\n- Working Plan: \`plans/active/${id}/implementation.md\`\n- Attempts History:\n  - *2026-01-02T000000Z (A1):* started.\n`,
  );
  fs.writeFileSync(path.join(root, 'input.md'), `Summary: finish ${id}\nFocus: [${id}] last one\nArtifacts: ${hub}/summary.md\n`);
  fs.mkdirSync(path.join(root, 'tmp'));
  fs.writeFileSync(path.join(root, 'tmp/leftover.log'), 'x\n');
  const server = await startServer(root);
  try {
    // Asked at once, before the 400 plans are read.
    const [earlySync, earlyStrays] = await Promise.all([
      server.connection.sendRequest('planloop/syncLedger'),
      server.connection.sendRequest('planloop/strayOutputs'),
    ]);
    const indexedBefore = server.logs.some((l) => l.startsWith('Indexed '));
    await server.indexed();
    const laterSync = (await server.connection.sendRequest('planloop/syncLedger')) as {
      edit?: { changes: Record<string, unknown[]> };
      notes: string[];
      proposed?: string[];
    };
    const laterStrays = (await server.connection.sendRequest('planloop/strayOutputs')) as { hub?: string; strays: Array<{ path: string }> };
    assert.ok(laterSync.edit?.changes[server.uri('docs/fix_plan.md')], `the full index records the run of ${id} A1 in the ledger`);
    assert.ok(laterSync.proposed?.includes(`A1: a new attempt for ${hub}/planloop-run-A1.json`), (laterSync.proposed ?? []).join('; '));
    assert.deepEqual(
      [laterStrays.hub, laterStrays.strays.map((s) => s.path)],
      [`${hub}/`, ['tmp/leftover.log']],
      'the full index finds the handoff hub',
    );
    const when = indexedBefore ? '(sent after indexing finished)' : '(sent while indexing)';
    assert.deepEqual(earlySync, laterSync, `the early sync ${when} is complete`);
    assert.deepEqual(earlyStrays, laterStrays, `the early leftover outputs ${when} are complete`);
  } finally {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
