// Workspace diagnostics, shared by the language server and `planloop lint`.
// Each has a stable code; severities come from config (or 'off').
import { isActive, isFinished } from '../model/states';
import type { Reference, Row, Severity, Span } from '../model/model';
import type { IndexedDocument, WorkspaceIndex } from '../index/workspace';
import { cudaMaskOf, GPU_CAPABLE } from '../parse/commands';
import { isArtifactPath, isTemplated } from '../parse/artifacts';

export type DiagnosticCode =
  | 'unknown-state'
  | 'duplicate-row-id'
  | 'table-columns'
  | 'missing-file'
  | 'line-out-of-range'
  | 'do-now-row-missing'
  | 'done-missing-artifacts'
  | 'parent-open-children-done'
  | 'cuda-unmasked'
  | 'attempt-duplicate'
  | 'attempt-sequence'
  | 'parse-failed';

export interface PlanLoopDiagnostic {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly span: Span;
  readonly severity: Severity;
  /** Data for quick fixes (e.g. the state a parent should get, the command span). */
  readonly data?: Readonly<Record<string, string | number>>;
}

const DEFAULT_SEVERITY: Record<DiagnosticCode, Severity> = {
  'unknown-state': 'warning',
  'duplicate-row-id': 'warning',
  'table-columns': 'warning',
  'missing-file': 'warning',
  'line-out-of-range': 'warning',
  'do-now-row-missing': 'error',
  'done-missing-artifacts': 'warning',
  'parent-open-children-done': 'info',
  'cuda-unmasked': 'warning',
  'attempt-duplicate': 'warning',
  'attempt-sequence': 'info',
  'parse-failed': 'error',
};

export interface DiagnosticOptions {
  /** Cooperative cancellation: checked between expensive steps. */
  readonly isCancelled?: () => boolean;
}

function rowsOf(doc: IndexedDocument): Row[] {
  if (doc.model.kind !== 'plan') return [];
  return [...doc.model.phases.flatMap((p) => p.rows), ...doc.model.looseRows];
}

/**
 * Paths worth judging: rooted at a top-level folder that exists, or relative to the citing file.
 * `topFolders` remembers, for one computation, which top-level names are folders.
 */
