// Commands receive a row from a tree item, a code lens, or nothing (palette: the row at the cursor).
import * as vscode from 'vscode';
import type { PlansNode } from '../views/plansTree';
import type { WireRange } from '../../server/protocol';

export interface RowRef {
  uri: string;
  rowId: string;
  /** 0-based line of the row, to tell apart rows that share an ID. */
  line?: number;
  range?: WireRange;
}

function isRowRef(value: unknown): value is RowRef {
  return (
    typeof value === 'object' && value !== null && typeof (value as RowRef).uri === 'string' && typeof (value as RowRef).rowId === 'string'
  );
}

/** Normalizes command arguments to a RowRef; falls back to the active editor's cursor line. */
export function rowRefFrom(arg: unknown): RowRef | undefined {
  if (isRowRef(arg)) return { ...arg, line: arg.line ?? arg.range?.start.line };
  const node = arg as PlansNode | undefined;
  if (node && typeof node === 'object' && 'kind' in node && node.kind === 'row') {
    return { uri: node.row.location.uri, rowId: node.row.id, line: node.row.location.range.start.line, range: node.row.location.range };
  }
  const editor = vscode.window.activeTextEditor;
  if (editor) return { uri: editor.document.uri.toString(), rowId: '', line: editor.selection.active.line };
  return undefined;
}
