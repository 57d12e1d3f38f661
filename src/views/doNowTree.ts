// Do Now view: the handoff's items linked to their rows, its mapped tests, and its expected artifacts.
import * as vscode from 'vscode';
import { Commands, DoNowRequest, type DoNowEntry, type DoNowResult, type DoNowRow } from '../../server/protocol';
import type { PlanLoopClient } from '../planLoopClient';
import type { Config } from '../config';
import { rowStateIcon, STATE_LABELS } from './stateIcons';
import { openLocation } from '../convert';
import { settledLoad } from './settledLoad';
import { setViewState } from './viewState';
import { RootServed } from './rootServed';

export type DoNowNode =
  | { kind: 'item'; item: DoNowEntry; index: number }
  | { kind: 'row'; row: DoNowRow }
  | { kind: 'initiative'; initiative: NonNullable<DoNowEntry['initiative']> }
  | { kind: 'plan'; plan: NonNullable<DoNowEntry['initiative']>['plans'][number] }
  | { kind: 'mappedTests'; tests: string[] }
  | { kind: 'test'; test: string }
  | { kind: 'artifacts'; artifacts: DoNowResult['artifacts'] }
  | { kind: 'artifact'; artifact: DoNowResult['artifacts'][number] };

export class DoNowTreeProvider implements vscode.TreeDataProvider<DoNowNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<DoNowNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  /** When the top-level children were last handed to the workbench. */
  readonly root = new RootServed();
  private data: Promise<DoNowResult> | undefined;

  constructor(
    private readonly client: PlanLoopClient,
    private readonly config: Config,
  ) {}

  refresh(): void {
    this.root.reset();
    this.data = undefined;
    this.emitter.fire(undefined);
  }

  load(): Promise<DoNowResult> {
    this.data ??= this.client.request(DoNowRequest).then(async (data) => {
      // Picks the view's welcome text: no handoff, or a handoff with nothing to do.
      const empty = !data.items.length && !data.mappedTests.length && !data.artifacts.length;
      await setViewState('planloop.handoffState', !data.handoffUri ? 'missing' : empty ? 'empty' : 'filled');
      return data;
    });
    return this.data;
  }

  async getChildren(node?: DoNowNode): Promise<DoNowNode[]> {
    if (!node) {
      const data = await settledLoad(() => this.load());
      const nodes: DoNowNode[] = data.items.map((item, index) => ({ kind: 'item', item, index }));
      if (data.mappedTests.length) nodes.push({ kind: 'mappedTests', tests: data.mappedTests });
      if (data.artifacts.length) nodes.push({ kind: 'artifacts', artifacts: data.artifacts });
      return this.root.mark(nodes);
    }
    if (node.kind === 'item') {
      const rows: DoNowNode[] = node.item.rows.map((row) => ({ kind: 'row', row }));
      // The initiative the item points at: always for a ledger anchor, else when the item names no rows.
      const initiative = node.item.initiative;
      if (initiative && (initiative.via === 'anchor' || rows.length === 0)) rows.push({ kind: 'initiative', initiative });
      return rows;
    }
    if (node.kind === 'initiative') return node.initiative.plans.map((plan) => ({ kind: 'plan', plan }));
    if (node.kind === 'plan') return node.plan.openRows.map((row) => ({ kind: 'row', row }));
    if (node.kind === 'mappedTests') return node.tests.map((test) => ({ kind: 'test', test }));
    if (node.kind === 'artifacts') return node.artifacts.map((artifact) => ({ kind: 'artifact', artifact }));
    return [];
  }

  getTreeItem(node: DoNowNode): vscode.TreeItem {
    switch (node.kind) {
      case 'item': {
        const { item } = node;
        const rows = item.rows.map((r) => `${r.id} ${r.rawState ?? '?'}`).join(', ');
        const item0 = new vscode.TreeItem(
          `${node.index + 1}. ${firstWords(item.text)}`,
          item.rows.length || item.initiative ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
        );
        item0.description = rows;
        item0.tooltip = new vscode.MarkdownString().appendText(item.text);
        const allDone = item.rows.length > 0 && item.rows.every((r) => r.state === 'done');
        item0.iconPath = new vscode.ThemeIcon(
          allDone ? 'pass-filled' : 'target',
          allDone ? new vscode.ThemeColor('testing.iconPassed') : undefined,
        );
        item0.contextValue = item.rows.some((r) => r.runnable) ? 'doNowItem runnable' : 'doNowItem';
        item0.command = openLocation(item.location, 'Open Handoff');
        return item0;
      }
      case 'initiative': {
        const { initiative } = node;
        const item = new vscode.TreeItem(initiative.id || initiative.title, vscode.TreeItemCollapsibleState.Collapsed);
        const open = initiative.plans.reduce((n, p) => n + p.open, 0);
        item.description = `${initiative.status} · ${initiative.plans.length} plan${initiative.plans.length === 1 ? '' : 's'}, ${open} open`;
        item.tooltip = new vscode.MarkdownString().appendText(
          `${initiative.title}\n(${initiative.via === 'anchor' ? 'ledger anchor' : initiative.via === 'id' ? 'initiative ID' : 'Focus'})`,
        );
        item.iconPath = new vscode.ThemeIcon('book');
        item.contextValue = 'doNowInitiative';
        item.command = openLocation(initiative.location, 'Open Ledger Entry');
        return item;
      }
      case 'plan': {
        const { plan } = node;
        const item = new vscode.TreeItem(
          plan.relativePath.split('/').slice(-2).join('/'),
          plan.openRows.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.description = `${plan.done}/${plan.total}`;
        item.tooltip = plan.relativePath;
        item.iconPath = new vscode.ThemeIcon('checklist');
        item.contextValue = 'doNowPlan';
        item.command = { command: 'vscode.open', title: 'Open Plan', arguments: [vscode.Uri.parse(plan.uri)] };
        return item;
      }
      case 'row': {
        const { row } = node;
        const item = new vscode.TreeItem(row.id || firstWords(row.title ?? ''), vscode.TreeItemCollapsibleState.None);
        item.description = row.location ? `${row.rawState ?? ''} ${row.state ? STATE_LABELS[row.state] : ''}`.trim() : 'row not found';
        item.iconPath = row.location
          ? rowStateIcon(row.state ?? 'unknown')
          : new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.contextValue = row.runnable ? 'doNowRow runnable' : 'doNowRow';
        if (row.location) {
          item.command = {
            command: Commands.revealRow,
            title: 'Go to Row',
            arguments: [{ uri: row.location.uri, rowId: row.id, range: row.location.range }],
          };
        }
        return item;
      }
      case 'mappedTests': {
        const item = new vscode.TreeItem('Mapped tests', vscode.TreeItemCollapsibleState.Expanded);
        item.description = String(node.tests.length);
        item.iconPath = new vscode.ThemeIcon('beaker');
        item.contextValue = 'mappedTests';
        return item;
      }
      case 'test': {
        // The label drops the configured mask (the tooltip keeps the full command); runs add it anyway.
        const mask = this.config.get().cudaMask;
        const label = mask && node.test.startsWith(mask) ? node.test.slice(mask.length).trimStart() : node.test;
        const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
        item.tooltip = node.test;
        item.iconPath = new vscode.ThemeIcon('symbol-method');
        item.contextValue = 'mappedTest';
        return item;
      }
      case 'artifacts': {
        const landed = node.artifacts.filter((a) => a.landed).length;
        const item = new vscode.TreeItem('Expected artifacts', vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${landed}/${node.artifacts.length} landed`;
        item.iconPath = new vscode.ThemeIcon('package');
        item.contextValue = 'artifacts';
        return item;
      }
      case 'artifact': {
        const { artifact } = node;
        const item = new vscode.TreeItem(
          artifact.path.split('/').filter(Boolean).pop() ?? artifact.path,
          vscode.TreeItemCollapsibleState.None,
        );
        item.description = artifact.templated ? 'template' : artifact.landed ? 'landed' : 'missing';
        item.tooltip = artifact.path;
        item.iconPath = new vscode.ThemeIcon(
          artifact.landed ? 'pass' : 'circle-large-outline',
          artifact.landed ? new vscode.ThemeColor('testing.iconPassed') : undefined,
        );
        if (artifact.landed && artifact.uri)
          item.command = { command: 'vscode.open', title: 'Open Artifact', arguments: [vscode.Uri.parse(artifact.uri)] };
        item.contextValue = 'expectedArtifact';
        return item;
      }
    }
  }

  dispose(): void {
    this.emitter.dispose();
    this.root.dispose();
  }
}

function firstWords(text: string): string {
  const head = text.split(/\s[—–]\s|\n/)[0].replace(/\s@\s.*$/, '');
  return head.length > 70 ? head.slice(0, 67) + '…' : head;
}
