// Edits as an editor sends them (ranged changes, several in one notification, whole-text
// replacements): the server takes a single ranged change as it was reported instead of comparing
// versions, and must end with the model a fresh read of the same text gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { startServer, type TestServer } from './lspClient';
import { tempWorkspace } from '../support/tempWorkspace';

const LEDGER = 'docs/fix_plan.md';

/** A server on a temp copy of the sample workspace (`text` as its ledger, when given), for `body`. */
async function withServer<T>(
  text: string | undefined,
  body: (server: TestServer, read: (rel: string) => string) => Promise<T>,
): Promise<T> {
  const ws = tempWorkspace();
  if (text !== undefined) ws.write(LEDGER, text);
  const server = await startServer(ws.root);
  try {
    await server.indexed();
    return await body(server, ws.read);
  } finally {
    await server.stop();
    ws.dispose();
  }
}

/** The answers that show the model: outline, folds and lenses (URIs without the workspace folder). */
async function answers(s: TestServer): Promise<unknown> {
  const textDocument = { uri: s.uri(LEDGER) };
  const all = await Promise.all(
    ['textDocument/documentSymbol', 'textDocument/foldingRange', 'textDocument/codeLens'].map((m) =>
      s.connection.sendRequest(m, { textDocument }),
    ),
  );
  return JSON.parse(JSON.stringify(all).split(s.uri('')).join('')) as unknown;
}

test('ranged edits leave the model a fresh read of the same text gives', async () => {
  let doc: TextDocument | undefined;
  const edited = await withServer(undefined, (server, read) => {
    doc = TextDocument.create(server.uri(LEDGER), 'markdown', 1, read(LEDGER));
    return typeInto(server, doc, (next) => (doc = next));
  });
  // The same text read from disk by a server that never saw the edits.
  const expected = await withServer(doc!.getText(), answers);
  assert.deepEqual(edited, expected);
});

/** Sends the edits, then answers for the edited buffer. */
async function typeInto(server: TestServer, first: TextDocument, changed: (doc: TextDocument) => void): Promise<unknown> {
  const uri = first.uri;
  let doc = first;
  await server.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'markdown', version: 1, text: doc.getText() },
  });
  const at = (needle: string, skip = 0) => {
    const offset = doc.getText().indexOf(needle);
    assert.ok(offset >= 0, `${needle} is in the ledger`);
    return doc.positionAt(offset + skip);
  };
  const send = async (contentChanges: TextDocumentContentChangeEvent[]) => {
    doc = TextDocument.update(doc, contentChanges, doc.version + 1);
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: doc.version }, contentChanges });
  };
  // A key typed into an attempt; a replacement that keeps some of what it replaced; a line joined
  // to the next; a new line before a heading; two changes in one notification; a deletion to the end.
  await send([{ range: { start: at('Attempt #2'), end: at('Attempt #2') }, text: 'x' }]);
  await send([{ range: { start: at('Status:'), end: at('Status:', 7) }, text: 'Status: ' }]);
  const firstBreak = at('\n');
  await send([{ range: { start: firstBreak, end: { line: firstBreak.line + 1, character: 0 } }, text: ' ' }]);
  await send([{ range: { start: at('### ['), end: at('### [') }, text: '\n' }]);
  await send([
    { range: { start: at('Attempt #1'), end: at('Attempt #1', 7) }, text: 'Try' },
    { range: { start: at('- Priority'), end: at('- Priority') }, text: '- Owner: someone\n' },
  ]);
  const end = doc.positionAt(doc.getText().length);
  await send([{ range: { start: { line: end.line - 2, character: 0 }, end }, text: '' }]);
  await server.sync();
  changed(doc);
  return answers(server);
}
