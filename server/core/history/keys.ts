// How the history recognises the same row and the same attempt in two versions of a file, and
// where a node lies (1-based line) in a version.
import type { Attempt, Row } from '../model/model';

/** Each row's key in its plan: its ID (else its title), with `#2`, `#3`… on repeats. */
export function rowKeys(rows: readonly Row[]): string[] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const base = row.id || row.title;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  });
}

/**
 * An attempt's identity across versions: its number and stamp when it has them (so rewording an
 * attempt does not make it new), else its text.
 */
export function attemptKey(attempt: Attempt): string {
  if (attempt.number !== undefined || attempt.timestamp)
    return `#${attempt.number ?? ''}@${attempt.timestamp ?? ''}|${attempt.label ?? ''}`;
  return attempt.text;
}

const LINE_BREAK = /\r\n?|\n/g;

/** The 1-based line of `offset` in `text` (CRLF, LF and a lone CR each end a line). */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  LINE_BREAK.lastIndex = 0;
  for (let m = LINE_BREAK.exec(text); m && m.index < offset; m = LINE_BREAK.exec(text)) line++;
  return line;
}

/** The first line of a text, trimmed and shortened for a tree label or a JSON summary. */
export function oneLine(text: string, max = 160): string {
  const first = text
    .trim()
    .split(/\r\n?|\n/, 1)[0]
    .trim();
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}
