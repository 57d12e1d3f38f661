// Status bar: the handoff's focus initiative and its row progress.
import * as vscode from 'vscode';
import type { PlansTreeProvider } from './views/plansTree';
import type { DoNowTreeProvider } from './views/doNowTree';

export class FocusStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('planloop.focus', vscode.StatusBarAlignment.Left, 50);

  constructor(
    private readonly plans: PlansTreeProvider,
    private readonly doNow: DoNowTreeProvider,
  ) {
    this.item.name = 'Plan Loop Focus';
    this.item.command = 'workbench.view.extension.planloop';
  }

  async update(): Promise<void> {
    try {
      const [tree, handoff] = await Promise.all([this.plans.load(), this.doNow.load()]);
      const focus = handoff.focusInitiativeId;
      const initiative = tree.initiatives.find((i) => i.id === focus);
      if (!focus) {
        this.item.hide();
        return;
      }
      if (tree.partial) {
        // The plans read so far may not hold the focus initiative's: no count is better than 0/0.
        this.item.text = `$(sync~spin) ${focus}`;
        this.item.tooltip = `Plan Loop focus: ${focus}\n${handoff.summary ?? ''}\nIndexing: its rows are still being counted`;
        this.item.accessibilityInformation = { label: `Plan Loop focus: ${focus}, indexing` };
      } else {
        const done = initiative?.plans.reduce((n, p) => n + p.done, 0) ?? 0;
        const total = initiative?.plans.reduce((n, p) => n + p.total, 0) ?? 0;
        this.item.text = `$(checklist) ${focus} ${done}/${total}`;
        this.item.tooltip = `Plan Loop focus: ${focus}\n${handoff.summary ?? ''}\nRows done: ${done}/${total}`;
        this.item.accessibilityInformation = { label: `Plan Loop focus: ${focus}, ${done} of ${total} rows done` };
      }
      this.item.show();
    } catch {
      this.item.hide();
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
