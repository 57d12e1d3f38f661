// Pushes diagnostics (core computeDiagnostics), debounced. An edit recomputes only the edited
// documents, the handoff (its Do Now rows live in other files) and, when an edit changed a
// document's line count, the documents that cite it by line; file events and re-indexing
// recompute everything (artifacts and cited files may have appeared or gone). Nothing is published
// while the workspace is being indexed. A publish works in slices of a few milliseconds and lets
// the event loop turn between them, so requests are answered and long responses flushed meanwhile;
// a newer publish supersedes one still running.
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver';
import { computeDiagnostics } from '../core/check/diagnostics';
import type { IndexedDocument } from '../core/index/workspace';
import type { Session } from './session';
import { rangeOf } from './wire';

export interface PublisherOptions {
  /** The debounce after the last edit or file event. */
  readonly delayMs?: number;
  /** How long a publish works before it lets the event loop turn. */
  readonly sliceMs?: number;
  /** Lets the event loop turn (tests hold a publish there). */
  readonly turn?: () => Promise<void>;
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

export class DiagnosticsPublisher {
  private timer: NodeJS.Timeout | undefined;
  private published = new Set<string>();
  /** Paths edited since the last publish; undefined: recompute every document. */
  private dirty: Set<string> | undefined = new Set();
  private readonly lineCounts = new Map<string, number>();

  private readonly delayMs: number;
  private readonly sliceMs: number;
  private readonly turn: () => Promise<void>;

  constructor(
    private readonly connection: Connection,
    private readonly session: () => Session | undefined,
    options: PublisherOptions = {},
  ) {
    this.delayMs = options.delayMs ?? 150;
    this.sliceMs = options.sliceMs ?? 8;
    this.turn = options.turn ?? (() => new Promise((resolve) => setImmediate(resolve)));
  }

  /** Schedules a publish for these edited paths, or for every document when none are given. */
  schedule(paths?: readonly string[]): void {
    if (!paths) this.dirty = undefined;
    else if (this.dirty) for (const p of paths) this.dirty.add(p);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.publish(), this.delayMs);
  }

  /** The publish running now; a newer one replaces it, and the older stops at its next slice. */
  private running: { readonly all: boolean } | undefined;

  private publish(): void {
    // Diagnostics from a partial index would be wrong (a Do Now row in a plan not read yet is not
    // missing); the end of the walk schedules every document.
    if (this.session()?.indexed === false) return;
    // A publish of everything that a newer one interrupts is taken over by it.
    const dirty = this.running?.all ? undefined : this.dirty;
    this.dirty = new Set();
    const run = { all: !dirty };
    this.running = run;
    void (dirty ? this.publishSome(dirty, run) : this.publishAll(run)).finally(() => {
      if (this.running === run) this.running = undefined;
    });
  }

  /** Lets the event loop turn when this slice has run long enough; false when a newer publish took over. */
  private async slice(run: object, started: { at: number }): Promise<boolean> {
    if (performance.now() - started.at >= this.sliceMs) {
      await this.turn();
      started.at = performance.now();
    }
    return this.running === run;
  }

  private async publishAll(run: object): Promise<void> {
    const session = this.session();
    if (!session) return;
    const next = new Set<string>();
    const started = { at: performance.now() };
    for (const doc of session.index.all()) {
      if (!(await this.slice(run, started))) {
        // Superseded: what was sent stays recorded, so the newer publish can clear it.
        for (const uri of next) this.published.add(uri);
        return;
      }
      const current = session.index.get(doc.path);
      if (current) this.publishDoc(session, current, next);
    }
    // Clear files that left the index.
    for (const uri of this.published)
      if (!next.has(uri) && !session.doc(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.published = next;
  }

  private async publishSome(paths: ReadonlySet<string>, run: object): Promise<void> {
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
    const started = { at: performance.now() };
    for (const path of targets) {
      if (!(await this.slice(run, started))) return;
      const doc = session.index.get(path);
      const uri = session.toUri(path);
      if (doc) this.publishDoc(session, doc, this.published);
      else if (this.published.delete(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
  }

  private publishDoc(session: Session, doc: IndexedDocument, published: Set<string>): void {
    const uri = session.toUri(doc.path);
    this.lineCounts.set(doc.path, doc.lines.lineCount);
    const diagnostics: Diagnostic[] = computeDiagnostics(session.index, doc).map((d) => ({
      range: rangeOf(doc, d.span.start, d.span.end),
      severity: SEVERITY[d.severity],
      code: d.code,
      source: 'planloop',
      message: d.message,
      data: d.data,
    }));
    if (diagnostics.length || this.published.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics });
    if (diagnostics.length) published.add(uri);
    else published.delete(uri);
  }
}
