// The server's state: the workspace index, open-buffer overrides and URI mapping.
// Handlers read a snapshot of it; nothing here knows about individual LSP features.
import { URI } from 'vscode-uri';
import { WorkspaceIndex, type IndexedDocument } from '../core/workspace';
import { DEFAULT_CONFIG, resolveConfig, type PlanLoopConfig } from '../core/config';
import { nodeFileSystem } from '../host/nodeFileSystem';
import type { FileSystem } from '../core/fileSystem';
import type { UriMapper } from './loopRequests';

export class Session implements UriMapper {
  index: WorkspaceIndex;
  private readonly open = new Map<string, string>();
  indexed = false;

  constructor(
    readonly rootPath: string,
    private readonly log: (message: string) => void,
    private readonly fs: FileSystem = nodeFileSystem,
    config: PlanLoopConfig = DEFAULT_CONFIG,
  ) {
    this.index = new WorkspaceIndex(rootPath, fs, config);
    this.index.cacheFileFacts();
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

  /** Applies new settings; re-indexes only when they change what is indexed. */
  configure(raw: unknown): PlanLoopConfig {
    const { config, problems } = resolveConfig(raw);
    for (const p of problems) this.log(`Plan Loop settings: ${p.message}; using the default.`);
    const before = JSON.stringify(this.index.config);
    if (JSON.stringify(config) !== before) {
      this.index = new WorkspaceIndex(this.rootPath, this.fs, config);
      this.index.cacheFileFacts();
      if (this.indexed) this.indexAll();
    }
    return config;
  }

  indexAll(): void {
    const started = Date.now();
    this.index.indexAll();
    for (const [path, text] of this.open) this.index.update(path, text);
    for (const skipped of this.index.skipped) this.log(`Skipped ${skipped.path}: ${skipped.reason}.`);
    this.indexed = true;
    this.log(`Indexed ${this.index.all().length} files in ${Date.now() - started} ms.`);
  }

  /** An open editor buffer wins over the disk. */
  openOrChange(uri: string, text: string): IndexedDocument | undefined {
    const path = this.toPath(uri);
    if (!path || !this.index.matches(path)) return undefined;
    this.open.set(path, text);
    return this.index.update(path, text);
  }

  close(uri: string): void {
    const path = this.toPath(uri);
    if (!path) return;
    this.open.delete(path);
    if (this.index.matches(path)) this.index.load(path);
  }

  /** A file changed on disk: reload it unless an open buffer owns it. */
  fileChanged(uri: string, deleted: boolean): boolean {
    const path = this.toPath(uri);
    if (path) this.index.invalidate(path);
    if (!path || !this.index.matches(path) || this.open.has(path)) return false;
    if (deleted) this.index.remove(path);
    else this.index.load(path);
    return true;
  }

  doc(uri: string): IndexedDocument | undefined {
    const path = this.toPath(uri);
    return path ? this.index.get(path) : undefined;
  }
}
