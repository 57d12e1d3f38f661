// Code actions (server/lsp/codeActions.ts) on the in-memory workspace: quick fixes for the
// diagnostics the core reports (by their DiagnosticCodes) and the row actions of a plan row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeActionKind, DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { codeActions } from '../../../server/lsp/codeActions';
import { DiagnosticCodes } from '../../../server/core/model/model';
import { Commands } from '../../../server/protocol';
import { docAt, joinLines, LOOP_LEDGER, LOOP_PLAN, memorySession, range, smallLoop } from '../../support/inMemoryWorkspace';

const PLAN_URI = `file:///ws/${LOOP_PLAN}`;

function diagnostic(code: string, r: Diagnostic['range'], message = '', data?: unknown): Diagnostic {
  return { source: 'planloop', code, range: r, message, severity: DiagnosticSeverity.Warning, data };
}

test("an unknown state: set the row to a marker Plan Loop writes, or teach the plan's own marker", async () => {
  const files = smallLoop();
  files[LOOP_PLAN] += '| B2 | Tag it | [?] | g |\n';
  const session = await memorySession(files);
  const plan = docAt(session, LOOP_PLAN);
  const d = diagnostic(DiagnosticCodes.unknownState, range(14, 16, 14, 19));
  const actions = codeActions(session.index, session, plan, range(14, 16, 14, 16), [d]);
  const fixes = actions.filter((a) => a.kind === CodeActionKind.QuickFix);
  assert.deepEqual(
    fixes.map((a) => [a.title, a.edit?.changes?.[PLAN_URI], a.command?.command, a.command?.arguments]),
    [
      ['Set B2 to [ ] (open)', [{ range: range(14, 16, 14, 19), newText: '[ ]' }], undefined, undefined],
      ['Set B2 to [x] (done)', [{ range: range(14, 16, 14, 19), newText: '[x]' }], undefined, undefined],
      ['Set B2 to [P] (in progress)', [{ range: range(14, 16, 14, 19), newText: '[P]' }], undefined, undefined],
      ...(['open', 'in-progress', 'done', 'blocked', 'skipped', 'deferred'] as const).map((kind) => [
        `Define '[?]' as ${{ open: 'open', 'in-progress': 'in progress', done: 'done', blocked: 'blocked', skipped: 'skipped', deferred: 'deferred' }[kind]} (planloop.states)`,
        undefined,
        Commands.defineStateMarker,
        [{ marker: '[?]', kind }],
      ]),
    ],
  );
  assert.ok(
    fixes.every((a) => a.diagnostics?.[0] === d),
    'each fix names its diagnostic',
  );
});

test('a row under the cursor: mark it with each other marker; a missing hub folder: create it', async () => {
  const session = await memorySession(smallLoop());
  const plan = docAt(session, LOOP_PLAN);
  const missingHub = diagnostic(DiagnosticCodes.missingFile, range(7, 33, 7, 45), '', {
    path: 'plans/active/DEMO-001/reports/2026-02-01T000000Z/',
  });
  assert.deepEqual(
    codeActions(session.index, session, plan, range(7, 3, 7, 3), [missingHub]).map((a) => [
      a.title,
      a.kind,
      a.command?.command ?? a.edit?.changes?.[PLAN_URI],
    ]),
    [
      ['Create the artifact hub folder plans/active/DEMO-001/reports/2026-02-01T000000Z/', CodeActionKind.QuickFix, Commands.createFolder],
      ['Mark A2 done [x]', CodeActionKind.RefactorRewrite, [{ range: range(7, 22, 7, 25), newText: '[x]' }]],
      ['Mark A2 in progress [P]', CodeActionKind.RefactorRewrite, [{ range: range(7, 22, 7, 25), newText: '[P]' }]],
      ['Mark A2 blocked [B]', CodeActionKind.RefactorRewrite, [{ range: range(7, 22, 7, 25), newText: '[B]' }]],
    ],
  );
});

test('an attempt out of sequence: renumber it to the number expected', async () => {
  const session = await memorySession({
    [LOOP_LEDGER]: joinLines(
      '### [DEMO-001] Demo initiative',
      '- Attempts History:',
      '  * [2026-01-01] Attempt #1 — Result: one.',
      '  * [2026-01-02] Attempt #3 — Result: two.',
    ),
  });
  const ledger = docAt(session, LOOP_LEDGER);
  const d = diagnostic(DiagnosticCodes.attemptSequence, range(3, 2, 3, 42), 'Attempt #3 follows #1 (expected #2)');
  assert.deepEqual(codeActions(session.index, session, ledger, range(3, 2, 3, 2), [d]), [
    {
      title: 'Renumber to Attempt #2',
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      edit: { changes: { 'file:///ws/docs/fix_plan.md': [{ range: range(3, 26, 3, 27), newText: '2' }] } },
    },
  ]);
});
