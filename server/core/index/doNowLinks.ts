// What a Do Now item points at. Besides rows (`D1 @ plan.md:58`), an item may point at the ledger:
// `[INITIATIVE-ID]`, or `docs/fix_plan.md#<heading-slug>`. Either way it means that initiative,
// and through it the initiative's plans and the rows still open in them.
import type { DoNowItem, HandoffModel, Row } from '../model/model';
import type { IndexedDocument, InitiativeHit, WorkspaceIndex } from './workspace';
import { githubSlug, headingAnchors } from '../parse/anchors';

export interface DoNowPlanLink {
  readonly doc: IndexedDocument;
  readonly done: number;
  readonly total: number;
  /** Rows not yet done (open, in progress, blocked), in file order. */
  readonly openRows: readonly Row[];
}

export interface DoNowLink {
  readonly initiative?: InitiativeHit;
  /** How the item names it: `[ID]` or a bare ID, a ledger anchor, or the handoff's Focus. */
  readonly via?: 'id' | 'anchor' | 'focus';
  readonly plans: readonly DoNowPlanLink[];
}

const OPEN = new Set<Row['state']>(['open', 'in-progress', 'blocked', 'unknown']);

function rowsOf(doc: IndexedDocument): Row[] {
  return doc.model.kind === 'plan' ? [...doc.model.looseRows, ...doc.model.phases.flatMap((p) => p.rows)] : [];
}

/** The initiative a ledger anchor names: its heading's slug, or a slug that starts with its ID. */
function initiativeAtAnchor(index: WorkspaceIndex, ledger: IndexedDocument, anchor: string): InitiativeHit | undefined {
  if (ledger.model.kind !== 'ledger') return undefined;
  const want = anchor.toLowerCase();
  const anchors = headingAnchors(ledger.text);
  for (const initiative of ledger.model.initiatives) {
    const lineStart = ledger.text.lastIndexOf('\n', initiative.headingSpan.start - 1) + 1;
    const heading = anchors.find((a) => a.start === lineStart);
    if (heading?.slug === want) return { doc: ledger, initiative };
  }
  // A heading retitled since the anchor was written still starts with its ID.
  const byId = ledger.model.initiatives.filter((i) => {
    const id = i.id && githubSlug(i.id);
    return id && (want === id || want.startsWith(id + '-'));
  });
  const full = byId.find((i) => i.shape !== 'roadmap') ?? byId[0];
  return full ? index.findInitiatives(full.id)[0] : undefined;
}

/** Links one Do Now item of the handoff to its initiative, plans and open rows. */
export function linkDoNowItem(index: WorkspaceIndex, handoff: IndexedDocument & { model: HandoffModel }, item: DoNowItem): DoNowLink {
  let initiative: InitiativeHit | undefined;
  let via: DoNowLink['via'];
  const explicit = item.references.find((r) => r.kind === 'initiative' && r.id && index.findInitiatives(r.id).length);
  if (explicit?.id) {
    initiative = index.findInitiatives(explicit.id)[0];
    via = 'id';
  }
  if (!initiative) {
    for (const ref of item.references) {
      if (ref.kind !== 'path' || !ref.path || !ref.anchor) continue;
      const target = index.get(index.resolvePath(handoff.path, ref.path).path);
      if (target?.kind !== 'ledger') continue;
      initiative = initiativeAtAnchor(index, target, ref.anchor);
      if (initiative) {
        via = 'anchor';
        break;
      }
    }
  }
  if (!initiative && item.initiativeId) {
    initiative = index.findInitiatives(item.initiativeId)[0];
    if (initiative) via = item.text.includes(item.initiativeId) ? 'id' : 'focus';
  }
  if (!initiative) return { plans: [] };
  const id = initiative.initiative.id;
  const plans = id
    ? index
        .ofKind('plan')
        .filter((doc) => index.initiativeForPlan(doc.path) === id)
        .map((doc) => {
          const rows = rowsOf(doc);
          return {
            doc,
            done: rows.filter((r) => r.state === 'done').length,
            total: rows.length,
            openRows: rows.filter((r) => OPEN.has(r.state)),
          };
        })
        .filter((p) => p.total > 0)
    : [];
  return { initiative, via, plans };
}
