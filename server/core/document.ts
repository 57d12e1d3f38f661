// Which kind of file a path is, and the one entry point that parses any of them.
import type { DocumentKind, DocumentModel } from './model';
import { parsePlan } from './plan';
import { parseLedger } from './ledger';
import { parseHandoff } from './handoff';

/** Classifies a workspace-relative path (forward slashes). Undefined: not a Plan Loop file. */
export function classifyPath(relPath: string): DocumentKind | undefined {
  const path = relPath.replace(/\\/g, '/');
  const base = path.split('/').pop() ?? '';
  if (!/\.md$/i.test(base)) return undefined;
  if (/^input\.md$/i.test(base)) return 'handoff';
  if (/fix_plan/i.test(base)) return 'ledger';
  if (/^(?:plan|implementation)\.md$/i.test(base) || /checklist/i.test(base)) return 'plan';
  if (/(?:^|\/)plans\//.test(path)) return 'plan';
  return undefined;
}

export function parseDocument(kind: DocumentKind, text: string): DocumentModel {
  switch (kind) {
    case 'plan':
      return parsePlan(text);
    case 'ledger':
      return parseLedger(text);
    case 'handoff':
      return parseHandoff(text);
  }
}
