// Where a cited path lives. Authors write paths relative to what they just named: the items of
// `reports/<hub>/{docs/summary.md,docs/raw.md}` hang from the prefix before the brace, and
// `logs/collect_only.log` next to `plans/…/reports/<hub>/` in the same cell, row or attempt lives
// in that hub. A path is missing only when it is found under none of these.
import type { Reference, Span } from '../model/model';
import type { IndexedDocument, ResolvedPath, WorkspaceIndex } from '../index/workspace';
import { dirname, joinPath } from '../index/fileSystem';
import { isTemplated } from '../parse/artifacts';

/** The braces of a text, found once: offsets, whether each opens, and where its line ends. */
interface Braces {
  readonly at: readonly number[];
  readonly opens: readonly boolean[];
  readonly lineEnd: readonly number[];
}

function bracesOf(text: string): Braces {
  const at: number[] = [];
  const opens: boolean[] = [];
  const lineEnd: number[] = [];
  let end = -1;
  for (const m of text.matchAll(/[{}]/g)) {
    if (m.index > end) {
      end = text.indexOf('\n', m.index);
      if (end < 0) end = text.length;
    }
    at.push(m.index);
    opens.push(m[0] === '{');
    lineEnd.push(end);
  }
  return { at, opens, lineEnd };
}

// Keyed by the text's owner (a document version): its braces are found once for all its citations.
const bracesByOwner = new WeakMap<object, Braces>();

/**
 * When the path at `start` sits inside a brace group (`prefix/{a/b.md,c/d.md}` that the path
 * grammar did not take whole), the prefix before the brace; undefined otherwise. `owner` (the
 * document) lets its citations share one scan for braces: ledger lines of several KB cite dozens
 * of paths, and a scan back to the line start for each was quadratic.
 */
export function bracePrefix(text: string, start: number, owner?: object): string | undefined {
  let braces = owner ? bracesByOwner.get(owner) : undefined;
  if (!braces) {
    braces = bracesOf(text);
    if (owner) bracesByOwner.set(owner, braces);
  }
  // The last brace before `start`: it must open, on the same line.
  let lo = 0;
  let hi = braces.at.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (braces.at[mid] < start) lo = mid + 1;
    else hi = mid;
  }
  const last = lo - 1;
  if (last < 0 || !braces.opens[last] || braces.lineEnd[last] < start) return undefined;
  const open = braces.at[last];
  let from = open;
  while (from > 0 && !PREFIX_STOP.test(text[from - 1])) from--;
  const prefix = text.slice(from, open);
  return prefix.endsWith('/') ? prefix : undefined;
}

