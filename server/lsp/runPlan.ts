// planloop/runPlan: what running a row (or the handoff's mapped tests) means, from core planRun.
import type { WorkspaceIndex } from '../core/index/workspace';
import { planRun } from '../core/run/runPlan';
import type { RunPlan, RunPlanParams } from '../protocol';
import { findRow } from './findRow';
import type { UriMapper } from './wire';

export function runPlan(index: WorkspaceIndex, uris: UriMapper, params: RunPlanParams, now: Date): { plan?: RunPlan; error?: string } {
  if (params.mappedTests) {
    const { spec, error } = planRun(index, { kind: 'mapped-tests' }, params.profile, now, { junit: params.junit });
    return { plan: spec, error };
  }
  const hit = findRow(index, uris, params);
  if (!hit) return { error: `no row ${params.rowId ?? ''} found${params.uri ? ` in ${uris.toPath(params.uri) ?? params.uri}` : ''}` };
  const { spec, error } = planRun(index, { kind: 'row', hit }, params.profile, now, { junit: params.junit });
  return { plan: spec, error };
}
