// Quick fixes for references (server/lsp/referenceFixes.ts) on the in-memory workspace: a moved
// plan's old path replaced at every mention in the file, a stale anchor replaced by the real slug.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeActionKind, type Diagnostic } from 'vscode-languageserver';
import { referenceFixes } from '../../../server/lsp/referenceFixes';
import { DiagnosticCodes } from '../../../server/core/model/model';
import { docAt, LOOP_PLAN, memorySession, range, smallLoop } from '../../support/inMemoryWorkspace';

const PLAN_URI = `file:///ws/${LOOP_PLAN}`;

async function planWithMentions() {
  const files = smallLoop();
  files[LOOP_PLAN] += 'See `plans/active/OLD-001/implementation.md` and `plans/active/OLD-001/implementation.md#phase-a`.\n';
  const session = await memorySession(files);
  return { session, plan: docAt(session, LOOP_PLAN) };
}

test('a moved plan: both mentions of the old folder, in their first bytes only, as one fix', async () => {
  const { session, plan } = await planWithMentions();
  const d: Diagnostic = {
    range: range(14, 5, 14, 43),
    message: 'moved',
    code: DiagnosticCodes.planMoved,
    data: { from: 'plans/active/OLD-001/', to: 'plans/archive/OLD-001/' },
  };
  assert.deepEqual(referenceFixes(session, plan, d), [
    {
      title: 'Replace plans/active/OLD-001/ with plans/archive/OLD-001/ (2 mentions in this file)',
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: true,
      edit: {
        changes: {
          [PLAN_URI]: [
            { range: range(14, 5, 14, 26), newText: 'plans/archive/OLD-001/' },
            { range: range(14, 50, 14, 71), newText: 'plans/archive/OLD-001/' },
          ],
        },
      },
    },
  ]);
});

test('a stale anchor: replaced by the slug the diagnostic found; other codes get no reference fix', async () => {
  const { session, plan } = await planWithMentions();
  const d: Diagnostic = {
    range: range(14, 92, 14, 99),
    message: 'stale',
    code: DiagnosticCodes.staleAnchor,
    data: { slug: 'phase-a--setup' },
  };
  assert.deepEqual(referenceFixes(session, plan, d), [
    {
      title: 'Change the anchor to #phase-a--setup',
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: true,
      edit: { changes: { [PLAN_URI]: [{ range: range(14, 92, 14, 99), newText: 'phase-a--setup' }] } },
    },
  ]);
  assert.deepEqual(referenceFixes(session, plan, { ...d, code: DiagnosticCodes.missingFile }), []);
});
