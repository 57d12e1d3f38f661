// Successive versions of one file, decoded from the bytes that changed. A loop commit changes a few
// lines of a 400 KB ledger; decoding every whole version (UTF-8 to a JS string) was the largest
// cost of a cold history. The new text is the old one's unchanged head and tail around the decoded
// changed bytes: the same string a whole decode gives (the tests compare them), found with native
// compares and one count over the shorter unchanged end.
import { isUtf8 } from 'node:buffer';

interface Version {
  readonly bytes: Buffer;
  readonly text: string;
  /** Well-formed UTF-8: its characters can be counted from its bytes. */
  readonly wellFormed: boolean;
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

/** `next`'s text from `previous`'s: both are well-formed UTF-8. */
function splice(previous: Version, next: Buffer): string {
  const a = previous.bytes;
  let head = commonHead(a, next);
  if (head === a.length && head === next.length) return previous.text;
  // Cut only where a character starts in both versions (bytes before the cut are the same).
  while (head > 0 && (continues(a[head]) || continues(next[head]))) head--;
  let tail = commonTail(a, next, Math.min(a.length, next.length) - head);
  while (tail > 0 && continues(a[a.length - tail])) tail--;
  const oldMiddleEnd = a.length - tail;
  const middle = next.toString('utf8', head, next.length - tail);
  // Count the shorter unchanged end; the other follows from the total.
  const oldMiddle = utf16Length(a, head, oldMiddleEnd);
  const text = previous.text;
  const headChars = head <= tail ? utf16Length(a, 0, head) : text.length - oldMiddle - utf16Length(a, oldMiddleEnd, a.length);
  return text.slice(0, headChars) + middle + text.slice(headChars + oldMiddle);
}

/** Decodes versions of files, each from the last version decoded under the same key (a path). */
export class VersionDecoder {
  private readonly last = new Map<string, Version>();

  /** The text of `bytes` (exactly `bytes.toString('utf8')`), the next version of `key`. */
  decode(key: string, bytes: Buffer): string {
    const previous = this.last.get(key);
    const wellFormed = isUtf8(bytes);
    const text = previous?.wellFormed && wellFormed ? splice(previous, bytes) : bytes.toString('utf8');
    this.last.set(key, { bytes, text, wellFormed });
    return text;
  }

  clear(): void {
    this.last.clear();
  }
}
