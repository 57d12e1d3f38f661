// planloop/serverInfo: the server's version, process and what it has indexed.
import type { WorkspaceIndex } from '../core/index/workspace';
import type { ServerInfo } from '../protocol';

export const SERVER_VERSION = '0.1.0';

/** `index` undefined: no folder is open (or the request was cancelled). */
export function serverInfo(index: WorkspaceIndex | undefined): ServerInfo {
  return {
    version: SERVER_VERSION,
    pid: process.pid,
    indexedFiles: index?.all().length ?? 0,
    plans: index?.ofKind('plan').length ?? 0,
    ledgers: index?.ofKind('ledger').length ?? 0,
    handoffs: index?.ofKind('handoff').length ?? 0,
  };
}
