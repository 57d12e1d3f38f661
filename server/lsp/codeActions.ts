// Quick fixes and row actions: set a row's state; fix a parent from its children; prefix a
// command with the CUDA mask; create a missing hub folder; renumber an attempt.
import { CodeActionKind, type CodeAction, type Diagnostic, type Range } from 'vscode-languageserver';
import type { IndexedDocument, WorkspaceIndex } from '../core/index/workspace';
import { setRowState } from '../core/edit/edits';
import { KIND_MARKERS, STATE_KINDS, markerFor, type StateKind } from '../core/model/states';
import { findCommands } from '../core/parse/commands';
import { coreEditsToWorkspaceEdit, rangeOf, type UriMapper } from './wire';
import { referenceFixes } from './referenceFixes';
import { Commands } from '../protocol';
import { DiagnosticCodes } from '../core/model/model';

/** Arguments of planloop.defineStateMarker: the client adds `marker → kind` to the workspace's planloop.states. */
export interface DefineStateMarkerArgs {
  readonly marker: string;
  readonly kind: StateKind;
}

export function codeActions(
  index: WorkspaceIndex,
  uris: UriMapper,
  doc: IndexedDocument,
  range: Range,
  diagnostics: readonly Diagnostic[],
): CodeAction[] {
  const actions: CodeAction[] = [];
  const start = doc.lines.offsetAt(range.start);
  const hit = index.rowAt(doc.path, start);

  for (const d of diagnostics) {
    if (d.source !== 'planloop') continue;
    const at = doc.lines.offsetAt(d.range.start);
    const row = index.rowAt(doc.path, at)?.row;
    if ((d.code === DiagnosticCodes.unknownState || d.code === DiagnosticCodes.parentOpenChildrenDone) && row) {
      const kinds: StateKind[] = d.code === DiagnosticCodes.parentOpenChildrenDone ? ['done'] : ['open', 'done', 'in-progress'];
      for (const kind of kinds) {
        // Each state as the file's loop family writes it (a Kiro spec's under way is `[-]`).
        const marker = markerFor(kind, doc.family);
        actions.push({
          title: `Set ${row.id} to ${marker} (${KIND_MARKERS[kind].label})`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: d.code === DiagnosticCodes.parentOpenChildrenDone,
          edit: coreEditsToWorkspaceEdit(doc, [setRowState(row, marker)], uris),
        });
      }
    }
    if (d.code === DiagnosticCodes.unknownState && row?.rawState) {
      // The plan's own word for a state: teach it to Plan Loop (workspace setting planloop.states).
      for (const kind of STATE_KINDS) {
        const args: DefineStateMarkerArgs = { marker: row.rawState, kind };
        actions.push({
          title: `Define '${row.rawState}' as ${KIND_MARKERS[kind].label} (planloop.states)`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          command: { title: 'Define state marker', command: Commands.defineStateMarker, arguments: [args] },
        });
      }
    }
    if (d.code === DiagnosticCodes.cudaUnmasked) {
      const mask = index.config.cudaMask;
      const command = findCommands(doc.text.slice(at, doc.lines.offsetAt(d.range.end)), at)[0];
      const insertAt = command?.span.start ?? at;
      actions.push({
        title: `Prefix the command with ${mask}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit: { changes: { [uris.toUri(doc.path)]: [{ range: rangeOf(doc, insertAt, insertAt), newText: `${mask} ` }] } },
      });
    }
    if (d.code === DiagnosticCodes.missingFile) {
      const path = (d.data as { path?: string } | undefined)?.path;
      if (path && /(?:^|\/)reports\/[^/]+\/?/.test(path) && (path.endsWith('/') || !/\.[A-Za-z0-9]+$/.test(path))) {
        actions.push({
          title: `Create the artifact hub folder ${path}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          command: { title: 'Create folder', command: Commands.createFolder, arguments: [{ path }] },
        });
      }
    }
    actions.push(...referenceFixes(uris, doc, d));
    if (d.code === DiagnosticCodes.attemptSequence || d.code === DiagnosticCodes.attemptDuplicate) {
      const expected = /expected #(\d+)/.exec(d.message)?.[1];
      const text = doc.text.slice(at, doc.lines.offsetAt(d.range.end));
      const m = /Attempts?\s+#(\d+)/.exec(text);
      if (expected && m) {
        const numberAt = at + m.index + m[0].length - m[1].length;
        actions.push({
          title: `Renumber to Attempt #${expected}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          edit: { changes: { [uris.toUri(doc.path)]: [{ range: rangeOf(doc, numberAt, numberAt + m[1].length), newText: expected }] } },
        });
      }
    }
  }

  if (hit?.row && doc.kind === 'plan') {
    for (const kind of ['open', 'done', 'in-progress', 'blocked'] as const) {
      const marker = markerFor(kind, doc.family);
      if (marker === hit.row.rawState) continue;
      actions.push({
        title: `Mark ${hit.row.id || 'row'} ${KIND_MARKERS[kind].label} ${marker}`,
        kind: CodeActionKind.RefactorRewrite,
        edit: coreEditsToWorkspaceEdit(doc, [setRowState(hit.row, marker)], uris),
      });
    }
  }
  return actions;
}
