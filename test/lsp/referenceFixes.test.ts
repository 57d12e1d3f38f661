// Quick fixes for stale anchors and moved plans, and Do Now items linked through the ledger,
// over the real connection on a copy of fixtures/precision.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { startServer, type TestServer } from './lspClient';
import { fixturesDir } from '../support/paths';
import { DoNowRequest, type DoNowResult } from '../../server/protocol';

/** Applies LSP text edits of one file to its text (edits do not overlap). */
function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }): number =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

describe('reference quick fixes and Do Now links (fixtures/precision)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-precision-'));
  fs.cpSync(path.join(fixturesDir, 'precision'), root, { recursive: true });
  let server: TestServer;

  /** Waits (bounded) until the server has published a diagnostic with this code for the file. */
  async function diagnostic(rel: string, code: string): Promise<Diagnostic> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const found = (server.diagnostics.get(server.uri(rel)) ?? []).find((d) => d.code === code);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${code} diagnostic was published for ${rel}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function fixFor(rel: string, d: Diagnostic): Promise<CodeAction> {
    const actions = (await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: server.uri(rel) },
      range: d.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.isPreferred && a.diagnostics?.some((x) => x.code === d.code));
    assert.ok(fix, `no preferred quick fix for ${d.code}; got ${actions.map((a) => a.title).join(' | ')}`);
    return fix;
  }

  before(async () => {
    server = await startServer(root);
    await server.indexed();
  });
  after(async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('a stale ledger anchor: quick fix to the nearest real heading', async () => {
    const d = await diagnostic('input.md', 'stale-anchor');
    assert.equal(d.range.start.line, 9);
    const fix = await fixFor('input.md', d);
    assert.equal(fix.title, 'Change the anchor to #alpha-001-alpha-loader-cleanup');
    const edits = (fix.edit as WorkspaceEdit).changes![server.uri('input.md')];
    const fixed = applyTextEdits(fs.readFileSync(path.join(root, 'input.md'), 'utf8'), edits);
    assert.match(fixed, /docs\/fix_plan\.md#alpha-001-alpha-loader-cleanup — close its open rows/);
    assert.equal(fixed.split('\n').length, fs.readFileSync(path.join(root, 'input.md'), 'utf8').split('\n').length);
  });

  test('a moved plan: one note per file, one fix for every mention', async () => {
    const d = await diagnostic('docs/fix_plan.md', 'plan-moved');
    assert.equal(d.severity, 3); // Information
    const all = (server.diagnostics.get(server.uri('docs/fix_plan.md')) ?? []).filter((x) => x.code === 'plan-moved');
    assert.equal(all.length, 1);
    const fix = await fixFor('docs/fix_plan.md', d);
    assert.equal(fix.title, 'Replace plans/active/gamma.md with plans/archive/gamma_resolved.md (3 mentions in this file)');
    const before = fs.readFileSync(path.join(root, 'docs/fix_plan.md'), 'utf8');
    const fixed = applyTextEdits(before, (fix.edit as WorkspaceEdit).changes![server.uri('docs/fix_plan.md')]);
    assert.equal(fixed.split('plans/archive/gamma_resolved.md').length - 1, 3);
    assert.ok(!fixed.includes('plans/active/gamma.md'));
    assert.equal(fixed.replaceAll('plans/archive/gamma_resolved.md', 'plans/active/gamma.md'), before);
  });

  test('Do Now: an item pointing at the ledger links to its initiative, plans and open rows', async () => {
    const result = (await server.connection.sendRequest(DoNowRequest.method)) as DoNowResult;
    const links = result.items.map((i) => i.initiative && [i.initiative.id, i.initiative.via]);
    assert.deepEqual(links, [
      ['ALPHA-001', 'anchor'],
      ['BETA-002', 'anchor'],
      ['BETA-002', 'id'],
    ]);
    const alpha = result.items[0].initiative!;
    assert.deepEqual(
      alpha.plans.map((p) => [p.relativePath, p.done, p.total, p.openRows.map((r) => r.id)]),
      [['plans/alpha/implementation.md', 4, 7, ['A2', 'A3', 'A2']]],
    );
    assert.equal(alpha.location.range.start.line, 2);
  });
});
