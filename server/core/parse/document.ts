// Which kind of file a path is, and the one entry point that parses any of them.
import type { DocumentKind, DocumentModel } from '../model/model';
import type { TextChange } from '../model/text';
import { parsePlan, reparsePlan, type PlanParse } from './plan';
import { parseLedger, reparseLedger, type LedgerParse } from './ledger';
import { parseHandoff } from './handoff';
import type { StateVocabulary } from '../model/states';
import { loopFileOfPath } from './family';

/** Classifies a workspace-relative path (forward slashes). Undefined: not a Plan Loop file. */
export function classifyPath(relPath: string): DocumentKind | undefined {
  const path = relPath.replace(/\\/g, '/');
  const base = path.split('/').pop() ?? '';
  if (!/\.md$/i.test(base)) return undefined;
  if (/^input\.md$/i.test(base)) return 'handoff';
  if (/fix_plan/i.test(base)) return 'ledger';
  if (/^(?:plan|implementation)\.md$/i.test(base) || /checklist/i.test(base)) return 'plan';
  if (/(?:^|\/)plans\//.test(path)) return 'plan';
  // The places other loop families keep their files (spec-kit, Kiro, superpowers, backlog items).
  return loopFileOfPath(path)?.kind;
}

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
