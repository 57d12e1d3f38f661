// Offset ↔ line/character conversion. Characters are UTF-16 code units, as in LSP and JS strings.

export interface Position {
  readonly line: number; // 0-based
  readonly character: number; // 0-based
}

/** The one region where two texts differ: [start, oldEnd) in the old text became [start, newEnd). */
export interface TextChange {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

/** A change as the editor reported it, with the text it applies to (checked before it is trusted). */
export interface KnownChange {
  readonly before: string;
  readonly change: TextChange;
}

/** Common prefix and suffix of two texts; undefined when they are equal. */
export function changedRange(before: string, after: string): TextChange | undefined {
  if (before === after) return undefined;
  const max = Math.min(before.length, after.length);
  // Galloping block compares (string equality is a memcmp), then a character scan.
  let start = 0;
  for (let step = 4096; step >= 1; step >>= 3) {
    while (start + step <= max && before.slice(start, start + step) === after.slice(start, start + step)) start += step;
  }
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  const tailMax = max - start;
  for (let step = 4096; step >= 1; step >>= 3) {
    while (
      tail + step <= tailMax &&
      before.slice(before.length - tail - step, before.length - tail) === after.slice(after.length - tail - step, after.length - tail)
    )
      tail += step;
  }
  while (tail < tailMax && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
}

/** What a model's assembly reads of a document's text: a string, or a text held in pieces. */
export type TextSource = Pick<string, 'length' | 'charAt' | 'slice'>;

/** A copy of `text` that shares no memory with the string it was sliced from. */
export function detach(text: string): string {
  // Flattening the concatenation copies the characters; the slice then points into the copy.
  return (' ' + text).slice(1);
}

/** Pushes the line starts that follow the characters in [from, to) of `text`. */
function scanLineStarts(text: string, from: number, to: number, starts: number[]): void {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
}

export class LineIndex {
  /** Offset of the first character of each line. */
  private readonly starts: number[];

  constructor(
    readonly text: string,
    starts?: number[],
  ) {
    if (starts) this.starts = starts;
    else {
      this.starts = [0];
      scanLineStarts(text, 0, text.length, this.starts);
    }
  }

  /**
   * The index of `text`, which is `previous.text` with one change: line starts before the change
   * are kept, those after it shifted, and only the changed characters (and the one before them,
   * whose CR may now precede an LF) are scanned.
   */
  static afterChange(previous: LineIndex, text: string, change: TextChange | undefined): LineIndex {
    if (!change) return previous.text === text ? previous : new LineIndex(text);
    const old = previous.starts;
    const from = Math.max(0, change.start - 1);
    const starts: number[] = [];
    let i = 0;
    // Starts at or before `from` depend only on the unchanged prefix.
    while (i < old.length && old[i] <= from) starts.push(old[i++]);
    scanLineStarts(text, from, change.newEnd, starts);
    // Starts after the first unchanged character past the change depend only on the suffix.
    const delta = change.newEnd - change.oldEnd;
    while (i < old.length && old[i] <= change.oldEnd) i++;
    while (i < old.length) starts.push(old[i++] + delta);
    return new LineIndex(text, starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.starts[lo] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = this.starts[position.line];
    const end = this.lineEnd(position.line);
    return Math.min(start + Math.max(0, position.character), end);
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** Offset of the end of the line's content, before its line break. */
  lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    let end = next;
    if (end > this.starts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.starts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
}

/** The line break the document mostly uses, so inserted text matches it. */
/** Lone CRs read as LFs: the same length, so every offset still indexes the text as written. */
export function loneCrAsLf(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/**
 * The line ending to insert at `offset`: that of the line it is on (so a file with mixed endings
 * keeps each line's own), else of the line before, else the file's.
 */
export function eolAt(text: string, offset: number): '\n' | '\r\n' | '\r' {
  const ending = (i: number): '\n' | '\r\n' | '\r' => (text.charCodeAt(i) === 10 ? '\n' : text.charCodeAt(i + 1) === 10 ? '\r\n' : '\r');
  const at = Math.max(0, Math.min(offset, text.length));
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return ending(i);
  }
  for (let i = at - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 13) return ending(i);
    if (c === 10) return text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
  }
  return '\n';
}

export function detectEol(text: string): '\n' | '\r\n' | '\r' {
  const crlf = text.indexOf('\r\n');
  if (crlf < 0) return text.includes('\r') && !text.includes('\n') ? '\r' : '\n';
  const lf = text.indexOf('\n');
  return lf === crlf + 1 ? '\r\n' : '\n';
}

/** Any Unicode space (incl. U+00A0, U+202F) is a space; U+2011 is a hyphen. For matching only, never for edits. */
export function foldText(text: string): string {
  return text.replace(/[\u00a0\u2007\u202f\u2009\u200a]/g, ' ').replace(/[\u2010\u2011]/g, '-');
}

/** Escapes a literal for use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
