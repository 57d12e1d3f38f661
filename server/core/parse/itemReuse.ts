// Re-reading a ledger section after a keystroke without re-reading every list item in it. A
// real ledger's largest section holds hundreds of attempts; reading each item (field, attempt,
// artifacts) was most of a keystroke. After an edit, an item whose line start and end lie wholly
// before the change, or wholly after it, has the same source as before; if its role and the
// references found in it are the same too, its previous reading is taken and moved in place.
import type { Reference } from '../model/model';
import type { TextChange } from '../model/text';
import { OffsetCollector } from './shift';
import { referencesWithin, sameReferenceAt } from './references';

/** How an item's attempt is read: as a top-level item, a child of `Attempts History`, a child of another field, or not at all. */
export type ItemRole = 'top' | 'history' | 'nested' | 'none';

/** What the reuse needs of an item reading (the ledger's LightItem). */
export interface ReusableItem {
  readonly span: { readonly start: number; readonly end: number };
  readonly textStart: number;
  readonly children: readonly ReusableItem[];
  readonly field?: unknown;
  readonly history: boolean;
}

/** The role of an item's children: attempts under `Attempts History`, maybe attempts under another field, else none. */
export function childRole(history: boolean, field: boolean): ItemRole {
  return history ? 'history' : field ? 'nested' : 'none';
}

/** The previous reading of an item at [lineStart, end) of the new section text, if it can stand. */
export type ItemLookup<I extends ReusableItem> = (
  role: ItemRole,
  lineStart: number,
  start: number,
  end: number,
  textStart: number,
) => I | undefined;

interface Candidate<I> {
  readonly item: I;
  readonly role: ItemRole;
}

/** The previous digest's items, offered to the new digest; the items taken are moved once it is built. */
export interface ItemReuse<I extends ReusableItem> {
  readonly lookup: ItemLookup<I>;
  /** Moves the items taken to the new section-relative offsets; after this the previous digest must not be used again. */
  moveTaken(): void;
}

/**
 * A lookup of the previous digest's items. `previousItems` are the section's top-level items in
 * the old document's offsets (the section starts at `sectionStart` in both versions); `change`
 * is relative to the section; the references are the old ones (absolute) and the new ones
 * (relative). The items taken stay in the old offsets until `moveTaken`, so every comparison
 * reads the old references as they were; `moveItem` hands an item's offsets to a collector.
 */
export function previousItems<I extends ReusableItem>(
  previousItems: readonly I[],
  sectionStart: number,
  change: TextChange,
  oldReferences: readonly Reference[],
  newReferences: readonly Reference[],
  moveItem: (item: I, into: OffsetCollector) => void,
): ItemReuse<I> {
  const byStart = new Map<number, Candidate<I>>();
  const walk = (items: readonly I[], role: ItemRole): void => {
    for (const item of items) {
      byStart.set(item.span.start - sectionStart, { item, role });
      walk(item.children as readonly I[], childRole(item.history, item.field !== undefined));
    }
  };
  walk(previousItems, 'top');
  const delta = change.newEnd - change.oldEnd;
  /** Each item taken, with how far it moves (0 or the change's length). */
  const taken = new Map<I, number>();
  const lookup: ItemLookup<I> = (role, lineStart, start, end, textStart) => {
    // Wholly before the change: the same offsets. Wholly after it, the line break before the
    // item's line included (a line starting right where the change ends may have had other
    // characters before it, say one more space of indentation): moved by the change's length.
    const shift = end <= change.start ? 0 : lineStart > change.newEnd ? delta : undefined;
    if (shift === undefined) return undefined;
    const candidate = byStart.get(start - shift);
    if (!candidate || candidate.role !== role || taken.has(candidate.item)) return undefined;
    const old = candidate.item;
    if (old.span.end - sectionStart !== end - shift || old.textStart - sectionStart !== textStart - shift) return undefined;
    if (!sameReferences(oldReferences, old.textStart, old.span.end, newReferences, textStart, end)) return undefined;
    taken.set(old, shift);
    return old;
  };
  const moveTaken = (): void => {
    for (const [item, shift] of taken) {
      const collector = new OffsetCollector();
      moveItem(item, collector);
      collector.done().move(shift - sectionStart);
    }
  };
  return { lookup, moveTaken };
}

/** The same references, read alike, at the same places relative to each item's text. */
function sameReferences(
  oldRefs: readonly Reference[],
  oldFrom: number,
  oldTo: number,
  newRefs: readonly Reference[],
  newFrom: number,
  newTo: number,
): boolean {
  const a = referencesWithin(oldRefs, oldFrom, oldTo);
  const b = referencesWithin(newRefs, newFrom, newTo);
  if (!a || !b) return a === b;
  return a.length === b.length && a.every((ref, i) => sameReferenceAt(ref, oldFrom, b[i], newFrom));
}
