// Registers the Plans view with its filters and "Reveal in Plan Loop".
import * as vscode from 'vscode';
import { Commands, type PlansViewCommandName } from '../../server/protocol';
import type { PlanLoopClient } from '../planLoopClient';
import { PlansTreeProvider, type PlansNode } from './plansTree';
import type { IndexingMessage } from './indexingMessage';

export function registerPlansView(
  context: vscode.ExtensionContext,
  client: PlanLoopClient,
  focusInitiative: () => string | undefined,
  indexing: IndexingMessage,
): PlansTreeProvider {
  // The description says the filters in force, then what discovery found per loop family.
  let found = '';
  const describe = (): void => {
    const filters = [provider.filter.hideDone ? 'hiding done' : '', provider.filter.initiativeId ?? ''].filter(Boolean).join(' · ');
    view.description = [filters && `(${filters})`, found].filter(Boolean).join(' ') || undefined;
  };
  const provider = new PlansTreeProvider(client, (data) => {
    found = data.partial ? `so far: ${data.found || 'nothing'}` : data.found;
    describe();
  });
  const view = vscode.window.createTreeView<PlansNode>('planloop.plans', { treeDataProvider: provider, showCollapseAll: true });
  indexing.attach(view, provider.root);
  const setContext = (key: string, value: boolean): Thenable<unknown> => vscode.commands.executeCommand('setContext', key, value);

  const applyFilter = async (filter: Partial<PlansTreeProvider['filter']>): Promise<void> => {
    provider.setFilter(filter);
    await setContext('planloop.hideDone', provider.filter.hideDone);
    await setContext('planloop.focusOnly', provider.filter.initiativeId !== undefined);
    describe();
  };

  // A Record over the protocol's Plans view commands: a new one is a compile error until handled.
  const handlers: Record<PlansViewCommandName, () => unknown> = {
    filterHideDone: () => applyFilter({ hideDone: true }),
    filterShowDone: () => applyFilter({ hideDone: false }),
    filterFocusInitiative: async () => {
      const id = focusInitiative();
      if (!id) {
        void vscode.window.showInformationMessage('Plan Loop: the handoff names no focus initiative.');
        return;
      }
      await applyFilter({ initiativeId: id });
    },
    filterAllInitiatives: () => applyFilter({ initiativeId: undefined }),
    revealInTree: async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      const node = await provider.findRow(editor.document.uri.toString(), editor.selection.active.line);
      if (node) await view.reveal(node, { select: true, focus: true, expand: true });
      else void vscode.window.showInformationMessage('Plan Loop: no plan row at the cursor.');
    },
  };
  context.subscriptions.push(provider, view);
  for (const [name, fn] of Object.entries(handlers))
    context.subscriptions.push(vscode.commands.registerCommand(Commands[name as PlansViewCommandName], fn));
  return provider;
}
