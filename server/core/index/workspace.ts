// The workspace index: every parsed plan, ledger and handoff, and the links between them.
// Host-free: the disk is reached only through the injected FileSystem.
import type { DocumentKind, DocumentModel, HandoffModel, Initiative, LedgerModel, Phase, Reference, Row } from '../model/model';
import { reparseDocument, type DocumentParse } from '../parse/document';
import { fixPlanFile, loopFileOf, loopFileOfPath, type LoopFile } from '../parse/family';
import type { LoopFamily } from '../model/families';
import { GitIgnores, IncludeRules, walksIntoFolderNamed } from './discovery';
import { changedRange, LineIndex, type KnownChange, type TextChange } from '../model/text';
import { DEFAULT_CONFIG, type PlanLoopConfig } from '../model/config';
import { familyVocabulary, stateVocabulary, type StateVocabulary } from '../model/states';
import { dirname, isInside, joinPath, type DirectoryEntry, type FileStat, type FileSystem } from './fileSystem';
import { runBounded } from './pool';
import { oneByteCopy } from '../model/compact';
import { initiativeOfPath, initiativeRoot, REPORTS_FOLDER } from '../model/layout';
import { isTemplated } from '../parse/artifacts';
import { backlogItemOf, type BacklogItem } from './backlog';
import { reportsFolders } from './reportsRoots';

export interface IndexedDocument {
  readonly path: string; // workspace-relative, forward slashes
  readonly kind: DocumentKind;
  /** The loop family the file belongs to (by its path, else its text): how status and views count it. */
  readonly family: LoopFamily;
  readonly text: string;
  readonly model: DocumentModel;
  readonly lines: LineIndex;
  /** Sections and digests the next version of this document reuses (absent for handoffs). */
  readonly parse?: DocumentParse;
}

export interface RowHit {
  readonly doc: IndexedDocument;
  readonly row: Row;
  readonly phase?: Phase;
  /** Set for rows that live in a ledger's task list rather than a plan. */
  readonly initiative?: Initiative;
}

export interface InitiativeHit {
  readonly doc: IndexedDocument;
  readonly initiative: Initiative;
}

export interface ResolvedPath {
  readonly path: string; // workspace-relative
  readonly stat?: FileStat;
  readonly insideWorkspace: boolean;
}

export interface SkippedFile {
  readonly path: string;
  readonly reason: string;
}

/** Files read from disk at least this large keep their sections for incremental re-parsing. */
const KEEP_SECTIONS_BYTES = 64 * 1024;

type WalkStep = { readonly folder: string } | { readonly file: string };

export class WorkspaceIndex {
  private readonly docs = new Map<string, IndexedDocument>();
  /** The indexed paths in order, kept until a path comes or goes (a keystroke only replaces a document). */
  private sortedPaths: { readonly all: readonly string[]; readonly byKind: ReadonlyMap<DocumentKind, readonly string[]> } | undefined;
  private readonly rules: IncludeRules;
  /** The `.gitignore` files met so far on walks (a folder's is read before its entries). */
  private readonly gitIgnores = new GitIgnores();
  readonly skipped: SkippedFile[] = [];
  /**
   * Stats of cited paths by workspace-relative path (null: absent); only kept when the host reports
   * file events (`invalidate`). Relative keys are mostly the model's own path strings, so the
   * cache adds little memory for them.
   */
  private stats: Map<string, FileStat | null> | undefined;
  private lineCounts = new Map<string, number | undefined>();
  /** Bumped on every change to the indexed documents: derived tables (backlog items) are rebuilt after it moves. */
  private generation = 0;
  /** Changes with every change to the indexed documents (what is derived from them may be kept until it moves). */
  get documentsVersion(): number {
    return this.generation;
  }
  private backlog: { generation: number; items: readonly BacklogItem[]; byPlan: ReadonlyMap<string, BacklogItem> } | undefined;

  constructor(
    readonly root: string,
    readonly fs: FileSystem,
    readonly config: PlanLoopConfig = DEFAULT_CONFIG,
  ) {
    this.rules = new IncludeRules(config);
    this.vocabulary = stateVocabulary(config.states);
  }

  /** Row states: the defaults plus `planloop.states` (a plan's legend adds its own markers). */
  readonly vocabulary: StateVocabulary;

