// A version of the ledger held as its sections' texts, so the next version, an edit of a few
// sections, replaces their pieces instead of building the whole ~1 MB text again (a cold history
// reads thousands of ledger versions). It reads as a TextSource (what the ledger's assembly needs),
// gives the new texts of the sections an edit touches, and the line of an offset.
import { splitSections, type Section } from '../parse/sections';
import { changedRange, type TextChange, type TextSource } from '../model/text';

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

  /**
   * The new texts of the sections `change` touches once `inserted` replaced it, one per old
   * section (with its change relative to it; none when it is the same), split where the new text's
   * headings are: undefined when the change starts before the first section or the new text does
   * not split into as many sections (then a boundary moved; the parser decides the rest).
   */
  edited(change: TextChange, inserted: string): { first: number; texts: Array<{ text: string; change?: TextChange }> } | undefined {
    const first = this.sectionBefore(Math.max(1, change.start));
    const last = Math.max(first, this.sectionBefore(change.oldEnd));
    if (first < 0 || change.start < this.sections[first].start) return undefined;
    const from = this.sections[first].start;
    const text =
      this.pieces[first].slice(0, change.start - from) + inserted + this.pieces[last].slice(change.oldEnd - this.sections[last].start);
    if (first === last) {
      const local = { start: change.start - from, oldEnd: change.oldEnd - from, newEnd: change.newEnd - from };
      return { first, texts: [{ text, change: local }] };
    }
    if (text.charCodeAt(0) === 0xfeff) return undefined;
    const split = splitSections(text);
    if (split.length !== last - first + 1 || split[0].start !== 0) return undefined;
    const texts = split.map((s, i) => {
      const piece = text.slice(s.start, s.end);
      const old = this.pieces[first + i];
      const local = changedRange(old, piece);
      return local ? { text: piece, change: local } : { text: old };
    });
    return { first, texts };
  }

  /** The next version: sections `first`… are now `texts`, in the parse's new `sections`. */
  with(first: number, texts: ReadonlyArray<{ readonly text: string }>, sections: readonly Section[]): PiecedText {
    const pieces = this.pieces.slice();
    const breaks = this.breaks.slice();
    texts.forEach(({ text }, i) => {
      if (pieces[first + i] === text) return;
      pieces[first + i] = text;
      breaks[first + i] = countBreaks(text);
    });
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
