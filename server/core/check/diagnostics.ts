// Workspace diagnostics, shared by the language server and `planloop lint`.
// Each has a stable code; severities come from config (or 'off').
import { isActive, isFinished, KIND_MARKERS } from '../model/states';
import { DiagnosticCodes, type DiagnosticCode, type Problem, type Row, type Severity, type ShellCommand, type Span } from '../model/model';
import type { IndexedDocument, WorkspaceIndex } from '../index/workspace';
import { joinPath } from '../index/fileSystem';
import { cudaMaskOf } from '../parse/commands';
import { isArtifactPath, isTemplated } from '../parse/artifacts';
import { headingAnchors, htmlAnchors, nearestAnchor, type HeadingAnchor } from '../parse/anchors';
import { runsGpuCode } from './gpuCommands';
import { isCollectOnly, maskRequired } from './maskConvention';
import { isGitignored } from './gitignored';
import { historySpans, isArchivedDocument, isFinishedInitiative, namedForCreation, notAClaimOfExistence } from './history';
import { bracePrefix, resolveCited } from './citedPaths';
import { findPlanMove, type ListingCache, type PlanMove } from './movedPlans';

export type { DiagnosticCode };

export interface PlanLoopDiagnostic {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly span: Span;
  readonly severity: Severity;
  /** Data for quick fixes (e.g. the state a parent should get, the command span). */
  readonly data?: Readonly<Record<string, string | number>>;
}

const DEFAULT_SEVERITY: Record<DiagnosticCode, Severity> = {
  [DiagnosticCodes.unknownState]: 'warning',
  [DiagnosticCodes.unreadRow]: 'info',
  [DiagnosticCodes.duplicateRowId]: 'warning',
  [DiagnosticCodes.tableColumns]: 'warning',
  [DiagnosticCodes.missingFile]: 'warning',
  [DiagnosticCodes.lineOutOfRange]: 'warning',
  [DiagnosticCodes.doNowRowMissing]: 'error',
  [DiagnosticCodes.doneMissingArtifacts]: 'warning',
  [DiagnosticCodes.parentOpenChildrenDone]: 'info',
  [DiagnosticCodes.finishedWithOpenRows]: 'info',
  [DiagnosticCodes.cudaUnmasked]: 'warning',
  [DiagnosticCodes.attemptDuplicate]: 'warning',
  [DiagnosticCodes.attemptSequence]: 'info',
  [DiagnosticCodes.planMoved]: 'info',
  [DiagnosticCodes.staleAnchor]: 'warning',
  [DiagnosticCodes.parseFailed]: 'error',
};

