// Quick fixes for references: a stale `#anchor` becomes the nearest real heading's slug; the old
// path of a moved plan becomes its new path at every mention in the file (one edit, one undo).
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import type { IndexedDocument } from '../core/index/workspace';
import { rangeOf, type UriMapper } from './wire';
import { DiagnosticCodes } from '../core/model/model';

type FixData = { anchor?: string; slug?: string; from?: string; to?: string } | undefined;

export function referenceFixes(uris: UriMapper, doc: IndexedDocument, d: Diagnostic): CodeAction[] {
  const data = d.data as FixData;
  const uri = uris.toUri(doc.path);
  if (d.code === DiagnosticCodes.staleAnchor && data?.slug) {
    return [
      {
        title: `Change the anchor to #${data.slug}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit: { changes: { [uri]: [{ range: d.range, newText: data.slug }] } },
      },
    ];
  }
  if (d.code === DiagnosticCodes.planMoved && data?.from && data.to) {
    const { from, to } = data;
    // Every mention of the old path (or a path under the old folder), replaced in its first bytes only.
    const edits = doc.model.references
      .filter((r) => r.kind === 'path' && r.path && (from.endsWith('/') ? r.path.startsWith(from) : r.path === from))
      .map((r) => {
        const at = r.span.start + r.raw.indexOf(from);
        return { range: rangeOf(doc, at, at + from.length), newText: to };
      });
    if (edits.length === 0) return [];
    return [
      {
        title: `Replace ${from} with ${to} (${edits.length} mention${edits.length === 1 ? '' : 's'} in this file)`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: true,
        edit: { changes: { [uri]: edits } },
      },
    ];
  }
  return [];
}