function judgeable(index: WorkspaceIndex, ref: Reference, topFolders: Map<string, boolean>): boolean {
  if (!ref.path || isTemplated(ref.path) || ref.path.startsWith('/') || /^\.\.\//.test(ref.path)) return false;
  if (/[{}*]|\.\.\.|…/.test(ref.path)) return false;
  const slash = ref.path.indexOf('/');
  if (slash < 0) return false;
  const top = ref.path.slice(0, slash);
  let folder = topFolders.get(top);
  if (folder === undefined) topFolders.set(top, (folder = !!index.statOf(top)?.isDirectory));
  return folder;
}

export function computeDiagnostics(index: WorkspaceIndex, doc: IndexedDocument, options: DiagnosticOptions = {}): PlanLoopDiagnostic[] {
  const out: PlanLoopDiagnostic[] = [];
  const severities = index.config.severities;
  const push = (d: Omit<PlanLoopDiagnostic, 'severity'> & { severity?: Severity }): void => {
    const configured = severities[d.code];
    if (configured === 'off') return;
    out.push({ ...d, severity: configured ?? d.severity ?? DEFAULT_SEVERITY[d.code] });
  };
  const cancelled = (): boolean => options.isCancelled?.() ?? false;

  for (const p of doc.model.problems) push({ code: p.code as DiagnosticCode, message: p.message, span: p.span, severity: p.severity });
  if (cancelled()) return out;

  // References to missing files or past a file's end. Expected outputs are not references:
  // paths inside commands, the handoff's Artifacts / If Blocked / How-To sections, and plan
  // artifacts (a done row's missing evidence has its own diagnostic).
  const outputs = expectedOutputSpans(doc);
  const topFolders = new Map<string, boolean>();
  for (const ref of doc.model.references) {
    if (ref.kind !== 'path' || !judgeable(index, ref, topFolders)) continue;
    if (outputs.some((s) => ref.span.start >= s.start && ref.span.end <= s.end)) continue;
    if (doc.model.kind === 'plan' && isArtifactPath(ref.path as string)) continue;
    const resolved = index.resolvePath(doc.path, ref.path as string);
    if (!resolved.stat) {
      push({ code: 'missing-file', message: `${ref.path} does not exist`, span: ref.span, data: { path: ref.path as string } });
      continue;
    }
    const last = ref.endLine ?? ref.line;
    if (last !== undefined && resolved.stat.isFile) {
      const count = index.lineCountOf(resolved.path);
      if (count !== undefined && last > count) {
        push({ code: 'line-out-of-range', message: `${ref.path} has ${count} lines; line ${last} is past its end`, span: ref.span });
      }
    }
  }
  if (cancelled()) return out;

  if (doc.model.kind === 'plan') {
    const rows = rowsOf(doc);
    for (const row of rows) {
      if (row.state === 'done') {
        const missing = index
          .artifactStatus(doc, row)
          .filter((a) => !a.templated && !a.stat && a.raw.includes('/') && judgeableArtifact(a.path));
        if (missing.length) {
          push({
            code: 'done-missing-artifacts',
            message: `Row ${row.id} is done but ${missing.length === 1 ? 'its artifact is' : `${missing.length} artifacts are`} missing: ${missing.map((m) => m.path).join(', ')}`,
            span: row.stateSpan,
          });
        }
      }
      if (row.id && isActive(row.state)) {
        const children = rows.filter((r) => r.parentId === row.id);
        if (children.length && children.every((c) => isFinished(c.state))) {
          push({
            code: 'parent-open-children-done',
            message: `Row ${row.id} is ${row.rawState || 'open'} but all ${children.length} of its children are done`,
            span: row.stateSpan,
            data: { rowId: row.id, marker: '[x]' },
          });
        }
      }
    }
  }
  if (cancelled()) return out;

  // GPU-capable commands without the configured CUDA mask, in plans and handoffs.
  if (doc.model.kind === 'plan' || doc.model.kind === 'handoff') {
    const commands = doc.model.kind === 'plan' ? rowsOf(doc).flatMap((r) => r.commands) : [...doc.model.commands, ...doc.model.mappedTests];
    for (const command of commands) {
      if (GPU_CAPABLE.test(command.text) && cudaMaskOf(command.text) === undefined) {
        push({
          code: 'cuda-unmasked',
          message: `GPU-capable command runs without ${index.config.cudaMask}: ${command.text.split(/\r?\n/)[0].slice(0, 80)}`,
          span: command.span,
          data: { mask: index.config.cudaMask },
        });
      }
    }
  }

  if (doc.model.kind === 'handoff') {
    for (const item of doc.model.doNow) {
      for (const rowId of item.rowIds) {
        const scoped = index.findRows(rowId, { initiativeId: item.initiativeId });
        const anywhere = scoped.length ? scoped : index.findRows(rowId);
        if (anywhere.length === 0) {
          push({
            code: 'do-now-row-missing',
            message: `Do Now cites row ${rowId}${item.initiativeId ? ` of ${item.initiativeId}` : ''}, which no indexed plan defines`,
            span: item.span,
          });
        }
      }
    }
  }
  return out;
}

function expectedOutputSpans(doc: IndexedDocument): Span[] {
  const model = doc.model;
  if (model.kind === 'plan') return rowsOf(doc).flatMap((r) => r.commands.map((c) => c.span));
  if (model.kind === 'handoff') {
    return [
      ...model.sections.filter((s) => s.name === 'artifacts' || s.name === 'ifBlocked' || s.name === 'howTo').map((s) => s.span),
      ...model.commands.map((c) => c.span),
      ...model.mappedTests.map((c) => c.span),
    ];
  }
  return [];
}

function judgeableArtifact(path: string): boolean {
  return !path.startsWith('/') && !path.startsWith('..');
}
