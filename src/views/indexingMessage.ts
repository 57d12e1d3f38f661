// While the server's first walk of the workspace runs, the views say "Indexing… N of M files"
// (TreeView.message, which also hides the views' welcome text). Which welcome text a view shows
// once the message is gone comes from the answer it got (viewState.ts), so an index that is still
// being read is never shown as an empty workspace.
//
// VS Code passes a tree view's message changes and refreshes through one debounce (200 ms in
// extHostTreeViews.ts, restarted by each change): a message that changed with every report (ten a
// second) held back the Plans view's refresh until the walk had ended, so the plans read so far
// never showed. Reports are applied at most once per APPLY_MS (longer than that debounce), the
// Plans view's refresh first, so each refresh goes out at once.
import * as vscode from 'vscode';
import { IndexProgressNotification, type IndexProgress } from '../../server/protocol';
import { leadingThrottle, type PlanLoopClient } from '../planLoopClient';
import type { RootServed } from './rootServed';

/** Longer than VS Code's 200 ms debounce of a tree view's changes, so a refresh after a message is not held back. */
const APPLY_MS = 250;

export class IndexingMessage implements vscode.Disposable {
  private readonly views: Array<{ view: vscode.TreeView<unknown>; root?: RootServed }> = [];
  private readonly disposables: vscode.Disposable[] = [];
  private message: string | undefined;
  /** Counts reports, so a walk that starts again before the views loaded keeps its message. */
  private reports = 0;
  private readonly changed = new vscode.EventEmitter<IndexProgress>();
  /** Fires on each progress report from the server (for tests). */
  readonly onDidReport = this.changed.event;

  /** The last report of the walk running now, applied at most once per APPLY_MS. */
  private latest: IndexProgress | undefined;
  private readonly applySoon = leadingThrottle(() => this.apply(), APPLY_MS);

  /**
   * `loaded`: settles when the views hold data from the complete index (the message stays until
   * then). `progressed`: told each report as it is applied, before the message changes (the Plans
   * view asks for the plans read so far).
   */
  constructor(
    client: PlanLoopClient,
    private readonly loaded: () => Promise<unknown> = () => Promise.resolve(),
    private readonly progressed: (progress: IndexProgress) => void = () => undefined,
  ) {
    this.disposables.push(this.changed, { dispose: this.applySoon.dispose });
    // Without a folder there is no walk; otherwise the server has not started yet: indexing is ahead.
    this.show(vscode.workspace.workspaceFolders?.length ? 'Indexing…' : undefined);
    this.disposables.push(
      client.languageClient.onNotification(IndexProgressNotification, (progress) => {
        if (progress.done) {
          // A report still waiting would put the count back after the message cleared.
          this.applySoon.dispose();
          this.latest = undefined;
          // The views' answers follow the last report by a turn: cleared before they arrive, the
          // message would uncover the welcome text ("No loop files found") for a moment.
          const settled = (): void => {
            if (this.reports === seen) this.clear(seen);
          };
          const seen = ++this.reports;
          void this.loaded().then(settled, settled);
        } else {
          this.reports++;
          this.latest = progress;
          this.applySoon();
        }
        this.changed.fire(progress);
      }),
    );
    // A server that never started never reports: say nothing rather than "Indexing…" for ever.
    void client.ready.catch(() => {
      this.show(undefined);
      void vscode.commands.executeCommand('setContext', 'planloop.serverFailed', true);
    });
  }

  private apply(): void {
    const progress = this.latest;
    if (!progress) return;
    this.progressed(progress);
    this.show(`Indexing… ${count(progress.indexed)}${progress.found > progress.indexed ? ` of ${count(progress.found)}` : ''} files`);
  }

  /** Shows the current message on a view (and later ones); `root`: when its rows were handed over. */
  attach<T>(view: vscode.TreeView<T>, root?: RootServed): void {
    this.views.push({ view: view as vscode.TreeView<unknown>, root });
    view.message = this.message;
  }

  /** The message the views show now (undefined once indexed). */
  get current(): string | undefined {
    return this.message;
  }

  private show(message: string | undefined): void {
    this.message = message;
    for (const { view } of this.views) view.message = message;
  }

  /**
   * The index is complete and the views' data has arrived: each visible view keeps its message
   * until it has handed its rows to the workbench, so it never stands empty in between.
   */
  private clear(seen: number): void {
    this.message = undefined;
    for (const { view, root } of this.views) {
      if (!root || root.served || !view.visible) view.message = undefined;
      else {
        const served = root.onDidServe(() => {
          served.dispose();
          if (this.reports === seen) view.message = undefined;
        });
        this.disposables.push(served);
      }
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
