// Successive versions of one file, decoded from the bytes that changed. A loop commit changes a few
// lines of a 400 KB ledger; decoding every whole version (UTF-8 to a JS string) was the largest
// cost of a cold history. The new text is the old one's unchanged head and tail around the decoded
// changed bytes: the same string a whole decode gives (the tests compare them), found with native
// compares and one count over the shorter unchanged end.
import { isUtf8 } from 'node:buffer';

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

/** The next version as the previous one with `change` replaced by `inserted` (no change: the same text). */
export interface VersionEdit {
  readonly change?: { readonly start: number; readonly oldEnd: number; readonly newEnd: number };
  readonly inserted: string;
}

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

/** Where `next` differs from `previous` (both well-formed UTF-8), in characters, and its new characters. */
function difference(previous: Version, next: Buffer): VersionEdit {
  const a = previous.bytes;
  let head = commonHead(a, next);
  if (head === a.length && head === next.length) return { inserted: '' };
  // Cut only where a character starts in both versions (bytes before the cut are the same).
  while (head > 0 && (continues(a[head]) || continues(next[head]))) head--;
  let tail = commonTail(a, next, Math.min(a.length, next.length) - head);
  while (tail > 0 && continues(a[a.length - tail])) tail--;
  const oldMiddleEnd = a.length - tail;
  const inserted = next.toString('utf8', head, next.length - tail);
  // Count the shorter unchanged end; the other follows from the total.
  const oldMiddle = utf16Length(a, head, oldMiddleEnd);
  const start = head <= tail ? utf16Length(a, 0, head) : previous.length - oldMiddle - utf16Length(a, oldMiddleEnd, a.length);
  return { change: { start, oldEnd: start + oldMiddle, newEnd: start + inserted.length }, inserted };
}

/** `next`'s text from `previous`'s: both are well-formed UTF-8. */
function splice(previous: Version & { text: string }, next: Buffer): string {
  const { change, inserted } = difference(previous, next);
  if (!change) return previous.text;
  return previous.text.slice(0, change.start) + inserted + previous.text.slice(change.oldEnd);
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
    const length = edit.change ? previous.length - (edit.change.oldEnd - edit.change.start) + edit.inserted.length : previous.length;
    this.keep(key, bytes, { length, wellFormed, id });
    return edit;
  }

  clear(): void {
    this.last.clear();
    this.spare.clear();
  }
}
