// Wires LSP features to the connection. Each feature lives in its own file.
import {
  type Connection,
  type DocumentSymbol,
  type InitializeResult,
  SymbolKind,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ServerInfoRequest, type ServerInfo } from '../protocol';

export const SERVER_VERSION = '0.1.0';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);

  connection.onInitialize((): InitializeResult => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      documentSymbolProvider: true,
    },
    serverInfo: { name: 'Plan Loop', version: SERVER_VERSION },
  }));

  connection.onRequest(ServerInfoRequest, (): ServerInfo => ({
    version: SERVER_VERSION,
    indexedFiles: documents.all().length,
    plans: 0,
    ledgers: 0,
    handoffs: 0,
  }));

  connection.onDocumentSymbol((params, token): DocumentSymbol[] => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || token.isCancellationRequested) return [];
    const symbols: DocumentSymbol[] = [];
    const lines = doc.getText().split(/\r?\n/);
    lines.forEach((line, i) => {
      const m = /^(#{1,6})\s+(.*)$/.exec(line);
      if (!m) return;
      const range = { start: { line: i, character: 0 }, end: { line: i, character: line.length } };
      symbols.push({ name: m[2], kind: SymbolKind.Namespace, range, selectionRange: range });
    });
    return symbols;
  });

  documents.listen(connection);
}
