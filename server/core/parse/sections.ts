// Splits a document into top-level sections at ATX headings of level 1–3, outside fenced code.
// Sections are the unit of incremental re-parsing: an edit re-parses only the sections it touches.
import type { TextChange } from '../model/text';

export interface Section {
  readonly start: number;
  readonly end: number;
  /** 0 for the preamble before the first heading. */
  readonly level: number;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,3})(?:[ \t]|$)/;

/** A fence line closes `fence` when it is the same character, at least as long, and alone on its line. */
function closesFence(line: string, match: RegExpExecArray | null, fence: string): boolean {
  return match !== null && match[1][0] === fence[0] && match[1].length >= fence.length && line.trim() === match[1];
}

const FENCE_LINE = /(?<![^\n]) {0,3}(`{3,}|~{3,})[^\n]*/g;

/** The start of the line whose code fence is still open at `to`, reading whole lines from `from`. */
export function openFenceAt(text: string, from: number, to: number): number | undefined {
  let fence: string | undefined;
  let fenceStart = 0;
  for (const m of text.slice(from, to).matchAll(FENCE_LINE)) {
    if (!fence) {
      fence = m[1];
      fenceStart = from + m.index;
    } else if (closesFence(m[0], m, fence)) fence = undefined;
  }
  return fence ? fenceStart : undefined;
}

/** A byte-order mark is not content: the first section starts after it (offsets stay those of the text as written). */
export function contentStart(text: string): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

/**
 * Scans from `from` (a section start, so outside any fence) and reports each section.
 * `stop(boundary)` is asked at every new section boundary; true ends the scan there and the
 * section before it is the last one reported. Returns where the scan stopped (text.length at the end).
 */
function scan(text: string, from: number, push: (s: Section) => void, stop?: (boundary: number) => boolean): number {
  let sectionStart = from;
  let sectionLevel = 0;
  let fence: string | undefined;
  let lineStart = from;
  let pushed = false;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    const fenceMatch = FENCE.exec(line);
    if (fence) {
      if (closesFence(line, fenceMatch, fence)) fence = undefined;
    } else if (fenceMatch) {
      fence = fenceMatch[1];
    } else {
      const heading = HEADING.exec(line);
      if (heading && lineStart > sectionStart) {
        push({ start: sectionStart, end: lineStart, level: sectionLevel });
        pushed = true;
        if (stop?.(lineStart)) return lineStart;
        sectionStart = lineStart;
      }
      if (heading) sectionLevel = heading[1].length;
    }
    lineStart = lineEnd + 1;
  }
  if (text.length > sectionStart || !pushed) push({ start: sectionStart, end: text.length, level: sectionLevel });
  return text.length;
}

export function splitSections(text: string): Section[] {
  const sections: Section[] = [];
  scan(text, contentStart(text), (s) => sections.push(s));
  return sections;
}

/** What one change did to a section list: sections[0, keep) stay, `fresh` replace the rest up to `resume`. */
export interface Resplit {
  /** Sections of the old list kept as they are (all before the change). */
  readonly keep: number;
  /** Newly scanned sections, in the new text's offsets. */
  readonly fresh: readonly Section[];
  /** Index in the old list from which old sections continue, shifted by `delta`; old.length when none do. */
  readonly resume: number;
  readonly delta: number;
}

/**
 * Re-splits only around a change. The scan starts at the start of the section before the one the
 * change begins in (its heading line is unchanged) and stops at the first new boundary past the
 * change that is also an old boundary: from there on the text, and so the split, are the old ones.
 */
export function resplitSections(old: readonly Section[], text: string, change: TextChange): Resplit {
  const delta = change.newEnd - change.oldEnd;
  // The section holding the character before the change; one more back when the change is on
  // that section's heading line (which could stop being a heading).
  let first = 0;
  let lo = 0;
  let hi = old.length - 1;
  const anchor = Math.max(0, change.start - 1);
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (old[mid].start <= anchor) {
      first = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (first > 0 && !text.slice(old[first].start, change.start).includes('\n')) first--;
  const oldStarts = new Map<number, number>();
  for (let i = first + 1; i < old.length; i++) if (old[i].start >= change.oldEnd) oldStarts.set(old[i].start, i);
  const fresh: Section[] = [];
  let resume = old.length;
  // From the top, the text decides (a byte-order mark may have come or gone).
  const from = old.length && first > 0 ? old[first].start : contentStart(text);
  scan(
    text,
    from,
    (s) => fresh.push(s),
    (boundary) => {
      if (boundary < change.newEnd) return false;
      const at = oldStarts.get(boundary - delta);
      if (at === undefined) return false;
      resume = at;
      return true;
    },
  );
  return { keep: first, fresh, resume, delta };
}
