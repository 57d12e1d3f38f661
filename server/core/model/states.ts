// The one owner of row states and initiative statuses. Every layer (parser, checks, sync, CLI,
// client icons) reads row states through the kinds and tables here; adding a state is a change
// to this file (and a compile error wherever a kind must be handled).
import type { InitiativeStatus, RowState } from './model';
import { detach } from './text';
import type { LoopFamily } from './families';

/** What a row's state means. A row whose marker nothing defines is 'unknown' (a RowState, not a kind). */
export type StateKind = Exclude<RowState, 'unknown'>;

export const STATE_KINDS: readonly StateKind[] = ['open', 'in-progress', 'done', 'blocked', 'skipped', 'deferred'];

/** Bracket markers every plan understands; `planloop.states` and a plan's own legend add to them or override them. */
export const DEFAULT_STATE_MARKERS: Readonly<Record<string, StateKind>> = {
  '[ ]': 'open',
  '[x]': 'done',
  '[X]': 'done',
  '[D]': 'done',
  '[d]': 'done',
  '[✓]': 'done',
  '[✔]': 'done',
  '[P]': 'in-progress',
  '[p]': 'in-progress',
  '[/]': 'in-progress',
  '[B]': 'blocked',
  '[b]': 'blocked',
  '[!]': 'blocked',
  '[S]': 'skipped',
  '[SKIP]': 'skipped',
  '[-]': 'skipped',
  // Real plans write `[~]` for "in progress" or "partial" (Kiro-style lists, spec-kit task files,
  // legends such as "- [~] In Progress"); a plan whose legend says otherwise keeps its meaning.
  '[~]': 'in-progress',
  '[>]': 'deferred',
};

/**
 * Words and emoji that state columns and legends use (`DONE`, `TODO`, `✅`, `⏳`, "In Progress").
 * Keys are lower case without emoji variation selectors.
 */
const STATE_WORDS: Readonly<Record<string, StateKind>> = {
  open: 'open',
  todo: 'open',
  'to do': 'open',
  'not started': 'open',
  'not done': 'open',
  pending: 'open',
  planned: 'open',
  new: 'open',
  '⬜': 'open',
  '☐': 'open',
  '🔲': 'open',
  'in progress': 'in-progress',
  'in-progress': 'in-progress',
  inprogress: 'in-progress',
  doing: 'in-progress',
  wip: 'in-progress',
  started: 'in-progress',
  ongoing: 'in-progress',
  active: 'in-progress',
  partial: 'in-progress',
  partially: 'in-progress',
  'code complete': 'in-progress',
  '⏳': 'in-progress',
  '🚧': 'in-progress',
  '🔄': 'in-progress',
  '⚠': 'in-progress',
  '🟡': 'in-progress',
  '◐': 'in-progress',
  done: 'done',
  complete: 'done',
  completed: 'done',
  finished: 'done',
  closed: 'done',
  resolved: 'done',
  shipped: 'done',
  '✅': 'done',
  '✔': 'done',
  '✓': 'done',
  '☑': 'done',
  '🟢': 'done',
  blocked: 'blocked',
  failed: 'blocked',
  '⛔': 'blocked',
  '❌': 'blocked',
  '🚫': 'blocked',
  '🔴': 'blocked',
  skipped: 'skipped',
  skip: 'skipped',
  'n/a': 'skipped',
  dropped: 'skipped',
  removed: 'skipped',
  cancelled: 'skipped',
  canceled: 'skipped',
  "won't do": 'skipped',
  '🗑': 'skipped',
  deferred: 'deferred',
  postponed: 'deferred',
  // Chinese and Japanese plans
  未开始: 'open',
  未開始: 'open',
  待办: 'open',
  待辦: 'open',
  进行中: 'in-progress',
  進行中: 'in-progress',
  部分: 'in-progress',
  已完成: 'done',
  完成: 'done',
  完了: 'done',
  阻塞: 'blocked',
  已删: 'skipped',
  不做: 'skipped',
  延后: 'deferred',
  延後: 'deferred',
  后置: 'deferred',
  later: 'deferred',
  'on hold': 'deferred',
  '⏸': 'deferred',
};

/** The task boxes GFM itself reads (remark's `checked`), as the markers a row's state cell holds. */
export const GFM_TASK_BOX = { checked: '[x]', unchecked: '[ ]' } as const;

/** A bracket marker as a state cell or task box writes it: `[x]`, `[ ]`, `[SKIP]`, `[⚠️]`. */
export const BRACKET_MARKER = /^\[(?:[^\][\s]{1,6}| ?)\]/u;

