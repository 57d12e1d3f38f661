// planloop/newHub: a fresh timestamped hub path for a row's phase (not created here).
import type { WorkspaceIndex } from '../core/index/workspace';
import { newHubFor } from '../core/run/hubLayout';
import { phaseSlug } from '../core/run/runPlan';
import type { NewHubParams } from '../protocol';
import { findRow } from './findRow';
import type { UriMapper } from './wire';

export function newHub(index: WorkspaceIndex, uris: UriMapper, params: NewHubParams, now: Date): { hubDir?: string; error?: string } {
  const hit = findRow(index, uris, params);
  const path = hit?.doc.path ?? (params.uri ? uris.toPath(params.uri) : undefined);
  if (!path) return { error: 'open a plan (or pick a row) to place the hub under its initiative' };
  return { hubDir: newHubFor(index, { planPath: path, phase: phaseSlug(hit, 'run') }, now) };
}
