// Ledger view: initiatives grouped by normalized status → attempts (newest first) → artifact links.
import * as vscode from 'vscode';
import {
  LedgerTreeRequest,
  type InitiativeStatus,
  type LedgerTreeResult,
  type TreeAttempt,
  type TreeLedgerInitiative,
} from '../../server/protocol';
import type { PlanLoopClient } from '../planLoopClient';
import { statusIcon } from './stateIcons';
import { openLocation } from '../convert';
import { settledLoad } from './settledLoad';
import { setViewState } from './viewState';
import { RootServed } from './rootServed';

export type LedgerNode =
  | { kind: 'group'; status: InitiativeStatus; active: boolean; initiatives: TreeLedgerInitiative[] }
  | { kind: 'initiative'; initiative: TreeLedgerInitiative }
  | { kind: 'attempt'; attempt: TreeAttempt }
  | { kind: 'artifact'; artifact: TreeAttempt['artifacts'][number] };

export class LedgerTreeProvider implements vscode.TreeDataProvider<LedgerNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<LedgerNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  /** When the top-level children were last handed to the workbench. */
  readonly root = new RootServed();
  private data: Promise<LedgerTreeResult> | undefined;

  constructor(private readonly client: PlanLoopClient) {}

  refresh(): void {
    this.root.reset();
    this.data = undefined;
    this.emitter.fire(undefined);
  }

  load(): Promise<LedgerTreeResult> {
    this.data ??= this.client.request(LedgerTreeRequest).then(async (data) => {
      await setViewState('planloop.ledgerState', data.groups.length ? 'filled' : 'empty');
      return data;
    });
    return this.data;
  }

  async getChildren(node?: LedgerNode): Promise<LedgerNode[]> {
    if (!node) {
      const data = await settledLoad(() => this.load());
      // The server sends the groups most urgent first.
      return this.root.mark(
        data.groups.map((g): LedgerNode => ({ kind: 'group', status: g.status, active: g.active, initiatives: g.initiatives })),
      );
    }
    if (node.kind === 'group') return node.initiatives.map((initiative) => ({ kind: 'initiative', initiative }));
    if (node.kind === 'initiative') return node.initiative.attempts.map((attempt) => ({ kind: 'attempt', attempt }));
    if (node.kind === 'attempt') return node.attempt.artifacts.map((artifact) => ({ kind: 'artifact', artifact }));
    return [];
  }

  getTreeItem(node: LedgerNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group': {
        const item = new vscode.TreeItem(
          node.status.replace('-', ' '),
          node.active ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
        );
        item.description = String(node.initiatives.length);
        item.iconPath = statusIcon(node.status);
        item.contextValue = 'statusGroup';
        item.id = `group:${node.status}`;
        return item;
      }
      case 'initiative': {
        const { initiative: i } = node;
        const item = new vscode.TreeItem(
          i.id || i.title,
          i.attempts.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.description = `${i.id ? i.title : ''}${i.attempts.length ? ` · ${i.attempts.length} attempts` : ''}`;
        item.tooltip = `${i.id} ${i.title}\nStatus: ${i.rawStatus ?? i.status}`;
        item.iconPath = statusIcon(i.status);
        item.contextValue = 'initiative';
        item.id = `ledger:${i.location.uri}#${i.id}:${i.location.range.start.line}`;
        item.command = openLocation(i.location);
        return item;
      }
      case 'attempt': {
        const { attempt: a } = node;
        const item = new vscode.TreeItem(
          a.label,
          a.artifacts.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.description = a.timestamp && !a.label.includes(a.timestamp) ? a.timestamp : undefined;
        item.tooltip = new vscode.MarkdownString().appendText(a.text);
        item.iconPath = new vscode.ThemeIcon('history');
        item.contextValue = 'attempt';
        item.command = openLocation(a.location);
        return item;
      }
      case 'artifact': {
        const { artifact } = node;
        const item = new vscode.TreeItem(
          artifact.path.split('/').filter(Boolean).pop() ?? artifact.path,
          vscode.TreeItemCollapsibleState.None,
        );
        item.description = artifact.exists ? undefined : 'missing';
        item.tooltip = artifact.path;
        item.iconPath = new vscode.ThemeIcon(
          artifact.exists ? 'file' : 'warning',
          artifact.exists ? undefined : new vscode.ThemeColor('problemsWarningIcon.foreground'),
        );
        if (artifact.uri && artifact.exists) {
          item.resourceUri = vscode.Uri.parse(artifact.uri);
          item.command = { command: 'vscode.open', title: 'Open Artifact', arguments: [vscode.Uri.parse(artifact.uri)] };
        }
        item.contextValue = 'artifact';
        return item;
      }
    }
  }

  dispose(): void {
    this.emitter.dispose();
    this.root.dispose();
  }
}
