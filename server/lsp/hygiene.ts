// Hygiene requests: leftover outputs and a hub folder check, from core/hygiene.
import type { Connection } from 'vscode-languageserver';
import { CheckHubRequest, StrayOutputsRequest, type StrayOutputsResult } from '../protocol';
import { checkHubPath, findStrayOutputs } from '../core/check/hygiene';
import type { Session } from './session';

export function strayOutputs(session: Session, now: Date): StrayOutputsResult {
  const report = findStrayOutputs(session.index, now);
  return {
    strays: report.strays.map((s) => ({ ...s, uri: session.toUri(s.path) })),
    hub: report.hub,
    notes: [...report.notes],
  };
}

export function registerHygieneRequests(connection: Connection, session: () => Session | undefined): void {
  connection.onRequest(StrayOutputsRequest.method, (...args: unknown[]) => {
    const s = session();
    const token = args.find(
      (a): a is { isCancellationRequested: boolean } => typeof a === 'object' && a !== null && 'isCancellationRequested' in a,
    );
    if (!s || token?.isCancellationRequested) return { strays: [], notes: [] };
    return strayOutputs(s, new Date());
  });
  connection.onRequest(CheckHubRequest, (params, token) => {
    const s = session();
    if (!s || token.isCancellationRequested) return { error: 'cancelled' };
    return { error: checkHubPath(s.index.fs, s.index.root, params.hub) };
  });
}
