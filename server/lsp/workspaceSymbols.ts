// Workspace symbols: rows qualified by initiative (`TIDE-API-001 D1`), initiatives, Do Now items.
import { SymbolKind, type SymbolInformation } from 'vscode-languageserver';
import type { WorkspaceIndex } from '../core/index/workspace';
import { rangeOf, type UriMapper } from './wire';

export function workspaceSymbols(index: WorkspaceIndex, uris: UriMapper, query: string, isCancelled: () => boolean): SymbolInformation[] {
  const q = query.toLowerCase().replace(/\s+/g, ' ').trim();
  const matches = (name: string): boolean => !q || name.toLowerCase().includes(q);
  const out: SymbolInformation[] = [];
  for (const doc of index.ofKind('plan')) {
    if (isCancelled()) return out;
    const initiative = index.initiativeForPlan(doc.path) ?? doc.path;
    for (const row of [...doc.model.looseRows, ...doc.model.phases.flatMap((p) => p.rows)]) {
      const name = `${initiative} ${row.id}`;
      if (row.id && matches(name))
        out.push({
          name,
          kind: SymbolKind.Event,
          containerName: row.title,
          location: { uri: uris.toUri(doc.path), range: rangeOf(doc, row.span.start, row.span.end) },
        });
    }
  }
  for (const doc of index.ofKind('ledger')) {
    for (const ini of doc.model.initiatives) {
      if (ini.id && matches(ini.id))
        out.push({
          name: ini.id,
          kind: SymbolKind.Class,
          containerName: ini.title,
          location: { uri: uris.toUri(doc.path), range: rangeOf(doc, ini.headingSpan.start, ini.headingSpan.end) },
        });
    }
  }
  const handoff = index.handoff();
  handoff?.model.doNow.forEach((item, i) => {
    const name = `Do Now ${i + 1}: ${item.text.split(/\s[—–]\s|\n/)[0].slice(0, 60)}`;
    if (matches(name))
      out.push({
        name,
        kind: SymbolKind.Function,
        location: { uri: uris.toUri(handoff.path), range: rangeOf(handoff, item.span.start, item.span.end) },
      });
  });
  return out;
}