/** Every diagnostic code, from the Record above (so the list is complete by construction). */
export const DIAGNOSTIC_CODES = Object.keys(DEFAULT_SEVERITY) as DiagnosticCode[];

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
function judgeable(index: WorkspaceIndex, path: string, topFolders: Map<string, boolean>): boolean {
  if (!path || isTemplated(path) || path.startsWith('/') || /^\.\.\//.test(path)) return false;
  if (/[{}*]|\.\.\.|…/.test(path)) return false;
  const slash = path.indexOf('/');
  if (slash < 0) return false;
  const top = path.slice(0, slash);
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

  // An archived plan or ledger is history: what it says cannot change, so only a file that
  // cannot be read at all is worth a word.
  const archived = isArchivedDocument(doc.path);
  const finished =
    doc.model.kind === 'ledger' ? doc.model.initiatives.filter((i) => isFinishedInitiative(i.status)).map((i) => i.span) : [];
  for (const p of doc.model.problems) {
    if (archived && p.code !== DiagnosticCodes.parseFailed) continue;
    // The attempt log of a finished initiative is history too.
    if (p.code.startsWith('attempt-') && finished.some((s) => p.span.start >= s.start && p.span.end <= s.end)) continue;
    push({ code: p.code, message: problemMessage(doc, p), span: p.span, severity: p.severity });
  }
  if (archived || cancelled()) return out;

  // References to missing files or past a file's end. Expected outputs are not references:
  // paths inside commands, the handoff's Artifacts / If Blocked / How-To sections, and plan
  // artifacts (a done row's missing evidence has its own diagnostic).
  const outputs = expectedOutputSpans(doc);
  // Dated attempt entries and finished rows record what was true then; open rows name files they
  // will create. Neither claims a file exists now.
  const history = historySpans(doc, doc.model.kind === 'plan' && planOfFinishedInitiative(index, doc.path));
  const inside = (spans: readonly Span[], span: Span): boolean => spans.some((s) => span.start >= s.start && span.end <= s.end);
  const topFolders = new Map<string, boolean>();
  const listings: ListingCache = new Map();
  const moves = new Map<string, { move: PlanMove; spans: Span[] }>();
  for (const ref of doc.model.references) {
    if (ref.kind !== 'path' || !ref.path) continue;
    const prefix = bracePrefix(doc.text, ref.span.start, doc);
    const written = prefix ? prefix + ref.path : ref.path;
    if (!judgeable(index, written, topFolders)) continue;
    if (inside(outputs, ref.span) || inside(history.past, ref.span)) continue;
    if (doc.model.kind === 'plan' && isArtifactPath(written)) continue;
    if (notAClaimOfExistence(doc.text, ref.span)) continue;
    const resolved = resolveCited(index, doc, ref.path, ref.span);
    if (!resolved.stat) {
      if (isGitignored(index, written)) continue;
      const move = prefix ? undefined : findPlanMove(index, written, listings);
      // `plans/archive/x.md (archived from plans/active/x.md)` already says where it went.
      if (move && lineOf(doc.text, ref.span).includes(move.to.replace(/\/$/, ''))) continue;
      if (move) {
        const group = moves.get(move.from) ?? { move, spans: [] };
        group.spans.push(ref.span);
        moves.set(move.from, group);
        continue;
      }
      if (inside(history.future, ref.span) && namedForCreation(doc.text, ref.span)) continue;
      push({ code: DiagnosticCodes.missingFile, message: `${written} does not exist`, span: ref.span, data: { path: written } });
      continue;
    }
    const last = ref.endLine ?? ref.line;
    if (last !== undefined && resolved.stat.isFile) {
      const count = index.lineCountOf(resolved.path);
      if (count !== undefined && last > count) {
        push({
          code: DiagnosticCodes.lineOutOfRange,
          message: `${ref.path} has ${count} lines; line ${last} is past its end`,
          span: ref.span,
        });
      }
    }
    if (ref.anchor && resolved.stat.isFile && /\.md$/i.test(resolved.path)) {
      const stale = staleAnchor(index, resolved.path, ref.anchor);
      if (stale) {
        const at = ref.span.start + ref.raw.lastIndexOf('#' + ref.anchor) + 1;
        push({
          code: DiagnosticCodes.staleAnchor,
          message: stale.nearest
            ? `${ref.path} has no heading #${ref.anchor}; the nearest is #${stale.nearest.slug} ("${stale.nearest.text}", line ${stale.nearestLine})`
            : `${ref.path} has no heading #${ref.anchor}`,
          span: { start: at, end: at + ref.anchor.length },
          data: stale.nearest ? { anchor: ref.anchor, slug: stale.nearest.slug } : { anchor: ref.anchor },
        });
      }
    }
  }
  // One note per moved plan, however often this file cites its old place.
  for (const { move, spans } of moves.values()) {
    const lines = [...new Set(spans.map((s) => doc.lines.positionAt(s.start).line + 1))];
    push({
      code: DiagnosticCodes.planMoved,
      message:
        `${move.from} moved to ${move.to}; this file cites the old path ` +
        (spans.length === 1 ? `once (line ${lines[0]})` : `${spans.length} times (${lineList(lines)})`),
      span: spans[0],
      data: { from: move.from, to: move.to },
    });
  }
  if (cancelled()) return out;

  if (doc.model.kind === 'plan') {
    const rows = rowsOf(doc);
    for (const row of rows) {
      if (row.state === 'done') {
        const spanOf = new Map(row.artifacts.map((a) => [a.raw, a.span]));
        const missing = index
          .artifactStatus(doc, row)
          // Only a path anchored at a folder that exists can be judged missing: `phase_d/x.log`
          // hangs from a reports root the plan names elsewhere, and guessing it would be false.
          .filter(
            (a) => !a.templated && !a.stat && a.raw.includes('/') && judgeableArtifact(a.path) && judgeable(index, a.path, topFolders),
          )
          .filter((a) => !resolveCited(index, doc, a.path, spanOf.get(a.raw) ?? row.span).stat)
          // Run outputs the repository gitignores are absent from every clone on purpose.
          .filter((a) => !isGitignored(index, a.path));
        if (missing.length) {
          push({
            code: DiagnosticCodes.doneMissingArtifacts,
            message: `${rowName(row)} is done but ${missing.length === 1 ? 'its artifact is' : `${missing.length} artifacts are`} missing: ${missing.map((m) => m.path).join(', ')}`,
            span: row.stateSpan,
          });
        }
      }
      if (row.id && isActive(row.state)) {
        const children = rows.filter((r) => r.parentId === row.id);
        if (children.length && children.every((c) => isFinished(c.state))) {
          push({
            code: DiagnosticCodes.parentOpenChildrenDone,
            message: `${rowName(row)} is ${row.rawState || 'open'} but all ${children.length} of its children are done`,
            span: row.stateSpan,
            data: { rowId: row.id, marker: KIND_MARKERS.done.marker },
          });
        }
      }
    }
    // A plan whose banner or backlog status says it is finished while required rows stay open:
    // one note on the status, not one per row (optional Kiro tasks may stay open).
    const header = doc.model.header;
    if (header?.status === 'done' && header.statusSpan) {
      const open = rows.filter((r) => isActive(r.state) && !r.tags?.includes('optional'));
      if (open.length)
        push({
          code: DiagnosticCodes.finishedWithOpenRows,
          message: `The plan says '${header.rawStatus}' but ${open.length === 1 ? '1 row is' : `${open.length} rows are`} still open (first: ${open[0].label ?? (open[0].id || open[0].title.slice(0, 40))})`,
          span: header.statusSpan,
        });
    }
  }
  if (cancelled()) return out;

  // Commands that run GPU-capable code without the CUDA mask, where the project asks for the mask
  // (maskConvention.ts). Finished rows are history; `--collect-only` runs no test.
  if ((doc.model.kind === 'plan' || doc.model.kind === 'handoff') && maskRequired(index, isArchivedDocument)) {
    const commands: ShellCommand[] =
      doc.model.kind === 'plan'
        ? rowsOf(doc)
            .filter((r) => !SETTLED.has(r.state))
            .flatMap((r) => r.commands)
        : [...doc.model.commands, ...doc.model.mappedTests];
    for (const command of commands) {
      if (runsGpuCode(command.text) && cudaMaskOf(command.text) === undefined && !isCollectOnly(command.text)) {
        push({
          code: DiagnosticCodes.cudaUnmasked,
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
            code: DiagnosticCodes.doNowRowMissing,
            message: `Do Now cites row ${rowId}${item.initiativeId ? ` of ${item.initiativeId}` : ''}, which no indexed plan defines`,
            span: item.span,
          });
        }
      }
    }
  }
  return out;
}

