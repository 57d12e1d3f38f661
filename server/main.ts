// Entry point of the Plan Loop language server (started by the client over IPC).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';

const connection = createConnection(ProposedFeatures.all);
startServer(connection);
connection.listen();
