// Incremental parsing by section: a document's sections and their digests (in absolute offsets)
// are kept between versions. A new version re-splits only around the change, digests only the
// sections whose text changed, reuses the digests before the change as they are and moves the
// ones after it in place. The result is the same as parsing the new text from scratch (a
// property test and the benchmark check this after every edit).
//
// Moving in place means a parse is consumed by the next version: the previous version's digests,
// and the model assembled from them, then carry the new offsets. A parse passed a second time is
// not trusted; the text is parsed from scratch instead.
import { openFenceAt, resplitSections, splitSections, type Section } from './sections';
import { OffsetCollector, type SectionOffsets } from './shift';
import { changedRange, detach, type TextChange } from '../model/text';

export interface SectionedParse<D> {
  readonly text: string;
  readonly sections: readonly Section[];
  /** The digest of each section, in absolute offsets. */
  readonly digests: readonly D[];
  /** The offsets of each digest, to move it in place when a change before it shifts it. */
  readonly offsets: readonly SectionOffsets[];
  /** The change from the previous version (undefined for a first parse or an unchanged text). */
  readonly change?: TextChange;
  /** Sections digested afresh by this version (the rest were reused). */
  readonly digested: number;
}

export interface SectionDigester<D> {
  /** Digest of one section's text, in offsets relative to the section. */
  readonly digest: (sectionText: string) => D;
  /**
   * Optional: the digest of a section an edit fell inside, from its previous digest (in the old
   * document's offsets; the section starts at `start` in both versions) and the change relative
   * to the section; it must equal `digest(sectionText)`.
   */
  readonly redigest?: (sectionText: string, previous: D, start: number, change: TextChange) => D;
  /** Hands every offset the digest carries to the collector. */
  readonly offsets: (digest: D, into: OffsetCollector) => void;
}

/** Parses whose digests a later version has moved (or that kept no offsets): never reused. */
const consumed = new WeakSet<SectionedParse<unknown>>();

/** One collector serves every parse: its sets of seen objects are cleared and reused per section. */
const collector = new OffsetCollector();

/**
 * The digests of `text`'s sections. With `previous` (the parse of the version before), only the
 * sections around the change are split and digested again; `change` may be passed when known.
 * With `keepOffsets: false` no later version will reuse this parse, so digests' offsets are not kept.
 */
export function parseSections<D>(
  text: string,
  previous: SectionedParse<D> | undefined,
  digester: SectionDigester<D>,
  change: TextChange | undefined = previous && changedRange(previous.text, text),
  keepOffsets = true,
): SectionedParse<D> {
  // A reused digest keeps its strings, which are slices of the text they were read from: on an
  // update, sections are copied out first, so old versions of a document are not kept alive.
  const place = (s: Section, digests: D[], offsets: SectionOffsets[], before?: D): void => {
    const sectionText = previous ? detach(text.slice(s.start, s.end)) : text.slice(s.start, s.end);
    const digest =
      before !== undefined && change && digester.redigest
        ? digester.redigest(sectionText, before, s.start, {
            start: change.start - s.start,
            oldEnd: change.oldEnd - s.start,
            newEnd: change.newEnd - s.start,
          })
        : digester.digest(sectionText);
    digester.offsets(digest, collector);
    digests.push(digest);
    if (keepOffsets) {
      const moved = collector.done();
      moved.move(s.start);
      offsets.push(moved);
    } else collector.moveNow(s.start);
  };
  if (previous && consumed.has(previous)) previous = undefined;
  if (!previous) {
    const sections = splitSections(text);
    const digests: D[] = [];
    const offsets: SectionOffsets[] = [];
    for (const s of sections) place(s, digests, offsets);
    const parse = { text, sections, digests, offsets, digested: sections.length };
    if (!keepOffsets) consumed.add(parse);
    return parse;
  }
  // Either way the digests pass to the new version.
  consumed.add(previous);
  if (!change) return { ...previous, text, change: undefined, digested: 0 };
  const { keep, fresh, resume, delta } = resplitSections(previous.sections, text, change);
  const sections: Section[] = previous.sections.slice(0, keep);
  const digests: D[] = previous.digests.slice(0, keep);
  const offsets: SectionOffsets[] = previous.offsets.slice(0, keep);
  let digested = 0;
  let old = keep;
  for (const s of fresh) {
    // A rescanned section that lies wholly before the change and was a section before is reused.
    while (old < resume && previous.sections[old].start < s.start) old++;
    const same = old < resume && s.end <= change.start && previous.sections[old].start === s.start && previous.sections[old].end === s.end;
    sections.push(s);
    if (same) {
      digests.push(previous.digests[old]);
      offsets.push(previous.offsets[old]);
    } else {
      // The edit fell inside this section (same start, the change within it): its digest is redone from the old one.
      const o = previous.sections[old];
      const inside =
        old < resume &&
        o.start === s.start &&
        o.start <= change.start &&
        change.oldEnd <= o.end &&
        s.end === o.end + delta &&
        change.newEnd <= s.end;
      place(s, digests, offsets, inside ? previous.digests[old] : undefined);
      digested++;
    }
  }
  for (let i = resume; i < previous.sections.length; i++) {
    const s = previous.sections[i];
    sections.push(delta ? { start: s.start + delta, end: s.end + delta, level: s.level } : s);
    previous.offsets[i].move(delta);
    digests.push(previous.digests[i]);
    offsets.push(previous.offsets[i]);
  }
  const parse = { text, sections, digests, offsets, change, digested };
  if (!keepOffsets) consumed.add(parse);
  return parse;
}

