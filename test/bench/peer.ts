// The peer: VS Code's own Markdown language service (vscode-markdown-languageservice on
// markdown-it, as the built-in Markdown extension runs it), driven in this process the way an
// editor drives it per keystroke: a new document version, then document symbols and diagnostics.
import MarkdownIt from 'markdown-it';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CancellationTokenSource, Emitter } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import {
  createLanguageService,
  githubSlugifier,
  DiagnosticLevel,
  LogLevel,
  type IMdLanguageService,
  type IMdParser,
  type ITextDocument,
  type IWorkspace,
} from 'vscode-markdown-languageservice';

export interface Peer {
  /** Replaces the document with a new version and returns its symbols and diagnostics. */
  type(text: string): Promise<void>;
  dispose(): void;
}

const DIAGNOSTICS = {
  validateReferences: DiagnosticLevel.warning,
  validateFragmentLinks: DiagnosticLevel.warning,
  validateFileLinks: DiagnosticLevel.warning,
  validateMarkdownFileLinkFragments: DiagnosticLevel.warning,
  validateUnusedLinkDefinitions: DiagnosticLevel.warning,
  validateDuplicateLinkDefinitions: DiagnosticLevel.warning,
  ignoreLinks: [],
};

export function createPeer(root: string, relPath: string, text: string): Peer {
  const md = new MarkdownIt({ html: true });
  const parser: IMdParser = {
    slugifier: githubSlugifier,
    tokenize: (doc) => Promise.resolve(md.parse(doc.getText(), {}) as never),
  };
  const uri = URI.file(`${root}/${relPath}`);
  let doc: ITextDocument = TextDocument.create(uri.toString(), 'markdown', 1, text);
  const changed = new Emitter<ITextDocument>();
  const workspace: IWorkspace = {
    workspaceFolders: [URI.file(root)],
    onDidChangeMarkdownDocument: changed.event,
    onDidCreateMarkdownDocument: new Emitter<ITextDocument>().event,
    onDidDeleteMarkdownDocument: new Emitter<URI>().event,
    getAllMarkdownDocuments: () => Promise.resolve([doc]),
    hasMarkdownDocument: (resource) => resource.toString() === uri.toString(),
    openMarkdownDocument: (resource) => Promise.resolve(resource.toString() === uri.toString() ? doc : undefined),
    stat: (resource) => Promise.resolve(resource.toString() === uri.toString() ? { isDirectory: false } : undefined),
    readDirectory: () => Promise.resolve([]),
  };
  const service: IMdLanguageService = createLanguageService({
    workspace,
    parser,
    logger: { level: LogLevel.Off, log: () => undefined },
  });
  const token = new CancellationTokenSource().token;
  return {
    async type(next: string) {
      doc = TextDocument.create(uri.toString(), 'markdown', doc.version + 1, next);
      changed.fire(doc);
      await service.getDocumentSymbols(doc, {}, token);
      await service.computeDiagnostics(doc, DIAGNOSTICS, token);
    },
    dispose: () => service.dispose(),
  };
}
