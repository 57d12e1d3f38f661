// Normalized vocabularies for row states and initiative statuses.
import type { InitiativeStatus, RowState } from './model';
import { detach } from './text';

/** A state cell holds a bracketed marker, e.g. `[x]`, `[ ]`, `[P]`. */
export const STATE_MARKER = /^\[(.?)\]$/;

const ROW_STATES: Record<string, RowState> = {
  ' ': 'open',
  '': 'open',
  x: 'done',
  X: 'done',
  D: 'done',
  d: 'done',
  '✓': 'done',
  '✔': 'done',
  P: 'in-progress',
  p: 'in-progress',
  '/': 'in-progress',
  B: 'blocked',
  b: 'blocked',
  '!': 'blocked',
  '-': 'skipped',
  S: 'skipped',
  '~': 'deferred',
};

/** Maps a raw marker (`[x]`) to its normalized state; 'unknown' for markers outside the vocabulary. */
export function normalizeRowState(rawMarker: string): RowState {
  const m = STATE_MARKER.exec(rawMarker.trim());
  if (!m) return 'unknown';
  return ROW_STATES[m[1]] ?? 'unknown';
}

/** The canonical marker written for a state (the first spelling the loop handoffs use). */
export function markerFor(state: RowState): string {
  switch (state) {
    case 'open':
      return '[ ]';
    case 'done':
      return '[x]';
    case 'in-progress':
      return '[P]';
    case 'blocked':
      return '[B]';
    case 'skipped':
      return '[-]';
    case 'deferred':
      return '[~]';
    default:
      return '[ ]';
  }
}

export const KNOWN_MARKERS = ['[ ]', '[x]', '[X]', '[D]', '[P]', '[B]', '[-]', '[~]'];

const STATUS_WORDS: Array<[RegExp, InitiativeStatus]> = [
  [/\bsuperseded\b/, 'superseded'],
  [/\barchived?\b/, 'archived'],
  [/\bblocked\b/, 'blocked'],
  [/\bin[ _-]?planning\b|\bplanning\b|\bplanned\b/, 'planning'],
  [/\bin[ _-]?progress\b|\bactive\b|\bongoing\b/, 'in-progress'],
  [/\bpartial\b/, 'partial'],
  [/\bpending\b|\bnot[ _-]started\b|\btodo\b|\bopen\b/, 'pending'],
  [/\bdone\b|\bcomplete(?:d)?\b|\bresolved\b|\bclosed\b|\bfinished\b|✅/, 'done'],
];

/**
 * Normalizes free-text ledger statuses: `**blocked_pending_environment**`, `done (archived)`,
 * `` `in_progress` ``. The first word decides when it is known; otherwise the first known word wins.
 */
export function normalizeStatus(raw: string | undefined): InitiativeStatus {
  if (!raw) return 'unknown';
  // Every keystroke re-assembles every initiative of a ledger; their statuses rarely change.
  let status = statusCache.get(raw);
  if (status === undefined) {
    if (statusCache.size >= 10_000) statusCache.clear();
    // A copy as the key: `raw` may be a slice that would keep its whole section alive.
    statusCache.set(detach(raw), (status = readStatus(raw)));
  }
  return status;
}

const statusCache = new Map<string, InitiativeStatus>();

function readStatus(raw: string): InitiativeStatus {
  const text = raw.toLowerCase().replace(/[*`~]/g, '').replace(/_/g, ' ').trim();
  const head = text.split(/\s*(?:—|–|\s-\s|\(|:|;|,)\s*/)[0];
  for (const candidate of [head, text]) {
    for (const [pattern, status] of STATUS_WORDS) {
      if (pattern.test(candidate)) return status;
    }
  }
  return 'unknown';
}
