// planloop/planTree: initiatives, plans, phases and rows for the Plans view, built from core
// buildStatus so it agrees with `planloop status --json`. A pure function of the index.
import type { IndexedDocument, WorkspaceIndex } from '../core/index/workspace';
import type { Row } from '../core/model/model';
import { buildStatus } from '../core/check/status';
import { planLabel } from '../core/model/layout';
import type { PlanTreeResult, TreeRow } from '../protocol';
import { rangeOf, type UriMapper } from './wire';

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
        ...planLabel(plan.path),
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
