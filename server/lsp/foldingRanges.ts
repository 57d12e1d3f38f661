// Folding: phases, initiatives and multi-line attempts.
import type { FoldingRange } from 'vscode-languageserver';
import type { IndexedDocument } from '../core/index/workspace';
import type { Span } from '../core/model/model';

function fold(doc: IndexedDocument, span: Span, kind?: string): FoldingRange | undefined {
  const start = doc.lines.positionAt(span.start).line;
  // A span ends where the next block starts: its last line is the one holding its last character.
  let end = doc.lines.positionAt(Math.max(span.start, span.end - 1)).line;
  // Don't fold the blank lines that separate blocks.
  while (end > start && doc.lines.lineText(end).trim() === '') end--;
  return end > start ? { startLine: start, endLine: end, kind } : undefined;
}

export function foldingRanges(doc: IndexedDocument): FoldingRange[] {
  const model = doc.model;
  const ranges: Array<FoldingRange | undefined> = [];
  if (model.kind === 'plan') ranges.push(...model.phases.map((p) => fold(doc, p.span, 'region')));
  if (model.kind === 'ledger') {
    for (const ini of model.initiatives) {
      ranges.push(fold(doc, ini.span, 'region'));
      ranges.push(...ini.attempts.map((a) => fold(doc, a.span)));
    }
  }
  if (model.kind === 'handoff') ranges.push(...model.sections.map((s) => fold(doc, s.span, 'region')));
  return ranges.filter((r): r is FoldingRange => r !== undefined);
}
