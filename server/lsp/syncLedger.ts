// planloop/syncLedger: reconcile plan states, ledger attempts and run records (the same as
// `planloop sync`), handed to the client as one WorkspaceEdit.
import { findRunRecords, planSync } from '../core/run/sync';
import type { ApplyRunResult } from '../protocol';
import type { Session } from './session';
import { syncToWorkspaceEdit } from './wire';

export function syncLedger(session: Session): ApplyRunResult {
  const notes: string[] = [];
  const records = findRunRecords(session.index, notes);
  const result = planSync(session.index, records);
  return { edit: syncToWorkspaceEdit(session.index, session, result), notes: [...notes, ...result.notes], proposed: [...result.proposed] };
}
