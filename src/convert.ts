// Wire ranges and locations (server/protocol.ts) to VS Code ranges and open commands.
import * as vscode from 'vscode';
import type { WireLocation, WireRange } from '../server/protocol';

export function toRange(range: WireRange): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/** The command that opens a wire location with its range selected. */
export function openLocation(location: WireLocation, title = 'Open'): vscode.Command {
  return { command: 'vscode.open', title, arguments: [vscode.Uri.parse(location.uri), { selection: toRange(location.range) }] };
}
