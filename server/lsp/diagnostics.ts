// Pushes diagnostics (core computeDiagnostics), debounced. An edit recomputes only the edited
// documents, the handoff (its Do Now rows live in other files) and, when an edit changed a
// document's line count, the documents that cite it by line; file events and re-indexing
// recompute everything (artifacts and cited files may have appeared or gone). Nothing is published
// while the workspace is being indexed. A publish works in slices of a few milliseconds and lets
// the event loop turn between them, so requests are answered and long responses flushed meanwhile.
// It starts computing a little before the debounce ends and holds what it found until then, so
// diagnostics arrive when the debounce ends, not a computation later. A new edit or file event
// stops a publish in flight; what it had not sent goes to the next one.
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver';
import { computeDiagnostics } from '../core/check/diagnostics';
import type { IndexedDocument } from '../core/index/workspace';
import type { Session } from './session';
import { rangeOf } from './wire';

export interface PublisherOptions {
  /** The debounce after the last edit or file event. */
  readonly delayMs?: number;
  /** How long before the debounce ends computing starts (what is found is held until then). */
  readonly leadMs?: number;
  /** How long a publish works before it lets the event loop turn. */
  readonly sliceMs?: number;
  /** Lets the event loop turn (tests hold a publish there). */
  readonly turn?: () => Promise<void>;
  /** The clock in milliseconds (tests pass a fake one, with fake timers). */
  readonly now?: () => number;
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/** One publish: what it has yet to send, and what it computed but holds until the debounce ends. */
interface Run {
  readonly all: boolean;
  /** The paths not sent yet (a publish of some documents). */
  readonly unsent: Set<string>;
  readonly held: Array<{ readonly path: string | undefined; readonly uri: string; readonly diagnostics: Diagnostic[] }>;
  /** Everything is computed (some may still be held). */
  done: boolean;
}

export class DiagnosticsPublisher {
  private timer: NodeJS.Timeout | undefined;
  /** URIs whose last sent diagnostics were not empty. */
  private readonly published = new Set<string>();
  /** Paths edited since the last publish started; undefined: recompute every document. */
  private dirty: Set<string> | undefined = new Set();
  private readonly lineCounts = new Map<string, number>();
  /** The publish running now; an edit stops it at its next slice. */
  private running: Run | undefined;
  /** When the debounce ends (this.now()). */
  private due = 0;

  private readonly delayMs: number;
  private readonly leadMs: number;
  private readonly sliceMs: number;
  private readonly now: () => number;
  private readonly turn: () => Promise<void>;

  constructor(
    private readonly connection: Connection,
    private readonly session: () => Session | undefined,
    options: PublisherOptions = {},
  ) {
    this.delayMs = options.delayMs ?? 150;
    this.leadMs = Math.min(options.leadMs ?? 30, this.delayMs);
    this.sliceMs = options.sliceMs ?? 8;
    this.turn = options.turn ?? (() => new Promise((resolve) => setImmediate(resolve)));
    this.now = options.now ?? (() => performance.now());
  }

  /** Schedules a publish for these edited paths, or for every document when none are given. */
  schedule(paths?: readonly string[]): void {
    // A publish in flight would send what the edit may have made stale: its unsent work moves here.
    const stopped = this.running;
    this.running = undefined;
    if (stopped?.all) this.dirty = undefined;
    else if (stopped && this.dirty) for (const p of stopped.unsent) this.dirty.add(p);
    if (!paths) this.dirty = undefined;
    else if (this.dirty) for (const p of paths) this.dirty.add(p);
    if (this.timer) clearTimeout(this.timer);
    this.due = this.now() + this.delayMs;
    this.timer = setTimeout(() => this.publish(), this.delayMs - this.leadMs);
  }