/** What ends a brace group's prefix: whitespace (Unicode's too), quotes, openers and separators. */
const PREFIX_STOP = /[\s`'"([{,;|]/;

/** The folder a reference names: itself when it ends in `/`, else the folder of the file it names. */
function folderOf(ref: Reference): string | undefined {
  const path = ref.path;
  if (ref.kind !== 'path' || !path || isTemplated(path) || /[{}]/.test(path)) return undefined;
  if (path.endsWith('/')) return path;
  return path.includes('/') ? dirname(path) + '/' : undefined;
}

/** References inside `span`; a document's references are in source order, so a binary search finds the first. */
function within(refs: readonly Reference[], span: Span): Reference[] {
  let lo = 0;
  let hi = refs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (refs[mid].span.start < span.start) lo = mid + 1;
    else hi = mid;
  }
  const out: Reference[] = [];
  for (let i = lo; i < refs.length && refs[i].span.start < span.end; i++) if (refs[i].span.end <= span.end) out.push(refs[i]);
  return out;
}

/**
 * The units of a document in tiers, each sorted by start: rows (plan), attempts then fields
 * (ledger), Do Now items then sections (handoff). Built once per model, so finding the unit of
 * each citation is a binary search, not a scan of every initiative (lint stays O(file)).
 */
interface Tier {
  readonly spans: readonly Span[];
  /** The largest end among spans[0..i]: no span before i can hold an offset at or past it. */
  readonly reach: readonly number[];
}

const unitTiers = new WeakMap<object, Tier[]>();

function tier(items: ReadonlyArray<{ span: Span }>): Tier {
  const spans = items.map((i) => i.span).sort((a, b) => a.start - b.start);
  const reach: number[] = [];
  for (const s of spans) reach.push(Math.max(s.end, reach[reach.length - 1] ?? 0));
  return { spans, reach };
}

function tiersOf(doc: IndexedDocument): Tier[] {
  const model = doc.model;
  let tiers = unitTiers.get(model);
  if (!tiers) {
    tiers =
      model.kind === 'plan'
        ? [tier([...model.phases.flatMap((p) => p.rows), ...model.looseRows])]
        : model.kind === 'ledger'
          ? [tier(model.initiatives.flatMap((i) => i.attempts)), tier(model.initiatives.flatMap((i) => i.fields))]
          : [tier(model.doNow), tier(model.sections)];
    unitTiers.set(model, tiers);
  }
  return tiers;
}

/** The innermost span of a start-sorted list that holds `offset`. */
function holding({ spans, reach }: Tier, offset: number): Span | undefined {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].start <= offset) lo = mid + 1;
    else hi = mid;
  }
  // Spans may nest (a row and its sub-rows): step back past those that end before `offset`.
  for (let i = lo - 1; i >= 0 && offset < reach[i]; i--) if (offset < spans[i].end) return spans[i];
  return undefined;
}

/** The span of the unit a citation belongs to: a plan row, a ledger attempt, a Do Now item or handoff section. */
function unitOf(doc: IndexedDocument, offset: number): Span | undefined {
  for (const t of tiersOf(doc)) {
    const found = holding(t, offset);
    if (found) return found;
  }
  return undefined;
}

/**
 * Folders a relative path cited at `offset` may hang from, nearest first: those named on the same
 * line (a table cell or row), then in the same unit (row, attempt, Do Now item), then the
 * handoff's hub (its Artifacts).
 */
export function contextFolders(index: WorkspaceIndex, doc: IndexedDocument, offset: number): string[] {
  const line = doc.lines.positionAt(offset).line;
  const lineSpan = { start: doc.lines.lineStart(line), end: doc.lines.lineStart(line) + doc.lines.lineText(line).length };
  const unit = unitOf(doc, offset) ?? lineSpan;
  const refs = doc.model.references;
  const near = (s: Span): Reference[] =>
    within(refs, s)
      .filter((r) => !(offset >= r.span.start && offset < r.span.end))
      .sort((a, b) => Math.abs(a.span.start - offset) - Math.abs(b.span.start - offset));
  const folders: string[] = [];
  const add = (folder: string | undefined): void => {
    if (folder && !folders.includes(folder)) folders.push(folder);
  };
  for (const ref of near(lineSpan)) add(folderOf(ref));
  for (const ref of near(unit)) add(folderOf(ref));
  const handoff = doc.model.kind === 'handoff' ? doc.model : index.handoff()?.model;
  for (const artifact of handoff?.artifacts ?? []) {
    if (!artifact.templated && artifact.raw.endsWith('/')) add(artifact.raw);
  }
  return folders;
}

/**
 * Resolves a path cited in `doc` at `span`: as written (workspace root, the citing file's folder,
 * the initiative root), then under a brace group's prefix, then under the folders its context names.
 * Returns the first that exists, else the path as written would resolve.
 */
export function resolveCited(index: WorkspaceIndex, doc: IndexedDocument, path: string, span: Span): ResolvedPath {
  const prefix = bracePrefix(doc.text, span.start, doc);
  const written = prefix ? prefix + path : path;
  const direct = index.resolveInReports(doc, written);
  if (direct.stat || path.startsWith('/') || path.startsWith('../')) return direct;
  for (const folder of contextFolders(index, doc, span.start)) {
    const base = index.resolvePath(doc.path, folder);
    if (!base.stat?.isDirectory) continue;
    const candidate = joinPath(base.path, path.replace(/^\.\//, ''));
    const stat = index.statOf(candidate);
    if (stat) return { path: candidate, stat, insideWorkspace: true };
  }
  return direct;
}
