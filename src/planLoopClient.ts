// The client's only door to the server: typed requests from server/protocol.ts.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import { IndexChangedNotification } from '../server/protocol';

export class PlanLoopClient implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires (debounced by the views) when the server's index changed. */
  readonly onDidChangeIndex = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(
    readonly languageClient: LanguageClient,
    readonly ready: Promise<void>,
  ) {
    // Registered before the client runs (it may tell before start() settles). Nothing fires on
    // ready: the views' first requests wait for it, so a refresh then only made them ask twice.
    this.disposables.push(languageClient.onNotification(IndexChangedNotification, () => this.changed.fire()));
  }

  async request<R>(type: RequestType0<R, void>): Promise<R>;
  async request<P, R>(type: RequestType<P, R, void>, params: P): Promise<R>;
  async request<P, R>(type: RequestType0<R, void> | RequestType<P, R, void>, params?: P): Promise<R> {
    await this.ready;
    return params === undefined
      ? this.languageClient.sendRequest(type as RequestType0<R, void>)
      : this.languageClient.sendRequest(type as RequestType<P, R, void>, params);
  }

  /** Converts an LSP WorkspaceEdit from the server into a VS Code one. */
  asWorkspaceEdit(
    edit: Parameters<LanguageClient['protocol2CodeConverter']['asWorkspaceEdit']>[0],
  ): Promise<vscode.WorkspaceEdit | undefined> {
    return this.languageClient.protocol2CodeConverter.asWorkspaceEdit(edit);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Debounces a callback so bursts of file events cause one refresh. */
export function debounce(fn: () => void, ms: number): { (): void; dispose(): void } {
  let timer: NodeJS.Timeout | undefined;
  const call = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
  call.dispose = (): void => {
    if (timer) clearTimeout(timer);
  };
  return call;
}

/** Calls back at once, then at most once per `ms`: a call within the interval is answered at its end. */
export function leadingThrottle(fn: () => void, ms: number): { (): void; dispose(): void } {
  let timer: NodeJS.Timeout | undefined;
  let pending = false;
  const tick = (): void => {
    if (!pending) {
      timer = undefined;
      return;
    }
    pending = false;
    fn();
    timer = setTimeout(tick, ms);
  };
  const call = (): void => {
    if (timer) {
      pending = true;
      return;
    }
    fn();
    timer = setTimeout(tick, ms);
  };
  call.dispose = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    pending = false;
  };
  return call;
}
