// Plan Loop: Show Progress — one webview panel per initiative (rows by state, rows done over time
// from the loop history, attempts over time), re-rendered when the index changes or the history
// has been read while it is open. The page has no scripts.
import * as vscode from 'vscode';
import { randomBytes } from 'node:crypto';
import {
  DoneOverTimeRequest,
  LedgerTreeRequest,
  PlanRowsRequest,
  PlanTreeRequest,
  type LedgerTreeResult,
  type PlanTreeResult,
  type TreeRow,
} from '../../server/protocol';
import type { PlanLoopClient } from '../planLoopClient';
import { debounce } from '../planLoopClient';
import { buildProgress, type ProgressModel } from './progressModel';
import { renderProgressHtml } from './progressHtml';

const PROGRESS_VIEW_TYPE = 'planloop.progress';

export class ProgressPanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  private readonly disposables: vscode.Disposable[] = [];

  /** `onDidReadHistory`: the loop history is up to HEAD (rows done over time may have changed). */
  constructor(
    private readonly client: PlanLoopClient,
    onDidReadHistory?: vscode.Event<void>,
  ) {
    const rerender = debounce(() => {
      for (const [id, panel] of this.panels) void this.render(id, panel);
    }, 300);
    this.disposables.push({ dispose: rerender.dispose }, client.onDidChangeIndex(rerender));
    if (onDidReadHistory) this.disposables.push(onDidReadHistory(rerender));
  }

  /** Opens (or reveals) the panel of an initiative; asks which one when none is given. */
  async show(initiativeId?: string): Promise<ProgressModel | undefined> {
    const id = initiativeId ?? (await this.pick());
    if (!id) return undefined;
    let panel = this.panels.get(id);
    if (panel) {
      panel.reveal();
    } else {
      panel = vscode.window.createWebviewPanel(PROGRESS_VIEW_TYPE, `Progress: ${id}`, vscode.ViewColumn.Active, {
        enableScripts: false,
        localResourceRoots: [],
      });
      this.panels.set(id, panel);
      const opened = panel;
      opened.onDidDispose(() => {
        if (this.panels.get(id) === opened) this.panels.delete(id);
      });
    }
    return this.render(id, panel);
  }

  /** The two trees the picture and the picker read. */
  private trees(): Promise<[PlanTreeResult, LedgerTreeResult]> {
    return Promise.all([this.client.request(PlanTreeRequest), this.client.request(LedgerTreeRequest)]);
  }

  private async model(id: string): Promise<ProgressModel> {
    // From the history already read (the first ask starts reading it; its end redraws the panel).
    const done = this.client.request(DoneOverTimeRequest, { initiative: id });
    const [plans, ledger] = await this.trees();
    const initiative = plans.initiatives.find((i) => i.id === id);
    // Only this initiative's plans: their rows, asked for together.
    const rows = new Map<string, TreeRow[][]>();
    await Promise.all(
      (initiative?.plans ?? []).map(async (plan) => {
        const answer = await this.client.request(PlanRowsRequest, { uri: plan.uri });
        if (answer) rows.set(plan.uri, answer.phases);
      }),
    );
    const ledgerEntry = ledger.groups.flatMap((g) => g.initiatives).find((i) => i.id === id);
    return buildProgress(id, initiative, rows, ledgerEntry, (await done).points);
  }

  private async render(id: string, panel: vscode.WebviewPanel): Promise<ProgressModel> {
    const model = await this.model(id);
    panel.webview.html = renderProgressHtml(model, { cspSource: panel.webview.cspSource, nonce: randomBytes(16).toString('base64') });
    return model;
  }

  private async pick(): Promise<string | undefined> {
    const [plans, ledger] = await this.trees();
    const items = new Map<string, vscode.QuickPickItem>();
    for (const i of plans.initiatives) items.set(i.id, { label: i.id, description: i.title, detail: i.status });
    for (const i of ledger.groups.flatMap((g) => g.initiatives))
      if (i.id && !items.has(i.id)) items.set(i.id, { label: i.id, description: i.title, detail: i.status });
    if (items.size === 0) {
      void vscode.window.showInformationMessage('Plan Loop: no initiatives found in the plans or the ledger.');
      return undefined;
    }
    return (await vscode.window.showQuickPick([...items.values()], { title: 'Show Progress', placeHolder: 'Initiative' }))?.label;
  }

  /** Initiatives with an open panel (for tests). */
  openInitiatives(): string[] {
    return [...this.panels.keys()];
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
    this.panels.clear();
    for (const d of this.disposables) d.dispose();
  }
}

/** The initiative ID in a command argument: a string, or a Plans/Ledger tree node. */
export function initiativeIdFrom(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object' && 'initiative' in arg) {
    const initiative = (arg as { initiative?: { id?: unknown } }).initiative;
    if (typeof initiative?.id === 'string' && initiative.id) return initiative.id;
  }
  return undefined;
}
