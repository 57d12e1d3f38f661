// planloop/rowStateChoices: the states the Mark Row State pick offers, from the core's vocabulary
// (states.ts), so the client writes exactly the marker the core reads as that state.
import { markerFor, STATE_KINDS, type StateKind } from '../core/model/states';
import type { LoopFamily } from '../core/model/families';
import type { RowStateChoice } from '../protocol';

/** Finishing first, then the states of work under way; a kind not listed here comes last. */
const PICK_ORDER: readonly StateKind[] = ['done', 'in-progress', 'open', 'blocked', 'skipped', 'deferred'];

const rank = (kind: StateKind): number => (PICK_ORDER.includes(kind) ? PICK_ORDER.indexOf(kind) : PICK_ORDER.length);

/** The choices for a file of `family` (each marker as that family reads it; the defaults without one). */
export function rowStateChoices(family?: LoopFamily): RowStateChoice[] {
  return [...STATE_KINDS].sort((a, b) => rank(a) - rank(b)).map((kind) => ({ kind, marker: markerFor(kind, family) }));
}
