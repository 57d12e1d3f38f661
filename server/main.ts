// Entry point of the Plan Loop language server. The client starts it over stdio; there the
// writer puts answers already encoded in parts on the wire as they are (encodedAnswer.ts).
import { format } from 'node:util';
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { encodedAnswerJson } from './lsp/encodedAnswer';
import { startServer } from './lsp/server';

const stdio = process.argv.includes('--stdio');
let shutdownReceived = false;
if (stdio) {
  // Standard output carries the protocol: anything a module prints goes to standard error.
  const toStderr = (...args: unknown[]): void => void process.stderr.write(`${format(...args)}\n`);
  console.log = console.info = console.debug = console.warn = toStderr;
  // The client closed the pipe: nothing can reach it any more (exit code 1 unless it asked for a shutdown first).
  const gone = (): never => process.exit(shutdownReceived ? 0 : 1);
  process.stdin.on('end', gone);
  process.stdin.on('close', gone);
}
const connection = stdio
  ? createConnection(
      ProposedFeatures.all,
      new StreamMessageReader(process.stdin),
      new StreamMessageWriter(process.stdout, { charset: 'utf-8', contentTypeEncoder: encodedAnswerJson }),
    )
  : createConnection(ProposedFeatures.all);
startServer(connection, { answersInParts: stdio, onShutdown: () => (shutdownReceived = true) });
connection.listen();
