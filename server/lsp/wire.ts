// Core answers in LSP shapes: offsets become line/character ranges, workspace-relative paths
// become URIs, and core TextEdits become one WorkspaceEdit. Shared by every feature file.
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { IndexedDocument, WorkspaceIndex } from '../core/index/workspace';
import type { TextEdit as CoreEdit } from '../core/model/model';
import type { SyncResult } from '../core/run/sync';
import type { WireLocation, WireRange } from '../protocol';

export interface UriMapper {
  toPath(uri: string): string | undefined; // workspace-relative
  toUri(path: string): string;
}

/** The start of a 1-based line of a file (a line before the first is the first). */
export function lineLocation(uri: string, line: number): WireLocation {
  const l = Math.max(0, line - 1);
  return { uri, range: { start: { line: l, character: 0 }, end: { line: l, character: 0 } } };
}

export function rangeOf(doc: IndexedDocument, start: number, end: number): WireRange {
  return { start: doc.lines.positionAt(start), end: doc.lines.positionAt(end) };
}

export function coreEditsToWorkspaceEdit(doc: IndexedDocument, edits: readonly CoreEdit[], uris: UriMapper): WorkspaceEdit {
  return { changes: { [uris.toUri(doc.path)]: edits.map((e) => ({ range: rangeOf(doc, e.start, e.end), newText: e.newText })) } };
}

/** The edits of a sync (rows and ledger, several files) as one WorkspaceEdit; undefined when there are none. */
export function syncToWorkspaceEdit(index: WorkspaceIndex, uris: UriMapper, result: SyncResult): WorkspaceEdit | undefined {
  const changes: Record<string, TextEdit[]> = {};
  for (const file of result.files) {
    const doc = index.get(file.path);
    if (!doc || !file.edits.length) continue;
    changes[uris.toUri(file.path)] = file.edits.map((e) => ({ range: rangeOf(doc, e.start, e.end), newText: e.newText }));
  }
  return Object.keys(changes).length ? { changes } : undefined;
}
