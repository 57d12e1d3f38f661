// What is under the cursor: a reference, a row-ID mention, a row, an initiative heading.
// Shared by definition, hover, references and rename.
import type { Reference, Row } from '../core/model/model';
import type { IndexedDocument, RowHit, WorkspaceIndex } from '../core/index/workspace';
import { findRowIdMentions } from '../core/parse/references';

export type Target =
  | { kind: 'reference'; ref: Reference }
  | { kind: 'rowMention'; id: string; start: number; end: number; hits: RowHit[] }
  | { kind: 'row'; hit: RowHit };

function initiativeScope(index: WorkspaceIndex, doc: IndexedDocument, offset: number): string | undefined {
  if (doc.kind === 'plan') return index.initiativeForPlan(doc.path);
  if (doc.kind === 'handoff' && doc.model.kind === 'handoff') {
    const item = doc.model.doNow.find((d) => offset >= d.span.start && offset <= d.span.end);
    return item?.initiativeId ?? doc.model.focusInitiativeId;
  }
  if (doc.model.kind === 'ledger')
    return doc.model.initiatives.find((i) => offset >= i.span.start && offset <= i.span.end)?.id || undefined;
  return undefined;
}

/** Rows a mention of `id` at `offset` in `doc` most likely means (same plan, then initiative, then anywhere). */
export function rowsForMention(index: WorkspaceIndex, doc: IndexedDocument, id: string, offset: number): RowHit[] {
  if (doc.kind === 'plan') {
    const same = index.findRows(id, { planPath: doc.path });
    if (same.length) return same;
  }
  if (doc.model.kind === 'handoff') {
    const item = doc.model.doNow.find((d) => offset >= d.span.start && offset <= d.span.end);
    if (item?.planPath && index.get(item.planPath)) {
      const inPlan = index.findRows(id, { planPath: item.planPath });
      if (inPlan.length) return inPlan;
    }
  }
  const initiative = initiativeScope(index, doc, offset);
  const scoped = initiative ? index.findRows(id, { initiativeId: initiative }) : [];
  return scoped.length ? scoped : index.findRows(id);
}

export function locate(index: WorkspaceIndex, doc: IndexedDocument, offset: number): Target | undefined {
  const ref = doc.model.references.find((r) => offset >= r.span.start && offset <= r.span.end);
  if (ref) return { kind: 'reference', ref };
  const line = doc.lines.positionAt(offset).line;
  const lineStart = doc.lines.lineStart(line);
  const text = doc.lines.lineText(line);
  const mention = findRowIdMentions(text, lineStart).find((m) => offset >= m.span.start && offset <= m.span.end);
  if (mention?.id) {
    const hits = rowsForMention(index, doc, mention.id, offset);
    if (hits.length) return { kind: 'rowMention', id: mention.id, start: mention.span.start, end: mention.span.end, hits };
  }
  const row = index.rowAt(doc.path, offset);
  if (row) return { kind: 'row', hit: row };
  return undefined;
}

/** Where the ID of a table row sits (its first cell); the row start for task items. */
export function rowIdSpan(doc: IndexedDocument, row: Row): { start: number; end: number } | undefined {
  if (!row.id) return undefined;
  const at = doc.text.indexOf(row.id, row.span.start);
  return at >= 0 && at < row.span.end ? { start: at, end: at + row.id.length } : undefined;
}
