// While the server's first walk of the workspace runs, the views say "Indexing… N of M files"
// (TreeView.message, which also hides the views' welcome text) and the context key
// planloop.indexing holds the "No plans found" welcome entries back: an index that is still being
// read is not an empty workspace.
import * as vscode from 'vscode';
import { IndexProgressNotification, type IndexProgress } from '../../server/protocol';
import type { PlanLoopClient } from '../planLoopClient';

export class IndexingMessage implements vscode.Disposable {
  private readonly views: Array<vscode.TreeView<unknown>> = [];
  private readonly disposables: vscode.Disposable[] = [];
  private message: string | undefined;
  private indexing: boolean | undefined;
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
          // message would uncover the welcome text ("No plans found") for a moment.
          const settled = (): void => {
            if (this.reports === seen) this.show(undefined);
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
    void client.ready.catch(() => this.show(undefined));
  }

  /** Shows the current message on a view (and later ones). */
  attach<T>(view: vscode.TreeView<T>): void {
    this.views.push(view as vscode.TreeView<unknown>);
    view.message = this.message;
  }

  /** The message the views show now (undefined once indexed). */
  get current(): string | undefined {
    return this.message;
  }

  private show(message: string | undefined): void {
    this.message = message;
    for (const view of this.views) view.message = message;
    const indexing = message !== undefined;
    if (indexing === this.indexing) return;
    this.indexing = indexing;
    void vscode.commands.executeCommand('setContext', 'planloop.indexing', indexing);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
