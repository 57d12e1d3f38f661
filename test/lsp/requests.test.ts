// Server wiring over a real connection: row details, cancellation of every handler, open buffers,
// watched artifacts, severities from settings, and the lens, fix and navigation cases the feature
// suite does not reach.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
} from 'vscode-languageserver-protocol';
import { startServer, type TestServer } from './lspClient';
import { tempWorkspace } from '../support/tempWorkspace';
import { waitFor } from '../support/waitFor';
import { finishRunParams } from '../support/runRecords';
import type { RowDetails } from '../../server/protocol';

const PLAN = 'plans/active/TIDE-API-001/implementation.md';
const PHASE_PLAN = 'plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d_smoke/plan.md';
const A1_LOG = 'plans/active/TIDE-API-001/reports/2026-03-02T090000Z/phase_a_baseline/pytest_baseline.log';
const MISSING_HUB = 'plans/active/TIDE-API-001/reports/2026-04-01T000000Z/phase_e/';
const td = (s: TestServer, rel: string) => ({ textDocument: { uri: s.uri(rel) } });
const value = (h: Hover | null): string => (h?.contents as { value: string } | undefined)?.value ?? '';

describe('language server requests and wiring (fixtures/workspace)', () => {
  const ws = tempWorkspace();
  const settings: Record<string, unknown> = {};
  const changes: string[][] = [];
  let server: TestServer;
  const pos = (rel: string, needle: string, into = 1) => {
    const lines = ws.read(rel).split('\n');
    const line = lines.findIndex((l) => l.includes(needle));
    assert.ok(line >= 0, `${needle} not in ${rel}`);
    return { line, character: lines[line].indexOf(needle) + into };
  };
  const codes = (rel: string): string[] => (server.diagnostics.get(server.uri(rel)) ?? []).map((d) => String(d.code)).sort();

  before(async () => {
    // Pointers the fixture lacks: a line range, a #L line, a heading anchor and a missing hub folder.
    ws.write(
      'input.md',
      ws
        .read('input.md')
        .replace(
          '- tests/test_tides.py:7',
          `- tests/test_tides.py:7\n- tidewatch/cli.py:3-5\n- tests/test_tides.py#L17\n- docs/findings.md#tide-units-002--feet-vs-metres\n- ${MISSING_HUB}`,
        ),
    );
    // A multi-line attempt, so an attempt has something to fold.
    ws.write(
      'docs/fix_plan.md',
      ws
        .read('docs/fix_plan.md')
        .replace('B2 checklist opened.', 'B2 checklist opened.\n    Follow-up: B2.c still needs the docs paragraph.'),
    );
    server = await startServer(ws.root, settings);
    server.connection.onNotification('planloop/indexChanged', (p: { uris: string[] }) => changes.push(p.uris));
    await server.indexed();
  });
  after(async () => {
    await server.stop();
    ws.dispose();
  });

  test('rowDetails: commands, plan, initiative, phase, a fresh hub and artifacts on disk', async () => {
    const d1 = (await server.connection.sendRequest('planloop/rowDetails', { uri: server.uri(PHASE_PLAN), rowId: 'D1' })) as RowDetails;
    assert.deepEqual(d1.commands, ['CUDA_VISIBLE_DEVICES="" pytest tests/test_tides.py::test_ok -q']);
    assert.equal(d1.planPath, PHASE_PLAN);
    assert.equal(fs.realpathSync(d1.cwd), fs.realpathSync(ws.root));
    assert.equal(d1.initiativeId, 'TIDE-API-001');
    assert.deepEqual(d1.phase, { id: 'D', title: 'Smoke Tests' });
    assert.match(d1.hubSuggestion, /^plans\/active\/TIDE-API-001\/reports\/\d{4}-\d{2}-\d{2}T\d{6}Z\/phase_d_smoke_tests\/$/);
    assert.equal(d1.row.location.range.start.line, pos(PHASE_PLAN, '| D1 |').line);
    const a1 = (await server.connection.sendRequest('planloop/rowDetails', { uri: server.uri(PLAN), rowId: 'A1' })) as RowDetails;
    assert.deepEqual(
      a1.artifacts.map((a) => [a.path, a.exists, a.size]),
      [[A1_LOG, true, fs.statSync(path.join(ws.root, A1_LOG)).size]],
    );
    assert.equal(await server.connection.sendRequest('planloop/rowDetails', { uri: server.uri(PLAN), rowId: 'Z9' }), null);
  });

  test('every handler answers empty when its request is cancelled', async () => {
    const at = (rel: string, needle: string) => ({ ...td(server, rel), position: pos(rel, needle, 2) });
    const requests: Array<[string, unknown, unknown]> = [
      ['textDocument/documentSymbol', td(server, PLAN), []],
      ['workspace/symbol', { query: 'D1' }, []],
      ['textDocument/definition', at('input.md', 'tidewatch/cli.py:9'), []],
      ['textDocument/references', { ...at(PLAN, '| B2 |'), context: { includeDeclaration: true } }, []],
      ['textDocument/hover', at(PLAN, '| A1 |'), null],
      [
        'textDocument/codeAction',
        { ...td(server, PLAN), range: { start: pos(PLAN, '| A1 |'), end: pos(PLAN, '| A1 |') }, context: { diagnostics: [] } },
        [],
      ],
      [
        'textDocument/completion',
        { ...td(server, PHASE_PLAN), position: { line: pos(PHASE_PLAN, '| D3 |').line, character: '| D3 | Hygiene | ['.length } },
        [],
      ],
      ['textDocument/documentLink', td(server, 'input.md'), []],
      ['textDocument/foldingRange', td(server, PLAN), []],
      ['textDocument/codeLens', td(server, PLAN), []],
      ['textDocument/prepareRename', at(PHASE_PLAN, '| D2 |'), null],
      ['textDocument/rename', { ...at(PHASE_PLAN, '| D2 |'), newName: 'D2x' }, null],
      ['planloop/planTree', null, { initiatives: [], found: '' }],
      ['planloop/planRows', { uri: server.uri(PLAN) }, null],
      ['planloop/testTree', null, { initiatives: [] }],
      ['planloop/testResults', { junitFiles: [], nodeIds: ['tests/test_tides.py::test_ok'] }, { results: [], problems: ['cancelled'] }],
      ['planloop/ledgerTree', null, { groups: [] }],
      ['planloop/doNow', null, { items: [], mappedTests: [], artifacts: [] }],
      ['planloop/rowDetails', { uri: server.uri(PLAN), rowId: 'A1' }, null],
      ['planloop/rowArtifacts', { uri: server.uri(PLAN), rowId: 'A1' }, []],
      ['planloop/rowStateEdit', { uri: server.uri(PLAN), rowId: 'A1', marker: '[P]' }, { error: 'cancelled' }],
      ['planloop/runPlan', { uri: server.uri(PHASE_PLAN), rowId: 'D1' }, { error: 'cancelled' }],
      ['planloop/newHub', { uri: server.uri(PHASE_PLAN), rowId: 'D1' }, { error: 'cancelled' }],
      ['planloop/newAttemptEdit', {}, { error: 'cancelled' }],
      ['planloop/syncLedger', null, { notes: ['cancelled'] }],
      // A hub outside the workspace: refused (not written) when live, 'cancelled' when cancelled.
      ['planloop/startRun', { plan: finishRunParams('../outside').plan }, { error: 'cancelled' }],
      ['planloop/finishRun', finishRunParams('../outside'), { notes: ['cancelled'] }],
      ['planloop/strayOutputs', null, { strays: [], notes: [] }],
      ['planloop/landingEdit', { id: 999 }, { notes: ['cancelled'] }],
      ['planloop/checkHub', { hub: 'plans/active/TIDE-API-001/reports/x/' }, { error: 'cancelled' }],
    ];
    for (const [method, params, empty] of requests) {
      const live = await server.connection.sendRequest(method, params);
      assert.notDeepEqual(live, empty, `${method} answers something when not cancelled`);
      const cancelled = await server.sendCancelled(method, params);
      assert.deepEqual(cancelled.result, empty, `${method} answers empty when cancelled`);
    }
  });

  test('an open buffer overrides the disk until closed; changes re-index and notify', async () => {
    const uri = server.uri(PHASE_PLAN);
    const text = ws.read(PHASE_PLAN);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    changes.length = 0;
    const edited = text.replace('| D3 | Hygiene | [ ] |', '| D3 | Hygiene | [x] |');
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: edited }],
    });
    await server.sync();
    const detail = async () =>
      ((await server.connection.sendRequest('textDocument/documentSymbol', td(server, PHASE_PLAN))) as DocumentSymbol[])[0].detail;
    assert.equal(await detail(), '1/3', 'the buffer, not the disk, is indexed');
    assert.ok(
      changes.some((uris) => uris.includes(uri)),
      'planloop/indexChanged names the changed file',
    );
    // A disk event for an open file does not override the buffer.
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    await server.sync();
    assert.equal(await detail(), '1/3');
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await server.sync();
    assert.equal(await detail(), '0/3', 'closing falls back to the disk');
  });

  test('a report output is indexed only while an editor has it open', async () => {
    const summary = 'plans/active/TIDE-API-001/reports/2026-03-02T090000Z/phase_a_baseline/summary.md';
    const uri = server.uri(summary);
    const text = `${ws.read(summary)}\nSee \`plans/active/TIDE-API-001/implementation.md\`.\n`;
    const links = async () => ((await server.connection.sendRequest('textDocument/documentLink', td(server, summary))) as unknown[]).length;
    assert.equal(await links(), 0, 'the walk listed the summary but did not read it');
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
    await server.sync();
    assert.ok((await links()) >= 1, 'an open summary is indexed: its paths are links');
    // A disk event for it while open changes nothing; after closing, it leaves the index.
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
    await server.sync();
    assert.equal(await links(), 0, 'closed, it is a listed output again');
  });

  test('artifacts deleted or created on disk refresh diagnostics', async () => {
    assert.ok(!codes(PLAN).includes('done-missing-artifacts'));
    const log = path.join(ws.root, A1_LOG);
    const saved = fs.readFileSync(log);
    fs.rmSync(log);
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: server.uri(A1_LOG), type: 3 }] });
    const missing = (
      await server.waitForDiagnostics(PLAN, 'the missing-artifact warning on A1', (ds) =>
        ds.some((d) => d.code === 'done-missing-artifacts'),
      )
    ).find((d) => d.code === 'done-missing-artifacts');
    assert.equal(missing?.message, `Row A1 is done but its artifact is missing: ${A1_LOG}`);
    fs.writeFileSync(log, saved);
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: server.uri(A1_LOG), type: 1 }] });
    await server.waitForDiagnostics(PLAN, 'the missing-artifact warning to clear once the log is back', (ds) =>
      ds.every((d) => d.code !== 'done-missing-artifacts'),
    );
  });

  test('a folder that appears with its plan in it (a checkout, a copy) is indexed from the folder event alone', async () => {
    const plan = 'plans/active/NEW-INIT-007/implementation.md';
    ws.write(
      plan,
      "# NEW-INIT-007\n\n### Phase A — Start\n| ID | Task Description | State | How/Why & Guidance |\n| --- | --- | --- | --- |\n| A1 | Echo | [ ] | `bash -c 'echo new'` |\n",
    );
    assert.equal(
      await server.connection.sendRequest('planloop/rowDetails', { uri: server.uri(plan), rowId: 'A1' }),
      null,
      'not indexed before any event',
    );
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: server.uri('plans/active/NEW-INIT-007'), type: 1 }],
    });
    // The folder is walked after the event is handled.
    const details = await waitFor("the new folder's plan to be indexed", async () => {
      const d = (await server.connection.sendRequest('planloop/rowDetails', { uri: server.uri(plan), rowId: 'A1' })) as {
        commands: string[];
        initiativeId?: string;
      } | null;
      return d ?? undefined;
    });
    assert.deepEqual([details?.commands, details?.initiativeId], [["bash -c 'echo new'"], 'NEW-INIT-007']);
    fs.rmSync(path.join(ws.root, 'plans/active/NEW-INIT-007'), { recursive: true });
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: server.uri(plan), type: 3 }] });
    await waitFor(
      'the deleted plan to leave the index',
      async () => (await server.connection.sendRequest('planloop/rowDetails', { uri: server.uri(plan), rowId: 'A1' })) === null,
    );
  });

  test('a handoff artifact landing outside any run pushes the row state and ledger attempt it supports', async () => {
    const landed: Array<{ id: number; summary: string; rows: Array<{ rowId: string; passed: boolean; artifacts: string[] }> }> = [];
    server.connection.onNotification('planloop/evidenceLanded', (p: (typeof landed)[number]) => landed.push(p));
    const hub = 'plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d_smoke';
    ws.write(`${hub}/cli_smoke.log`, 'station 9414290: ok\n');
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: server.uri(`${hub}/cli_smoke.log`), type: 1 }],
    });
    await waitFor('the evidenceLanded notification for cli_smoke.log', () => landed.length > 0, 5000);
    assert.equal(landed.length, 1, 'one proposal');
    const [proposal] = landed;
    assert.equal(proposal.summary, 'D2: evidence landed (passed)');
    assert.deepEqual(
      proposal.rows.map((r) => [r.rowId, r.passed, r.artifacts]),
      [['D2', true, [`${hub}/cli_smoke.log`]]],
    );
    const result = (await server.connection.sendRequest('planloop/landingEdit', { id: proposal.id })) as {
      edit?: { changes: Record<string, Array<{ newText: string }>> };
      notes: string[];
    };
    const changes = result.edit!.changes;
    assert.deepEqual(
      changes[server.uri(PHASE_PLAN)].map((e) => e.newText),
      ['[x]'],
    );
    assert.match(
      changes[server.uri('docs/fix_plan.md')][0].newText,
      /Attempt #4 — Result: passed \(D2 evidence landed\)\. Row D2 \(Phase D\)/,
    );
    // The same file written again is the same evidence: no second proposal. D1's log, landing
    // after it, is the moment to look: D2 would have been proposed before it or with it.
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: server.uri(`${hub}/cli_smoke.log`), type: 2 }],
    });
    ws.write(`${hub}/pytest_smoke.log`, '1 passed in 0.01s\n');
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: server.uri(`${hub}/pytest_smoke.log`), type: 1 }],
    });
    await waitFor('the evidenceLanded notification for pytest_smoke.log (D1)', () => landed.length > 1, 5000);
    assert.deepEqual(
      landed.slice(1).map((l) => l.rows.map((r) => r.rowId)),
      [['D1']],
      'D1 is proposed, D2 (written again) is not',
    );
    // Once the row is [x] on disk, the landing's edit is empty: it is recomputed, never stale.
    ws.write(PHASE_PLAN, ws.read(PHASE_PLAN).replace('| D2 | CLI smoke | [ ] |', '| D2 | CLI smoke | [x] |'));
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: server.uri(PHASE_PLAN), type: 2 }] });
    await server.sync();
    const stale = (await server.connection.sendRequest('planloop/landingEdit', { id: proposal.id })) as { edit?: unknown; notes: string[] };
    assert.deepEqual(stale, { notes: ['the evidence is already recorded, or its rows changed state'] });
    ws.write(PHASE_PLAN, ws.read(PHASE_PLAN).replace('| D2 | CLI smoke | [x] |', '| D2 | CLI smoke | [ ] |'));
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: server.uri(PHASE_PLAN), type: 2 }] });
    await server.sync();
  });

  test('planloop.severities from the settings apply, and "off" removes a code', async () => {
    const hub = (): Diagnostic | undefined => (server.diagnostics.get(server.uri('input.md')) ?? []).find((d) => d.code === 'missing-file');
    const missingFile = (ds: Diagnostic[]) => ds.find((d) => d.code === 'missing-file');
    await server.waitForDiagnostics('input.md', 'the missing-file warning', (ds) => missingFile(ds) !== undefined);
    assert.equal(hub()?.severity, 2, 'missing-file is a warning by default');
    settings.severities = { 'missing-file': 'error' };
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await server.waitForDiagnostics('input.md', 'missing-file as an error', (ds) => missingFile(ds)?.severity === 1);
    settings.severities = { 'missing-file': 'off' };
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await server.waitForDiagnostics('input.md', 'missing-file to be off', (ds) => missingFile(ds) === undefined);
    assert.equal(hub(), undefined);
    delete settings.severities;
    await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await server.waitForDiagnostics('input.md', 'missing-file back as a warning', (ds) => missingFile(ds)?.severity === 2);
    assert.ok(hub());
  });

  test('quick fix: create a missing artifact hub folder', async () => {
    const diagnostic = (server.diagnostics.get(server.uri('input.md')) ?? []).find((d) => d.code === 'missing-file')!;
    assert.equal(diagnostic.message, `${MISSING_HUB} does not exist`);
    const actions = (await server.connection.sendRequest('textDocument/codeAction', {
      ...td(server, 'input.md'),
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    })) as CodeAction[];
    const create = actions.find((a) => a.title === `Create the artifact hub folder ${MISSING_HUB}`);
    assert.deepEqual(create?.command, { title: 'Create folder', command: 'planloop.createFolder', arguments: [{ path: MISSING_HUB }] });
  });

  test('code lenses on plan rows and Do Now items carry JSON command arguments', async () => {
    const plan = (await server.connection.sendRequest('textDocument/codeLens', td(server, PHASE_PLAN))) as CodeLens[];
    const d1 = plan.filter((l) => l.range.start.line === pos(PHASE_PLAN, '| D1 |').line);
    assert.deepEqual(
      d1.map((l) => l.command!.title),
      ['▶ Run D1', '✓ Done', '◐ In progress'],
    );
    assert.deepEqual(d1[1].command!.arguments, [
      { uri: server.uri(PHASE_PLAN), rowId: 'D1', line: pos(PHASE_PLAN, '| D1 |').line, marker: '[x]' },
    ]);
    const planLenses = (await server.connection.sendRequest('textDocument/codeLens', td(server, PLAN))) as CodeLens[];
    const onRow = (id: string) =>
      planLenses.filter((l) => l.range.start.line === pos(PLAN, `| ${id} |`).line).map((l) => [l.command!.title, l.command!.command]);
    assert.deepEqual(onRow('A1'), [
      ['▶ Run A1', 'planloop.runRow'],
      ['Artifacts 1/1', 'planloop.openArtifacts'],
    ]);
    assert.deepEqual(
      onRow('B2'),
      [['✓ Done', 'planloop.markRowState']],
      'a row without commands has no Run lens; in progress has no ◐ lens',
    );
    const doNow = (await server.connection.sendRequest('textDocument/codeLens', td(server, 'input.md'))) as CodeLens[];
    assert.deepEqual(
      doNow.map((l) => l.command!.title),
      ['▶ Run D1', 'Go to D1', '▶ Run D2', 'Go to D2', 'Go to B2'],
    );
    assert.equal(doNow[1].command!.command, 'planloop.revealRow');
  });

  test('definition: path:a-b, path#L60 and a heading #anchor', async () => {
    const def = async (needle: string, into = 2) =>
      (
        (await server.connection.sendRequest('textDocument/definition', {
          ...td(server, 'input.md'),
          position: pos('input.md', needle, into),
        })) as Location[]
      )[0];
    const range = await def('tidewatch/cli.py:3-5');
    assert.deepEqual([range.uri, range.range.start.line], [server.uri('tidewatch/cli.py'), 2]);
    const hashLine = await def('tests/test_tides.py#L17');
    assert.deepEqual([hashLine.uri, hashLine.range.start.line], [server.uri('tests/test_tides.py'), 16]);
    const anchor = await def('docs/findings.md#tide-units-002');
    assert.deepEqual([anchor.uri, anchor.range.start.line], [server.uri('docs/findings.md'), 5]);
  });

  test("hover on a reference shows the target's text; on an initiative, its ledger entry", async () => {
    const hover = async (needle: string) =>
      (await server.connection.sendRequest('textDocument/hover', {
        ...td(server, 'input.md'),
        position: pos('input.md', needle, 3),
      })) as Hover;
    assert.match(
      value(await hover('docs/findings.md::TIDE-CACHE-001')),
      /## TIDE-CACHE-001 — Stale cache entries\nForecasts read from the cache/,
    );
    assert.match(value(await hover('tidewatch/cli.py:3-5')), /^✓ `tidewatch\/cli\.py` — \d+ B/);
    assert.match(value(await hover('[TIDE-API-001]')), /^\*\*\[TIDE-API-001\] Stable tide forecast API\*\*\n\nStatus: /);
    assert.match(value(await hover(MISSING_HUB)), /^✗ `.*phase_e\/?` — missing/);
  });

  test('completion: row IDs of the item’s plan on a Do Now line', async () => {
    const line = pos('input.md', '2. TIDE-API-001 D2').line;
    const items = (await server.connection.sendRequest('textDocument/completion', {
      ...td(server, 'input.md'),
      position: { line, character: '2. TIDE-API-001 D'.length },
    })) as CompletionItem[];
    assert.deepEqual(
      items.map((i) => i.label),
      ['D1', 'D2', 'D3'],
    );
    assert.deepEqual((items[0].textEdit as { range: { start: { character: number } } }).range.start.character, '2. TIDE-API-001 '.length);
  });

  test('folding ranges: phases in a plan; initiatives and attempts in the ledger', async () => {
    const plan = (await server.connection.sendRequest('textDocument/foldingRange', td(server, PLAN))) as FoldingRange[];
    assert.deepEqual(
      plan.map((f) => f.startLine),
      ['### Phase A', '### Phase B', '### Phase C', '### Phase D'].map((h) => pos(PLAN, h).line),
    );
    const ledger = (await server.connection.sendRequest('textDocument/foldingRange', td(server, 'docs/fix_plan.md'))) as FoldingRange[];
    const starts = new Set(ledger.map((f) => f.startLine));
    assert.ok(starts.has(pos('docs/fix_plan.md', '### [TIDE-API-001]').line));
    assert.ok(
      ledger.some((f) => f.kind === undefined && f.startLine > pos('docs/fix_plan.md', '### [TIDE-API-001]').line),
      'an attempt folds',
    );
  });
});
