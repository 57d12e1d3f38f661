// planloop/doNow: the handoff's Do Now items with their rows' states, mapped tests and artifacts.
import type { WorkspaceIndex } from '../core/index/workspace';
import { isTemplated } from '../core/parse/artifacts';
import { linkDoNowItem } from '../core/index/doNowLinks';
import type { DoNowEntry, DoNowResult, DoNowRow } from '../protocol';
import { rangeOf, type UriMapper } from './wire';

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
      open: plan.openRows.length,
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
