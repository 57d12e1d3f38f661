// Lossless edits: each returns minimal TextEdits; nothing is ever re-serialized.
import type { Attempt, Initiative, Row, TextEdit } from '../model/model';
import { eolAt } from '../model/text';
import { isBracketMarker } from '../model/states';
import { hubTimestamp } from '../parse/artifacts';
import { openFenceAt } from '../parse/sections';
import { parseLedger } from '../parse/ledger';
import { fieldName } from '../parse/fieldKeys';

/** Replaces exactly the marker bytes of a row's state (or inserts one into an empty cell, or a new last cell). */
export function setRowState(row: Row, marker: string): TextEdit {
  if (!isBracketMarker(marker)) throw new RangeError(`Not a state marker: ${marker}`);
  const cell = row.missingStateCell;
  return { start: row.stateSpan.start, end: row.stateSpan.end, newText: cell ? cell.before + marker + cell.after : marker };
}

export interface AttemptEntry {
  readonly date: Date;
  /** Short label, e.g. `D1 run` or `Phase D smoke`. */
  readonly label: string;
  /** One-line result, e.g. `passed` or `failed (exit 1)`. */
  readonly result: string;
  /** Free text after the result; single line. */
  readonly details?: string;
  readonly artifacts?: readonly string[];
}

/** The number the next attempt of an initiative gets: max + 1, or count + 1 when none is numbered. */
export function nextAttemptNumber(initiative: Initiative): number {
  const numbers = initiative.attempts.map((a) => a.number).filter((n): n is number => n !== undefined);
  return numbers.length ? Math.max(...numbers) + 1 : initiative.attempts.filter((a) => a.style !== 'elision').length + 1;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** A path as an inline code span on one line. */
function codePath(path: string): string {
  return '`' + oneLine(path) + '`';
}

function artifactList(paths: readonly string[] | undefined): string {
  return paths && paths.length ? ` Artifacts: ${paths.map(codePath).join(', ')}.` : '';
}

function lastAttempt(initiative: Initiative): Attempt | undefined {
  return initiative.attempts.reduce<Attempt | undefined>((acc, a) => (!acc || a.span.end > acc.span.end ? a : acc), undefined);
}

/**
 * Appends an attempt after the initiative's last attempt (in source order), in the style the
 * initiative already uses. One insertion; every other byte stays as it was.
 */
export function appendAttempt(text: string, initiative: Initiative, entry: AttemptEntry): TextEdit {
  const edit = attemptInsertion(text, initiative, entry);
  if (readsAsAttempt(text, initiative, edit)) return edit;
  // Raw HTML (`<details>`) before the insertion swallows the next lines until a blank line.
  const spaced = { ...edit, newText: eolAt(text, edit.start) + edit.newText };
  return readsAsAttempt(text, initiative, spaced) ? spaced : edit;
}

/** Whether the ledger, once edited, has exactly one more attempt in that initiative. */
function readsAsAttempt(text: string, initiative: Initiative, edit: TextEdit): boolean {
  const after = parseLedger(applyEdits(text, [edit])).initiatives.find(
    (i) => i.id === initiative.id && i.shape === initiative.shape && i.title === initiative.title,
  );
  return after?.attempts.length === initiative.attempts.length + 1;
}

function attemptInsertion(text: string, initiative: Initiative, entry: AttemptEntry): TextEdit {
  const n = nextAttemptNumber(initiative);
  const stamp = hubTimestamp(entry.date);
  const day = stamp.slice(0, 10);
  const details = entry.details ? ' ' + oneLine(entry.details) : '';
  const artifacts = artifactList(entry.artifacts);
  const last = lastAttempt(initiative);
  // An insertion inside a code fence the entry leaves open would be code, not an attempt: it goes
  // at the end of the line before that fence (every attempt of the entry is above it).
  const fenceAt = openFenceAt(text, initiative.span.start, initiative.attemptInsertAt);
  const at =
    fenceAt === undefined || fenceAt === 0
      ? initiative.attemptInsertAt
      : fenceAt - (text[fenceAt - 2] === '\r' && text[fenceAt - 1] === '\n' ? 2 : 1);
  const eol = eolAt(text, at);
  const bullet = last?.style === 'heading' ? '' : (last?.bullet ?? '  * ');
  let body: string;
  switch (initiative.attemptStyle) {
    case 'heading': {
      const level = last?.bullet.trim() || '###';
      body =
        `${eol}${level} ${stamp} — ${oneLine(entry.label)} (Attempt #${n})${eol}` +
        `**Action:** ${oneLine(entry.result)}.${details}${eol}` +
        (entry.artifacts?.length ? `${eol}**Artifacts:**${eol}${entry.artifacts.map((p) => '- ' + codePath(p)).join(eol)}${eol}` : '');
      return { start: at, end: at, newText: eol + body.replace(new RegExp(`${eol}$`), '') };
    }
    case 'italic-timestamp':
      body = `${bullet}*${stamp} (${oneLine(entry.label)}, Attempt #${n}):* ${oneLine(entry.result)}.${details}${artifacts}`;
      break;
    case 'plain-timestamp':
      body = `${bullet}${stamp} (${oneLine(entry.label)}, Attempt #${n}) — ${oneLine(entry.result)}.${details}${artifacts}`;
      break;
    case 'numbered':
      body = `${bullet}[${day}] Attempt #${n} — Result: ${oneLine(entry.result)} (${oneLine(entry.label)}).${details}${artifacts}`;
      break;
    default:
      // A new WritableAttemptStyle is a compile error here until it has its own shape.
      return unknownStyle(initiative.attemptStyle);
  }
  if (!last) {
    const history = initiative.fields.find((f) => fieldName(f.key) === 'attemptsHistory');
    if (!history) body = `- Attempts History:${eol}  ${body.trimStart()}`;
  }
  return { start: at, end: at, newText: eol + body };
}

function unknownStyle(style: never): never {
  throw new RangeError(`No attempt shape for style ${String(style)}`);
}

/** Adds ` Artifacts: `path`` at the end of a row's guidance (escaping pipes so the table survives). */
export function addArtifactLink(row: Row, path: string): TextEdit {
  const safe = path.replace(/\|/g, '\\|').replace(/[\r\n]/g, '');
  const text = row.source === 'table' ? ` Artifacts: \`${safe}\`` : ` (artifacts: \`${safe}\`)`;
  return { start: row.guidanceEnd, end: row.guidanceEnd, newText: text };
}

/**
 * A folder name from free text: lower case, runs of other characters as one `separator`, at most
 * `max` characters, cut at a word boundary (never mid-word; a single over-long word is cut).
 */
export function slugOf(text: string, separator = '_', max = 48): string {
  const words = text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let out = '';
  for (const word of words) {
    const next = out ? `${out}${separator}${word}` : word;
    if (next.length > max) return out || word.slice(0, max);
    out = next;
  }
  return out;
}

/** Applies non-overlapping edits. Throws on overlap: callers compute edits against one snapshot. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.start < cursor || edit.end < edit.start || edit.end > text.length) {
      throw new RangeError(`Overlapping or out-of-range edit at ${edit.start}-${edit.end}`);
    }
    out += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return out + text.slice(cursor);
}
