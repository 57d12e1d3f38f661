// Every language feature over a real connection to the built server, on the sample workspace.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import type {
  CodeAction,
  CompletionItem,
  DocumentLink,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
  SymbolInformation,
  WorkspaceEdit,
  CodeLens,
  Diagnostic,
} from 'vscode-languageserver-protocol';
import { startServer, type TestServer } from './lspClient';
import { tempWorkspace } from '../support/tempWorkspace';
import { repoRoot } from '../support/paths';
import type { DoNowResult, LedgerTreeResult, PlanRowsResult, PlanTreeResult, TreeRow } from '../../server/protocol';

const PLAN = 'plans/active/TIDE-API-001/implementation.md';
const PHASE_PLAN = 'plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d_smoke/plan.md';
const td = (s: TestServer, rel: string) => ({ textDocument: { uri: s.uri(rel) } });

describe('language server features (fixtures/workspace)', () => {
  const ws = tempWorkspace();
  let server: TestServer;
  const lineOf = (rel: string, needle: string): { line: number; character: number } => {
    const lines = ws.read(rel).split('\n');
    const line = lines.findIndex((l) => l.includes(needle));
    assert.ok(line >= 0, `${needle} not in ${rel}`);
    return { line, character: lines[line].indexOf(needle) + 1 };
  };

  before(async () => {
    server = await startServer(ws.root);
    await server.indexed();
  });
  after(async () => {
    await server.stop();
    ws.dispose();
  });

  test('document symbols: phases → rows with state details; ledger; handoff sections', async () => {
    const plan = (await server.connection.sendRequest('textDocument/documentSymbol', td(server, PLAN))) as DocumentSymbol[];
    assert.deepEqual(
      plan.map((s) => [s.name, s.detail]),
      [
        ['Phase A — Baseline', '2/2'],
        ['Phase B — Forecast API', '3/5'],
        ['Phase C — Cache Hooks', '0/2'],
        ['Phase D — Smoke Tests', '0/1'],
      ],
    );
    assert.deepEqual(
      plan[2].children!.map((c) => c.detail),
      ['[B]', '[ ]'],
    );
    const ledger = (await server.connection.sendRequest('textDocument/documentSymbol', td(server, 'docs/fix_plan.md'))) as DocumentSymbol[];
    assert.deepEqual(
      ledger.map((s) => [s.name, s.children!.length]),
      [
        ['[TIDE-API-001] Stable tide forecast API', 3],
        ['[CACHE-REFRESH-002] Cache refresh hooks', 1],
      ],
    );
    const handoff = (await server.connection.sendRequest('textDocument/documentSymbol', td(server, 'input.md'))) as DocumentSymbol[];
    assert.deepEqual(handoff.map((s) => s.name).slice(0, 7), ['Summary', 'Mode', 'Focus', 'Branch', 'Mapped tests', 'Artifacts', 'Do Now']);
  });

  test('workspace symbols: rows qualified by initiative, initiatives, Do Now items', async () => {
    const symbols = (await server.connection.sendRequest('workspace/symbol', { query: 'TIDE-API-001 D1' })) as SymbolInformation[];
    assert.equal(symbols[0].name, 'TIDE-API-001 D1');
    assert.equal(symbols[0].location.uri, server.uri(PHASE_PLAN));
    assert.deepEqual(
      symbols.slice(1).map((s) => s.name.slice(0, 9)),
      ['Do Now 1:'],
      'the Do Now item citing D1 matches too',
    );
    const all = (await server.connection.sendRequest('workspace/symbol', { query: '' })) as SymbolInformation[];
    assert.ok(all.some((s) => s.name === 'CACHE-REFRESH-002'));
    assert.equal(all.filter((s) => s.name.startsWith('Do Now')).length, 3);
  });

  test('definition: path:line, #anchor-less ::symbol, pytest node, row ID in a handoff, [INITIATIVE]', async () => {
    const def = async (rel: string, needle: string, offset = 1) => {
      const at = lineOf(rel, needle);
      return (await server.connection.sendRequest('textDocument/definition', {
        ...td(server, rel),
        position: { line: at.line, character: at.character - 1 + offset },
      })) as Location[];
    };
    const pathLine = await def('input.md', 'tidewatch/cli.py:9');
    assert.deepEqual([pathLine[0].uri, pathLine[0].range.start.line], [server.uri('tidewatch/cli.py'), 8]);
    const symbol = await def('input.md', 'docs/findings.md::TIDE-CACHE-001');
    assert.deepEqual([symbol[0].uri, symbol[0].range.start.line], [server.uri('docs/findings.md'), 2]);
    const planLine = await def('input.md', 'phase_d_smoke/plan.md:12', 5);
    assert.deepEqual([planLine[0].uri, planLine[0].range.start.line], [server.uri(PHASE_PLAN), 11]);
    const row = await def('input.md', 'TIDE-API-001 B2 (finish', 14);
    assert.deepEqual([row[0].uri, row[0].range.start.line], [server.uri(PLAN), lineOf(PLAN, '| B2 | Wire').line]);
    const initiative = await def('input.md', '[TIDE-API-001] Stable');
    assert.deepEqual(
      [initiative[0].uri, initiative[0].range.start.line],
      [server.uri('docs/fix_plan.md'), lineOf('docs/fix_plan.md', '### [TIDE-API-001]').line],
    );
    ws.write('notes-plan.md', '');
    const pytestNode = (await server.connection.sendRequest('textDocument/definition', {
      ...td(server, 'input.md'),
      position: {
        line: lineOf('input.md', 'pytest tests/test_tides.py::test_ok -q').line,
        character: lineOf('input.md', 'tests/test_tides.py::test_ok').character + 3,
      },
    })) as Location[];
    assert.deepEqual([pytestNode[0].uri, pytestNode[0].range.start.line], [server.uri('tests/test_tides.py'), 6]);
  });

  test('references: every Do Now item, attempt and plan cell citing a row', async () => {
    const at = lineOf(PLAN, '| B2 | Wire');
    const refs = (await server.connection.sendRequest('textDocument/references', {
      ...td(server, PLAN),
      position: { line: at.line, character: 3 },
      context: { includeDeclaration: true },
    })) as Location[];
    const where = refs.map((r) => `${path.basename(r.uri)}:${r.range.start.line + 1}`);
    assert.ok(where.includes(`implementation.md:${at.line + 1}`), where.join(' '));
    assert.ok(where.includes('input.md:11'), where.join(' '));
    assert.ok(where.includes(`fix_plan.md:${lineOf('docs/fix_plan.md', 'Attempt #2').line + 1}`), where.join(' '));
    assert.ok(where.includes(`implementation.md:${lineOf(PLAN, '#### B2 Implementation').line + 1}`), where.join(' '));
  });

  test('hover: row state, phase, commands, artifacts with size; a log path shows its tail', async () => {
    const at = lineOf(PLAN, '| A1 |');
    const h = (await server.connection.sendRequest('textDocument/hover', {
      ...td(server, PLAN),
      position: { line: at.line, character: 8 },
    })) as Hover;
    const text = (h.contents as { value: string }).value;
    assert.match(text, /\*\*A1 — Capture baseline pytest run\*\*/);
    assert.match(text, /State: `\[x\]` \(done\) · Phase A — Baseline/);
    assert.match(text, /CUDA_VISIBLE_DEVICES="" pytest tests\/test_tides\.py::test_ok -q/);
    assert.match(text, /✓ `plans\/active\/TIDE-API-001\/reports\/2026-03-02T090000Z\/phase_a_baseline\/pytest_baseline\.log` — \d+ B, /);
    assert.match(text, /Last attempt: \[2026-03-02\] Attempt #1/);
    const log = lineOf('docs/fix_plan.md', 'phase_a_baseline/pytest_baseline.log');
    const lh = (await server.connection.sendRequest('textDocument/hover', {
      ...td(server, 'docs/fix_plan.md'),
      position: { line: log.line, character: log.character + 20 },
    })) as Hover;
    assert.match((lh.contents as { value: string }).value, /Log tail:\n```\nA1 baseline\n1 passed in 0\.02s\n```/);
  });

  test('code actions: set row state, fix a parent, prefix the CUDA mask, renumber an attempt', async () => {
    // The mask is the project's convention: this one masks its commands, and once it depends on
    // a GPU framework an unmasked pytest run is worth a fix.
    ws.write('requirements.txt', 'torch>=2.3\n');
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: server.uri('requirements.txt'), type: 1 }],
    });
    ws.write(
      PLAN,
      ws
        .read(PLAN)
        .replace('| B2.c | Document lookup errors | [ ] |', '| B2.c | Document lookup errors | [x] |')
        .replace(
          '| C2 | Drop the legacy cache flag | [ ] | Remove',
          '| C2 | Drop the legacy cache flag | [ ] | Run `pytest tests/test_tides.py -q`, remove',
        ),
    );
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: server.uri(PLAN), type: 2 }] });
    const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code)).sort();
    const expected = ['cuda-unmasked', 'parent-open-children-done'];
    const diags = await server.waitForDiagnostics(PLAN, 'the unmasked command and the open parent', (ds) =>
      expected.every((c) => codes(ds).includes(c)),
    );
    assert.deepEqual(codes(diags), expected);
    const actions = (await server.connection.sendRequest('textDocument/codeAction', {
      ...td(server, PLAN),
      range: diags[0].range,
      context: { diagnostics: diags },
    })) as CodeAction[];
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Set B2 to [x] (done)'), titles.join(' | '));
    assert.ok(titles.includes('Prefix the command with CUDA_VISIBLE_DEVICES=""'), titles.join(' | '));
    const prefix = actions.find((a) => a.title.startsWith('Prefix'))!;
    const edit = Object.values((prefix.edit as WorkspaceEdit).changes!)[0][0];
    assert.equal(edit.newText, 'CUDA_VISIBLE_DEVICES="" ');
    // Numbers that go backwards (#1, #7, #3); a gap alone is not reported.
    ws.write('docs/fix_plan.md', ws.read('docs/fix_plan.md').replace('Attempt #2 — Result: B1', 'Attempt #7 — Result: B1'));
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: server.uri('docs/fix_plan.md'), type: 2 }],
    });
    const ledgerDiags = (
      await server.waitForDiagnostics('docs/fix_plan.md', 'the attempt-sequence warning', (ds) =>
        ds.some((d) => d.code === 'attempt-sequence'),
      )
    ).filter((d) => d.code === 'attempt-sequence');
    assert.equal(ledgerDiags.length, 1);
    const renumber = (await server.connection.sendRequest('textDocument/codeAction', {
      ...td(server, 'docs/fix_plan.md'),
      range: ledgerDiags[0].range,
      context: { diagnostics: ledgerDiags },
    })) as CodeAction[];
    assert.equal(renumber[0].title, 'Renumber to Attempt #8');
  });

  test('completion: markers in a State cell, row IDs after §, paths in backticks, a fresh stamp for <TS>', async () => {
    const at = lineOf(PHASE_PLAN, '| D3 | Hygiene | [ ]');
    const markers = (await server.connection.sendRequest('textDocument/completion', {
      ...td(server, PHASE_PLAN),
      position: { line: at.line, character: '| D3 | Hygiene | ['.length },
    })) as CompletionItem[];
    assert.deepEqual(
      markers.map((m) => m.label),
      ['[ ]', '[x]', '[X]', '[D]', '[P]', '[B]', '[-]', '[~]', '[!]', '[S]', '[SKIP]', '[>]'],
    );
    ws.write('input.md', ws.read('input.md') + '\nSee plans/active/TIDE-API-001/implementation.md §\nPath `tide\nHub reports/<TS>');
    await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: server.uri('input.md'), type: 2 }] });
    await server.sync();
    const lines = ws.read('input.md').split('\n');
    const complete = (needle: string) => {
      const line = lines.findIndex((l) => l.endsWith(needle));
      return server.connection.sendRequest('textDocument/completion', {
        ...td(server, 'input.md'),
        position: { line, character: lines[line].length },
      }) as Promise<CompletionItem[]>;
    };
    const ids = (await complete('implementation.md §')).map((c) => c.label);
    assert.deepEqual(ids, ['A1', 'A2', 'B1', 'B2', 'B2.a', 'B2.b', 'B2.c', 'C1', 'C2', 'D0']);
    assert.ok((await complete('`tide')).some((c) => c.label === 'tidewatch/'));
    const stamp = await complete('reports/<TS>');
    assert.match(String(stamp[0].label), /^\d{4}-\d{2}-\d{2}T\d{6}Z$/);
  });

  test('document links, folding ranges and code lens data', async () => {
    const links = (await server.connection.sendRequest('textDocument/documentLink', td(server, 'input.md'))) as DocumentLink[];
    assert.ok(links.some((l) => l.target === server.uri('tidewatch/cli.py') + '#L9'));
    const folds = (await server.connection.sendRequest('textDocument/foldingRange', td(server, 'docs/fix_plan.md'))) as FoldingRange[];
    assert.ok(folds.length >= 2);
    const lenses = (await server.connection.sendRequest('textDocument/codeLens', td(server, 'docs/fix_plan.md'))) as CodeLens[];
    assert.deepEqual([...new Set(lenses.map((l) => l.command?.title))], ['Sync ledger', 'New attempt']);
  });

  test('rename a row ID across plan, handoff and ledger', async () => {
    const at = lineOf(PHASE_PLAN, '| D2 | CLI smoke');
    const prep = (await server.connection.sendRequest('textDocument/prepareRename', {
      ...td(server, PHASE_PLAN),
      position: { line: at.line, character: 3 },
    })) as { placeholder: string };
    assert.equal(prep.placeholder, 'D2');
    const edit = (await server.connection.sendRequest('textDocument/rename', {
      ...td(server, PHASE_PLAN),
      position: { line: at.line, character: 3 },
      newName: 'D2a',
    })) as WorkspaceEdit;
    const files = Object.keys(edit.changes!)
      .map((u) => path.basename(u))
      .sort();
    assert.deepEqual(files, ['input.md', 'plan.md']);
    assert.ok(
      Object.values(edit.changes!)
        .flat()
        .every((e) => e.newText === 'D2a'),
    );
    await assert.rejects(
      server.connection.sendRequest('textDocument/rename', {
        ...td(server, PHASE_PLAN),
        position: { line: at.line, character: 3 },
        newName: 'not an id',
      }),
      /is not a row ID/,
    );
  });

  test('custom requests: plan tree and its rows agree with `planloop status --json`; ledger tree; Do Now', async () => {
    const tree = (await server.connection.sendRequest('planloop/planTree')) as PlanTreeResult;
    assert.equal(tree.found, 'handoff loop: 1 ledger, 3 plans, 1 handoff', 'what the Plans view says it found');
    // Rows come per plan (the Plans view asks when a plan is expanded).
    const rowsOf = new Map<string, TreeRow[][]>();
    for (const plan of tree.initiatives.flatMap((i) => i.plans)) {
      const answer = (await server.connection.sendRequest('planloop/planRows', { uri: plan.uri })) as PlanRowsResult | null;
      assert.ok(answer, `planloop/planRows answers for ${plan.relativePath}`);
      rowsOf.set(plan.uri, answer.phases);
    }
    assert.equal(
      await server.connection.sendRequest('planloop/planRows', { uri: server.uri('docs/fix_plan.md') }),
      null,
      'a ledger is not a plan: no rows',
    );
    const cli = spawnSync(process.execPath, [path.join(repoRoot, 'dist/cli.js'), 'status', '--json'], { cwd: ws.root, encoding: 'utf8' });
    const status = JSON.parse(cli.stdout) as {
      initiatives: Array<{
        id: string;
        plans: Array<{ path: string; phases: Array<{ id: string; rows: Array<{ id: string; rawState: string }> }> }>;
      }>;
    };
    const shape = (inits: typeof status.initiatives) =>
      inits.map((i) => [i.id, i.plans.map((p) => [p.path, p.phases.map((ph) => [ph.id, ph.rows.map((r) => r.id + r.rawState)])])]);
    assert.deepEqual(
      shape(
        tree.initiatives.map((i) => ({
          id: i.id,
          plans: i.plans.map((p) => ({
            path: p.relativePath,
            phases: p.phases.map((ph, index) => ({ id: ph.id, rows: rowsOf.get(p.uri)![index] })),
          })),
        })),
      ),
      shape(status.initiatives),
    );
    // The views get names, times and outcomes read by the server: the client reads no plan or ledger text.
    assert.deepEqual(
      tree.initiatives.flatMap((i) => i.plans.map((p) => [p.label, p.where])),
      [
        ['implementation.md', undefined],
        ['phase_d_smoke/plan.md', '2026-03-05T120000Z'],
        ['implementation.md', undefined],
      ],
    );
    const ledger = (await server.connection.sendRequest('planloop/ledgerTree')) as LedgerTreeResult;
    assert.deepEqual(ledger.groups.map((g) => g.status).sort(), ['in-progress', 'pending']);
    const tide = ledger.groups.flatMap((g) => g.initiatives).find((i) => i.id === 'TIDE-API-001')!;
    // (An earlier test renumbers the third attempt on disk, so the numbers are left out.)
    assert.deepEqual(
      tide.attempts.map((a) => [a.time, a.outcome]),
      [
        [Date.UTC(2026, 2, 4), 'passed'],
        [Date.UTC(2026, 2, 3), 'passed'],
        [Date.UTC(2026, 2, 2), 'neutral'],
      ],
    );
    const doNow = (await server.connection.sendRequest('planloop/doNow')) as DoNowResult;
    assert.equal(doNow.items.length, 3);
    assert.equal(doNow.items[0].rows[0].runnable, true);
  });

  test('run plan: commands, hub from the handoff, masked env', async () => {
    const at = lineOf(PHASE_PLAN, '| D1 |');
    const { plan } = (await server.connection.sendRequest('planloop/runPlan', {
      uri: server.uri(PHASE_PLAN),
      rowId: 'D1',
      line: at.line,
    })) as { plan: { commands: string[]; hubDir: string; env: Record<string, string>; effectiveEnv: Record<string, string> } };
    assert.deepEqual(plan.commands, ['CUDA_VISIBLE_DEVICES="" pytest tests/test_tides.py::test_ok -q']);
    assert.equal(plan.hubDir, 'plans/active/TIDE-API-001/reports/2026-03-05T120000Z/phase_d_smoke/');
    assert.deepEqual(plan.env, { CUDA_VISIBLE_DEVICES: '' });
    const gpu = (await server.connection.sendRequest('planloop/runPlan', { uri: server.uri(PHASE_PLAN), rowId: 'D1', profile: 'gpu' })) as {
      plan: { env: Record<string, string>; effectiveEnv: Record<string, string> };
    };
    assert.deepEqual(gpu.plan.env, {});
    assert.deepEqual(gpu.plan.effectiveEnv, { CUDA_VISIBLE_DEVICES: '' }, 'the command carries its own mask, which wins');
  });
});
