// Apply-run and sync requests: reconcile plan states, ledger attempts and run records.
import type { Connection } from 'vscode-languageserver';
import { ApplyRunRequest, SyncLedgerRequest, type ApplyRunResult } from '../protocol';
import type { Session } from './session';

export function registerRunRequests(connection: Connection, session: () => Session | undefined): void {
  const unavailable = (): ApplyRunResult => ({ notes: session() ? ['Reconciling runs is not available yet.'] : ['No workspace folder is open.'] });
  connection.onRequest(ApplyRunRequest, () => unavailable());
  connection.onRequest(SyncLedgerRequest, () => unavailable());
}
