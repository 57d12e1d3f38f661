// Questions that wait for the user (Apply / Review Changes). A notification hides itself into the
// notification centre after a while; the status-bar entry stays until every question is answered,
// so a proposal is never lost from sight. Clicking it opens the notification list.
import * as vscode from 'vscode';

export class PendingQuestions implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('planloop.pendingQuestions', vscode.StatusBarAlignment.Left, 49);
  private waiting = 0;

  constructor() {
    this.item.name = 'Plan Loop Updates Waiting';
    this.item.command = 'notifications.showList';
  }

  /** Shows the entry while `question` is unanswered. */
  async ask<T>(question: Thenable<T>): Promise<T> {
    this.waiting++;
    this.render();
    try {
      return await question;
    } finally {
      this.waiting--;
      this.render();
    }
  }

  get count(): number {
    return this.waiting;
  }

  private render(): void {
    if (this.waiting === 0) {
      this.item.hide();
      return;
    }
    this.item.text = `$(bell-dot) Plan Loop: ${this.waiting} ${this.waiting === 1 ? 'update waits' : 'updates wait'}`;
    this.item.tooltip = 'Plan Loop proposes row and ledger updates: open the notifications to Apply or Review Changes';
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
