// The "Plan Loop" TestController: the tests plans cite, in VS Code's Testing view. Nothing is
// asked of the server until the view (or a run) needs the items; they are fetched again when the
// index changes. Run profiles come from planloop.profiles (the default profile first); an untrusted
// workspace shows the items with no profile, so nothing can run, until trust is granted.
import * as vscode from 'vscode';
import { TestTreeRequest } from '../../server/protocol';
import type { RunDeps } from '../run/runRow';
import { fillTestItems, type ItemData } from './testItems';
import { runTests, type TestRunReport } from './testRun';

export class PlanTestController implements vscode.Disposable {
  private readonly controller = vscode.tests.createTestController('planloop', 'Plan Loop');
  private readonly data = new WeakMap<vscode.TestItem, ItemData>();
  private readonly profiles: vscode.TestRunProfile[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private loaded: Promise<void> | undefined;
  private generation = 0;
  private readonly ended = new vscode.EventEmitter<TestRunReport>();
  /** Fires when a run from the Testing view ends (for tests of the extension). */
  readonly onDidEndRun = this.ended.event;

  constructor(private readonly deps: RunDeps) {
    this.controller.resolveHandler = (item) => (item ? Promise.resolve() : this.load());
    this.controller.refreshHandler = () => this.reload();
    this.disposables.push(
      this.controller,
      this.ended,
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.createProfiles()),
      deps.config.onDidChange(({ changed }) => {
        if (changed.includes('profiles') || changed.includes('defaultProfile')) this.createProfiles();
      }),
    );
    this.createProfiles();
  }

  /** The items, fetched once until the index changes. */
  load(): Promise<void> {
    if (this.loaded) return this.loaded;
    // An answer that a newer request overtook is dropped: the newer one fills the view.
    const generation = ++this.generation;
    const loading = this.deps.client.request(TestTreeRequest).then(
      (tree) => {
        if (generation === this.generation) fillTestItems(this.controller, tree, this.data);
      },
      (error: unknown) => {
        if (this.loaded === loading) this.loaded = undefined;
        this.deps.output.warn(`Testing view: could not list the cited tests: ${String(error)}`);
      },
    );
    this.loaded = loading;
    return loading;
  }

  /** The index changed: fetch again, but only when the items were asked for. */
  onIndexChanged(): void {
    if (this.loaded) void this.reload();
  }

  private reload(): Promise<void> {
    this.loaded = undefined;
    return this.load();
  }

  /** Runs items by ID with a profile (the default when absent), as a run profile would. */
  async run(ids: readonly string[], profile?: string, token = new vscode.CancellationTokenSource().token): Promise<TestRunReport> {
    await this.load();
    const found: vscode.TestItem[] = [];
    const find = (items: vscode.TestItemCollection): void =>
      items.forEach((item) => {
        if (ids.includes(item.id)) found.push(item);
        find(item.children);
      });
    find(this.controller.items);
    return this.execute(new vscode.TestRunRequest(found), token, profile ?? this.deps.config.get().defaultProfile);
  }

  /** The items as the Testing view shows them, depth first (for tests). */
  async snapshot(): Promise<Array<{ id: string; label: string; error?: string; uri?: string; line?: number }>> {
    await this.load();
    const out: Array<{ id: string; label: string; error?: string; uri?: string; line?: number }> = [];
    const walk = (items: vscode.TestItemCollection): void =>
      items.forEach((item) => {
        const error = typeof item.error === 'string' ? item.error : item.error?.value;
        out.push({ id: item.id, label: item.label, error, uri: item.uri?.toString(), line: item.range?.start.line });
        walk(item.children);
      });
    walk(this.controller.items);
    return out;
  }

  /** The run profiles offered (none when the workspace is not trusted). */
  profileNames(): string[] {
    return this.profiles.map((p) => p.label);
  }

  private async execute(request: vscode.TestRunRequest, token: vscode.CancellationToken, profile: string): Promise<TestRunReport> {
    const report = await runTests({ ...this.deps, controller: this.controller, data: this.data }, request, token, profile);
    this.ended.fire(report);
    return report;
  }

  private createProfiles(): void {
    for (const p of this.profiles.splice(0)) p.dispose();
    if (!vscode.workspace.isTrusted) return;
    const { profileNames: names, defaultProfile: preferred } = this.deps.config.get();
    // The default profile first; Debug is left out (a pytest run in a terminal is not debugged).
    for (const name of [...names.filter((n) => n === preferred), ...names.filter((n) => n !== preferred)]) {
      this.profiles.push(
        this.controller.createRunProfile(
          name,
          vscode.TestRunProfileKind.Run,
          (request, token) => this.execute(request, token, name).then(() => undefined),
          name === preferred,
        ),
      );
    }
  }

  dispose(): void {
    for (const p of this.profiles.splice(0)) p.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
