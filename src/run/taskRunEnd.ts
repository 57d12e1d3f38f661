// How a planloop task ended, as the editor tells the server (no vscode here, so unit tests build it
// as the editor does).
import type { FinishRunParams, RunPlan } from '../../server/protocol';

export interface TaskOutcome {
  exitCode: number | undefined;
  startedAt: Date;
  durationMs: number;
  cancelled: boolean;
}

/** The task's exit code covers the whole script (pipefail); which command failed the server reads from the log. */
export function finishRunParams(plan: RunPlan, outcome: TaskOutcome): FinishRunParams {
  return {
    plan,
    exitCode: outcome.exitCode ?? null,
    startedAt: outcome.startedAt.toISOString(),
    durationMs: outcome.durationMs,
    stoppedBy: outcome.cancelled ? 'the editor (Cancel)' : undefined,
  };
}
