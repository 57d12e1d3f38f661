// The row a request names (by ID, or by line), shared by the row requests.
import type { IndexedDocument, RowHit, WorkspaceIndex } from '../core/index/workspace';
import type { UriMapper } from './wire';

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
