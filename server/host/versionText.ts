// Successive versions of one file, decoded from the bytes that changed. A loop commit changes a few
// lines of a 400 KB ledger; decoding every whole version (UTF-8 to a JS string) was the largest
// cost of a cold history. The new text is the old one's unchanged head and tail around the decoded
// changed bytes: the same string a whole decode gives (the tests compare them), found with native
// compares and one count over the shorter unchanged end.
import { isUtf8 } from 'node:buffer';
import { applyHunks, hunksChange, type Hunk, type VersionEdit } from '../core/history/gitPort';

interface Version {
  readonly bytes: Buffer;
  /** The buffer `bytes` lie at the start of (the decoder's own). */
  readonly store: Buffer;
  /** Its text, unless it was read as an edit (then only its length is known). */
  readonly text?: string;
  /** Its length in UTF-16 code units. */
  readonly length: number;
  /** Its blob, when the reader named it. */
  readonly id?: string;
  /** Well-formed UTF-8: its characters can be counted from its bytes. */
  readonly wellFormed: boolean;
}

export type { VersionEdit };

/** A continuation byte (10xxxxxx) is never the first byte of a character. */
const continues = (byte: number | undefined): boolean => byte !== undefined && (byte & 0xc0) === 0x80;

/** Bytes both buffers start with (block compares first: each is a memcmp). */
function commonHead(a: Buffer, b: Buffer): number {
  const max = Math.min(a.length, b.length);
  let at = 0;
  for (let step = 65536; step >= 1; step >>= 4) {
    while (at + step <= max && a.compare(b, at, at + step, at, at + step) === 0) at += step;
  }
  return at;
}

/** Bytes both buffers end with, at most `max`. */
function commonTail(a: Buffer, b: Buffer, max: number): number {
  let tail = 0;
  for (let step = 65536; step >= 1; step >>= 4) {
    while (tail + step <= max && a.compare(b, b.length - tail - step, b.length - tail, a.length - tail - step, a.length - tail) === 0)
      tail += step;
  }
  return tail;
}

/** UTF-16 code units that well-formed UTF-8 bytes [from, to) decode to (a 4-byte character is a surrogate pair). */
function utf16Length(bytes: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const b = bytes[i];
    if ((b & 0xc0) !== 0x80) n += b >= 0xf0 ? 2 : 1;
  }
  return n;
}

/**
 * A changed middle at least this long (in bytes, old or new) is compared line by line for the
 * unchanged lines inside it: a commit that edits two places far apart (an attempt added here, a
 * status changed there) is two small hunks, not everything between them as one.
 */
const LINE_DIFF_BYTES = 4096;
/** Hunks sought in a changed middle before it is taken whole (Myers' D: lines inserted plus deleted). */
const MAX_LINE_EDITS = 96;

/** Line starts of bytes [from, to), and `to`: line k is [starts[k], starts[k + 1]) (its line break included). */
function lineStarts(bytes: Buffer, from: number, to: number): Int32Array {
  let n = 1;
  for (let at = bytes.indexOf(10, from); at >= 0 && at < to - 1; at = bytes.indexOf(10, at + 1)) n++;
  const starts = new Int32Array(n + 1);
  starts[0] = from;
  let k = 1;
  for (let at = bytes.indexOf(10, from); at >= 0 && at < to - 1; at = bytes.indexOf(10, at + 1)) starts[k++] = at + 1;
  starts[n] = to;
  return starts;
}

/**
 * The runs of lines the old and new middles share, in order (Myers' O(ND) diff over lines), as
 * [old line, new line, count]; undefined when more than MAX_LINE_EDITS lines differ.
 */
function commonRuns(a: Buffer, oldLines: Int32Array, b: Buffer, newLines: Int32Array): Array<[number, number, number]> | undefined {
  const n = oldLines.length - 1;
  const m = newLines.length - 1;
  const same = (x: number, y: number): boolean => {
    const length = oldLines[x + 1] - oldLines[x];
    return length === newLines[y + 1] - newLines[y] && a.compare(b, newLines[y], newLines[y + 1], oldLines[x], oldLines[x + 1]) === 0;
  };
  const max = Math.min(MAX_LINE_EDITS, n + m);
  const v = new Int32Array(2 * max + 3);
  const offset = max + 1;
  /** v for diagonals -d…d after each round d. */
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && same(x, y)) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    trace.push(v.slice(offset - d, offset + d + 1));
  }
  if (found < 0) return undefined;
  const runs: Array<[number, number, number]> = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const before = trace[d - 1];
    const k = x - y;
    const down = k === -d || (k !== d && before[k - 1 + d - 1] < before[k + 1 + d - 1]);
    const previousK = down ? k + 1 : k - 1;
    const previousX = before[previousK + d - 1];
    const startX = down ? previousX : previousX + 1;
    if (x > startX) runs.push([startX, startX - k, x - startX]);
    x = previousX;
    y = previousX - previousK;
  }
  if (x > 0) runs.push([0, 0, x]);
  runs.reverse();
  // Each run within both texts and after the one before it (else the middle is taken whole).
  let oldAt = 0;
  let newAt = 0;
  for (const [ox, ny, count] of runs) {
    if (ox < oldAt || ny < newAt || ox + count > n || ny + count > m) return undefined;
    oldAt = ox + count;
    newAt = ny + count;
  }
  return runs;
}

