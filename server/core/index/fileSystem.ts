// The file-system port of the core. The server and the CLI inject a Node implementation;
// tests inject an in-memory one. Paths are absolute, with forward slashes.

export interface FileStat {
  readonly size: number;
  readonly mtimeMs: number;
  readonly isFile: boolean;
  readonly isDirectory: boolean;
}

export interface DirectoryEntry {
  readonly name: string;
  readonly isDirectory: boolean;
}

export interface FileSystem {
  stat(path: string): FileStat | undefined;
  readFile(path: string): string | undefined;
  readDirectory(path: string): DirectoryEntry[];
  /** The same reads without blocking, so a walk can keep several in flight; optional (in-memory tests). */
  readFileAsync?(path: string): Promise<string | undefined>;
  readDirectoryAsync?(path: string): Promise<DirectoryEntry[]>;
  /** Resolves symlinks (undefined when the path does not exist); optional for in-memory tests. */
  realPath?(path: string): string | undefined;
  /** Whether the path itself is a symbolic link (not followed); optional for in-memory tests. */
  isSymbolicLink?(path: string): boolean;
}

/**
 * Whether writing at `rel` (workspace-relative) would land outside `root` once symlinks are
 * followed: the nearest existing ancestor is resolved and compared with the resolved root.
 */
function escapesViaSymlink(fs: FileSystem, root: string, rel: string): boolean {
  if (!fs.realPath) return false;
  const realRoot = fs.realPath(root) ?? root;
  let current = joinPath(root, rel);
  while (isInside(root, current)) {
    const real = fs.realPath(current);
    if (real !== undefined) return !isInside(realRoot, real);
    // A dangling link: a write would create its target, wherever that is.
    if (fs.isSymbolicLink?.(current)) return true;
    current = dirname(current);
  }
  return true;
}

/**
 * Why a write at workspace-relative `rel` (a hub folder, a log, a plan or ledger) is refused:
 * empty, absolute, `..` out of the workspace, or through a symlink that leads out. Undefined: allowed.
 */
export function writeRefusal(fs: FileSystem, root: string, rel: string): string | undefined {
  const clean = rel.trim().replace(/^\.\//, '');
  if (!clean) return 'the path is empty';
  if (clean.startsWith('/') || /^[A-Za-z]:/.test(clean)) return `refused: ${rel} is absolute; give a path inside the workspace`;
  if (outsideWorkspace(root, clean.replace(/\\/g, '/'))) return `refused: ${rel} resolves outside the workspace`;
  if (escapesViaSymlink(fs, root, clean)) return `refused: ${rel} leads outside the workspace through a symlink`;
  return undefined;
}

/** A `.` or `..` segment: only then must a joined path be walked segment by segment. */
const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;

export function joinPath(...parts: string[]): string {
  let joined = '';
  for (const part of parts) if (part) joined = joined ? `${joined}/${part}` : part;
  if (joined.includes('//')) joined = joined.replace(/\/+/g, '/');
  // Most paths (every cited path a walk resolves) have no dot segment: drop a trailing slash and done.
  if (!DOT_SEGMENT.test(joined)) return joined.length > 1 && joined.endsWith('/') ? joined.slice(0, -1) : joined || '.';
  return walkSegments(joined);
}

/** A joined path (slashes collapsed) resolved segment by segment: `.` dropped, `..` pops what it can. */
export function walkSegments(joined: string): string {
  const out: string[] = [];
  for (const seg of joined.split('/')) {
    if (seg === '.' || (seg === '' && out.length > 0)) continue;
    if (seg === '..' && out.length > 0 && out[out.length - 1] !== '..' && out[out.length - 1] !== '') out.pop();
    else out.push(seg);
  }
  return out.join('/') || (joined.startsWith('/') ? '/' : '.');
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : path.slice(0, i);
}

/** A workspace-relative path that is absolute, has a `..` segment, or resolves outside `root`. */
export function outsideWorkspace(root: string, rel: string): boolean {
  return rel.startsWith('/') || rel.split('/').includes('..') || !isInside(root, joinPath(root, rel));
}

/** True when `path` (normalized) stays inside `root`. */
export function isInside(root: string, path: string): boolean {
  const r = joinPath(root);
  const p = joinPath(path);
  return p === r || p.startsWith(r.endsWith('/') ? r : r + '/');
}
