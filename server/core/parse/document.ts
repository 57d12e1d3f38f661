// The one entry point that parses any kind of loop file (which kind a file is: parse/family.ts).
import type { DocumentKind, DocumentModel } from '../model/model';
import type { TextChange } from '../model/text';
import { parsePlan, reparsePlan, type PlanParse } from './plan';
import { parseLedger, reparseLedger, type LedgerParse } from './ledger';
import { parseHandoff } from './handoff';
import type { StateVocabulary } from '../model/states';

export function parseDocument(kind: DocumentKind, text: string, vocabulary?: StateVocabulary): DocumentModel {
  switch (kind) {
    case 'plan':
      return parsePlan(text, vocabulary);
    case 'ledger':
      return parseLedger(text);
    case 'handoff':
      return parseHandoff(text);
  }
}

/** What the next version of a document can reuse: its sections and their digests. Handoffs are small and parsed whole. */
export type DocumentParse = { readonly kind: 'plan'; readonly parse: PlanParse } | { readonly kind: 'ledger'; readonly parse: LedgerParse };

/**
 * Parses a document, re-parsing only the sections that changed since `previous` (same result as
 * parseDocument). The parse is returned only with `keep`, for the next version to reuse.
 */
export function reparseDocument(
  kind: DocumentKind,
  text: string,
  previous?: DocumentParse,
  change?: TextChange,
  keep = true,
  vocabulary?: StateVocabulary,
): { model: DocumentModel; parse?: DocumentParse } {
  switch (kind) {
    case 'plan': {
      const { model, parse } = reparsePlan(text, previous?.kind === 'plan' ? previous.parse : undefined, change, keep, vocabulary);
      return { model, parse: keep && parse ? { kind, parse } : undefined };
    }
    case 'ledger': {
      const { model, parse } = reparseLedger(text, previous?.kind === 'ledger' ? previous.parse : undefined, change, keep);
      return { model, parse: keep && parse ? { kind, parse } : undefined };
    }
    case 'handoff':
      return { model: parseHandoff(text) };
  }
}