  private publish(): void {
    // Diagnostics from a partial index would be wrong (a Do Now row in a plan not read yet is not
    // missing); the end of the walk schedules every document.
    if (this.session()?.indexed === false) return;
    const dirty = this.dirty;
    this.dirty = new Set();
    const run: Run = { all: !dirty, unsent: new Set(dirty), held: [], done: false };
    this.running = run;
    void (dirty ? this.publishSome(dirty, run) : this.publishAll(run)).finally(() => {
      run.done = true;
      if (this.running === run && !run.held.length) this.running = undefined;
    });
  }

  /** Lets the event loop turn when this slice has run long enough; false when the publish was stopped. */
  private async slice(run: Run, started: { at: number }): Promise<boolean> {
    if (this.now() - started.at >= this.sliceMs) {
      await this.turn();
      started.at = this.now();
    }
    return this.running === run;
  }

  private async publishAll(run: Run): Promise<void> {
    const session = this.session();
    if (!session) return;
    const started = { at: this.now() };
    for (const doc of session.index.all()) {
      if (!(await this.slice(run, started))) return;
      const current = session.index.get(doc.path);
      if (current) this.publishDoc(session, current, run);
    }
    // Clear files that left the index.
    for (const uri of [...this.published]) if (!session.doc(uri)) this.send(run, undefined, uri, []);
  }

  private async publishSome(paths: ReadonlySet<string>, run: Run): Promise<void> {
    const session = this.session();
    if (!session) return;
    const index = session.index;
    const targets = new Set(paths);
    const handoff = index.handoff();
    if (handoff) targets.add(handoff.path);
    const resized = [...paths].filter((p) => {
      const doc = index.get(p);
      return doc !== undefined && this.lineCounts.get(p) !== doc.lines.lineCount;
    });
    if (resized.length) {
      const names = new Set(resized.map((p) => p.split('/').pop()));
      for (const doc of index.all()) {
        if (doc.model.references.some((r) => r.line !== undefined && r.path !== undefined && names.has(r.path.split('/').pop())))
          targets.add(doc.path);
      }
    }
    for (const path of targets) run.unsent.add(path);
    const started = { at: this.now() };
    for (const path of targets) {
      if (!(await this.slice(run, started))) return;
      const doc = session.index.get(path);
      if (doc) this.publishDoc(session, doc, run);
      else this.send(run, path, session.toUri(path), []);
    }
  }

  private publishDoc(session: Session, doc: IndexedDocument, run: Run): void {
    this.lineCounts.set(doc.path, doc.lines.lineCount);
    const diagnostics: Diagnostic[] = computeDiagnostics(session.index, doc).map((d) => ({
      range: rangeOf(doc, d.span.start, d.span.end),
      severity: SEVERITY[d.severity],
      code: d.code,
      source: 'planloop',
      message: d.message,
      data: d.data,
    }));
    this.send(run, doc.path, session.toUri(doc.path), diagnostics);
  }

  /** Sends now when the debounce has ended, else holds until it does. */
  private send(run: Run, path: string | undefined, uri: string, diagnostics: Diagnostic[]): void {
    if (!diagnostics.length && !this.published.has(uri)) {
      if (path) run.unsent.delete(path);
      return;
    }
    const wait = this.due - this.now();
    if (wait <= 0 && !run.held.length) return this.emit(run, path, uri, diagnostics);
    run.held.push({ path, uri, diagnostics });
    if (run.held.length === 1) setTimeout(() => this.flush(run), Math.max(0, wait));
  }

  private flush(run: Run): void {
    if (this.running !== run) return; // stopped by an edit: its paths went back to be published
    for (const { path, uri, diagnostics } of run.held.splice(0)) this.emit(run, path, uri, diagnostics);
    if (run.done) this.running = undefined;
  }

  private emit(run: Run, path: string | undefined, uri: string, diagnostics: Diagnostic[]): void {
    void this.connection.sendDiagnostics({ uri, diagnostics });
    if (diagnostics.length) this.published.add(uri);
    else this.published.delete(uri);
    if (path) run.unsent.delete(path);
  }
}
