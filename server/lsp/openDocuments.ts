// The open buffers (vscode-languageserver's TextDocuments), keeping the change the editor reported
// with each new version: the index then re-reads what changed without comparing a whole document
// with its previous version (6 ms per keystroke in a 4 MB ledger).
import { TextDocuments, type TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { KnownChange } from '../core/model/text';

export interface OpenDocuments {
  readonly documents: TextDocuments<TextDocument>;
  /** The change that made the document's current version, once (undefined: compare the texts). */
  takeChange(uri: string): KnownChange | undefined;
}

export function openDocuments(): OpenDocuments {
  const changes = new Map<string, KnownChange>();
  const documents = new TextDocuments<TextDocument>({
    create: (uri, languageId, version, content) => {
      changes.delete(uri);
      return TextDocument.create(uri, languageId, version, content);
    },
    update: (document, contentChanges, version) => {
      const known = oneChange(document, contentChanges);
      if (known) changes.set(document.uri, known);
      else changes.delete(document.uri);
      return TextDocument.update(document, contentChanges, version);
    },
  });
  documents.onDidClose((e) => changes.delete(e.document.uri));
  const takeChange = (uri: string): KnownChange | undefined => {
    const known = changes.get(uri);
    changes.delete(uri);
    return known;
  };
  return { documents, takeChange };
}

/** A version made by one ranged change, in offsets of the text before it. */
function oneChange(document: TextDocument, contentChanges: readonly TextDocumentContentChangeEvent[]): KnownChange | undefined {
  if (contentChanges.length !== 1) return undefined;
  const only = contentChanges[0];
  if (!('range' in only) || !only.range) return undefined;
  const start = document.offsetAt(only.range.start);
  const oldEnd = document.offsetAt(only.range.end);
  return { before: document.getText(), change: { start, oldEnd, newEnd: start + only.text.length } };
}
