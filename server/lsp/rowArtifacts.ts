// planloop/rowArtifacts: the artifacts a row cites, as they are on disk now.
import type { WorkspaceIndex } from '../core/index/workspace';
import type { RowArtifactsParams } from '../protocol';
import { findRow } from './findRow';
import type { UriMapper } from './wire';

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
