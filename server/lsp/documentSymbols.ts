// Outline: phases → rows (state in the detail); initiatives → attempts; handoff sections.
// Asked again after every pause in typing: each top-level symbol's JSON is kept, and reused while
// its text, its place and its own name and detail are the same.
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { Buffer } from 'node:buffer';
import type { IndexedDocument, WorkspaceIndex } from '../core/index/workspace';
import type { Row, Span } from '../core/model/model';
import { EncodedAnswer, encodePart } from './encodedAnswer';
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

function rowSymbol(doc: IndexedDocument, row: Row): DocumentSymbol {
  return symbol(doc, rowName(row), SymbolKind.Event, row.span, row.span, row.rawState || '[ ]');
}

const rowName = (row: Row): string => (row.id ? `${row.id} ${row.title}` : row.title);

/**
 * A top-level symbol: its span, what it says of itself (name, detail, children) without
 * building its children, and how to build it. What a symbol says may depend on more than its
 * text (a phase's done count on the plan's legend), so `says` is part of what must match.
 */
interface Unit {
  readonly span: Span;
  readonly says: string;
  build(): DocumentSymbol;
}

function units(doc: IndexedDocument): Unit[] {
  const model = doc.model;
  switch (model.kind) {
    case 'plan':
      return [
        ...model.looseRows.map((row) => ({ span: row.span, says: `${rowName(row)}\0${row.rawState}`, build: () => rowSymbol(doc, row) })),
        ...model.phases.map((phase) => {
          const name = `Phase ${phase.id}${phase.title ? ` — ${phase.title}` : ''}`;
          const detail = `${phase.rows.filter((r) => r.state === 'done').length}/${phase.rows.length}`;
          return {
            span: phase.span,
            says: `${name}\0${detail}`,
            build: () =>
              symbol(
                doc,
                name,
                SymbolKind.Module,
                phase.span,
                phase.headingSpan,
                detail,
                phase.rows.map((row) => rowSymbol(doc, row)),
              ),
          };
        }),
      ];
    case 'ledger':
      return model.initiatives.map((ini) => {
        const name = ini.id ? `[${ini.id}] ${ini.title}` : ini.title;
        return {
          span: ini.span,
          says: `${name}\0${ini.status}\0${ini.attempts.length}\0${ini.tasks.length}`,
          build: () =>
            symbol(doc, name, SymbolKind.Class, ini.span, ini.headingSpan, ini.status, [
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
              ...ini.tasks.map((row) => rowSymbol(doc, row)),
            ]),
        };
      });
    case 'handoff':
      return model.sections.map((section) => {
        const detail = section.text.split(/\r?\n/)[0].slice(0, 80);
        return {
          span: section.span,
          says: `${section.label}\0${detail}`,
          build: () => symbol(doc, section.label, SymbolKind.Namespace, section.span, section.labelSpan, detail),
        };
      });
  }
}

export function documentSymbols(doc: IndexedDocument): DocumentSymbol[] {
  return units(doc).map((unit) => unit.build());
}

/** A top-level symbol's JSON, with where it stood and what it said. */
interface Kept {
  /** Its span in the version it was kept from. */
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly character: number;
  readonly says: string;
  readonly json: Buffer;
}

/**
 * Per index, per document path: the version last asked for and its symbols. Its text is kept whole
 * (it exists already; copying each symbol's text out of it would cost a copy per keystroke). Few
 * documents are open at once.
 */
const keptByIndex = new WeakMap<WorkspaceIndex, Map<string, { readonly text: string; readonly symbols: readonly Kept[] }>>();
const KEPT_DOCUMENTS = 16;

/**
 * documentSymbols as JSON parts, each top-level symbol's JSON reused from the last answer for
 * this document when the same text stands at the same place and says the same of itself (its
 * ranges, names and details are then the same).
 */
export function encodedDocumentSymbols(index: WorkspaceIndex, doc: IndexedDocument): EncodedAnswer<DocumentSymbol[]> {
  let byPath = keptByIndex.get(index);
  if (!byPath) keptByIndex.set(index, (byPath = new Map()));
  const last = byPath.get(doc.path);
  const at = new Map<string, Kept>();
  for (const kept of last?.symbols ?? []) at.set(`${kept.line}:${kept.character}`, kept);
  const symbols: Kept[] = [];
  for (const { span, says, build } of units(doc)) {
    const { line, character } = doc.lines.positionAt(span.start);
    const old = at.get(`${line}:${character}`);
    const same =
      old !== undefined &&
      old.says === says &&
      old.end - old.start === span.end - span.start &&
      last!.text.slice(old.start, old.end) === doc.text.slice(span.start, span.end);
    symbols.push({ start: span.start, end: span.end, line, character, says, json: same ? old.json : encodePart(build()) });
  }
  byPath.delete(doc.path);
  byPath.set(doc.path, { text: doc.text, symbols });
  if (byPath.size > KEPT_DOCUMENTS) byPath.delete(byPath.keys().next().value!);
  return EncodedAnswer.array<DocumentSymbol>(symbols.map((k) => k.json));
}
