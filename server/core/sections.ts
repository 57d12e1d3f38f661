// Splits a document into top-level sections at ATX headings of level 1–3, outside fenced code.
// Sections are the unit of incremental re-parsing: an edit re-parses only the sections it touches.

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

export function splitSections(text: string): Section[] {
  const sections: Section[] = [];
  let sectionStart = 0;
  let sectionLevel = 0;
  let fence: string | undefined;
  let lineStart = 0;
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
        sections.push({ start: sectionStart, end: lineStart, level: sectionLevel });
        sectionStart = lineStart;
      }
      if (heading) sectionLevel = heading[1].length;
    }
    lineStart = lineEnd + 1;
  }
  if (text.length > sectionStart || sections.length === 0) {
    sections.push({ start: sectionStart, end: text.length, level: sectionLevel });
  }
  return sections;
}
