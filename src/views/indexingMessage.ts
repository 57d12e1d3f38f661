// While the server's first walk of the workspace runs, the views say "Indexing… N of M files"
// (TreeView.message, which also hides the views' welcome text). Which welcome text a view shows
// once the message is gone comes from the answer it got (viewState.ts), so an index that is still
// being read is never shown as an empty workspace.
import * as vscode from 'vscode';
import { IndexProgressNotification, type IndexProgress } from '../../server/protocol';
import type { PlanLoopClient } from '../planLoopClient';
import type { RootServed } from './rootServed';

export class IndexingMessage implements vscode.Disposable {
  private readonly views: Array<{ view: vscode.TreeView<unknown>; root?: RootServed }> = [];
  private readonly disposables: vscode.Disposable[] = [];
  private message: string | undefined;
  /** Counts reports, so a walk that starts again before the views loaded keeps its message. */
  private reports = 0;
  private readonly changed = new vscode.EventEmitter<IndexProgress>();
  /** Fires on each progress report from the server (for tests). */
  readonly onDidReport = this.changed.event;

  /** `loaded`: settles when the views hold data from the complete index (the message stays until then). */
  constructor(
    client: PlanLoopClient,
    private readonly loaded: () => Promise<unknown> = () => Promise.resolve(),
  ) {
    this.disposables.push(this.changed);
    // Without a folder there is no walk; otherwise the server has not started yet: indexing is ahead.
    this.show(vscode.workspace.workspaceFolders?.length ? 'Indexing…' : undefined);
    this.disposables.push(
      client.languageClient.onNotification(IndexProgressNotification, (progress) => {
        if (progress.done) {
          // The views' answers follow the last report by a turn: cleared before they arrive, the
          // message would uncover the welcome text ("No loop files found") for a moment.
          const settled = (): void => {
            if (this.reports === seen) this.clear(seen);
          };
          const seen = ++this.reports;
          void this.loaded().then(settled, settled);
        } else {
          this.reports++;
          this.show(`Indexing… ${count(progress.indexed)}${progress.found > progress.indexed ? ` of ${count(progress.found)}` : ''} files`);
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
