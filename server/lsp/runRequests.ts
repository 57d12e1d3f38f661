// Apply-run and Sync ledger: reconcile plan states, ledger attempts and run records through the
// core's planSync, and hand the result to the client as one WorkspaceEdit.
import type { Connection, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { ApplyRunRequest, SyncLedgerRequest, type ApplyRunResult } from '../protocol';
import { findRunRecords, planRunOutcome, planSync, type SyncResult } from '../core/run/sync';
import { parseRunRecord } from '../core/run/runRecord';
import { isInside, joinPath } from '../core/index/fileSystem';
import type { Session } from './session';
import { rangeOf } from './loopRequests';

export function toWorkspaceEdit(session: Session, result: SyncResult): WorkspaceEdit | undefined {
  const changes: Record<string, TextEdit[]> = {};
  for (const file of result.files) {
    const doc = session.index.get(file.path);
    if (!doc || !file.edits.length) continue;
    changes[session.toUri(file.path)] = file.edits.map((e) => ({ range: rangeOf(doc, e.start, e.end), newText: e.newText }));
  }
  return Object.keys(changes).length ? { changes } : undefined;
}

export function applyRun(session: Session, recordPath: string): ApplyRunResult {
  const index = session.index;
  const abs = joinPath(index.root, recordPath);
  if (recordPath.startsWith('/') || recordPath.startsWith('..') || !isInside(index.root, abs)) {
    return { notes: [`refused: ${recordPath} is outside the workspace`] };
  }
  const text = index.fs.readFile(abs);
  if (text === undefined) return { notes: [`${recordPath}: cannot be read`] };
  const parsed = parseRunRecord(text);
  if (!parsed.record) return { notes: [`${recordPath}: not a run record (${parsed.problem})`] };
  // A run that just ended is new evidence even when its hub is shared with earlier runs.
  const result = planRunOutcome(index, { path: recordPath, record: parsed.record });
  return { edit: toWorkspaceEdit(session, result), notes: [...result.notes] };
}

export function syncLedger(session: Session): ApplyRunResult {
  const notes: string[] = [];
  const records = findRunRecords(session.index, notes);
  const result = planSync(session.index, records);
  return { edit: toWorkspaceEdit(session, result), notes: [...notes, ...result.notes] };
}

export function registerRunRequests(connection: Connection, session: () => Session | undefined): void {
  connection.onRequest(ApplyRunRequest, (params, token) => {
    const s = session();
    if (token.isCancellationRequested) return { notes: ['cancelled'] };
    if (!s) return { notes: ['No workspace folder is open.'] };
    return applyRun(s, params.recordPath);
  });
  connection.onRequest(SyncLedgerRequest.method, (...args: unknown[]) => {
    const s = session();
    const token = args.find(
      (a): a is { isCancellationRequested: boolean } => typeof a === 'object' && a !== null && 'isCancellationRequested' in a,
    );
    if (token?.isCancellationRequested) return { notes: ['cancelled'] };
    if (!s) return { notes: ['No workspace folder is open.'] };
    return syncLedger(s);
  });
}
