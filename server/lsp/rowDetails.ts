// planloop/rowDetails: one row with what running it needs (commands, plan, initiative, phase,
// a hub suggestion and its artifacts on disk). A pure function of the index snapshot.
import type { WorkspaceIndex } from '../core/index/workspace';
import type { RowDetails, RowDetailsParams } from '../protocol';
import { findRow } from './findRow';
import { newHub } from './newHub';
import { treeRow } from './planRows';
import type { UriMapper } from './wire';

export function rowDetails(index: WorkspaceIndex, uris: UriMapper, params: RowDetailsParams, now: Date): RowDetails | null {
  const hit = findRow(index, uris, params);
  if (!hit) return null;
  const { doc, row, phase } = hit;
  const initiativeId = row.initiativeId ?? (doc.kind === 'plan' ? index.initiativeForPlan(doc.path) : hit.initiative?.id);
  return {
    row: treeRow(doc, row, uris),
    cwd: index.root,
    planPath: doc.path,
    initiativeId,
    phase: phase ? { id: phase.id, title: phase.title } : undefined,
    commands: row.commands.map((c) => c.text),
    hubSuggestion: newHub(index, uris, params, now).hubDir ?? '',
    artifacts: index.artifactStatus(doc, row).map((a) => ({
      path: a.path,
      uri: a.stat ? uris.toUri(a.path) : undefined,
      exists: !!a.stat,
      templated: a.templated,
      size: a.stat?.size,
      mtimeMs: a.stat?.mtimeMs,
    })),
  };
}
