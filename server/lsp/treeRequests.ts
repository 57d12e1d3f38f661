// Data for the client's views: plan tree (built from core buildStatus so it agrees with
// `planloop status --json`), ledger tree and Do Now list. Pure functions of the index.
import type { IndexedDocument, WorkspaceIndex } from '../core/index/workspace';
import type { Row } from '../core/model/model';
import { buildStatus } from '../core/check/status';
import { isTemplated } from '../core/parse/artifacts';
import { linkDoNowItem } from '../core/index/doNowLinks';
import type { DoNowEntry, DoNowResult, DoNowRow, LedgerTreeResult, PlanTreeResult, TreeAttempt, TreeRow } from '../protocol';
import { rangeOf, type UriMapper } from './loopRequests';

export function treeRow(doc: IndexedDocument, row: Row, uris: UriMapper): TreeRow {
  return {
    id: row.id,
    title: row.title,
    rawState: row.rawState,
    state: row.state,
    guidance: row.guidance,
    commands: row.commands.map((c) => c.text),
    artifacts: [...new Set(row.artifacts.map((a) => a.raw))],
    parentId: row.parentId,
    location: { uri: uris.toUri(doc.path), range: rangeOf(doc, row.span.start, row.span.end) },
    stateRange: rangeOf(doc, row.stateSpan.start, row.stateSpan.end),
  };
}

export function planTree(index: WorkspaceIndex, uris: UriMapper, isCancelled: () => boolean = () => false): PlanTreeResult {
  const status = buildStatus(index);
  const initiatives: PlanTreeResult['initiatives'] = [];
  for (const ini of status.initiatives) {
    if (isCancelled()) break;
    const plans = ini.plans.map((plan) => {
      const doc = index.get(plan.path) as IndexedDocument;
      const model = doc.model.kind === 'plan' ? doc.model : undefined;
      // Same order as core planStatus: loose rows (a "Checklist" phase) first, then phases.
      const sources = [...(model && model.looseRows.length ? [model.looseRows] : []), ...(model?.phases.map((p) => p.rows) ?? [])];
      return {
        uri: uris.toUri(plan.path),
        relativePath: plan.path,
        initiativeId: ini.id,
        title: plan.title,
        done: plan.done,
        total: plan.total,
        phases: plan.phases.map((phase, i) => ({
          id: phase.id,
          title: phase.title,
          location: {
            uri: uris.toUri(plan.path),
            range: { start: { line: phase.line - 1, character: 0 }, end: { line: phase.line - 1, character: 0 } },
          },
          done: phase.done,
          total: phase.total,
          rows: (sources[i] ?? []).map((row) => treeRow(doc, row, uris)),
        })),
      };
    });
    initiatives.push({ id: ini.id, title: ini.title, status: ini.status, plans });
  }
  return { initiatives };
}

function attemptLabel(a: { number?: number; timestamp?: string; label?: string; text: string }): string {
  const head = a.number !== undefined ? `Attempt #${a.number}` : (a.timestamp ?? a.text.split('\n')[0].slice(0, 60));
  return a.label ? `${head} — ${a.label}` : head;
}