/**
 * The parse of the next version when `change` lies inside section `index` and leaves every section
 * boundary where it was, from that section's new text alone (`sectionText`, offsets relative to
 * the section): undefined when it does not (then the whole text is needed, parseSections). The same
 * result as parseSections over the whole new text, without that text: a loop history reads
 * thousands of versions of a ledger whose commits each add a line to one entry. The result's
 * `text` is empty: it holds no document text (pass the change when a later version is parsed).
 * Like parseSections, it consumes `previous` when it answers.
 */
export function reparseInSection<D>(
  previous: SectionedParse<D>,
  index: number,
  sectionText: string,
  change: TextChange,
  digester: SectionDigester<D>,
): SectionedParse<D> | undefined {
  const old = previous.sections[index];
  if (!old || change.start < old.start || change.oldEnd > old.end) return undefined;
  const local = { start: change.start - old.start, oldEnd: change.oldEnd - old.start, newEnd: change.newEnd - old.start };
  return reparseSections(previous, index, [{ text: sectionText, change: local }], change, digester);
}

/**
 * reparseInSection over sections `first`… (one per text, in order): each one's new text and its
 * change relative to it (none: the same text). Undefined unless each text alone is still one
 * section of the old one's level, ends on a line break (unless it is the last) and leaves no
 * code fence open, so no boundary moved. `change`: the whole change, kept on the parse.
 */
export function reparseSections<D>(
  previous: SectionedParse<D>,
  first: number,
  texts: ReadonlyArray<{ readonly text: string; readonly change?: TextChange }>,
  change: TextChange,
  digester: SectionDigester<D>,
): SectionedParse<D> | undefined {
  if (consumed.has(previous) || first < 0 || first + texts.length > previous.sections.length) return undefined;
  for (const [i, { text, change: local }] of texts.entries()) {
    const old = previous.sections[first + i];
    const last = first + i === previous.sections.length - 1;
    if (local && text.length !== old.end - old.start + local.newEnd - local.oldEnd) return undefined;
    if (!local) continue;
    // An emptied section is no section at all; the next heading must stay at a line start and
    // outside a fence.
    if (!text.length || (!last && text.charCodeAt(text.length - 1) !== 10)) return undefined;
    const split = splitSections(text);
    if (split.length !== 1 || split[0].start !== 0 || split[0].level !== old.level) return undefined;
    if (!last && openFenceAt(text, 0, text.length) !== undefined) return undefined;
  }
  consumed.add(previous);
  const sections = previous.sections.slice();
  const digests = previous.digests.slice();
  const offsets = previous.offsets.slice();
  let delta = 0;
  for (const [i, { text, change: local }] of texts.entries()) {
    const k = first + i;
    const old = sections[k];
    const start = old.start + delta;
    // The previous digest, moved to where the section starts now (redigest reads it there).
    if (delta) offsets[k].move(delta);
    const grow = local ? local.newEnd - local.oldEnd : 0;
    sections[k] = { start, end: old.end + delta + grow, level: old.level };
    delta += grow;
    if (!local) continue;
    const digest = digester.redigest ? digester.redigest(text, digests[k], start, local) : digester.digest(text);
    digester.offsets(digest, collector);
    const moved = collector.done();
    moved.move(start);
    digests[k] = digest;
    offsets[k] = moved;
  }
  if (delta)
    for (let k = first + texts.length; k < sections.length; k++) {
      const s = sections[k];
      sections[k] = { start: s.start + delta, end: s.end + delta, level: s.level };
      offsets[k].move(delta);
    }
  return { text: '', sections, digests, offsets, change, digested: texts.filter((t) => t.change).length };
}
