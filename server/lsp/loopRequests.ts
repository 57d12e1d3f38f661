// Pure handlers for the loop's editing and running requests (row state, hub, artifacts, run plan,
// new attempt). Each takes the index snapshot plus URI converters and returns protocol JSON.
import { isBracketMarker } from '../core/model/states';
import type { WorkspaceEdit } from 'vscode-languageserver';
import type { IndexedDocument, RowHit, WorkspaceIndex } from '../core/index/workspace';
import type { TextEdit as CoreEdit } from '../core/model/model';
import { appendAttempt, newHubPath, setRowState } from '../core/edit/edits';
import { phaseSlug, planRun } from '../core/run/runPlan';
import type {
  NewAttemptParams,
  NewHubParams,
  RowArtifactsParams,
  RowStateEditParams,
  RunPlan,
  RunPlanParams,
  WireLocation,
  WireRange,
} from '../protocol';

export interface UriMapper {
  toPath(uri: string): string | undefined; // workspace-relative
  toUri(path: string): string;
}

export function rangeOf(doc: IndexedDocument, start: number, end: number): WireRange {
  return { start: doc.lines.positionAt(start), end: doc.lines.positionAt(end) };
}

export function coreEditsToWorkspaceEdit(doc: IndexedDocument, edits: readonly CoreEdit[], uris: UriMapper): WorkspaceEdit {
  return { changes: { [uris.toUri(doc.path)]: edits.map((e) => ({ range: rangeOf(doc, e.start, e.end), newText: e.newText })) } };
}

/** The row a request names: by ID (the one nearest `line` when IDs repeat) or by line. */
export function findRow(
  index: WorkspaceIndex,
  uris: UriMapper,
  params: { uri?: string; rowId?: string; line?: number },
): RowHit | undefined {
  const path = params.uri ? uris.toPath(params.uri) : undefined;
  if (!path) return undefined;
  const doc = index.get(path);
  if (!doc) return undefined;
  if (params.rowId) {
    const hits = index.findRows(params.rowId, doc.kind === 'plan' ? { planPath: path } : {}).filter((h) => h.doc.path === path);
    if (params.line === undefined || hits.length <= 1) return hits[0];
    const distance = (h: RowHit): number => Math.abs(doc.lines.positionAt(h.row.span.start).line - (params.line as number));
    return [...hits].sort((a, b) => distance(a) - distance(b))[0];
  }
  if (params.line !== undefined)
    return index.rowAt(path, doc.lines.offsetAt({ line: params.line, character: 0 }) + 1) ?? rowOnLine(index, doc, params.line);
  return undefined;
}

function rowOnLine(index: WorkspaceIndex, doc: IndexedDocument, line: number): RowHit | undefined {
  const start = doc.lines.lineStart(line);
  const end = doc.lines.lineEnd(line);
  for (let offset = start; offset <= end; offset += Math.max(1, Math.floor((end - start) / 4))) {
    const hit = index.rowAt(doc.path, offset);
    if (hit) return hit;
  }
  return undefined;
}

export function rowStateEdit(index: WorkspaceIndex, uris: UriMapper, params: RowStateEditParams): { edit?: WorkspaceEdit; error?: string } {
  if (!isBracketMarker(params.marker)) return { error: `'${params.marker}' is not a state marker such as [x], [P] or [ ]` };
  const hit = findRow(index, uris, params);
  if (!hit) return { error: `no row ${params.rowId || `on line ${(params.line ?? 0) + 1}`} in ${params.uri}` };
  return { edit: coreEditsToWorkspaceEdit(hit.doc, [setRowState(hit.row, params.marker)], uris) };
}

export function newHub(index: WorkspaceIndex, uris: UriMapper, params: NewHubParams, now: Date): { hubDir?: string; error?: string } {
  const hit = findRow(index, uris, params);
  const path = hit?.doc.path ?? (params.uri ? uris.toPath(params.uri) : undefined);
  if (!path) return { error: 'open a plan (or pick a row) to place the hub under its initiative' };
  return { hubDir: newHubPath(path, phaseSlug(hit, 'run'), now) };
}

export function rowArtifacts(
  index: WorkspaceIndex,
  uris: UriMapper,
  params: RowArtifactsParams,
): Array<{ path: string; uri?: string; exists: boolean; templated: boolean }> {
  const hit = findRow(index, uris, params);
  if (!hit) return [];
  return index
    .artifactStatus(hit.doc, hit.row)
    .map((a) => ({ path: a.path, uri: a.stat ? uris.toUri(a.path) : undefined, exists: !!a.stat, templated: a.templated }));
}

export function runPlan(index: WorkspaceIndex, uris: UriMapper, params: RunPlanParams, now: Date): { plan?: RunPlan; error?: string } {
  if (params.mappedTests) {
    const { spec, error } = planRun(index, { kind: 'mapped-tests' }, params.profile, now);
    return { plan: spec, error };
  }
  const hit = findRow(index, uris, params);
  if (!hit) return { error: `no row ${params.rowId ?? ''} found${params.uri ? ` in ${uris.toPath(params.uri) ?? params.uri}` : ''}` };
  const { spec, error } = planRun(index, { kind: 'row', hit }, params.profile, now);
  return { plan: spec, error };
}

export function newAttemptEdit(
  index: WorkspaceIndex,
  uris: UriMapper,
  params: NewAttemptParams,
  now: Date,
): { edit?: WorkspaceEdit; location?: WireLocation; error?: string } {
  const ledger = index.ledger();
  if (!ledger) return { error: `no ledger (${index.config.ledger}) in this workspace` };
  const id = params.initiativeId ?? index.handoff()?.model.focusInitiativeId;
  const initiative =
    ledger.model.initiatives.find((i) => i.id === id && i.shape !== 'roadmap') ??
    (id ? undefined : ledger.model.initiatives.find((i) => i.shape === 'sectioned'));
  if (!initiative)
    return {
      error: id
        ? `${ledger.path} has no entry for ${id}: add one (### [${id}] Title) first`
        : 'no initiative given and the handoff names no focus',
    };
  const edit = appendAttempt(ledger.text, initiative, {
    date: now,
    label: params.label ?? 'manual entry',
    result: 'pending — describe the result',
    details: 'Artifacts: …',
  });
  // Where the entry will be once applied: after the insertion point, on the new line(s).
  const startPos = ledger.lines.positionAt(edit.start);
  const lines = edit.newText.split(/\r?\n/);
  const endPos = {
    line: startPos.line + lines.length - 1,
    character: lines.length > 1 ? lines[lines.length - 1].length : startPos.character + edit.newText.length,
  };
  return {
    edit: coreEditsToWorkspaceEdit(ledger, [edit], uris),
    location: { uri: uris.toUri(ledger.path), range: { start: { line: startPos.line + 1, character: 0 }, end: endPos } },
  };
}
