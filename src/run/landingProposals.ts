// Evidence that lands without a run (a script, a teammate's terminal): the server proposes the
// row state and ledger attempt; this applies them per planloop.autoUpdate, or decorates the row.
import * as vscode from 'vscode';
import { EvidenceLandedNotification, LandingEditRequest, type EvidenceLandedParams } from '../../server/protocol';
import { serially } from './proposalQueue';
import type { PlansTreeProvider } from '../views/plansTree';
import type { RunRecorder } from './runRecorder';
import { applyProposal, reportLeftAsIs, type ProposalDeps } from './applyRunOutcome';

export class LandingProposals implements vscode.Disposable {
  private readonly handled = new vscode.EventEmitter<{ params: EvidenceLandedParams; applied: boolean }>();
  /** Fires after a landing was applied, declined or decorated (tests wait on it). */
  readonly onDidHandleLanding = this.handled.event;
  private readonly disposables: vscode.Disposable[] = [this.handled];

  constructor(private readonly deps: ProposalDeps & { plans: PlansTreeProvider; recorder: RunRecorder }) {
    void deps.client.ready.then(
      () => {
        this.disposables.push(deps.client.languageClient.onNotification(EvidenceLandedNotification, (params) => void this.handle(params)));
      },
      () => undefined,
    );
  }

  private async handle(params: EvidenceLandedParams): Promise<void> {
    // A row that is running now reports through its run record instead.
    if (params.rows.some((r) => this.deps.recorder.isRunning(r.rowId))) return;
    this.deps.output.info(`Evidence landed: ${params.summary}\n  ${params.rows.flatMap((r) => r.artifacts).join('\n  ')}`);
    const mode = this.deps.config.get().autoUpdate;
    let applied = false;
    try {
      if (mode === 'off') {
        for (const row of params.rows) this.deps.plans.markLanded(row.planUri, row.rowId, row.passed ? 'passed' : 'failed');
        reportLeftAsIs(params.summary);
      } else {
        applied = await serially(async () =>
          applyProposal(this.deps, await this.deps.client.request(LandingEditRequest, { id: params.id }), params.summary, mode === 'ask'),
        );
      }
    } catch (error) {
      this.deps.output.error(`Applying landed evidence failed: ${String(error)}`);
    }
    this.handled.fire({ params, applied });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
