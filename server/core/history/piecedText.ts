// A version of the ledger held as its sections' texts, so the next version, an edit of a few
// sections, replaces their pieces instead of building the whole ~1 MB text again (a cold history
// reads thousands of ledger versions). It reads as a TextSource (what the ledger's assembly needs),
// gives the new texts of the sections an edit touches, and the line of an offset.
import { splitSections, type Section } from '../parse/sections';
import { changedRange, type TextChange, type TextSource } from '../model/text';
import type { Hunk } from './gitPort';

/** The new texts of sections `first`…, each with its change relative to it (none: the same text). */
export interface SectionTexts {
  readonly first: number;
  readonly texts: Array<{ text: string; change?: TextChange }>;
}

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
  edited(change: TextChange, inserted: string): SectionTexts | undefined {
    return this.editedBy([{ start: change.start, oldEnd: change.oldEnd, inserted }]);
  }

  /**
   * edited() for hunks apart from each other (in order): the sections each group of hunks touches
   * get their new texts, the sections between groups stay as they are (their texts, no change). A
   * commit that edits two entries far apart reads those two sections, and builds no text between them.
   */
  editedBy(hunks: readonly Hunk[]): SectionTexts | undefined {
    const groups: Array<{ first: number; last: number; hunks: Hunk[] }> = [];
    for (const hunk of hunks) {
      const first = this.sectionBefore(Math.max(1, hunk.start));
      const last = Math.max(first, this.sectionBefore(hunk.oldEnd));
      if (first < 0 || hunk.start < this.sections[first].start) return undefined;
      const group = groups[groups.length - 1];
      if (group && first <= group.last) {
        group.last = Math.max(group.last, last);
        group.hunks.push(hunk);
      } else groups.push({ first, last, hunks: [hunk] });
    }
    if (!groups.length) return undefined;
    const texts: SectionTexts['texts'] = [];
    for (const [g, group] of groups.entries()) {
      if (g > 0) for (let k = groups[g - 1].last + 1; k < group.first; k++) texts.push({ text: this.pieces[k] });
      const read = this.groupTexts(group.first, group.last, group.hunks);
      if (!read) return undefined;
      texts.push(...read);
    }
    return { first: groups[0].first, texts };
  }

  /** The new texts of sections first…last, which `hunks` (lying in them) edit. */
  private groupTexts(first: number, last: number, hunks: readonly Hunk[]): SectionTexts['texts'] | undefined {
    const from = this.sections[first].start;
    let text = '';
    let at = from;
    let delta = 0;
    for (const hunk of hunks) {
      text += this.between(at, hunk.start) + hunk.inserted;
      at = hunk.oldEnd;
      delta += hunk.inserted.length - (hunk.oldEnd - hunk.start);
    }
    text += this.between(at, this.sections[last].end);
    if (first === last) {
      const end = hunks[hunks.length - 1].oldEnd - from;
      return [{ text, change: { start: hunks[0].start - from, oldEnd: end, newEnd: end + delta } }];
    }
    if (text.charCodeAt(0) === 0xfeff) return undefined;
    const split = splitSections(text);
    if (split.length !== last - first + 1 || split[0].start !== 0) return undefined;
    return split.map((s, i) => {
      const piece = text.slice(s.start, s.end);
      const old = this.pieces[first + i];
      const local = changedRange(old, piece);
      return local ? { text: piece, change: local } : { text: old };
    });
  }

  /** The old text of [from, to), both inside the sections, put together from the pieces it spans only. */
  private between(from: number, to: number): string {
    if (to <= from) return '';
    let out = '';
    for (let i = this.sectionAt(from); i < this.sections.length && this.sections[i].start < to; i++) {
      const s = this.sections[i];
      out += this.pieces[i].slice(Math.max(from, s.start) - s.start, Math.min(to, s.end) - s.start);
    }
    return out;
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