/** A whole bracket marker that an edit may write: `[x]`, `[ ]`, `[SKIP]`, `[⚠️]`. */
export function isBracketMarker(marker: string): boolean {
  const m = BRACKET_MARKER.exec(marker);
  return m !== null && m[0] === marker;
}

/** Markers and words resolved to kinds: the defaults, then `planloop.states`, then a plan's legend. */
export interface StateVocabulary {
  /** Marker or word as written → kind; `null`: the marker is defined as something else than a state. */
  readonly markers: ReadonlyMap<string, StateKind | null>;
}

const fold = (token: string): string =>
  token
    .replace(/\uFE0F/g, '')
    .replace(/[*_`~]/g, '')
    .trim()
    .toLowerCase();

/** The vocabulary of the defaults plus `planloop.states` (marker or word → kind). */
export function stateVocabulary(configured: Readonly<Record<string, StateKind>> = {}): StateVocabulary {
  const markers = new Map<string, StateKind | null>(Object.entries(DEFAULT_STATE_MARKERS));
  for (const [marker, kind] of Object.entries(configured)) markers.set(marker.trim(), kind);
  return { markers };
}

export const DEFAULT_VOCABULARY = stateVocabulary();

/**
 * Where a loop family's tools write a marker with another meaning than the defaults. Kiro marks a
 * task it is working on `[-]` and one queued to run `[~]`; `planloop.states` and a plan's legend
 * still win over these.
 */
export const FAMILY_STATE_MARKERS: Partial<Readonly<Record<LoopFamily, Readonly<Record<string, StateKind>>>>> = {
  kiro: { '[-]': 'in-progress', '[~]': 'open' },
};

/** The vocabulary a family's files are read with: the defaults, the family's own markers, then `planloop.states`. */
export function familyVocabulary(family: LoopFamily | undefined, configured: Readonly<Record<string, StateKind>> = {}): StateVocabulary {
  const own = family ? FAMILY_STATE_MARKERS[family] : undefined;
  return own ? stateVocabulary({ ...own, ...configured }) : stateVocabulary(configured);
}

/** A vocabulary with a plan's own legend entries over it. */
export function withLegend(base: StateVocabulary, legend: ReadonlyMap<string, StateKind | null>): StateVocabulary {
  if (!legend.size) return base;
  const markers = new Map(base.markers);
  for (const [marker, kind] of legend) markers.set(marker, kind);
  return { markers };
}

/** A word or emoji (`DONE`, `✅ Staging + Production`, `⚠️ Partial`, `Blocked/Needs Dependency`) → kind. */
export function wordKind(token: string, vocabulary: StateVocabulary = DEFAULT_VOCABULARY): StateKind | undefined {
  const folded = fold(token);
  if (!folded) return undefined;
  const exactEntry = vocabulary.markers.get(token.trim());
  if (exactEntry) return exactEntry;
  const candidates = [folded];
  const words = folded.split(/\s+/);
  if (words.length > 1) candidates.push(words.slice(0, 2).join(' '), words[0]);
  const slash = folded.split('/')[0].trim();
  if (slash !== folded) candidates.push(slash);
  for (const c of candidates) {
    const configured = [...vocabulary.markers].find(([k, v]) => v && fold(k) === c)?.[1];
    if (configured) return configured;
    const kind = STATE_WORDS[c];
    if (kind) return kind;
  }
  return undefined;
}

/**
 * Maps a state token as written (`[x]`, `[SKIP]`, `[⚠️]`, `DONE`, `✅`) to its kind; 'unknown'
 * when nothing defines it. `null` from a legend (the plan says `[P]` means "parallel") is 'unknown' here too.
 */
export function normalizeRowState(raw: string, vocabulary: StateVocabulary = DEFAULT_VOCABULARY): RowState {
  return resolveState(raw, vocabulary) ?? 'unknown';
}

/** Like normalizeRowState, but tells "defined as not a state" (null) from "not defined" (undefined). */
export function resolveState(raw: string, vocabulary: StateVocabulary = DEFAULT_VOCABULARY): StateKind | null | undefined {
  const token = raw.trim();
  if (token === '') return 'open';
  const entry = vocabulary.markers.get(token);
  if (entry !== undefined) return entry;
  const bracket = /^\[(.*)\]$/su.exec(token);
  if (bracket) {
    const inner = bracket[1].trim();
    return inner ? wordKind(inner, vocabulary) : undefined;
  }
  return wordKind(token, vocabulary);
}

/** Kinds a parent counts as finished when every child has one of them. */
export function isFinished(state: RowState): boolean {
  return state === 'done' || state === 'skipped';
}

/** Kinds that still need work (open rows and rows under way). */
export function isActive(state: RowState): boolean {
  return state === 'open' || state === 'in-progress';
}

/** The marker Plan Loop writes for each kind it sets, and how it names the kind. */
export const KIND_MARKERS: Readonly<Record<StateKind, { readonly marker: string; readonly label: string }>> = {
  open: { marker: '[ ]', label: 'open' },
  'in-progress': { marker: '[P]', label: 'in progress' },
  done: { marker: '[x]', label: 'done' },
  blocked: { marker: '[B]', label: 'blocked' },
  skipped: { marker: '[-]', label: 'skipped' },
  deferred: { marker: '[>]', label: 'deferred' },
};

/**
 * Where a family writes a kind with another marker than the defaults: Kiro's tools mark a task
 * under way `[-]`, so Plan Loop writes that too, and never writes Kiro a `[-]` meaning "skipped".
 */
export const FAMILY_WRITE_MARKERS: Partial<Readonly<Record<LoopFamily, Partial<Readonly<Record<StateKind, string>>>>>> = {
  kiro: { 'in-progress': '[-]', skipped: '[SKIP]' },
};

/** The marker Plan Loop writes for a kind in a family's file. */
export function markerFor(kind: StateKind, family?: LoopFamily): string {
  return (family && FAMILY_WRITE_MARKERS[family]?.[kind]) ?? KIND_MARKERS[kind].marker;
}

/** Markers offered by completion and quick fixes, in the order the loops use them (each one a default marker). */
export const KNOWN_MARKERS: readonly string[] = ['[ ]', '[x]', '[X]', '[D]', '[P]', '[B]', '[-]', '[~]', '[!]', '[S]', '[SKIP]', '[>]'];

/**
 * Reads a legend entry's meaning ("Open", "In Progress", "done — plus …", "Can run in parallel")
 * as a kind; undefined when the meaning names no state.
 */
export function meaningKind(meaning: string): StateKind | undefined {
  const text = meaning
    .replace(/[`*_()[\]]/g, ' ')
    .replace(/^\s*[=:：\-–—]\s*/, '')
    .split(/\s[—–-]\s|[,;·→]|->|\(|\.\s/)[0]
    .trim();
  if (!text) return undefined;
  return wordKind(text);
}