  private readonly familyVocabularies = new Map<LoopFamily, StateVocabulary>();

  /** How a family's files read their markers: Kiro's `[-]` is in progress; `planloop.states` still wins. */
  vocabularyOf(family: LoopFamily): StateVocabulary {
    let vocabulary = this.familyVocabularies.get(family);
    if (!vocabulary) {
      vocabulary = familyVocabulary(family, this.config.states);
      this.familyVocabularies.set(family, vocabulary);
    }
    return vocabulary;
  }

  /**
   * Remember stats of cited files and line counts of files read for diagnostics. Only for hosts
   * that call `invalidate` on every file event (the language server); otherwise each call asks the disk.
   */
  cacheFileFacts(): void {
    this.stats ??= new Map();
  }

  private fileEvents = 0;
  /** How many file events the host reported: facts read from disk are current while it stays the same. */
  get fileEventCount(): number {
    return this.fileEvents;
  }

  /** A file or folder was created, changed or deleted: forget what was cached about it, its folders and anything under it. */
  invalidate(relPath: string): void {
    this.fileEvents++;
    if (!this.stats) return;
    if (this.stats.size > 100_000) this.stats.clear();
    for (let p = relPath; p; p = p.includes('/') ? dirname(p) : '') this.stats.delete(p);
    const under = relPath + '/';
    for (const key of this.stats.keys()) if (key.startsWith(under)) this.stats.delete(key);
    this.lineCounts.delete(relPath);
    for (const key of this.lineCounts.keys()) if (key.startsWith(under)) this.lineCounts.delete(key);
  }

  /** Stat of a workspace-relative path, through the cache when file facts are cached. */
  statOf(relPath: string): FileStat | undefined {
    if (!this.stats) return this.fs.stat(joinPath(this.root, relPath));
    // The key is the path as invalidate() names it: `./`, `..`, `//` and a trailing `/` resolved
    // (joinPath gives a plain path back as it is).
    const key = joinPath(relPath);
    let stat = this.stats.get(key);
    if (stat === undefined) {
      // Under a missing folder nothing exists: only the folder is remembered. A ledger's thousands
      // of citations into deleted or never-made hubs then cost an entry per folder, not per file.
      const slash = key.lastIndexOf('/');
      if (slash > 0 && !key.startsWith('../') && !this.statOf(key.slice(0, slash))?.isDirectory) return undefined;
      this.stats.set(oneByteCopy(key), (stat = this.fs.stat(joinPath(this.root, key)) ?? null));
    }
    return stat ?? undefined;
  }

  /** A workspace file's text: an indexed document's current one (an open buffer's), else the disk's. */
  textOf(relPath: string): string | undefined {
    return this.docs.get(relPath)?.text ?? this.fs.readFile(joinPath(this.root, relPath));
  }

  /** Lines of a workspace file (an indexed document's current text, else the disk's). */
  lineCountOf(relPath: string): number | undefined {
    const open = this.docs.get(relPath);
    if (open) return lineCount(open.text, open.lines);
    if (this.stats && this.lineCounts.has(relPath)) return this.lineCounts.get(relPath);
    const text = this.fs.readFile(joinPath(this.root, relPath));
    const count = text === undefined ? undefined : lineCount(text, new LineIndex(text));
    if (this.stats) this.lineCounts.set(oneByteCopy(relPath), count);
    return count;
  }

  /**
   * May this workspace-relative path belong in the index? A discovery candidate: included, not
   * excluded or git-ignored, in folders the walk enters. Whether it is a loop file is decided by
   * its path or, failing that, its text (`loopFileOf`).
   */
  matches(relPath: string): boolean {
    if (!this.rules.isCandidate(relPath)) return false;
    const slash = relPath.lastIndexOf('/');
    if (slash > 0 && !this.walksIntoPath(relPath.slice(0, slash))) return false;
    return !this.gitIgnores.ignores(relPath, false);
  }

  /**
   * Does the walk read this file? Report hubs hold a loop's outputs (summaries, notes, logs): they
   * are listed, for artifact checks, and read only when opened; plans kept in a hub are read.
   */
  readsOnWalk(relPath: string): boolean {
    return this.matches(relPath) && !isReportOutput(relPath);
  }

