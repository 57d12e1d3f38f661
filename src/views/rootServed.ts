// Tells when a view has handed its top-level children to the workbench, so the "Indexing…"
// message leaves a view only once its rows are on their way (cleared earlier, the view showed
// nothing at all while the workbench drew a large tree).
import * as vscode from 'vscode';

export class RootServed implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidServe = this.emitter.event;
  /** The root's children were served since the last refresh. */
  served = false;

  reset(): void {
    this.served = false;
  }

  /** Marks the root served and passes its children on. */
  mark<T>(children: T): T {
    this.served = true;
    // After the workbench has taken the children (it asks for their items in the same turn).
    setTimeout(() => this.emitter.fire(), 0);
    return children;
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
