// Go to a row: open its plan and select the row line.
import * as vscode from 'vscode';
import { toRange } from '../convert';
import type { RowRef } from './rowArgs';

export async function revealRow(ref: RowRef | undefined): Promise<void> {
  if (!ref) return;
  const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(ref.uri));
  const range = ref.range ? toRange(ref.range) : new vscode.Range(ref.line ?? 0, 0, ref.line ?? 0, 0);
  const line = document.lineAt(Math.min(range.start.line, document.lineCount - 1)).range;
  await vscode.window.showTextDocument(document, { selection: new vscode.Selection(line.start, line.start), preserveFocus: false });
}