  /** The loop file a path names by itself (the configured handoff and ledger, then each family's places). */
  loopFileOfPath(relPath: string): LoopFile | undefined {
    if (relPath === this.config.handoff) return { kind: 'handoff', family: 'handoff-loop' };
    if (relPath === this.config.ledger) return { kind: 'ledger', family: 'handoff-loop' };
    return loopFileOfPath(relPath);
  }

  /**
   * The kind of a file without reading it: an indexed document's kind (found by its path or its
   * text), else what its path names; undefined for a file only its text could make a loop file.
   */
  kindOf(relPath: string): DocumentKind | undefined {
    return this.docs.get(relPath)?.kind ?? this.loopFileOfPath(relPath)?.kind;
  }

  /**
   * Which loop file a candidate is: by its path, else by its text; a file a user's include glob
   * names is a plan whatever it holds. Undefined: not a loop file.
   */
  loopFileOf(relPath: string, text: string): LoopFile | undefined {
    if (relPath === this.config.handoff) return { kind: 'handoff', family: 'handoff-loop' };
    if (relPath === this.config.ledger) return fixPlanFile(text);
    return loopFileOf(relPath, text) ?? (this.rules.isNamed(relPath) ? { kind: 'plan', family: 'checklist' } : undefined);
  }

  isDirectory(relPath: string): boolean {
    return this.fs.stat(joinPath(this.root, relPath))?.isDirectory === true;
  }

  /** Walks the workspace, reading only the files the walk reads (readsOnWalk). For the CLI and tests; the server uses indexAsync. */
  indexAll(): void {
    const walk = (dir: string): void => {
      const entries = this.fs.readDirectory(joinPath(this.root, dir));
      if (hasGitIgnore(entries)) this.addGitIgnore(dir, this.fs.readFile(joinPath(this.root, dir, '.gitignore')));
      for (const entry of entries) {
        const next = this.walkStep(dir, entry);
        if (!next) continue;
        if ('folder' in next) walk(next.folder);
        else this.load(next.file);
      }
    };
    walk('');
  }

  /**
   * indexAll without blocking: folders are listed and files read with at most `concurrency` reads
   * in flight, each file parsed as it arrives, so a host answers requests meanwhile. `folder`
   * limits the walk (a folder that appeared at once, with its files); `skip` names files to leave
   * alone (open buffers); once `isStale` says the result is no longer wanted, the walk stops.
   */
  async indexAsync(
    options: {
      folder?: string;
      skip?: (relPath: string) => boolean;
      concurrency?: number;
      isStale?: () => boolean;
      /** After each file: how many were read so far, of how many the walk has found so far. */
      onProgress?: (read: number, found: number) => void;
    } = {},
  ): Promise<void> {
    const { folder = '', skip = () => false, concurrency = 8, isStale = () => false, onProgress } = options;
    let found = 0;
    let read = 0;
    if (folder && !this.walksIntoPath(folder)) return;
    const fs = this.fs;
    const readDirectory = (abs: string): Promise<DirectoryEntry[]> =>
      fs.readDirectoryAsync ? fs.readDirectoryAsync(abs) : Promise.resolve(fs.readDirectory(abs));
    const readFile = (abs: string): Promise<string | undefined> =>
      fs.readFileAsync ? fs.readFileAsync(abs) : Promise.resolve(fs.readFile(abs));
    await runBounded<WalkStep>([{ folder }], concurrency, async (step, add) => {
      if (isStale()) return;
      if ('folder' in step) {
        const entries = await readDirectory(joinPath(this.root, step.folder));
        if (hasGitIgnore(entries)) this.addGitIgnore(step.folder, await readFile(joinPath(this.root, step.folder, '.gitignore')));
        for (const entry of entries) {
          const next = this.walkStep(step.folder, entry);
          if (!next) continue;
          if ('file' in next) found++;
          add(next);
        }
      } else {
        if (!skip(step.file) && this.admit(step.file)) {
          const text = await readFile(joinPath(this.root, step.file));
          // A buffer opened while the file was read wins.
          if (!isStale() && !skip(step.file)) this.accept(step.file, text);
        }
        onProgress?.(++read, found);
      }
    });
  }

