// How a planloop task ended, in the core's terms (no vscode here, so unit tests run it as the editor does).
import type { RunEnd } from '../../server/core/run/runRecord';

export interface TaskOutcome {
  exitCode: number | undefined;
  startedAt: Date;
  durationMs: number;
  cancelled: boolean;
}

/** The task's exit code covers the whole script (pipefail); which command failed is read from the log. */
export function taskRunEnd(outcome: TaskOutcome): RunEnd {
  return {
    startedAt: outcome.startedAt,
    durationMs: outcome.durationMs,
    exitCode: outcome.exitCode ?? null,
    stoppedBy: outcome.cancelled ? 'the editor (Cancel)' : undefined,
  };
}
