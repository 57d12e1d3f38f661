// Plans view: initiative → plan file → phase → row, with state icons and progress. The tree
// holds initiatives, plans and phases with their counts; a plan's rows are asked for when one of
// its phases is expanded, and kept until the next refresh.
import * as vscode from 'vscode';
import {
  Commands,
  PlanRowsRequest,
  PlanTreeRequest,
  type PlanRowsResult,
  type PlanTreeResult,
  type TreeInitiative,
  type TreePhase,
  type TreePlan,
  type TreeRow,
} from '../../server/protocol';
import type { PlanLoopClient } from '../planLoopClient';
import { progress, rowStateIcon, STATE_LABELS, statusIcon } from './stateIcons';
import { toRange } from '../convert';
import { settledLoad } from './settledLoad';
import { setViewState } from './viewState';
import { RootServed } from './rootServed';

export type PlansNode =
  | { kind: 'initiative'; initiative: TreeInitiative }
  | { kind: 'plan'; plan: TreePlan; initiativeId: string }
  | { kind: 'phase'; phase: TreePhase; plan: TreePlan; index: number }
  | { kind: 'row'; row: TreeRow; plan: TreePlan; phase: TreePhase; index: number };

export interface PlansFilter {
  hideDone: boolean;
  /** When set, only this initiative is shown. */
  initiativeId?: string;
}

/** Up to this many initiatives open expanded; more open collapsed (their plans are not asked for). */
const EXPANDED_INITIATIVES = 10;
/** Up to this many plans of an initiative open expanded. */
const EXPANDED_PLANS = 4;

/** Context value: `row <state> [runnable] [artifacts]`, matched by menus' `viewItem =~` clauses. */
export function rowContextValue(row: TreeRow): string {
  return ['row', row.state, row.commands.length ? 'runnable' : '', row.artifacts.length ? 'artifacts' : ''].filter(Boolean).join(' ');
}

