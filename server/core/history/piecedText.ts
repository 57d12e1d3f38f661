// A version of the ledger held as its sections' texts, so the next version, a change inside one
// section, replaces one piece instead of building the whole ~1 MB text again (a cold history reads
// thousands of ledger versions). It reads as a TextSource (what the ledger's assembly needs), and
// says which piece a change falls in and the line of an offset.
import type { Section } from '../parse/sections';
import type { TextChange, TextSource } from '../model/text';

export class PiecedText implements TextSource {
  private constructor(
    /** What comes before the first section (a byte-order mark, or nothing). */
    private readonly head: string,
    private readonly sections: readonly Section[],
    private readonly pieces: readonly string[],
    /** Line breaks in each piece. */
    private readonly breaks: readonly number[],
  ) {}

  /** `text` in the pieces of its sections (contiguous from the first section's start to the end); undefined when it has carriage returns (a lone one is a line break the parser reads as one). */
  static of(text: string, sections: readonly Section[]): PiecedText | undefined {
    if (text.includes('\r') || !sections.length || sections[sections.length - 1].end !== text.length) return undefined;
    const pieces = sections.map((s) => text.slice(s.start, s.end));
    return new PiecedText(text.slice(0, sections[0].start), sections, pieces, pieces.map(countBreaks));
  }

  get length(): number {
    return this.sections[this.sections.length - 1].end;
  }

  /** The section holding the character before `offset` (the one an insertion at a boundary extends). */
  sectionBefore(offset: number): number {
    let lo = 0;
    let hi = this.sections.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.sections[mid].start < offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** Section `index`'s text after `change` (which lies inside it) put `inserted` in it. */
  edited(index: number, change: TextChange, inserted: string): string {
    const s = this.sections[index];
    const piece = this.pieces[index];
    return piece.slice(0, change.start - s.start) + inserted + piece.slice(change.oldEnd - s.start);
  }

  /** The next version: section `index` is now `piece`, in the parse's new `sections`. */
  with(index: number, piece: string, sections: readonly Section[]): PiecedText {
    const pieces = this.pieces.slice();
    const breaks = this.breaks.slice();
    pieces[index] = piece;
    breaks[index] = countBreaks(piece);
    return new PiecedText(this.head, sections, pieces, breaks);
  }

  charAt(offset: number): string {
    const i = this.sectionAt(offset);
    return i < 0 ? this.head.charAt(offset) : this.pieces[i].charAt(offset - this.sections[i].start);
  }

  slice(start?: number, end?: number): string {
    const from = Math.max(0, start ?? 0);
    const to = Math.min(this.length, end ?? this.length);
    if (to <= from) return '';
    const i = this.sectionAt(from);
    if (i >= 0 && to <= this.sections[i].end) return this.pieces[i].slice(from - this.sections[i].start, to - this.sections[i].start);
    return this.whole().slice(from, to);
  }

  /** The whole text (built only when a change does not fit one section). */
  whole(): string {
    return this.head + this.pieces.join('');
  }

  /** The 1-based line of `offset` (the text has only LF line breaks). */
  lineAt(offset: number): number {
    const i = this.sectionAt(offset);
    if (i < 0) return 1;
    let line = 1;
    for (let k = 0; k < i; k++) line += this.breaks[k];
    const piece = this.pieces[i];
    const local = offset - this.sections[i].start;
    for (let at = piece.indexOf('\n'); at >= 0 && at < local; at = piece.indexOf('\n', at + 1)) line++;
    return line;
  }

  /** The section holding `offset` (-1: before the first). */
  private sectionAt(offset: number): number {
    return this.sectionBefore(offset + 1);
  }
}

function countBreaks(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) n++;
  return n;
}
