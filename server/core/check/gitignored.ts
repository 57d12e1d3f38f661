// Whether git ignores a workspace path: a run's outputs that the repository gitignores are
// absent from every fresh clone on purpose, so their absence is never a fault. The rules are
// read with the `ignore` library (the matcher ESLint uses), from the root `.gitignore` and every
// nested one on the way down to the path, each applied relative to its own folder as git does.
import ignore, { type Ignore } from 'ignore';
import type { WorkspaceIndex } from '../index/workspace';
import { joinPath } from '../index/fileSystem';

interface Rules {
  /** The `.gitignore` text's size and time, so an edited file is read again. */
  readonly version: string;
  readonly matcher?: Ignore;
}

const rulesByIndex = new WeakMap<WorkspaceIndex, Map<string, Rules>>();

/** The rules of the `.gitignore` in `folder` ('' for the root), or undefined when it has none. */
function rulesOf(index: WorkspaceIndex, folder: string): Ignore | undefined {
  let byFolder = rulesByIndex.get(index);
  if (!byFolder) rulesByIndex.set(index, (byFolder = new Map()));
  const file = folder ? `${folder}/.gitignore` : '.gitignore';
  const stat = index.statOf(file);
  const version = stat?.isFile ? `${stat.size}:${stat.mtimeMs}` : '';
  // Most folders have no `.gitignore`: the stat cache already says so, and a Map entry per
  // folder of every cited path would hold megabytes on a large workspace.
  if (!version) {
    byFolder.delete(folder);
    return undefined;
  }
  const cached = byFolder.get(folder);
  if (cached && cached.version === version) return cached.matcher;
  const text = index.fs.readFile(joinPath(index.root, file));
  const matcher = text === undefined ? undefined : ignore().add(text);
  byFolder.set(folder, { version, matcher });
  return matcher;
}

/**
 * Whether `relPath` (workspace-relative; a trailing `/` marks a folder) or any folder above it
 * is ignored by a `.gitignore` of the workspace. A path that leaves the workspace never is.
 */
export function isGitignored(index: WorkspaceIndex, relPath: string): boolean {
  const clean = relPath.replace(/^\.\//, '');
  if (!clean || clean.startsWith('/') || clean.split('/').includes('..')) return false;
  const parts = clean.replace(/\/$/, '').split('/');
  const isFolder = clean.endsWith('/');
  // Each `.gitignore` from the root down judges the rest of the path, folder by folder.
  for (let depth = 0; depth < parts.length; depth++) {
    const matcher = rulesOf(index, parts.slice(0, depth).join('/'));
    if (!matcher) continue;
    for (let end = depth + 1; end <= parts.length; end++) {
      const rest = parts.slice(depth, end).join('/');
      const folder = end < parts.length || isFolder;
      if (matcher.ignores(folder ? rest + '/' : rest)) return true;
    }
  }
  return false;
}
