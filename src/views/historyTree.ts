// Loop History view: what the loop did while you were away. "Since the last handoff" and loop
// health on top, then iterations newest first, each with its Do Now and what changed: rows with
// their from → to state, attempts with their outcome, hubs created. A change opens its commit's
// diff at its line. The server reads git in the background; the view asks for a refresh when it
// is first shown and when git's HEAD moves, never on an edit.
import * as vscode from 'vscode';
import { LoopHistoryProgressNotification, LoopHistoryRequest, type HistoryReport, type LoopHistoryResult } from '../../server/protocol';
import type { PlanLoopClient } from '../planLoopClient';
import { rowStateIcon } from './stateIcons';
import { OPEN_HISTORY_CHANGE, type HistoryChangeTarget } from '../history/historyDiff';

type Iteration = HistoryReport['iterations'][number];
type Commit = Iteration['commits'][number];
type Finding = HistoryReport['health'][number];

export type HistoryNode =
  | { kind: 'notice'; text: string }
  | { kind: 'since'; report: HistoryReport }
  | { kind: 'health'; findings: readonly Finding[] }
  | { kind: 'finding'; finding: Finding }
  | { kind: 'iteration'; iteration: Iteration; current: boolean }
  | { kind: 'doNow'; item: NonNullable<Iteration['handoff']>['doNow'][number]; index: number; commit: string; parent: string; path: string }
  | { kind: 'transition'; commit: Commit; change: Commit['transitions'][number] }
  | { kind: 'attempt'; commit: Commit; change: Commit['attempts'][number] }
  | { kind: 'hub'; commit: Commit; hub: string };

const HEALTH_ICONS: Record<string, string> = { thrash: 'flame', stall: 'debug-pause', 'flip-flop': 'arrow-swap', drift: 'compass' };

