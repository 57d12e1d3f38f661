// planloop/planRows: one plan's rows, phase by phase in the order planloop/planTree lists its
// phases (core planStatus: loose rows as a "Checklist" phase first, then the plan's phases).
import type { IndexedDocument, WorkspaceIndex } from '../core/index/workspace';
import type { Row } from '../core/model/model';
import type { PlanRowsParams, PlanRowsResult, TreeRow } from '../protocol';
import { rangeOf, type UriMapper } from './wire';

export function treeRow(doc: IndexedDocument, row: Row, uris: UriMapper): TreeRow {
  return {
    id: row.id,
    title: row.title,
    ...(row.label ? { label: row.label } : {}),
    ...(row.expected ? { expected: row.expected.outcome } : {}),
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

export function planRows(index: WorkspaceIndex, uris: UriMapper, params: PlanRowsParams): PlanRowsResult | null {
  const path = uris.toPath(params.uri);
  const doc = path === undefined ? undefined : index.get(path);
  if (!doc || doc.model.kind !== 'plan') return null;
  const { looseRows, phases } = doc.model;
  const sources = [...(looseRows.length ? [looseRows] : []), ...phases.map((p) => p.rows)];
  return { phases: sources.map((rows) => rows.map((row) => treeRow(doc, row, uris))) };
}