/**
 * Where `next` differs from `previous` (both well-formed UTF-8), in characters: the hunks, each
 * with its new characters. The unchanged head and tail are found with native compares; a long
 * changed middle is compared line by line for the lines it kept.
 */
function difference(previous: Version, next: Buffer): VersionEdit {
  const a = previous.bytes;
  let head = commonHead(a, next);
  if (head === a.length && head === next.length) return { hunks: [] };
  // Cut only where a character starts in both versions (bytes before the cut are the same).
  while (head > 0 && (continues(a[head]) || continues(next[head]))) head--;
  let tail = commonTail(a, next, Math.min(a.length, next.length) - head);
  while (tail > 0 && continues(a[a.length - tail])) tail--;
  const oldMiddleEnd = a.length - tail;
  const newMiddleEnd = next.length - tail;
  // Count the shorter unchanged end; the other follows from the total.
  const oldMiddle = utf16Length(a, head, oldMiddleEnd);
  const start = head <= tail ? utf16Length(a, 0, head) : previous.length - oldMiddle - utf16Length(a, oldMiddleEnd, a.length);
  // Runs of unchanged lines inside the middle; the line starts are character starts in both.
  const oldLines =
    oldMiddleEnd - head >= LINE_DIFF_BYTES || newMiddleEnd - head >= LINE_DIFF_BYTES ? lineStarts(a, head, oldMiddleEnd) : undefined;
  const newLines = oldLines && lineStarts(next, head, newMiddleEnd);
  const runs = oldLines && newLines && commonRuns(a, oldLines, next, newLines);
  if (!runs?.length) {
    const inserted = next.toString('utf8', head, newMiddleEnd);
    const hunks = [{ start, oldEnd: start + oldMiddle, inserted }];
    return { change: hunksChange(hunks), hunks };
  }
  const hunks: Hunk[] = [];
  // The byte and character offsets the old text is counted up to.
  let byte = head;
  let chars = start;
  let oldLine = 0;
  let newLine = 0;
  const hunk = (oldTo: number, newTo: number): void => {
    if (oldTo === oldLine && newTo === newLine) return;
    const from = oldLines![oldLine];
    chars += utf16Length(a, byte, from);
    const removed = utf16Length(a, from, oldLines![oldTo]);
    hunks.push({ start: chars, oldEnd: chars + removed, inserted: next.toString('utf8', newLines![newLine], newLines![newTo]) });
    chars += removed;
    byte = oldLines![oldTo];
  };
  for (const [x, y, count] of runs) {
    hunk(x, y);
    oldLine = x + count;
    newLine = y + count;
  }
  hunk(oldLines!.length - 1, newLines!.length - 1);
  return { change: hunksChange(hunks), hunks };
}

/** `next`'s text from `previous`'s: both are well-formed UTF-8. */
function splice(previous: Version & { text: string }, next: Buffer): string {
  const { hunks } = difference(previous, next);
  return hunks.length ? applyHunks(previous.text, hunks) : previous.text;
}

/** Decodes versions of files, each from the last version decoded under the same key (a path). */
export class VersionDecoder {
  private readonly last = new Map<string, Version>();
  /** Per key, the store of the version before the last: the next version is copied into it. */
  private readonly spare = new Map<string, Buffer>();

  /**
   * `bytes`, which may be valid only during the call (a view of the stream), kept as the last
   * version of `key`: copied into the store of the version before the last (reused, never pooled).
   */
  private keep(key: string, bytes: Buffer, version: Omit<Version, 'bytes' | 'store'>): void {
    const previous = this.last.get(key);
    let store = this.spare.get(key);
    if (!store || store.length < bytes.length)
      store = Buffer.allocUnsafeSlow(Math.max(bytes.length, Math.ceil((store?.length ?? 0) * 1.25)));
    bytes.copy(store);
    this.last.set(key, { ...version, store, bytes: store.subarray(0, bytes.length) });
    if (previous) this.spare.set(key, previous.store);
    else this.spare.delete(key);
  }

  /** The text of `bytes` (exactly `bytes.toString('utf8')`), the next version of `key` (blob `id`). */
  decode(key: string, bytes: Buffer, id?: string): string {
    const previous = this.last.get(key);
    const wellFormed = isUtf8(bytes);
    const text =
      previous?.wellFormed && wellFormed && previous.text !== undefined
        ? splice(previous as Version & { text: string }, bytes)
        : bytes.toString('utf8');
    this.keep(key, bytes, { text, length: text.length, wellFormed, id });
    return text;
  }

  /**
   * Blob `id`, the next version of `key`, as an edit of blob `base` when that is the last version
   * decoded under `key` (the reader holds it), without building its whole text (a 1 MB string per
   * version of a ledger was most of what a cold history allocated); else its whole text (no last
   * version, another one, or either is not UTF-8).
   */
  edit(key: string, bytes: Buffer, id: string, base: string): VersionEdit | { readonly text: string } {
    const previous = this.last.get(key);
    const wellFormed = isUtf8(bytes);
    if (!previous?.wellFormed || !wellFormed || previous.id !== base) {
      const text = bytes.toString('utf8');
      this.keep(key, bytes, { text, length: text.length, wellFormed, id });
      return { text };
    }
    const edit = difference(previous, bytes);
    const length = edit.change ? previous.length + edit.change.newEnd - edit.change.oldEnd : previous.length;
    this.keep(key, bytes, { length, wellFormed, id });
    return edit;
  }

  clear(): void {
    this.last.clear();
    this.spare.clear();
  }
}
