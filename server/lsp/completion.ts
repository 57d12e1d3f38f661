// Completion: state markers in a State cell; row IDs after `§` or on Do Now lines; workspace
// paths inside backticks; a fresh timestamp where <TS> / $STAMP is typed.
import { CompletionItemKind, type CompletionItem } from 'vscode-languageserver';
import type { IndexedDocument, WorkspaceIndex } from '../core/index/workspace';
import { KNOWN_MARKERS, normalizeRowState } from '../core/model/states';
import { hubTimestamp } from '../core/parse/artifacts';
import { joinPath } from '../core/index/fileSystem';
import { rangeOf } from './wire';

function rowIdItems(
  index: WorkspaceIndex,
  planPath: string | undefined,
  initiative: string | undefined,
  start: number,
  end: number,
  doc: IndexedDocument,
): CompletionItem[] {
  const plans = index
    .ofKind('plan')
    .filter((p) => (planPath ? p.path === planPath : !initiative || index.initiativeForPlan(p.path) === initiative));
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  for (const plan of plans) {
    for (const row of [...plan.model.looseRows, ...plan.model.phases.flatMap((p) => p.rows)]) {
      if (!row.id || seen.has(row.id)) continue;
      seen.add(row.id);
      items.push({
        label: row.id,
        kind: CompletionItemKind.Reference,
        detail: `${row.rawState || '[ ]'} ${row.title}`,
        documentation: plan.path,
        textEdit: { range: rangeOf(doc, start, end), newText: row.id },
      });
    }
  }
  return items;
}

export function completion(index: WorkspaceIndex, doc: IndexedDocument, offset: number, now: Date): CompletionItem[] {
  const pos = doc.lines.positionAt(offset);
  const lineStart = doc.lines.lineStart(pos.line);
  const before = doc.text.slice(lineStart, offset);

  // A fresh timestamp for a placeholder being typed.
  const placeholder = /(<TS>|<ISO8601Z?>|\$STAMP|<timestamp>)$/.exec(before);
  if (placeholder) {
    const stamp = hubTimestamp(now);
    return [
      {
        label: stamp,
        kind: CompletionItemKind.Value,
        detail: `replace ${placeholder[1]} with the current time`,
        textEdit: { range: rangeOf(doc, offset - placeholder[1].length, offset), newText: stamp },
      },
    ];
  }

  // State cell of a table row: `| A1 | title | [` …
  const row = index.rowAt(doc.path, offset)?.row;
  if (row && row.source === 'table' && offset >= row.stateSpan.start - 1 && offset <= row.stateSpan.end + 1) {
    return KNOWN_MARKERS.map((m, i) => ({
      label: m,
      kind: CompletionItemKind.EnumMember,
      detail: normalizeRowState(m),
      sortText: String(i).padStart(2, '0'),
      textEdit: { range: rangeOf(doc, row.stateSpan.start, row.stateSpan.end), newText: m },
    }));
  }

  // Row IDs after `plan.md §` or on a Do Now line.
  const section = /([\w./-]+\.md)?\s*§([\w.]*)$/.exec(before);
  if (section) {
    const planPath = section[1] ? index.resolvePath(doc.path, section[1]).path : undefined;
    return rowIdItems(index, planPath && index.get(planPath) ? planPath : undefined, undefined, offset - section[2].length, offset, doc);
  }
  if (doc.model.kind === 'handoff') {
    const item = doc.model.doNow.find((d) => offset >= d.span.start && offset <= d.span.end + 1);
    const word = /[A-Za-z0-9.]*$/.exec(before)?.[0] ?? '';
    if (item || /^\s*(?:\d+[.)]|[-*])\s/.test(before)) {
      const inDoNow = item ?? doc.model.sections.find((s) => s.name === 'doNow' && offset >= s.span.start && offset <= s.span.end + 1);
      if (inDoNow)
        return rowIdItems(
          index,
          item?.planPath && index.get(item.planPath) ? item.planPath : undefined,
          item?.initiativeId ?? doc.model.focusInitiativeId,
          offset - word.length,
          offset,
          doc,
        );
    }
  }

  // Workspace paths inside backticks.
  const ticks = (before.match(/`/g) ?? []).length;
  const typed = /`([^`\s]*)$/.exec(before)?.[1];
  if (ticks % 2 === 1 && typed !== undefined) {
    const dir = typed.includes('/') ? typed.slice(0, typed.lastIndexOf('/') + 1) : '';
    return index.fs
      .readDirectory(joinPath(index.root, dir || '.'))
      .filter((e) => !e.name.startsWith('.') && e.name !== 'node_modules')
      .slice(0, 200)
      .map((e) => ({
        label: e.name + (e.isDirectory ? '/' : ''),
        kind: e.isDirectory ? CompletionItemKind.Folder : CompletionItemKind.File,
        textEdit: { range: rangeOf(doc, offset - (typed.length - dir.length), offset), newText: e.name + (e.isDirectory ? '/' : '') },
        command: e.isDirectory ? { title: 'More', command: 'editor.action.triggerSuggest' } : undefined,
      }));
  }
  return [];
}