const SETTLED = new Set<Row['state']>(['done', 'skipped']);

/** Whether the ledger records the plan's initiative as finished (done, archived, superseded). */
function planOfFinishedInitiative(index: WorkspaceIndex, path: string): boolean {
  const id = index.initiativeForPlan(path);
  const hit = id ? index.findInitiatives(id)[0] : undefined;
  return !!hit && isFinishedInitiative(hit.initiative.status);
}

function lineOf(text: string, span: Span): string {
  const end = text.indexOf('\n', span.end);
  return text.slice(text.lastIndexOf('\n', span.start - 1) + 1, end < 0 ? text.length : end);
}

/** `Row B2`, or `This row` for a row without an ID. */
function rowName(row: Row): string {
  return row.id ? `Row ${row.id}` : 'This row';
}

/** `3, 9, 12` or `3, 9, 12 and 4 more`. */
function lineList(lines: readonly number[]): string {
  const shown = lines
    .slice(0, 8)
    .map((l) => `line ${l}`)
    .join(', ');
  return lines.length > 8 ? `${shown} and ${lines.length - 8} more` : shown.replace(/, (?=[^,]*$)/, ' and ');
}

/** Problem messages name lines: a duplicate row says where its first definition is. */
function problemMessage(doc: IndexedDocument, p: Problem): string {
  if (p.code !== DiagnosticCodes.duplicateRowId || doc.model.kind !== 'plan') return p.message;
  const row = rowsOf(doc).find((r) => r.span.start === p.span.start);
  const first = row && rowsOf(doc).find((r) => r.id === row.id);
  if (!row || !first || first === row) return p.message;
  return `Duplicate row ID ${row.id} (first defined on line ${doc.lines.positionAt(first.span.start).line + 1})`;
}

/** Anchors of a Markdown file, kept while its text is the same (a handoff's diagnostics ask on every keystroke). */
interface FileAnchors {
  /** The indexed text the anchors were read from, or the file's size and time on disk. */
  readonly version: string;
  readonly text: string;
  readonly anchors: HeadingAnchor[];
  readonly html: Set<string>;
}
const anchorCache = new Map<string, FileAnchors>();

function anchorsOf(index: WorkspaceIndex, path: string): FileAnchors | undefined {
  // An indexed document is compared by its text; a file on disk by its size and time, so it is
  // read again only when it changed.
  const open = index.get(path)?.text;
  const stat = open === undefined ? index.statOf(path) : undefined;
  const version = open !== undefined ? 'indexed' : stat ? `${stat.size}:${stat.mtimeMs}` : '';
  const key = `${index.root}\u0000${path}`;
  const cached = anchorCache.get(key);
  if (cached && cached.version === version && (open === undefined || cached.text === open)) return cached;
  const text = open ?? index.fs.readFile(joinPath(index.root, path));
  if (text === undefined) return undefined;
  const entry = { version, text, anchors: headingAnchors(text), html: htmlAnchors(text) };
  if (anchorCache.size > 16) anchorCache.clear();
  anchorCache.set(key, entry);
  return entry;
}

/** A `#anchor` that no heading of the file produces: the nearest real one, with its line. */
function staleAnchor(index: WorkspaceIndex, path: string, anchor: string): { nearest?: HeadingAnchor; nearestLine?: number } | undefined {
  const file = anchorsOf(index, path);
  if (!file) return undefined;
  const want = anchor.toLowerCase();
  if (file.anchors.some((a) => a.slug === want) || file.html.has(want)) return undefined;
  const nearest = nearestAnchor(want, file.anchors);
  if (!nearest) return {};
  let line = 1;
  for (let i = file.text.indexOf('\n'); i >= 0 && i < nearest.start; i = file.text.indexOf('\n', i + 1)) line++;
  return { nearest, nearestLine: line };
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
