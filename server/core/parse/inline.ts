// Inline-level helpers: code spans, table cells, emphasis stripping.

export interface Cell {
  readonly text: string; // trimmed raw source of the cell
  readonly start: number; // absolute offset of the trimmed content
  readonly end: number;
}

export interface CodeSpan {
  readonly value: string; // content between the backticks, trimmed of one space pair
  readonly start: number; // absolute offset of the opening backtick
  readonly end: number; // absolute offset after the closing backtick
  readonly contentStart: number;
  readonly contentEnd: number;
}

function backtickRun(text: string, i: number): number {
  let n = 0;
  while (text.charCodeAt(i + n) === 96) n++;
  return n;
}

/** Finds the closing run of exactly `n` backticks after `from`, or -1. */
function findClosingRun(text: string, from: number, n: number, limit: number): number {
  let i = from;
  while (i < limit) {
    const j = text.indexOf('`', i);
    if (j < 0 || j >= limit) return -1;
    const run = backtickRun(text, j);
    if (run === n) return j;
    i = j + run;
  }
  return -1;
}

/** Code spans in `text` (CommonMark rules: matching backtick runs; a backslash does not escape inside). */
export function findCodeSpans(text: string, base = 0, from = 0, to = text.length): CodeSpan[] {
  const spans: CodeSpan[] = [];
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) {
      i += 2;
      continue;
    }
    if (c !== 96) {
      i++;
      continue;
    }
    const n = backtickRun(text, i);
    const close = findClosingRun(text, i + n, n, to);
    if (close < 0) {
      i += n;
      continue;
    }
    let contentStart = i + n;
    let contentEnd = close;
    const inner = text.slice(contentStart, contentEnd);
    if (inner.length > 1 && inner.startsWith(' ') && inner.endsWith(' ') && inner.trim() !== '') {
      contentStart++;
      contentEnd--;
    }
    spans.push({
      value: text.slice(contentStart, contentEnd),
      start: base + i,
      end: base + close + n,
      contentStart: base + contentStart,
      contentEnd: base + contentEnd,
    });
    i = close + n;
  }
  return spans;
}

/** What `\s` matches, by code (no one-character string per test). */
export function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * A row's cells split at its pipes; with `respectCode`, not at a pipe inside a code span, and
 * `pipeInCode` says whether it passed over one (else the code-blind split gives the same cells).
 */
function splitRow(text: string, base: number, respectCode: boolean): { cells: Cell[]; pipeInCode: boolean } {
  const cells: Cell[] = [];
  let pipeInCode = false;
  // The first pipe at or after the last code span seen (kept so the row is scanned for pipes once).
  let nextPipe = -1;
  let i = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  if (text[i] === '|') i++;
  let cellStart = i;
  const push = (from: number, to: number): void => {
    let s = from;
    let e = to;
    while (s < e && isSpace(text.charCodeAt(s))) s++;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    cells.push({ text: text.slice(s, e), start: base + s, end: base + e });
  };
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 92) {
      i += 2;
      continue;
    }
    if (respectCode && c === 96) {
      const n = backtickRun(text, i);
      const close = findClosingRun(text, i + n, n, text.length);
      const next = close < 0 ? i + n : close + n;
      if (nextPipe !== Infinity && nextPipe < i) {
        const pipe = text.indexOf('|', i);
        nextPipe = pipe < 0 ? Infinity : pipe;
      }
      if (nextPipe < next) pipeInCode = true;
      i = next;
      continue;
    }
    if (c === 124 /* | */) {
      push(cellStart, i);
      cellStart = i + 1;
    }
    i++;
  }
  if (text.slice(cellStart).trim() !== '') push(cellStart, text.length);
  return { cells, pipeInCode };
}

/**
 * Splits one table row into cells. Authors often leave `|` unescaped inside code spans
 * (`… | tee log`); GFM would split there, so we prefer the code-aware split unless the
 * GFM split fits the header better.
 */
export function splitTableRow(text: string, base: number, expectedCells?: number, prefer?: (cells: Cell[]) => boolean): Cell[] {
  const { cells: aware, pipeInCode } = splitRow(text, base, true);
  // The two splits differ only where a code span holds a pipe.
  if (expectedCells === undefined || !pipeInCode) return aware;
  const naive = splitRow(text, base, false).cells;
  // When only one of the two splits has what the caller looks for (a state marker), that one wins.
  if (prefer && prefer(aware) !== prefer(naive)) return prefer(aware) ? aware : naive;
  const dAware = Math.abs(aware.length - expectedCells);
  const dNaive = Math.abs(naive.length - expectedCells);
  return dNaive < dAware ? naive : aware;
}

/** Strips wrapping emphasis and code markers: `**B3**` → `B3`, `` `A1` `` → `A1`. */
export function stripEmphasis(text: string): string {
  let t = text.trim();
  for (;;) {
    const m = /^(\*\*|__|\*|_|`|~~)(.+)\1$/s.exec(t);
    if (!m) break;
    t = m[2].trim();
  }
  return t;
}

/** Removes inline Markdown markers for display (bold, italics, links keep their text). */
export function toPlain(text: string): string {
  return linkTexts(text.replace(/<br\s*\/?>/gi, ' '))
    .replace(/\*\*|__/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * `[text](target)` → `text`, as `/\[([^\]]*)\]\([^)]*\)/g` would, in one pass: every `[` before the
 * same `]` meets the same fate, so a failed match skips to that `]` (the regex retried from each
 * `[`, quadratic on a title of many `[`).
 */
function linkTexts(text: string): string {
  let out = '';
  let copied = 0;
  let at = text.indexOf('[');
  while (at >= 0) {
    const close = text.indexOf(']', at + 1);
    if (close < 0) break;
    if (text.charCodeAt(close + 1) === 40 /* ( */) {
      const end = text.indexOf(')', close + 2);
      if (end < 0) break; // no `)` later: no link can close
      out += text.slice(copied, at) + text.slice(at + 1, close);
      copied = end + 1;
      at = text.indexOf('[', copied);
    } else at = text.indexOf('[', close + 1);
  }
  return copied === 0 ? text : out + text.slice(copied);
}