export class HistoryTreeProvider implements vscode.TreeDataProvider<HistoryNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<HistoryNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly loaded = new vscode.EventEmitter<LoopHistoryResult>();
  /** Fires with each answer the view shows (for tests). */
  readonly onDidLoad = this.loaded.event;
  private readonly read = new vscode.EventEmitter<void>();
  /** Fires when the server has brought the history up to HEAD (whoever asked for it). */
  readonly onDidRead = this.read.event;
  private data: Promise<LoopHistoryResult> | undefined;
  private refreshNext = true;
  private rootUri = '';
  private view: vscode.TreeView<HistoryNode> | undefined;
  private readonly disposables: vscode.Disposable[] = [this.emitter, this.loaded, this.read];

  constructor(private readonly client: PlanLoopClient) {
    void client.ready.then(
      () =>
        this.disposables.push(
          client.languageClient.onNotification(LoopHistoryProgressNotification, ({ read, done }) => {
            if (done) {
              this.reload(false);
              this.read.fire();
            } else if (this.view) this.view.message = `Reading git history… ${read} commits`;
          }),
        ),
      () => undefined,
    );
  }

  attach(view: vscode.TreeView<HistoryNode>): void {
    this.view = view;
  }

  /** Shows the history again; `refresh`: ask the server to bring it up to HEAD first (git's HEAD moved). */
  reload(refresh = true): void {
    this.refreshNext ||= refresh;
    this.data = undefined;
    this.emitter.fire(undefined);
  }

  load(): Promise<LoopHistoryResult> {
    if (!this.data) {
      const refresh = this.refreshNext;
      this.refreshNext = false;
      this.data = this.client.request(LoopHistoryRequest, { refresh }).then((result) => {
        this.rootUri = result.rootUri;
        this.loaded.fire(result);
        return result;
      });
    }
    return this.data;
  }

  async getChildren(node?: HistoryNode): Promise<HistoryNode[]> {
    if (!node) return this.roots(await this.load());
    switch (node.kind) {
      case 'since': {
        const current = node.report.iterations.find((it) => it.index === node.report.sinceHandoff?.iteration);
        return current ? changesOf(current) : [];
      }
      case 'health':
        return node.findings.map((finding) => ({ kind: 'finding', finding }));
      case 'iteration': {
        const handoff = node.iteration.handoff;
        const doNow: HistoryNode[] = (handoff?.doNow ?? []).map((item, index) => ({
          kind: 'doNow',
          item,
          index,
          commit: handoff!.sha,
          parent: node.iteration.commits[node.iteration.commits.length - 1].parent,
          path: handoff!.path,
        }));
        return [...doNow, ...changesOf(node.iteration)];
      }
      default:
        return [];
    }
  }

  private roots(result: LoopHistoryResult): HistoryNode[] {
    if (this.view) {
      this.view.message =
        result.state === 'reading' ? `Reading git history… ${result.read} commits` : result.report ? undefined : result.notice;
    }
    const report = result.report;
    if (!report) return [];
    const out: HistoryNode[] = [];
    if (report.notice) out.push({ kind: 'notice', text: report.notice });
    if (report.sinceHandoff) out.push({ kind: 'since', report });
    if (report.health.length) out.push({ kind: 'health', findings: report.health });
    const current = report.sinceHandoff?.iteration;
    for (const iteration of report.iterations) out.push({ kind: 'iteration', iteration, current: iteration.index === current });
    return out;
  }

  getTreeItem(node: HistoryNode): vscode.TreeItem {
    const None = vscode.TreeItemCollapsibleState.None;
    switch (node.kind) {
      case 'notice': {
        const item = new vscode.TreeItem(node.text, None);
        item.iconPath = new vscode.ThemeIcon('info');
        item.tooltip = node.text;
        return item;
      }
      case 'since': {
        const s = node.report.sinceHandoff!;
        const item = new vscode.TreeItem('Since the last handoff', vscode.TreeItemCollapsibleState.Expanded);
        item.id = 'history:since';
        item.description = `${s.commits} commit${s.commits === 1 ? '' : 's'} · ${s.transitions} row change${s.transitions === 1 ? '' : 's'} · ${s.attempts.failed} failed, ${s.attempts.passed} passed · ${s.hubs} hub${s.hubs === 1 ? '' : 's'}`;
        item.tooltip = `Iteration ${s.iteration}, since ${s.since}`;
        item.iconPath = new vscode.ThemeIcon('bell-dot');
        return item;
      }
      case 'health': {
        const item = new vscode.TreeItem('Loop health', vscode.TreeItemCollapsibleState.Expanded);
        item.id = 'history:health';
        item.description = `${node.findings.length} finding${node.findings.length === 1 ? '' : 's'}`;
        item.iconPath = new vscode.ThemeIcon('pulse', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        return item;
      }
      case 'finding': {
        const f = node.finding;
        const item = new vscode.TreeItem(f.kind, None);
        item.description = f.message;
        item.tooltip = f.message;
        item.iconPath = new vscode.ThemeIcon(HEALTH_ICONS[f.kind] ?? 'warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.contextValue = `health-${f.kind}`;
        return item;
      }
      case 'iteration': {
        const it = node.iteration;
        const item = new vscode.TreeItem(
          `Iteration ${it.index}`,
          // The current one is open under "Since the last handoff" already.
          vscode.TreeItemCollapsibleState.Collapsed,
        );
        item.id = `history:iteration:${it.index}:${it.commits[0].sha}`;
        const moved = it.commits.reduce((n, c) => n + c.transitions.length, 0);
        const attempts = it.commits.reduce((n, c) => n + c.attempts.length, 0);
        item.description = `${it.from.slice(0, 16).replace('T', ' ')} · ${moved} row change${moved === 1 ? '' : 's'} · ${attempts} attempt${attempts === 1 ? '' : 's'}${it.handoff?.focus ? ` · ${it.handoff.focus}` : ''}`;
        item.tooltip = it.commits.map((c) => `${c.sha.slice(0, 7)} ${c.subject}`).join('\n');
        item.iconPath = new vscode.ThemeIcon(it.handoff ? 'git-commit' : 'circle-small');
        return item;
      }
      case 'doNow': {
        const item = new vscode.TreeItem(`Do Now ${node.index + 1}. ${node.item.text}`, None);
        item.tooltip = node.item.text;
        item.iconPath = new vscode.ThemeIcon('checklist');
        item.command = openChange({
          sha: node.commit,
          parent: node.parent,
          path: node.path,
          line: node.item.line,
          title: `Do Now ${node.index + 1}`,
        });
        return item;
      }
      case 'transition': {
        const t = node.change;
        const item = new vscode.TreeItem(`${t.rowId}  ${t.fromRaw || '[ ]'} → ${t.toRaw || '[ ]'}`, None);
        item.description = `${t.plan.split('/').pop()} · ${node.commit.subject}`;
        item.tooltip = `${t.title}\n${t.from} → ${t.to}\n${t.plan}:${t.line}\n${node.commit.sha.slice(0, 7)} ${node.commit.subject}`;
        item.iconPath = rowStateIcon(t.to);
        item.command = openChange({
          sha: node.commit.sha,
          parent: node.commit.parent,
          path: t.plan,
          line: t.line,
          title: `${t.rowId} ${t.fromRaw || '[ ]'} → ${t.toRaw || '[ ]'}`,
        });
        return item;
      }
      case 'attempt': {
        const a = node.change;
        const label = `${a.initiative}${a.number !== undefined ? ` #${a.number}` : a.timestamp ? ` ${a.timestamp}` : ''}`;
        const item = new vscode.TreeItem(`${label} ${a.outcome}`, None);
        item.description = a.words.length ? `${a.words.join(', ')} · ${a.summary}` : a.summary;
        item.tooltip = `${a.summary}\n${a.ledger}:${a.line}\n${node.commit.sha.slice(0, 7)} ${node.commit.subject}`;
        item.iconPath =
          a.outcome === 'failed'
            ? new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'))
            : a.outcome === 'passed'
              ? new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'))
              : new vscode.ThemeIcon('history');
        item.command = openChange({ sha: node.commit.sha, parent: node.commit.parent, path: a.ledger, line: a.line, title: label });
        return item;
      }
      case 'hub': {
        const item = new vscode.TreeItem(node.hub.replace(/\/$/, '').split('/').slice(-2).join('/'), None);
        item.description = 'hub created';
        item.tooltip = node.hub;
        item.iconPath = new vscode.ThemeIcon('folder-library');
        const uri = vscode.Uri.parse(`${this.rootUri}/${node.hub.replace(/\/$/, '')}`);
        item.command = { command: 'revealInExplorer', title: 'Reveal Hub', arguments: [uri] };
        return item;
      }
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function openChange(target: HistoryChangeTarget): vscode.Command {
  return { command: OPEN_HISTORY_CHANGE, title: 'Open Change', arguments: [target] };
}

/** An iteration's changes, newest commit first: rows, then attempts, then hubs of each commit. */
function changesOf(iteration: Iteration): HistoryNode[] {
  return iteration.commits.flatMap((commit): HistoryNode[] => [
    ...commit.transitions.map((change) => ({ kind: 'transition' as const, commit, change })),
    ...commit.attempts.map((change) => ({ kind: 'attempt' as const, commit, change })),
    ...commit.hubs.map((hub) => ({ kind: 'hub' as const, commit, hub })),
  ]);
}
