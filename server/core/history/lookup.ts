// The workspace as loop health reads it now: which rows exist and what state they are in.
import type { WorkspaceIndex } from '../index/workspace';
import type { HealthLookup } from './health';
import type { DocumentKind } from '../model/model';

export function indexHealthLookup(index: WorkspaceIndex): HealthLookup {
  return {
    hasRow: (initiative, rowId) => index.findRows(rowId, { initiativeId: initiative }).length > 0,
    rowStates: (rowId, scope) => {
      const scoped = index.findRows(rowId, { planPath: scope.planPath, initiativeId: scope.planPath ? undefined : scope.initiative });
      return (scoped.length ? scoped : index.findRows(rowId, { planPath: scope.planPath })).map((hit) => hit.row.state);
    },
  };
}

/** The kind of a loop file by the index's own rules (include, exclude, report hubs). */
export function indexClassifier(index: WorkspaceIndex): (path: string) => DocumentKind | undefined {
  return (path) => (index.readsOnWalk(path) ? index.kindOf(path) : undefined);
}
