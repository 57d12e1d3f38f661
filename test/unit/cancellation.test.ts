// Handlers hand their CancellationToken to these functions; a cancelled token stops the work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tempWorkspace } from '../support/tempWorkspace';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { nodeFileSystem } from '../../server/host/nodeFileSystem';
import { computeDiagnostics } from '../../server/core/check/diagnostics';
import { planTree } from '../../server/lsp/planTree';
import { workspaceSymbols } from '../../server/lsp/workspaceSymbols';
import { references } from '../../server/lsp/references';
import { documentLinks } from '../../server/lsp/documentLinks';

test('cancelled work returns empty answers', () => {
  const ws = tempWorkspace();
  try {
    const index = new WorkspaceIndex(ws.root, nodeFileSystem);
    index.indexAll();
    const uris = { toPath: (u: string) => u, toUri: (p: string) => `file:///ws/${p}` };
    const cancelled = (): boolean => true;
    const live = (): boolean => false;
    assert.ok(planTree(index, uris, live).initiatives.length > 0);
    assert.deepEqual(planTree(index, uris, cancelled).initiatives, []);
    assert.ok(workspaceSymbols(index, uris, '', live).length > 0);
    assert.deepEqual(workspaceSymbols(index, uris, '', cancelled), []);
    const input = index.get('input.md')!;
    assert.ok(documentLinks(index, uris, input, live).length > 0);
    assert.deepEqual(documentLinks(index, uris, input, cancelled), []);
    const plan = index.get('plans/active/TIDE-API-001/implementation.md')!;
    const b2 = plan.text.indexOf('| B2 | Wire') + 2;
    assert.ok(references(index, uris, plan, b2, true, live).length > 1);
    assert.equal(references(index, uris, plan, b2, true, cancelled).length, 1, 'only the declaration, found before the scan');
    ws.write(
      'plans/active/TIDE-API-001/implementation.md',
      plan.text.replace('| C2 | Drop the legacy cache flag | [ ] |', '| C2 | Drop the legacy cache flag | [?] |'),
    );
    index.indexAll();
    const fresh = index.get('plans/active/TIDE-API-001/implementation.md')!;
    assert.deepEqual(
      computeDiagnostics(index, fresh).map((d) => d.code),
      ['unknown-state'],
    );
    assert.deepEqual(
      computeDiagnostics(index, fresh, { isCancelled: cancelled }).map((d) => d.code),
      ['unknown-state'],
      'parse problems come first; the costly checks are skipped',
    );
  } finally {
    ws.dispose();
  }
});
