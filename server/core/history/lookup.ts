// The workspace as loop health reads it now: which rows exist and what state they are in.
import type { WorkspaceIndex } from '../index/workspace';
import type { HealthLookup } from './health';
import type { DocumentKind } from '../model/model';

export function indexHealthLookup(index: WorkspaceIndex): HealthLookup {
  // Asked for every attempt's mentions (thousands over a long history) and each ask walks every
  // plan's rows: answered once per initiative and row while one report is built (the index does
  // not change meanwhile: the lookup is made per report).
  const has = new Map<string, boolean>();
  return {
    hasRow: (initiative, rowId) => {
      const key = `${initiative}\u0000${rowId}`;
      let found = has.get(key);
      if (found === undefined) has.set(key, (found = index.findRows(rowId, { initiativeId: initiative }).length > 0));
      return found;
    },
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
