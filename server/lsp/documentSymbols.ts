// Outline: phases → rows (state in the detail); initiatives → attempts; handoff sections.
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { IndexedDocument } from '../core/index/workspace';
import type { Row, Span } from '../core/model/model';
import { rangeOf } from './wire';

function symbol(
  doc: IndexedDocument,
  name: string,
  kind: SymbolKind,
  span: Span,
  selection: Span,
  detail?: string,
  children?: DocumentSymbol[],
): DocumentSymbol {
  const range = rangeOf(doc, span.start, span.end);
  const selectionRange = rangeOf(doc, Math.max(span.start, selection.start), Math.min(span.end, Math.max(selection.start, selection.end)));
  return { name: name || '(untitled)', kind, range, selectionRange, detail, children };
}

function rowSymbols(doc: IndexedDocument, rows: readonly Row[]): DocumentSymbol[] {
  return rows.map((row) =>
    symbol(doc, row.id ? `${row.id} ${row.title}` : row.title, SymbolKind.Event, row.span, row.span, row.rawState || '[ ]'),
  );
}

export function documentSymbols(doc: IndexedDocument): DocumentSymbol[] {
  const model = doc.model;
  switch (model.kind) {
    case 'plan':
      return [
        ...(model.looseRows.length ? rowSymbols(doc, model.looseRows) : []),
        ...model.phases.map((phase) => {
          const done = phase.rows.filter((r) => r.state === 'done').length;
          return symbol(
            doc,
            `Phase ${phase.id}${phase.title ? ` — ${phase.title}` : ''}`,
            SymbolKind.Module,
            phase.span,
            phase.headingSpan,
            `${done}/${phase.rows.length}`,
            rowSymbols(doc, phase.rows),
          );
        }),
      ];
    case 'ledger':
      return model.initiatives.map((ini) =>
        symbol(doc, ini.id ? `[${ini.id}] ${ini.title}` : ini.title, SymbolKind.Class, ini.span, ini.headingSpan, ini.status, [
          ...ini.attempts.map((a) =>
            symbol(
              doc,
              a.number !== undefined ? `Attempt #${a.number}` : (a.timestamp ?? 'attempt'),
              SymbolKind.Event,
              a.span,
              a.span,
              a.label,
            ),
          ),
          ...rowSymbols(doc, ini.tasks),
        ]),
      );
    case 'handoff':
      return model.sections.map((section) =>
        symbol(doc, section.label, SymbolKind.Namespace, section.span, section.labelSpan, section.text.split(/\r?\n/)[0].slice(0, 80)),
      );
  }
}
