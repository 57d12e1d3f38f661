// Finds references in free text: paths with line/range/anchor/symbol suffixes, § sections,
// [INITIATIVE] IDs and row-ID tokens. Every reference keeps its exact span.
import { exact } from '../model/compact';
import type { Reference } from '../model/model';
import { detach } from '../model/text';

// A path segment: word characters, dots, dashes (incl. U+2011), placeholders, globs and {a,b} lists.
const SEG = String.raw`(?:[\w.\-\u2011@+<>$*…]|\{[^{}\n]*\})+`;
const PATH = String.raw`(?:\.{1,2}/|/)?(?:${SEG}/)+(?:${SEG})?|[\w\-\u2011@+]+\.(?:md|py|json|jsonl|log|txt|csv|ya?ml|toml|sh|ts|js|npz|npy|png|h5|zip|dill|ipynb|cfg|ini|html|pdf|gz|tar|svg|xml)\b`;
const SUFFIX = String.raw`(?:#L(\d+)(?:-L?(\d+))?|#([\w\-\u2011.]+)|::([\w.:\-\u2011\[\]]+)|:(\d+)(?:-(\d+))?)?`;
const PATH_RE = new RegExp(String.raw`(?<![\w/.\-\u2011:@])(${PATH})${SUFFIX}`, 'g');
const SECTION_RE = /§§?[ \t]?((?:[A-Z][a-z][\w-]*(?:[ \t][A-Z0-9][\w-]*)*)|[\w.\-\u2011]+(?:[ \t]*[–-][ \t]*§?[\w.\-\u2011]+)?)/g;
const INITIATIVE_RE = /\[([A-Z][A-Z0-9]*(?:[-\u2011_][A-Za-z0-9]+)+)\]/g;

/** Extension of a path's last segment, if it has one. */
function hasExtension(path: string): boolean {
  const last = path.replace(/\/+$/, '').split('/').pop() ?? '';
  return /\.[A-Za-z0-9]{1,6}(?:[},]|$)/.test(last) || /\}$/.test(last);
}

function isUrlContext(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 12), index);
  return /[a-z]+:\/\/\S*$/i.test(before);
}

/** A path worth resolving: has an extension, or ends in '/' with at least two segments. */
function isPlausiblePath(path: string): boolean {
  if (/^\d+(?:\.\d+)*\/\d+/.test(path)) return false; // ratios like 7/7
  if (hasExtension(path)) return true;
  return path.endsWith('/') && path.split('/').filter(Boolean).length >= 2;
}

export function findPathReferences(text: string, base = 0): Reference[] {
  const refs: Reference[] = [];
  PATH_RE.lastIndex = 0;
  for (let m = PATH_RE.exec(text); m; m = PATH_RE.exec(text)) {
    let path = m[1];
    // Trailing punctuation belongs to the sentence, not the path.
    const trimmed = path.replace(/[.,;:)]+$/, '');
    if (trimmed !== path && m[0] === m[1]) {
      path = trimmed;
    }
    if (!isPlausiblePath(path) || isUrlContext(text, m.index)) continue;
    const raw = m[0] === m[1] ? path : m[0];
    const ref: Reference = {
      kind: 'path',
      span: { start: base + m.index, end: base + m.index + raw.length },
      raw,
      path,
      line: m[2] ? +m[2] : m[6] ? +m[6] : undefined,
      endLine: m[3] ? +m[3] : m[7] ? +m[7] : undefined,
      anchor: m[4],
      symbol: m[5],
    };
    refs.push(ref);
  }
  return refs;
}

const PATH_CHAR = /[\w.\-/\u2011]/;
const SPACE = /\s/;

/**
 * The `….md` path that ends right before `at` (then an optional colon and white space), read
 * backwards: what `/([\w.\-/\u2011]+\.md):?\s*$/` finds in text.slice(0, at), without running a
 * regex over everything before it for each match (which made a section's scan quadratic).
 */
function markdownPathBefore(text: string, at: number): string | undefined {
  let end = at;
  while (end > 0 && SPACE.test(text[end - 1])) end--;
  if (text[end - 1] === ':') end--;
  if (end < 4 || text.slice(end - 3, end) !== '.md') return undefined;
  let start = end - 3;
  while (start > 0 && PATH_CHAR.test(text[start - 1])) start--;
  return start < end - 3 ? text.slice(start, end) : undefined;
}

/** `pathBefore(index)`: the path a `§` at `index` of the scanned text follows (the scan of some lines reads it from the whole text). */
function findSectionReferences(text: string, base = 0, pathBefore = (at: number) => markdownPathBefore(text, at)): Reference[] {
  const refs: Reference[] = [];
  SECTION_RE.lastIndex = 0;
  for (let m = SECTION_RE.exec(text); m; m = SECTION_RE.exec(text)) {
    const section = m[1].replace(/[.,;:)]+$/, '');
    const raw = m[0].slice(0, m[0].length - (m[1].length - section.length));
    const path = pathBefore(m.index);
    refs.push({
      kind: 'section',
      span: { start: base + m.index, end: base + m.index + raw.length },
      raw,
      section,
      path,
    });
  }
  return refs;
}

