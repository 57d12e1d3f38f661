// planloop/runPlan: what running a row (or the handoff's mapped tests) means, from core planRun,
// with the shell line an editor task executes (core buildRunScript, timed by /usr/bin/time when
// this machine has it: the server runs beside the editor).
import * as fs from 'node:fs';
import type { WorkspaceIndex } from '../core/index/workspace';
import { planRun, type RunSpec } from '../core/run/runPlan';
import { buildRunScript } from '../core/run/runScript';
import type { RunPlan, RunPlanParams } from '../protocol';
import { findRow } from './findRow';
import type { UriMapper } from './wire';

const TIME_BINARY = '/usr/bin/time';

function withScript(spec: RunSpec | undefined): RunPlan | undefined {
  if (!spec) return undefined;
  const timeBinary = fs.existsSync(TIME_BINARY) ? TIME_BINARY : undefined;
  const script = buildRunScript({
    hubDir: spec.hubDir,
    logFile: spec.logFile,
    commands: spec.commands,
    envExport: spec.envExport,
    timeBinary,
    timeFile: timeBinary ? `${spec.hubDir.replace(/\/$/, '')}/${spec.rowId}.time` : undefined,
  });
  return { ...spec, script };
}

export function runPlan(index: WorkspaceIndex, uris: UriMapper, params: RunPlanParams, now: Date): { plan?: RunPlan; error?: string } {
  if (params.mappedTests) {
    const { spec, error } = planRun(index, { kind: 'mapped-tests' }, params.profile, now, { junit: params.junit });
    return { plan: withScript(spec), error };
  }
  const hit = findRow(index, uris, params);
  if (!hit) return { error: `no row ${params.rowId ?? ''} found${params.uri ? ` in ${uris.toPath(params.uri) ?? params.uri}` : ''}` };
  const { spec, error } = planRun(index, { kind: 'row', hit }, params.profile, now, { junit: params.junit });
  return { plan: withScript(spec), error };
}
