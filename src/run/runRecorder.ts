// Records every planloop task that ends — started from ▶, a lens, the palette or "Run Task" —
// and proposes the row state and ledger attempt from that evidence.
import * as vscode from 'vscode';
import { FinishRunRequest, StartRunRequest, type FinishRunResult, type RunPlan } from '../../server/protocol';
import { TASK_TYPE, type TaskOutcome } from './runTask';
import { finishRunParams } from './taskRunEnd';
import { applyRunOutcome, type ProposalDeps } from './applyRunOutcome';

export class RunRecorder implements vscode.Disposable {
  private readonly started = new Map<vscode.TaskExecution, { at: Date; marked: Promise<unknown> }>();
  private readonly cancelled = new Set<vscode.TaskExecution>();
  private readonly finished = new vscode.EventEmitter<{ plan: RunPlan; outcome: TaskOutcome; recordPath: string; notes: string[] }>();
  /** Fires after the server recorded the run and the update was proposed, with the server's notes (tests wait on it). */
  readonly onDidRecordRun = this.finished.event;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly deps: ProposalDeps) {
    this.disposables = [
      this.finished,
      vscode.tasks.onDidStartTaskProcess((e) => {
        if (e.execution.task.definition.type !== TASK_TYPE) return;
        const plan = (e.execution.task.definition as { runPlan?: RunPlan }).runPlan;
        // The server marks the hub as being written (.planloop-running), as `planloop run` does.
        const marked = plan
          ? this.deps.client.request(StartRunRequest, { plan }).catch((error: unknown) => String(error))
          : Promise.resolve();
        this.started.set(e.execution, { at: new Date(), marked });
      }),
      vscode.tasks.onDidEndTaskProcess((e) => void this.record(e.execution, e.exitCode)),
    ];
  }

  /** Whether a planloop task for this row is running now. */
  isRunning(rowId: string): boolean {
    return [...this.started.keys()].some((e) => (e.task.definition as { runPlan?: RunPlan }).runPlan?.rowId === rowId);
  }

  markCancelled(execution: vscode.TaskExecution): void {
    this.cancelled.add(execution);
  }

  private async record(execution: vscode.TaskExecution, exitCode: number | undefined): Promise<void> {
    const plan = (execution.task.definition as { runPlan?: RunPlan }).runPlan;
    const start = this.started.get(execution);
    if (execution.task.definition.type !== TASK_TYPE || !plan || !start) return;
    this.started.delete(execution);
    const startedAt = start.at;
    const outcome: TaskOutcome = {
      exitCode,
      startedAt,
      durationMs: Date.now() - startedAt.getTime(),
      cancelled: this.cancelled.delete(execution),
    };
    try {
      this.deps.output.info(`${plan.rowId} finished: exit ${exitCode ?? '?'} in ${(outcome.durationMs / 1000).toFixed(1)} s`);
      await start.marked;
      const finish = () => this.deps.client.request(FinishRunRequest, finishRunParams(plan, outcome));
      // The core's wording: `passed`, `failed (exit 1)`, a red step's `failed as expected (exit 1)`.
      const summaryOf = (result: FinishRunResult): string => {
        const summary = outcome.cancelled ? `${plan.rowId} was interrupted` : `${plan.rowId} ${result.result ?? `exit ${exitCode ?? '?'}`}`;
        this.deps.output.info(summary);
        return summary;
      };
      const { recordPath, notes } = await applyRunOutcome(this.deps, finish, summaryOf);
      if (!recordPath) throw new Error(notes.join(' ') || 'the server wrote no record');
      this.finished.fire({ plan, outcome, recordPath, notes });
    } catch (error) {
      this.deps.output.error(`Recording ${plan.rowId} failed: ${String(error)}`);
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