function findInitiativeReferences(text: string, base = 0): Reference[] {
  const refs: Reference[] = [];
  INITIATIVE_RE.lastIndex = 0;
  for (let m = INITIATIVE_RE.exec(text); m; m = INITIATIVE_RE.exec(text)) {
    // `[ID](#anchor)` is a link; it still names the initiative.
    refs.push({
      kind: 'initiative',
      span: { start: base + m.index, end: base + m.index + m[0].length },
      raw: m[0],
      id: m[1],
    });
  }
  return refs;
}

const REFERENCE_KEYS = ['kind', 'raw', 'path', 'line', 'endLine', 'anchor', 'symbol', 'section', 'id'] as const;

/** Same reference: same span, same fields and the same keys present. */
export function sameReference(a: Reference, b: Reference): boolean {
  return sameReferenceAt(a, 0, b, 0);
}

/** Same reference, `a` at `aBase` and `b` at `bBase` (their spans relative to those). */
export function sameReferenceAt(a: Reference, aBase: number, b: Reference, bBase: number): boolean {
  if (a.span.start - aBase !== b.span.start - bBase || a.span.end - aBase !== b.span.end - bBase) return false;
  for (const key of REFERENCE_KEYS) if (a[key] !== b[key] || key in a !== key in b) return false;
  return Object.keys(a).length === Object.keys(b).length;
}

/**
 * The references of a sorted list that lie in [from, to), the same objects; undefined when one
 * straddles an end (a scan of just that range would cut it there).
 */
export function referencesWithin(refs: readonly Reference[], from: number, to: number): Reference[] | undefined {
  let lo = 0;
  let hi = refs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (refs[mid].span.end <= from) lo = mid + 1;
    else hi = mid;
  }
  const out: Reference[] = [];
  for (let i = lo; i < refs.length && refs[i].span.start < to; i++) {
    const ref = refs[i];
    if (ref.span.start < from || ref.span.end > to) return undefined;
    out.push(ref);
  }
  return out;
}

/** All references in a text: paths, sections and initiative IDs, in source order. */
export function findReferences(text: string, base = 0): Reference[] {
  return mergeReferences([
    ...findPathReferences(text, base),
    ...findSectionReferences(text, base),
    ...findInitiativeReferences(text, base),
  ]);
}

/**
 * The references of whole lines [from, to) of `text` (`from` a line start, `to` a line end): the
 * ones `findReferences(text)` finds there, since no reference crosses a line break and the
 * grammars look at most one character around a match, except a `§`'s path, which is read back
 * from the whole text. The scanned lines are copied first, so the references' strings keep no
 * larger text alive.
 */
export function findReferencesInLines(text: string, from: number, to: number, base = 0): Reference[] {
  const lines = detach(text.slice(from, to));
  const pathBefore = (at: number): string | undefined => sectionPathAt(text, from + at);
  return mergeReferences([
    ...findPathReferences(lines, base + from),
    ...findSectionReferences(lines, base + from, pathBefore),
    ...findInitiativeReferences(lines, base + from),
  ]);
}

/** The `.md` path a `§` at `at` of `text` follows, as its reference has it (a copy: it keeps no larger text alive). */
export function sectionPathAt(text: string, at: number): string | undefined {
  const path = markdownPathBefore(text, at);
  return path === undefined ? undefined : detach(path);
}

/** Whether a `§` at `at` reads its path from before `limit` (only blanks and a colon lie between). */
export function sectionPathReachesBefore(text: string, limit: number, at: number): boolean {
  for (let i = at - 1; i >= limit; i--) if (!SPACE.test(text[i]) && text[i] !== ':') return false;
  return true;
}

function mergeReferences(all: Reference[]): Reference[] {
  // A section's `§` can't sit inside a path; an initiative's brackets can't either. Keep the first of overlaps.
  all.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  const out: Reference[] = [];
  let lastEnd = -1;
  for (const ref of all) {
    if (ref.span.start < lastEnd) continue;
    out.push(ref);
    lastEnd = ref.span.end;
  }
  return exact(out);
}

// Row IDs: A1, C2a, B3.a, C4.D3, E.A1, H3b1, EB3.D1, S1. Phase-like single letters are excluded.
const ROW_ID = String.raw`(?:[A-Z]{1,3}\d+[a-z]?\d*(?:\.[A-Za-z0-9]+)*|[A-Z]\.[A-Z]\d+[a-z]?)`;
const ROW_ID_TOKEN_RE = new RegExp(String.raw`(?<![\w.\-\u2011/#])(${ROW_ID})(?![\w\-\u2011]|\.\w)`, 'g');

/** Shape test for a row ID cell (broader than mentions: also `1.A` and lower-case suffixes). */
export function isRowId(text: string): boolean {
  return /^(?:[A-Za-z]{1,4}\d*[a-z]?\d*(?:[.\-\u2011][A-Za-z0-9]+)*|\d+(?:\.[A-Za-z0-9]+)+|\d+[a-z]?)$/.test(text) && text.length <= 16;
}

/** Tokens in text shaped like row IDs (D1, C4.D3). Consumers keep the ones that exist. */
export function findRowIdMentions(text: string, base = 0): Reference[] {
  const refs: Reference[] = [];
  ROW_ID_TOKEN_RE.lastIndex = 0;
  for (let m = ROW_ID_TOKEN_RE.exec(text); m; m = ROW_ID_TOKEN_RE.exec(text)) {
    refs.push({ kind: 'row', span: { start: base + m.index, end: base + m.index + m[1].length }, raw: m[1], id: m[1] });
  }
  return refs;
}
