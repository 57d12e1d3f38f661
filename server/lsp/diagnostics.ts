// Pushes diagnostics (core computeDiagnostics) for every indexed document, debounced.
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver';
import { computeDiagnostics } from '../core/diagnostics';
import type { Session } from './session';
import { rangeOf } from './loopRequests';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

export class DiagnosticsPublisher {
  private timer: NodeJS.Timeout | undefined;
  private published = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly session: () => Session | undefined,
    private readonly delayMs = 150,
  ) {}

  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.publishAll(), this.delayMs);
  }

  publishAll(): void {
    const session = this.session();
    if (!session) return;
    const next = new Set<string>();
    for (const doc of session.index.all()) {
      const uri = session.toUri(doc.path);
      const diagnostics: Diagnostic[] = computeDiagnostics(session.index, doc).map((d) => ({
        range: rangeOf(doc, d.span.start, d.span.end),
        severity: SEVERITY[d.severity],
        code: d.code,
        source: 'planloop',
        message: d.message,
        data: d.data,
      }));
      if (diagnostics.length || this.published.has(uri)) void this.connection.sendDiagnostics({ uri, diagnostics });
      if (diagnostics.length) next.add(uri);
    }
    // Clear files that left the index.
    for (const uri of this.published) if (!next.has(uri) && !session.doc(uri)) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.published = next;
  }
}
