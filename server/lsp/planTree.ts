// planloop/planTree: initiatives, plans and phases with their counts for the Plans view, built
// from core buildStatus so it agrees with `planloop status --json`. Rows are not in it: the view
// asks planloop/planRows for a plan's rows when it is expanded. A pure function of the index.
import type { WorkspaceIndex } from '../core/index/workspace';
import { buildStatus } from '../core/check/status';
import { foundSummary } from '../core/check/found';
import { planLabel } from '../core/model/layout';
import type { PlanTreeResult } from '../protocol';
import { lineLocation, type UriMapper } from './wire';

export function planTree(index: WorkspaceIndex, uris: UriMapper, isCancelled: () => boolean = () => false): PlanTreeResult {
  const status = buildStatus(index);
  const initiatives: PlanTreeResult['initiatives'] = [];
  for (const ini of status.initiatives) {
    if (isCancelled()) break;
    const plans = ini.plans.map((plan) => ({
      uri: uris.toUri(plan.path),
      relativePath: plan.path,
      ...planLabel(plan.path),
      initiativeId: ini.id,
      title: plan.title,
      done: plan.done,
      total: plan.total,
      phases: plan.phases.map((phase) => ({
        id: phase.id,
        title: phase.title,
        ...(phase.label ? { label: phase.label } : {}),
        location: lineLocation(uris.toUri(plan.path), phase.line),
        done: phase.done,
        total: phase.total,
      })),
    }));
    initiatives.push({ id: ini.id, title: ini.title, status: ini.status, plans });
  }
  return { initiatives, found: foundSummary(status.families) };
}
