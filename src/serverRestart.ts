// When the language server process dies, restart it with growing delays (1 s, 2 s, 4 s … 30 s)
// and tell the user once; after 5 crashes in 3 minutes, stop and say how to recover.
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClient,
} from 'vscode-languageclient/node';

const WINDOW_MS = 3 * 60_000;
const MAX_CRASHES = 5;

export class RestartWithBackoff implements ErrorHandler, vscode.Disposable {
  private crashes: number[] = [];
  private notified = false;
  private timer: NodeJS.Timeout | undefined;
  private client: LanguageClient | undefined;
  private stopping = false;

  constructor(private readonly output: vscode.LogOutputChannel) {}

  attach(client: LanguageClient): void {
    this.client = client;
  }

  error(): ErrorHandlerResult {
    return { action: ErrorAction.Continue, handled: true };
  }

  closed(): CloseHandlerResult {
    if (this.stopping || !this.client) return { action: CloseAction.DoNotRestart, handled: true };
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < WINDOW_MS), now];
    if (this.crashes.length > MAX_CRASHES) {
      this.output.error(`The Plan Loop server stopped ${this.crashes.length} times in 3 minutes; not restarting.`);
      void vscode.window
        .showErrorMessage(
          'Plan Loop: the language server keeps stopping, so it was not restarted. See Plan Loop output, then run "Developer: Reload Window".',
          'Show Output',
        )
        .then((choice) => {
          if (choice) this.output.show();
        });
      return { action: CloseAction.DoNotRestart, handled: true };
    }
    const delay = Math.min(30_000, 1000 * 2 ** (this.crashes.length - 1));
    this.output.warn(`The Plan Loop server stopped; restarting in ${delay / 1000} s.`);
    if (!this.notified) {
      this.notified = true;
      void vscode.window
        .showWarningMessage('Plan Loop: the language server stopped and is being restarted.', 'Show Output')
        .then((choice) => {
          if (choice) this.output.show();
        });
    }
    const client = this.client;
    this.timer = setTimeout(() => {
      client.start().catch((error: unknown) => this.output.error(`Restarting the Plan Loop server failed: ${String(error)}`));
    }, delay);
    return { action: CloseAction.DoNotRestart, handled: true };
  }

  dispose(): void {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
