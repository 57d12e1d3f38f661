// Pushes diagnostics (core computeDiagnostics), debounced. An edit recomputes only the edited
// documents, the handoff (its Do Now rows live in other files) and, when an edit changed a
// document's line count, the documents that cite it by line; file events and re-indexing
// recompute everything (artifacts and cited files may have appeared or gone). Nothing is published
// while the workspace is being indexed.
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver';
import { computeDiagnostics } from '../core/check/diagnostics';
import type { IndexedDocument } from '../core/index/workspace';
import type { Session } from './session';
import { rangeOf } from './wire';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

export class DiagnosticsPublisher {
  private timer: NodeJS.Timeout | undefined;
  private published = new Set<string>();
  /** Paths edited since the last publish; undefined: recompute every document. */
  private dirty: Set<string> | undefined = new Set();
  private readonly lineCounts = new Map<string, number>();

  constructor(
    private readonly connection: Connection,
    private readonly session: () => Session | undefined,
    private readonly delayMs = 150,
  ) {}

  /** Schedules a publish for these edited paths, or for every document when none are given. */
  schedule(paths?: readonly string[]): void {
    if (!paths) this.dirty = undefined;
    else if (this.dirty) for (const p of paths) this.dirty.add(p);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.publish(), this.delayMs);
  }

  private publish(): void {
    // Diagnostics from a partial index would be wrong (a Do Now row in a plan not read yet is not
    // missing); the end of the walk schedules every document.
    if (this.session()?.indexed === false) return;
    const dirty = this.dirty;
    this.dirty = new Set();
    if (dirty) this.publishSome(dirty);
    else this.publishAll();
  }

  publishAll(): void {
    const session = this.session();
    if (!session) return;
    const next = new Set<string>();
    for (const doc of session.index.all()) this.publishDoc(session, doc, next);
    // Clear files that left the index.
    for (const uri of this.published)
      if (!next.has(uri) && !session.doc(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.published = next;
  }

  private publishSome(paths: ReadonlySet<string>): void {
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
    for (const path of targets) {
      const doc = index.get(path);
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