  /** What the walk does with one directory entry: enter it, read it, or pass it by. */
  private walkStep(dir: string, entry: DirectoryEntry): WalkStep | undefined {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory) return this.walksInto(rel, entry.name) ? { folder: rel } : undefined;
    return this.readsOnWalk(rel) ? { file: rel } : undefined;
  }

  /**
   * Hidden folders (but a loop family's), dependency and build folders, excluded and git-ignored
   * folders are not walked; a folder an include glob of the user's leads into is.
   */
  private walksInto(rel: string, name: string): boolean {
    return (
      (walksIntoFolderNamed(name) || this.rules.leadsInto(rel)) && !this.rules.isExcludedFolder(rel) && !this.gitIgnores.ignores(rel, true)
    );
  }

  /** Whether the walk reaches a folder: it enters each folder on the way. */
  private walksIntoPath(folder: string): boolean {
    const parts = folder.split('/');
    return parts.every((name, i) => this.walksInto(parts.slice(0, i + 1).join('/'), name));
  }

  private addGitIgnore(folder: string, text: string | undefined): void {
    if (text !== undefined) this.gitIgnores.add(folder, text);
  }

  /** Reads and indexes one file from disk; oversized or binary files are skipped with a reason. */
  load(relPath: string): IndexedDocument | undefined {
    return this.admit(relPath) ? this.accept(relPath, this.fs.readFile(joinPath(this.root, relPath))) : undefined;
  }

  /** Whether a file is one to read: it exists and is within the size cap (else it is skipped with a reason). */
  private admit(relPath: string): boolean {
    const stat = this.fs.stat(joinPath(this.root, relPath));
    if (!stat?.isFile) return false;
    const cap = this.config.maxFileSizeMB * 1024 * 1024;
    if (stat.size > cap) {
      // Named with its size and the setting that raises the cap: the file is there, just not read.
      this.skip(
        relPath,
        `larger than ${this.config.maxFileSizeMB} MB (${(stat.size / 1024 / 1024).toFixed(1)} MB); raise maxFileSizeMB (.planloop.json, or the planloop.maxFileSizeMB setting) to read it`,
      );
      return false;
    }
    return true;
  }

  /** Indexes a file's text as read from disk (undefined: it could not be read). */
  private accept(relPath: string, text: string | undefined): IndexedDocument | undefined {
    // A file only its text could make a loop file is no loss when it cannot be read: it goes unsaid.
    const known = this.loopFileOfPath(relPath) !== undefined || this.rules.isNamed(relPath);
    const problem = text === undefined ? 'unreadable' : text.includes('\u0000') ? 'binary content' : undefined;
    if (problem || text === undefined) {
      if (known) this.skip(relPath, problem ?? 'unreadable');
      else this.remove(relPath);
      return undefined;
    }
    const loopFile = this.loopFileOf(relPath, text);
    if (!loopFile) {
      this.remove(relPath);
      return undefined;
    }
    // Files read from disk rarely change; a small one is re-parsed whole when it does, so only
    // large ones keep their sections for the next version (open buffers always keep them).
    return this.update(relPath, text, { keepSections: text.length >= KEEP_SECTIONS_BYTES, loopFile });
  }

  private skip(path: string, reason: string): void {
    if (this.docs.delete(path)) {
      this.sortedPaths = undefined;
      this.generation++;
    }
    if (!this.skipped.some((s) => s.path === path && s.reason === reason)) this.skipped.push({ path, reason });
  }

  /**
   * Indexes new text for a path (open editor buffers win over disk). The sections of the
   * previous version are reused where the text did not change; `keepSections: false` does not
   * keep this version's for the next one (less memory for files that are not being edited).
   * `loopFile`: what the file is, as the disk's text says; without it, an indexed document keeps
   * what it was while it is edited (a plan being rewritten does not drop out of the views), and a
   * new one is classified by its path, else its text.
   */
  update(
    relPath: string,
    text: string,
    options: { keepSections?: boolean; known?: KnownChange; loopFile?: LoopFile } = {},
  ): IndexedDocument | undefined {
    const previous = this.docs.get(relPath);
    const loopFile = options.loopFile ?? (previous ? { kind: previous.kind, family: previous.family } : this.loopFileOf(relPath, text));
    if (!loopFile) return undefined;
    const { kind, family } = loopFile;
    if (previous && previous.kind === kind && previous.family === family && previous.text === text) return previous;
    // Only the sections the change touches are parsed again; line starts are shifted, not rescanned.
    // The editor's own change is taken when it applies to the indexed text (the same string);
    // else the texts are compared from both ends.
    const change = previous && (knownChangeOf(previous.text, text, options.known) ?? changedRange(previous.text, text));
    const { model, parse } = reparseDocument(
      kind,
      text,
      // A section read with another family's markers is parsed again, not reused.
      previous?.kind === kind && previous.family === family ? previous.parse : undefined,
      change,
      options.keepSections !== false,
      this.vocabularyOf(family),
    );
    const lines = previous ? LineIndex.afterChange(previous.lines, text, change) : new LineIndex(text);
    const doc: IndexedDocument = { path: relPath, kind, family, text, model, lines, parse };
    this.generation++;
    if (!previous) this.sortedPaths = undefined;
    this.docs.set(relPath, doc);
    return doc;
  }

  /** Drops a document; true when it was indexed. */
  remove(relPath: string): boolean {
    const removed = this.docs.delete(relPath);
    if (removed) {
      this.sortedPaths = undefined;
      this.generation++;
    }
    return removed;
  }

  get(relPath: string): IndexedDocument | undefined {
    return this.docs.get(relPath);
  }

  /** Indexed paths in order, by kind (a path's kind is fixed for an index: it follows the config). */
  private sorted(): { readonly all: readonly string[]; readonly byKind: ReadonlyMap<DocumentKind, readonly string[]> } {
    if (!this.sortedPaths) {
      const all = [...this.docs.keys()].sort((a, b) => a.localeCompare(b));
      const byKind = new Map<DocumentKind, string[]>();
      for (const path of all) {
        const kind = this.docs.get(path)!.kind;
        const paths = byKind.get(kind);
        if (paths) paths.push(path);
        else byKind.set(kind, [path]);
      }
      this.sortedPaths = { all, byKind };
    }
    return this.sortedPaths;
  }

  all(): IndexedDocument[] {
    return this.sorted().all.map((p) => this.docs.get(p)!);
  }

  ofKind<K extends DocumentKind>(kind: K): Array<IndexedDocument & { model: Extract<DocumentModel, { kind: K }> }> {
    const paths = this.sorted().byKind.get(kind) ?? [];
    return paths.map((p) => this.docs.get(p)!) as Array<IndexedDocument & { model: Extract<DocumentModel, { kind: K }> }>;
  }

  /** The configured document of a kind, or the first of that kind; found without listing the index (callers ask per document). */
  private single(kind: DocumentKind, configured: string): IndexedDocument | undefined {
    const paths = this.sorted().byKind.get(kind);
    if (!paths?.length) return undefined;
    return this.docs.get(paths.includes(configured) ? configured : paths[0]);
  }

  /** The configured ledger, or the first ledger found. */
  ledger(): (IndexedDocument & { model: LedgerModel }) | undefined {
    return this.single('ledger', this.config.ledger) as (IndexedDocument & { model: LedgerModel }) | undefined;
  }

  /** Why there is no ledger: none found, or one that exists but was skipped (too big, binary). */
  noLedgerReason(): string {
    const skipped = this.skipped.find((s) => this.loopFileOfPath(s.path)?.kind === 'ledger');
    if (skipped) return `the ledger ${skipped.path} is not read: ${skipped.reason}`;
    // A fix list at the ledger's path is read as a plan: say so rather than "no ledger".
    if (this.docs.get(this.config.ledger)?.kind === 'plan')
      return `${this.config.ledger} is a task list (a Ralph fix list, read as a plan), not a ledger with initiatives`;
    return `no ledger (${this.config.ledger}) in this workspace`;
  }

  handoff(): (IndexedDocument & { model: HandoffModel }) | undefined {
    return this.single('handoff', this.config.handoff) as (IndexedDocument & { model: HandoffModel }) | undefined;
  }

  /** `plans/active/<ID>/…` → `<ID>`. */
  initiativeOfPlan(relPath: string): string | undefined {
    return initiativeOfPath(relPath);
  }

  /** Rows with this ID, optionally narrowed to a plan path or an initiative. */
  findRows(id: string, scope: { planPath?: string; initiativeId?: string } = {}): RowHit[] {
    const wanted = id.replace(/\u2011/g, '-');
    const hits: RowHit[] = [];
    for (const doc of this.ofKind('plan')) {
      if (scope.planPath && doc.path !== scope.planPath) continue;
      if (scope.initiativeId && this.initiativeOfPlan(doc.path) !== scope.initiativeId) continue;
      for (const phase of doc.model.phases) {
        for (const row of phase.rows) if (row.id.replace(/\u2011/g, '-') === wanted) hits.push({ doc, row, phase });
      }
      for (const row of doc.model.looseRows) if (row.id.replace(/\u2011/g, '-') === wanted) hits.push({ doc, row });
    }
    // Ledger task lists hold rows too (`- [ ] DEBUG-SIM-LINES-DOSE-001.F1: …`).
    if (!scope.planPath) {
      for (const doc of this.ofKind('ledger')) {
        for (const initiative of doc.model.initiatives) {
          for (const row of initiative.tasks) {
            if (row.id.replace(/\u2011/g, '-') !== wanted) continue;
            const owner = row.initiativeId ?? (initiative.id || undefined);
            if (scope.initiativeId && owner !== scope.initiativeId) continue;
            hits.push({ doc, row, initiative });
          }
        }
      }
    }
    return hits;
  }

  /** The row whose source contains `offset` in a plan. */
  rowAt(relPath: string, offset: number): RowHit | undefined {
    const doc = this.docs.get(relPath);
    if (!doc || doc.model.kind !== 'plan') return undefined;
    for (const phase of doc.model.phases) {
      for (const row of phase.rows) if (offset >= row.span.start && offset <= row.span.end) return { doc, row, phase };
    }
    for (const row of doc.model.looseRows) if (offset >= row.span.start && offset <= row.span.end) return { doc, row };
    return undefined;
  }

  findInitiatives(id: string): InitiativeHit[] {
    const wanted = id.replace(/\u2011/g, '-');
    const hits: InitiativeHit[] = [];
    for (const doc of this.ofKind('ledger')) {
      for (const initiative of doc.model.initiatives) {
        if (initiative.id.replace(/\u2011/g, '-') === wanted) hits.push({ doc, initiative });
      }
    }
    // Full entries before roadmap one-liners; the configured ledger first.
    return hits.sort(
      (a, b) =>
        Number(b.doc.path === this.config.ledger) - Number(a.doc.path === this.config.ledger) ||
        Number(a.initiative.shape === 'roadmap') - Number(b.initiative.shape === 'roadmap'),
    );
  }

  /** Backlog items (initiatives kept one file each), in path order; rebuilt only after the documents change. */
  backlogItems(): readonly BacklogItem[] {
    return this.backlogTable().items;
  }

  private backlogTable(): NonNullable<WorkspaceIndex['backlog']> {
    if (this.backlog?.generation !== this.generation) {
      const items = this.ofKind('plan').flatMap((doc) => backlogItemOf(doc) ?? []);
      const byPlan = new Map<string, BacklogItem>();
      for (const item of items) for (const plan of [item.path, ...item.plans]) if (!byPlan.has(plan)) byPlan.set(plan, item);
      this.backlog = { generation: this.generation, items, byPlan };
    }
    return this.backlog;
  }

  /**
   * Initiative ID a plan belongs to: a ledger entry whose Working Plan names it, the initiative its
   * own header declares (`- Initiative: ID`), a backlog item that is it or names it (`- Plan: …`),
   * else its folder (`plans/active/<ID>/`).
   */
  initiativeForPlan(relPath: string): string | undefined {
    const ledger = this.ledger();
    // A plan field names the file itself or a folder of plans (`plans/active/X/`).
    const named = ledger?.model.initiatives.find((i) =>
      i.workingPlans.some((p) => p === relPath || (p.endsWith('/') && relPath.startsWith(p))),
    );
    if (named?.id) return named.id;
    const doc = this.docs.get(relPath);
    const declared = doc?.model.kind === 'plan' ? doc.model.header?.initiative : undefined;
    return declared ?? this.backlogTable().byPlan.get(relPath)?.id ?? this.initiativeOfPlan(relPath);
  }

  /**
   * Resolves a path as written in `fromPath`: workspace-relative first, then relative to the
   * citing file, then (for `reports/…`) relative to the initiative root.
   */
  resolvePath(fromPath: string, written: string): ResolvedPath {
    const candidates = candidatePaths(fromPath, written);
    for (const candidate of candidates) {
      const insideWorkspace = !candidate.startsWith('..') && !candidate.startsWith('/');
      if (!insideWorkspace) continue;
      const stat = this.statOf(candidate);
      if (stat) return { path: candidate, stat, insideWorkspace };
    }
    const first = candidates[0] ?? written;
    return {
      path: first,
      insideWorkspace: !first.startsWith('/') && isInside(this.root, joinPath(this.root, first)) && !first.startsWith('..'),
    };
  }

  /** Whether a row's cited artifacts exist. Templated paths (<TS>, globs) are not checked. */
  artifactStatus(doc: IndexedDocument, row: Row): Array<{ raw: string; path: string; stat?: FileStat; templated: boolean }> {
    const out: Array<{ raw: string; path: string; stat?: FileStat; templated: boolean }> = [];
    const seen = new Set<string>();
    for (const artifact of row.artifacts) {
      for (const expanded of artifact.expanded) {
        if (seen.has(expanded)) continue;
        seen.add(expanded);
        const templated = artifact.templated || isTemplated(expanded);
        const resolved = templated ? { path: expanded, stat: undefined } : this.resolveInReports(doc, expanded);
        out.push({ raw: artifact.raw, path: resolved.path, stat: resolved.stat, templated });
      }
    }
    return out;
  }

  /** A path as written, else under one of the plan's reports roots or phase folders (`phase_l/<stamp>/`). */
  resolveInReports(doc: IndexedDocument, written: string): ResolvedPath {
    const direct = this.resolvePath(doc.path, written);
    if (direct.stat || written.startsWith('/') || written.startsWith('..')) return direct;
    for (const folder of reportsFolders(doc)) {
      const candidate = joinPath(folder, written.replace(/^\.\//, ''));
      const stat = this.statOf(candidate);
      if (stat) return { path: candidate, stat, insideWorkspace: true };
    }
    return direct;
  }

  /** Every reference in every document (for references/rename). */
  *allReferences(): Generator<{ doc: IndexedDocument; ref: Reference }> {
    for (const doc of this.docs.values()) for (const ref of doc.model.references) yield { doc, ref };
  }
}

/** A file in a report hub (`…/reports/…`) that is an output, not a plan (its name says plan, checklist or implementation). */
export function isReportOutput(relPath: string): boolean {
  const slash = relPath.lastIndexOf('/');
  return /(?:^|\/)reports\//.test(relPath.slice(0, slash + 1)) && !/plan|checklist|implementation/i.test(relPath.slice(slash + 1));
}

/** Whether a folder's entries hold a `.gitignore` file (read before the folder's other entries are judged). */
function hasGitIgnore(entries: readonly DirectoryEntry[]): boolean {
  return entries.some((e) => e.name === '.gitignore' && !e.isDirectory);
}

/** Lines as an editor counts them: a final line break does not start another line. */
function lineCount(text: string, lines: LineIndex): number {
  return lines.lineCount - (/\r?\n$/.test(text) ? 1 : 0);
}

/** Where a path written in `fromPath` may live: workspace-relative, initiative root (`reports/…`), citing folder. */
export function candidatePaths(fromPath: string, written: string): string[] {
  const clean = written.replace(/^\.\//, '');
  const candidates = [clean, joinPath(dirname(fromPath), clean)];
  if (clean.startsWith(`${REPORTS_FOLDER}/`)) candidates.splice(1, 0, joinPath(initiativeRoot(fromPath), clean));
  return candidates;
}

/** `known`'s change, when it was reported for `before` and accounts for `after`'s length. */
function knownChangeOf(before: string, after: string, known: KnownChange | undefined): TextChange | undefined {
  if (!known || known.before !== before) return undefined;
  const { start, oldEnd, newEnd } = known.change;
  const fits =
    0 <= start && start <= oldEnd && oldEnd <= before.length && start <= newEnd && before.length - oldEnd + newEnd === after.length;
  return fits ? known.change : undefined;
}