export function ledgerTree(index: WorkspaceIndex, uris: UriMapper): LedgerTreeResult {
  const ledger = index.ledger();
  if (!ledger) return { groups: [] };
  const groups = new Map<string, LedgerTreeResult['groups'][number]>();
  const seen = new Set<string>();
  for (const ini of ledger.model.initiatives) {
    // A roadmap one-liner repeats an entry that also has a full section: show the full one.
    if (ini.id && ini.shape === 'roadmap' && ledger.model.initiatives.some((o) => o.id === ini.id && o.shape !== 'roadmap')) continue;
    const key = `${ini.id}\u0000${ini.title}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const attempts: TreeAttempt[] = ini.attempts
      .map((a, order) => ({ a, order }))
      .sort((x, y) => (y.a.timestamp ?? '').localeCompare(x.a.timestamp ?? '') || y.order - x.order)
      .map(({ a }) => ({
        label: attemptLabel(a),
        number: a.number,
        timestamp: a.timestamp,
        text: a.text,
        artifacts: [...new Set(a.artifacts.flatMap((art) => art.expanded))].map((p) => {
          const resolved = isTemplated(p) ? undefined : index.resolvePath(ledger.path, p);
          return { path: p, uri: resolved?.stat ? uris.toUri(resolved.path) : undefined, exists: !!resolved?.stat };
        }),
        location: { uri: uris.toUri(ledger.path), range: rangeOf(ledger, a.span.start, a.span.end) },
      }));
    const group = groups.get(ini.status) ?? { status: ini.status, initiatives: [] };
    group.initiatives.push({
      id: ini.id,
      title: ini.title,
      status: ini.status,
      rawStatus: ini.rawStatus,
      location: { uri: uris.toUri(ledger.path), range: rangeOf(ledger, ini.headingSpan.start, ini.headingSpan.end) },
      attempts,
    });
    groups.set(ini.status, group);
  }
  return { ledgerUri: uris.toUri(ledger.path), groups: [...groups.values()] };
}

/** Open rows shown under a linked initiative's plan (more would drown the view; the plan has them all). */
const OPEN_ROWS_SHOWN = 50;

function initiativeLink(
  index: WorkspaceIndex,
  uris: UriMapper,
  handoff: Parameters<typeof linkDoNowItem>[1],
  item: Parameters<typeof linkDoNowItem>[2],
): DoNowEntry['initiative'] {
  const link = linkDoNowItem(index, handoff, item);
  if (!link.initiative || !link.via) return undefined;
  const { doc, initiative } = link.initiative;
  return {
    id: initiative.id,
    title: initiative.title,
    status: initiative.status,
    via: link.via,
    location: { uri: uris.toUri(doc.path), range: rangeOf(doc, initiative.headingSpan.start, initiative.headingSpan.end) },
    plans: link.plans.map((plan) => ({
      uri: uris.toUri(plan.doc.path),
      relativePath: plan.doc.path,
      done: plan.done,
      total: plan.total,
      openRows: plan.openRows.slice(0, OPEN_ROWS_SHOWN).map((row): DoNowRow => ({
        id: row.id,
        title: row.title,
        state: row.state,
        rawState: row.rawState,
        location: { uri: uris.toUri(plan.doc.path), range: rangeOf(plan.doc, row.span.start, row.span.end) },
        runnable: row.commands.length > 0,
      })),
    })),
  };
}

export function doNow(index: WorkspaceIndex, uris: UriMapper): DoNowResult {
  const handoff = index.handoff();
  if (!handoff) return { items: [], mappedTests: [], artifacts: [] };
  const model = handoff.model;
  const items = model.doNow.map((item) => ({
    text: item.text,
    location: { uri: uris.toUri(handoff.path), range: rangeOf(handoff, item.span.start, item.span.end) },
    initiativeId: item.initiativeId,
    rows: item.rowIds.map((id) => {
      const planPath = item.planPath && index.get(item.planPath) ? item.planPath : undefined;
      const hits = index.findRows(id, planPath ? { planPath } : { initiativeId: item.initiativeId });
      const hit = hits[0] ?? index.findRows(id)[0];
      return hit
        ? {
            id,
            state: hit.row.state,
            rawState: hit.row.rawState,
            location: { uri: uris.toUri(hit.doc.path), range: rangeOf(hit.doc, hit.row.span.start, hit.row.span.end) },
            runnable: hit.row.commands.length > 0,
          }
        : { id, runnable: false };
    }),
    tests: [...item.tests],
    initiative: initiativeLink(index, uris, handoff, item),
  }));
  const artifacts = model.artifacts.flatMap((a) =>
    a.expanded.map((p) => {
      const templated = a.templated || isTemplated(p);
      const resolved = templated ? undefined : index.resolvePath(handoff.path, p);
      return { path: p, uri: resolved?.stat ? uris.toUri(resolved.path) : undefined, landed: !!resolved?.stat, templated };
    }),
  );
  return {
    handoffUri: uris.toUri(handoff.path),
    focusInitiativeId: model.focusInitiativeId,
    summary: model.summary,
    items,
    mappedTests: model.mappedTests.map((t) => t.text),
    artifacts,
  };
}
