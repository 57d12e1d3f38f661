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

/**
 * A lookup of the previous digest's items. `previousItems` are the section's top-level items in
 * the old document's offsets (the section starts at `sectionStart` in both versions); `change`
 * is relative to the section; the references are the old ones (absolute) and the new ones
 * (relative). `moveItem` hands an item's offsets to a collector. An item taken is moved in place
 * to the new section-relative offsets, so the previous digest must not be used again.
 */
export function previousItems<I extends ReusableItem>(
  previousItems: readonly I[],
  sectionStart: number,
  change: TextChange,
  oldReferences: readonly Reference[],
  newReferences: readonly Reference[],
  moveItem: (item: I, into: OffsetCollector) => void,
): ItemLookup<I> {
  const byStart = new Map<number, Candidate<I>>();
  const walk = (items: readonly I[], role: ItemRole): void => {
    for (const item of items) {
      byStart.set(item.span.start - sectionStart, { item, role });
      walk(item.children as readonly I[], childRole(item.history, item.field !== undefined));
    }
  };
  for (const item of previousItems) walk([item], 'top');
  const oldRefs = new OldReferences(oldReferences);
  const delta = change.newEnd - change.oldEnd;
  const taken = new Set<I>();
  return (role, lineStart, start, end, textStart) => {
    // Wholly before the change: the same offsets. Wholly after it, the line break before the
    // item's line included (a line starting right where the change ends may have had other
    // characters before it, say one more space of indentation): moved by the change's length.
    const shift = end <= change.start ? 0 : lineStart > change.newEnd ? delta : undefined;
    if (shift === undefined) return undefined;
    const candidate = byStart.get(start - shift);
    if (!candidate || candidate.role !== role || taken.has(candidate.item)) return undefined;
    const old = candidate.item;
    if (old.span.end - sectionStart !== end - shift || old.textStart - sectionStart !== textStart - shift) return undefined;
    if (!oldRefs.same(old.textStart, old.span.end, newReferences, textStart, end)) return undefined;
    taken.add(old);
    const collector = new OffsetCollector();
    moveItem(old, collector);
    collector.done().move(shift - sectionStart);
    return old;
  };
}

/**
 * The old references with their offsets as they were: taking an item moves its references in
 * place, and later comparisons must still see the old offsets (and a sorted list).
 */
class OldReferences {
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;

  constructor(private readonly refs: readonly Reference[]) {
    this.starts = Float64Array.from(refs, (r) => r.span.start);
    this.ends = Float64Array.from(refs, (r) => r.span.end);
  }

  /** Whether the references in [from, to) are, relative to `from`, the new ones in [newFrom, newTo). */
  same(from: number, to: number, newRefs: readonly Reference[], newFrom: number, newTo: number): boolean {
    const b = referencesWithin(newRefs, newFrom, newTo);
    let lo = 0;
    let hi = this.refs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ends[mid] <= from) lo = mid + 1;
      else hi = mid;
    }
    let n = 0;
    for (let i = lo; i < this.refs.length && this.starts[i] < to; i++, n++) {
      if (this.starts[i] < from || this.ends[i] > to) return b === undefined;
      const other = b?.[n];
      if (!other || this.starts[i] - from !== other.span.start - newFrom || this.ends[i] - from !== other.span.end - newFrom) return false;
      if (!sameReferenceAt(this.refs[i], this.refs[i].span.start, other, other.span.start)) return false;
    }
    return b !== undefined && b.length === n;
  }
}
