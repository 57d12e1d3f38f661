// Wire ranges (server/protocol.ts) to VS Code ranges.
import * as vscode from 'vscode';
import type { WireRange } from '../server/protocol';

export function toRange(range: WireRange): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}
