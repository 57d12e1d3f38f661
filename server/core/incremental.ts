// Incremental parsing by section: a document's sections and their digests (in absolute offsets)
// are kept between versions. A new version re-splits only around the change, digests only the
// sections whose text changed, reuses the digests before the change as they are and shifts the
// ones after it. The result is the same as parsing the new text from scratch (a property test
// and the benchmark check this after every edit).
import { resplitSections, splitSections, type Section } from './sections';
import { changedRange, detach, type TextChange } from './text';

export interface SectionedParse<D> {
  readonly text: string;
  readonly sections: readonly Section[];
  /** The digest of each section, in absolute offsets. */
  readonly digests: readonly D[];
  /** The change from the previous version (undefined for a first parse or an unchanged text). */
  readonly change?: TextChange;
  /** Sections digested afresh by this version (the rest were reused). */
  readonly digested: number;
}

export interface SectionDigester<D> {
  /** Digest of one section's text, in offsets relative to the section. */
  readonly digest: (sectionText: string) => D;
  /** The same digest moved by `delta`. */
  readonly shift: (digest: D, delta: number) => D;
}

/**
 * The digests of `text`'s sections. With `previous` (the parse of the version before), only the
 * sections around the change are split and digested again; `change` may be passed when known.
 */
export function parseSections<D>(
  text: string,
  previous: SectionedParse<D> | undefined,
  digester: SectionDigester<D>,
  change: TextChange | undefined = previous && changedRange(previous.text, text),
): SectionedParse<D> {
  // A reused digest keeps its strings, which are slices of the text they were read from: on an
  // update, sections are copied out first, so old versions of a document are not kept alive.
  const place = (s: Section): D => digester.shift(digester.digest(previous ? detach(text.slice(s.start, s.end)) : text.slice(s.start, s.end)), s.start);
  if (!previous) {
    const sections = splitSections(text);
    return { text, sections, digests: sections.map(place), digested: sections.length };
  }
  if (!change) return { ...previous, text, change: undefined, digested: 0 };
  const { keep, fresh, resume, delta } = resplitSections(previous.sections, text, change);
  const sections: Section[] = previous.sections.slice(0, keep);
  const digests: D[] = previous.digests.slice(0, keep);
  let digested = 0;
  let old = keep;
  for (const s of fresh) {
    // A rescanned section that lies wholly before the change and was a section before is reused.
    while (old < resume && previous.sections[old].start < s.start) old++;
    const same = old < resume && s.end <= change.start && previous.sections[old].start === s.start && previous.sections[old].end === s.end;
    sections.push(s);
    if (same) digests.push(previous.digests[old]);
    else {
      digests.push(place(s));
      digested++;
    }
  }
  for (let i = resume; i < previous.sections.length; i++) {
    const s = previous.sections[i];
    sections.push(delta ? { start: s.start + delta, end: s.end + delta, level: s.level } : s);
    digests.push(digester.shift(previous.digests[i], delta));
  }
  return { text, sections, digests, change, digested };
}
