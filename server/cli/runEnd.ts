// How a CLI run ended, in the core's terms (apart from run.ts, so unit tests run it without a process).
import type { RunEnd } from '../core/run/runRecord';

/** The CLI runs command by command, so it knows which one failed and which signal killed it. */
export function cliRunEnd(state: {
  startedAt: Date;
  durationMs: number;
  exitCode: number | null;
  stoppedBy?: string;
  signal?: string;
  failedCommand?: string;
  hostError?: string;
}): RunEnd {
  return { ...state };
}
