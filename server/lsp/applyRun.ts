// planloop/applyRun: the row state and ledger attempt one run record supports, through core planRunOutcome.
import { planRunOutcome } from '../core/run/sync';
import { parseRunRecord } from '../core/run/runRecord';
import { isInside, joinPath } from '../core/index/fileSystem';
import type { ApplyRunResult } from '../protocol';
import type { Session } from './session';
import { syncToWorkspaceEdit } from './wire';

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
  return { edit: syncToWorkspaceEdit(index, session, result), notes: [...result.notes] };
}
