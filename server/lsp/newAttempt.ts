// planloop/newAttemptEdit: a prefilled attempt (next number, the ledger's own style) and where it lands.
import type { WorkspaceEdit } from 'vscode-languageserver';
import type { WorkspaceIndex } from '../core/index/workspace';
import { appendAttempt } from '../core/edit/edits';
import type { NewAttemptParams, WireLocation } from '../protocol';
import { coreEditsToWorkspaceEdit, type UriMapper } from './wire';

export function newAttemptEdit(
  index: WorkspaceIndex,
  uris: UriMapper,
  params: NewAttemptParams,
  now: Date,
): { edit?: WorkspaceEdit; location?: WireLocation; error?: string } {
  const ledger = index.ledger();
  if (!ledger) return { error: index.noLedgerReason() };
  const id = params.initiativeId ?? index.handoff()?.model.focusInitiativeId;
  const initiative =
    ledger.model.initiatives.find((i) => i.id === id && i.shape !== 'roadmap') ??
    (id ? undefined : ledger.model.initiatives.find((i) => i.shape === 'sectioned'));
  if (!initiative)
    return {
      error: id
        ? `${ledger.path} has no entry for ${id}: add one (### [${id}] Title) first`
        : 'no initiative given and the handoff names no focus',
    };
  const edit = appendAttempt(ledger.text, initiative, {
    date: now,
    label: params.label ?? 'manual entry',
    result: 'pending — describe the result',
    details: 'Artifacts: …',
  });
  // Where the entry will be once applied: after the insertion point, on the new line(s).
  const startPos = ledger.lines.positionAt(edit.start);
  const lines = edit.newText.split(/\r?\n/);
  const endPos = {
    line: startPos.line + lines.length - 1,
    character: lines.length > 1 ? lines[lines.length - 1].length : startPos.character + edit.newText.length,
  };
  return {
    edit: coreEditsToWorkspaceEdit(ledger, [edit], uris),
    location: { uri: uris.toUri(ledger.path), range: { start: { line: startPos.line + 1, character: 0 }, end: endPos } },
  };
}