export class PlansTreeProvider implements vscode.TreeDataProvider<PlansNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<PlansNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  /** When the top-level children were last handed to the workbench. */
  readonly root = new RootServed();
  private data: PlanTreeResult | undefined;
  private loading: Promise<PlanTreeResult> | undefined;
  /** The data came from an index still being walked (planloop/planTree's `partial`). */
  private partial = false;
  /** Each plan's rows by phase, by plan URI, as asked for since the last refresh. */
  private readonly rows = new Map<string, Promise<PlanRowsResult | null>>();
  filter: PlansFilter = { hideDone: false };
  /** Rows whose evidence landed while planloop.autoUpdate is off: `planUri#rowId` → summary. */
  private readonly landed = new Map<string, string>();

  /** `loaded`: told each time the tree data arrives (the view's description says what was found). */
  constructor(
    private readonly client: PlanLoopClient,
    private readonly loaded: (data: PlanTreeResult) => void = () => undefined,
  ) {}

  refresh(): void {
    this.root.reset();
    this.data = undefined;
    this.loading = undefined;
    this.rows.clear();
    this.emitter.fire(undefined);
  }

  /** Asks again when the data shown came from a partial index (while the walk runs, and when it ends). */
  refreshIfPartial(): void {
    if (this.partial) this.refresh();
  }

  /** How many plans the walk had read when the view last asked again (planloop/indexProgress's `plans`). */
  private plansReadWhenAsked = 0;

  /** While the walk runs: asks again when the data shown is partial and the walk has read more plans since it last asked. */
  refreshIfMoreRead(plansRead: number | undefined): void {
    if (!this.partial || (plansRead !== undefined && plansRead <= this.plansReadWhenAsked)) return;
    this.plansReadWhenAsked = plansRead ?? this.plansReadWhenAsked;
    this.refresh();
  }

  /** Decorates a row whose evidence landed (autoUpdate off leaves the files alone). */
  markLanded(planUri: string, rowId: string, summary: string): void {
    this.landed.set(`${planUri}#${rowId}`, summary);
    this.emitter.fire(undefined);
  }

  setFilter(filter: Partial<PlansFilter>): void {
    this.filter = { ...this.filter, ...filter };
    this.emitter.fire(undefined);
  }

  /** The tree data as last fetched (fetching it when needed). */
  load(): Promise<PlanTreeResult> {
    this.loading ??= this.client.request(PlanTreeRequest).then(async (data) => {
      this.partial = data.partial === true;
      // A walk that starts again (settings changed what is read) counts its plans from 0.
      if (!this.partial) this.plansReadWhenAsked = 0;
      // A partial answer says nothing yet about whether the workspace has plans.
      if (!this.partial) await setViewState('planloop.plansState', data.initiatives.some((i) => i.plans.length > 0) ? 'filled' : 'empty');
      this.loaded(data);
      return (this.data = data);
    });
    return this.loading;
  }

  /** A plan's rows by phase (fetched once until the next refresh). */
  private planRows(uri: string): Promise<PlanRowsResult | null> {
    let rows = this.rows.get(uri);
    if (!rows) this.rows.set(uri, (rows = this.client.request(PlanRowsRequest, { uri })));
    return rows;
  }

  private visibleInitiatives(data: PlanTreeResult): TreeInitiative[] {
    return data.initiatives.filter((i) => (!this.filter.initiativeId || i.id === this.filter.initiativeId) && i.plans.length > 0);
  }

  async getChildren(node?: PlansNode): Promise<PlansNode[]> {
    const data = await settledLoad(() => this.load());
    if (!node) return this.root.mark(this.visibleInitiatives(data).map((initiative): PlansNode => ({ kind: 'initiative', initiative })));
    switch (node.kind) {
      case 'initiative':
        return node.initiative.plans.map((plan) => ({ kind: 'plan', plan, initiativeId: node.initiative.id }));
      case 'plan':
        // A phase whose rows are all done has nothing to show when done rows are hidden.
        return node.plan.phases.flatMap((phase, index): PlansNode[] =>
          !this.filter.hideDone || phase.done < phase.total ? [{ kind: 'phase', phase, plan: node.plan, index }] : [],
        );
      case 'phase': {
        const answer = await settledLoad(() => this.planRows(node.plan.uri));
        const rows = answer?.phases[node.index] ?? [];
        return rows
          .filter((row) => !this.filter.hideDone || row.state !== 'done')
          .map((row) => ({ kind: 'row', row, plan: node.plan, phase: node.phase, index: node.index }));
      }
      default:
        return [];
    }
  }

  getTreeItem(node: PlansNode): vscode.TreeItem {
    switch (node.kind) {
      case 'initiative': {
        const { initiative: i } = node;
        const done = i.plans.reduce((n, p) => n + p.done, 0);
        const total = i.plans.reduce((n, p) => n + p.total, 0);
        const many = this.data !== undefined && this.visibleInitiatives(this.data).length > EXPANDED_INITIATIVES;
        const item = new vscode.TreeItem(i.id, many ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
        // While the walk runs an initiative's status is unknown until its ledger has been read: not a status yet.
        const status = this.partial && i.status === 'unknown' ? undefined : i.status;
        item.description = status ? `${progress(done, total)} · ${status}` : progress(done, total);
        item.tooltip = `${i.id} — ${i.title}\nStatus: ${status ?? 'not read yet (indexing)'}\nRows done: ${progress(done, total)}`;
        item.iconPath = statusIcon(i.status);
        item.contextValue = 'initiative';
        item.id = `initiative:${i.id}`;
        return item;
      }
      case 'plan': {
        const { plan } = node;
        const siblings = this.data?.initiatives.find((i) => i.id === node.initiativeId)?.plans.length ?? 0;
        const item = new vscode.TreeItem(
          plan.label,
          siblings > EXPANDED_PLANS ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded,
        );
        item.description = [progress(plan.done, plan.total), plan.where].filter(Boolean).join(' · ');
        item.tooltip = plan.relativePath;
        item.resourceUri = vscode.Uri.parse(plan.uri);
        item.iconPath = vscode.ThemeIcon.File;
        item.contextValue = 'plan';
        item.id = `plan:${plan.uri}`;
        item.command = { command: 'vscode.open', title: 'Open Plan', arguments: [vscode.Uri.parse(plan.uri)] };
        return item;
      }
      case 'phase': {
        const { phase } = node;
        const complete = phase.total > 0 && phase.done === phase.total;
        const name = phase.label ?? `Phase ${phase.id}`;
        const label = phase.id ? `${name}${phase.title ? ` — ${phase.title}` : ''}` : phase.title || 'Checklist';
        const item = new vscode.TreeItem(
          label,
          complete ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded,
        );
        item.description = progress(phase.done, phase.total);
        item.iconPath = new vscode.ThemeIcon(complete ? 'pass' : 'list-tree');
        item.contextValue = 'phase';
        item.id = `phase:${node.plan.uri}#${phase.id}:${phase.location.range.start.line}`;
        return item;
      }
      case 'row': {
        const { row } = node;
        const name = row.label ?? row.id;
        const item = new vscode.TreeItem(name ? `${name}  ${row.title}` : row.title, vscode.TreeItemCollapsibleState.None);
        const landed = this.landed.get(`${row.location.uri}#${row.id}`);
        // A TDD red step says so: its run is judged against `Expected: FAIL`.
        const expects = row.expected === 'fail' ? 'expects FAIL' : '';
        item.description = [row.rawState || '[ ]', expects, landed ? `evidence landed (${landed})` : ''].filter(Boolean).join(' · ');
        item.iconPath = rowStateIcon(row.state);
        const tooltip = new vscode.MarkdownString(undefined, true);
        tooltip.appendMarkdown(
          `**${name} — ${escapeMd(row.title)}**  \n${STATE_LABELS[row.state] ?? row.state} \`${row.rawState || '[ ]'}\`\n\n`,
        );
        tooltip.appendText(row.guidance.replace(/<br\s*\/?>/gi, '\n'));
        item.tooltip = tooltip;
        item.contextValue = rowContextValue(row);
        item.id = `row:${row.location.uri}#${row.id}:${row.location.range.start.line}`;
        item.command = {
          command: Commands.revealRow,
          title: 'Go to Row',
          arguments: [{ uri: row.location.uri, rowId: row.id, range: row.location.range }],
        };
        return item;
      }
    }
  }

  getParent(node: PlansNode): PlansNode | undefined {
    if (!this.data) return undefined;
    if (node.kind === 'row') return { kind: 'phase', phase: node.phase, plan: node.plan, index: node.index };
    if (node.kind === 'phase') {
      const initiative = this.data.initiatives.find((i) => i.plans.includes(node.plan));
      return initiative ? { kind: 'plan', plan: node.plan, initiativeId: initiative.id } : undefined;
    }
    if (node.kind === 'plan') {
      const initiative = this.data.initiatives.find((i) => i.id === node.initiativeId);
      return initiative ? { kind: 'initiative', initiative } : undefined;
    }
    return undefined;
  }

  /** Finds the row node at a document position (for "Reveal in Plan Loop"). */
  async findRow(uri: string, line: number): Promise<PlansNode | undefined> {
    const data = await this.load();
    const plan = data.initiatives.flatMap((i) => i.plans).find((p) => p.uri === uri);
    if (!plan) return undefined;
    const answer = await this.planRows(uri);
    for (const [index, phase] of plan.phases.entries()) {
      for (const row of answer?.phases[index] ?? []) {
        const r = toRange(row.location.range);
        if (line >= r.start.line && line <= r.end.line) return { kind: 'row', row, plan, phase, index };
      }
    }
    return undefined;
  }

  dispose(): void {
    this.emitter.dispose();
    this.root.dispose();
  }
}

function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|]/g, '\\$&');
}
