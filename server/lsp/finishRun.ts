// planloop/startRun and planloop/finishRun: an editor run's hub files, written by the server the
// way `planloop run` writes them (core runRecord over the Node hub port): the running marker while
// the task runs, then the record and blocker.md; the answer is the update the record supports,
// computed from the record in hand (no read back from disk).
import { writeRefusal } from '../core/index/fileSystem';
import { endRun, judgeRun, markRunning, runFilesOf, type HubPort, type RunEnd } from '../core/run/runRecord';
import { planRunOutcome } from '../core/run/sync';
import { nodeHubPort } from '../host/nodeHubPort';
import type { FinishRunParams, FinishRunResult, RunPlan } from '../protocol';
import type { Session } from './session';
import { syncToWorkspaceEdit } from './wire';

/** Why the run's files may not be written (a hub outside the workspace, a planted link), or undefined. */
function refusal(session: Session, plan: RunPlan): string | undefined {
  const { fs, root } = session.index;
  for (const path of [plan.hubDir, plan.logFile, ...runFilesOf(plan)]) {
    const refused = writeRefusal(fs, root, path);
    if (refused) return refused;
  }
  return undefined;
}

export async function startRun(
  session: Session,
  plan: RunPlan,
  port: HubPort = nodeHubPort(session.index.root),
): Promise<{ error?: string }> {
  const refused = refusal(session, plan);
  if (refused) return { error: refused };
  await markRunning(port, plan, { pid: process.pid });
  return {};
}

/** The run's end in the core's terms. */
export function runEndOf(params: FinishRunParams): RunEnd {
  return { startedAt: new Date(params.startedAt), durationMs: params.durationMs, exitCode: params.exitCode, stoppedBy: params.stoppedBy };
}

export async function finishRun(
  session: Session,
  params: FinishRunParams,
  port: HubPort = nodeHubPort(session.index.root),
): Promise<FinishRunResult> {
  const { plan } = params;
  const refused = refusal(session, plan);
  if (refused) return { notes: [refused] };
  const { recordPath, record } = await endRun(port, plan, runEndOf(params));
  // A run that just ended is new evidence even when its hub is shared with earlier runs.
  const result = planRunOutcome(session.index, { path: recordPath, record });
  return {
    recordPath,
    result: judgeRun(record).result,
    edit: syncToWorkspaceEdit(session.index, session, result),
    notes: [...result.notes],
    proposed: [...result.proposed],
  };
}