/**
 * How views order and open each initiative status (the Ledger view's groups, most urgent first;
 * `active` groups open expanded) and which are finished (their ledger record is history). A Record,
 * so a new status is a compile error until it is placed.
 */
export const STATUS_TRAITS: Readonly<
  Record<InitiativeStatus, { readonly rank: number; readonly active: boolean; readonly finished: boolean }>
> = {
  'in-progress': { rank: 0, active: true, finished: false },
  blocked: { rank: 1, active: true, finished: false },
  partial: { rank: 2, active: true, finished: false },
  planning: { rank: 3, active: true, finished: false },
  pending: { rank: 4, active: true, finished: false },
  unknown: { rank: 5, active: false, finished: false },
  done: { rank: 6, active: false, finished: true },
  superseded: { rank: 7, active: false, finished: true },
  archived: { rank: 8, active: false, finished: true },
};

const STATUS_WORDS: Array<[RegExp, InitiativeStatus]> = [
  [/\bsuperseded\b/, 'superseded'],
  [/\barchived?\b/, 'archived'],
  [/\bblocked\b/, 'blocked'],
  [/\bin[ _-]?planning\b|\bplanning\b|\bplanned\b|\bdraft\b/, 'planning'],
  [/\bin[ _-]?progress\b|\bactive\b|\bongoing\b/, 'in-progress'],
  [/\bpartial\b/, 'partial'],
  [/\bpending\b|\bnot[ _-]started\b|\btodo\b|\bto do\b|\bopen\b|\bparked\b|\bon[ _-]hold\b|\bbacklog\b/, 'pending'],
  [/\bdone\b|\bcomplete(?:d)?\b|\bresolved\b|\bclosed\b|\bfinished\b|✅/, 'done'],
];

/**
 * Normalizes free-text ledger statuses: `**blocked_pending_environment**`, `done (archived)`,
 * `` `in_progress` ``. The first word decides when it is known; otherwise the first known word wins.
 */
/**
 * The status a task-list initiative's own tasks give it: done when all are, in progress when some
 * are, pending when none is; undefined without tasks.
 */
export function statusOfTasks(states: readonly RowState[]): InitiativeStatus | undefined {
  if (!states.length) return undefined;
  if (states.every((s) => s === 'done')) return 'done';
  return states.some((s) => s === 'done') ? 'in-progress' : 'pending';
}

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
