// The server's state: the workspace index, open-buffer overrides and URI mapping.
// Handlers read a snapshot of it; nothing here knows about individual LSP features.
import { URI } from 'vscode-uri';
import { WorkspaceIndex, type IndexedDocument } from '../core/index/workspace';
import type { KnownChange } from '../core/model/text';
import { DEFAULT_CONFIG, resolveConfig, type PlanLoopConfig } from '../core/model/config';
import { nodeFileSystem } from '../host/nodeFileSystem';
import type { FileSystem } from '../core/index/fileSystem';
import type { UriMapper } from './wire';

export class Session implements UriMapper {
  index: WorkspaceIndex;
  private readonly open = new Map<string, string>();
  /** The first walk of the current index has finished. */
  private walked = false;
  /** Walks of folders that appeared since (a checkout, a copy) still running. */
  private folderWalks = 0;

  constructor(
    readonly rootPath: string,
    private readonly log: (message: string) => void,
    private readonly fs: FileSystem = nodeFileSystem,
    config: PlanLoopConfig = DEFAULT_CONFIG,
  ) {
    this.index = new WorkspaceIndex(rootPath, fs, config);
    this.index.cacheFileFacts();
  }

  /** Folders that appeared after the first walk are being walked. */
  get walkingFolders(): boolean {
    return this.walked && this.folderWalks > 0;
  }

  /** The index holds the whole workspace: no walk is running. */
  get indexed(): boolean {
    return this.walked && this.folderWalks === 0;
  }

  toPath(uri: string): string | undefined {
    let fsPath: string;
    try {
      fsPath = URI.parse(uri).fsPath.replace(/\\/g, '/');
    } catch {
      return undefined;
    }
    const root = this.rootPath.replace(/\/$/, '');
    return fsPath.startsWith(root + '/') ? fsPath.slice(root.length + 1) : undefined;
  }

  toUri(path: string): string {
    return URI.file(`${this.rootPath.replace(/\/$/, '')}/${path}`).toString();
  }

  /** Applies new settings. True when they change what is indexed (a new, empty index: call indexAll). */
  configure(raw: unknown): boolean {
    const { config, problems } = resolveConfig(raw);
    for (const p of problems) this.log(`Plan Loop settings: ${p.message}; using the default.`);
    if (JSON.stringify(config) === JSON.stringify(this.index.config)) return false;
    this.index = new WorkspaceIndex(this.rootPath, this.fs, config);
    this.index.cacheFileFacts();
    this.walked = false;
    this.folderWalks = 0;
    return true;
  }

  private indexing: { index: WorkspaceIndex; done: Promise<void> } | undefined;

  /** A walk of the current index has started (it may have finished). */
  get walkStarted(): boolean {
    return this.indexing?.index === this.index;
  }
  private indexedWaiters: Array<() => void> = [];

  /** Settles once the current index is complete, so workspace-wide answers (trees, runs) are never partial. */
  whenIndexed(): Promise<void> {
    return this.indexed ? Promise.resolve() : new Promise((resolve) => this.indexedWaiters.push(resolve));
  }

  private wakeIfIndexed(): void {
    if (this.indexed) for (const wake of this.indexedWaiters.splice(0)) wake();
  }

  /**
   * Indexes the workspace without blocking (bounded parallel reads, each file parsed as it
   * arrives), so requests and edits are answered while a big workspace is read. A call while the
   * same index is being built joins it; a newer index (settings changed) abandons the older walk.
   */
  indexAll(onProgress?: (read: number, found: number) => void): Promise<void> {
    if (this.indexing?.index === this.index) return this.indexing.done;
    const index = this.index;
    const done = (async () => {
      const started = Date.now();
      await index.indexAsync({ skip: (p) => this.open.has(p), isStale: () => index !== this.index, onProgress });
      if (index !== this.index) return;
      for (const [path, text] of this.open) index.update(path, text);
      for (const skipped of index.skipped) this.log(`Skipped ${skipped.path}: ${skipped.reason}.`);
      this.walked = true;
      this.wakeIfIndexed();
      this.log(`Indexed ${index.all().length} files in ${Date.now() - started} ms.`);
    })();
    this.indexing = { index, done };
    return done;
  }

  /** The workspace path of a URI the index covers; undefined for any other. */
  indexedPath(uri: string): string | undefined {
    const path = this.toPath(uri);
    return path && this.index.matches(path) ? path : undefined;
  }

  /** An open editor buffer (at an `indexedPath`) wins over the disk. */
  /** An open buffer's text; `known`: the change the editor reported, when there was one. */
  openOrChange(path: string, text: string, known?: KnownChange): IndexedDocument | undefined {
    this.open.set(path, text);
    return this.index.update(path, text, { known });
  }

  close(uri: string): void {
    const path = this.toPath(uri);
    if (!path) return;
    this.open.delete(path);
    // A report output was indexed only while open.
    if (this.index.readsOnWalk(path)) this.index.load(path);
    else this.index.remove(path);
  }

  /**
   * A file changed on disk: reload it unless an open buffer owns it. True when the index changed;
   * for a folder that appeared, a promise of that (its files are walked, not blocking).
   */
  fileChanged(uri: string, deleted: boolean): boolean | Promise<boolean> {
    const path = this.toPath(uri);
    if (path) this.index.invalidate(path);
    if (!path || this.open.has(path)) return false;
    if (!this.index.matches(path)) {
      // A new folder: index what it holds (its own file events may never come).
      if (deleted || !this.index.isDirectory(path)) return false;
      return this.indexFolder(path);
    }
    if (deleted || !this.index.readsOnWalk(path)) return this.index.remove(path);
    this.index.load(path);
    return true;
  }

  private async indexFolder(path: string): Promise<boolean> {
    const index = this.index;
    const before = index.all().length;
    this.folderWalks++;
    try {
      await index.indexAsync({ folder: path, skip: (p) => this.open.has(p), isStale: () => index !== this.index });
    } finally {
      if (index === this.index) this.folderWalks--;
      this.wakeIfIndexed();
    }
    return index === this.index && index.all().length !== before;
  }

  doc(uri: string): IndexedDocument | undefined {
    const path = this.toPath(uri);
    return path ? this.index.get(path) : undefined;
  }
}
