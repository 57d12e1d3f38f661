// Plans that moved: a plan or plan folder cited under one bucket (`plans/active/x.md`) that now
// lives under another or under a longer name (`plans/archive/x_resolved.md`). Loops archive plans
// all the time; every old mention is the same fact, so it is reported once per file.
import type { WorkspaceIndex } from '../index/workspace';
import { joinPath } from '../index/fileSystem';

export interface PlanMove {
  /** The cited prefix that no longer exists: a plan file, or a plan folder ending in `/`. */
  readonly from: string;
  /** Where it lives now, in the same form. */
  readonly to: string;
}

const PLAN_PATH = /^((?:[^/]+\/)*?plans\/)([^/]+)\/([^/]+)(\/.*)?$/;

/** Directory listings for one computation (the moves of one file's mentions share them). */
export type ListingCache = Map<string, Array<{ name: string; isDirectory: boolean }>>;

function listing(index: WorkspaceIndex, dir: string, cache: ListingCache): Array<{ name: string; isDirectory: boolean }> {
  let entries = cache.get(dir);
  if (!entries) {
    entries = index.fs.readDirectory(joinPath(index.root, dir)).map((e) => ({ name: e.name, isDirectory: e.isDirectory }));
    cache.set(dir, entries);
  }
  return entries;
}

/** Where a missing plan path moved, when exactly one place fits; undefined otherwise. */
export function findPlanMove(index: WorkspaceIndex, path: string, cache: ListingCache = new Map()): PlanMove | undefined {
  const m = PLAN_PATH.exec(path.replace(/^\.\//, ''));
  if (!m) return undefined;
  const [, root, bucket, name, rest = ''] = m;
  const isFolder = rest !== '' || path.endsWith('/');
  if (!isFolder && !/\.md$/i.test(name)) return undefined;
  // Only a plan or folder that is gone has moved (a missing file inside a folder still there has not).
  if (index.statOf(`${root}${bucket}/${name}`)) return undefined;
  const stem = name.replace(/\.md$/i, '');
  // The same name under another bucket is the move; a longer name (`x_resolved.md`) only counts
  // when no same-named plan exists (an archive often holds `x.md` and `x-rerun.md` side by side).
  const sameName = new Set<string>();
  const renamed = new Set<string>();
  for (const other of listing(index, root.replace(/\/$/, ''), cache)) {
    if (!other.isDirectory) continue;
    const dir = root + other.name;
    for (const entry of listing(index, dir, cache)) {
      const exact = entry.name === name && other.name !== bucket;
      const longer = entry.name !== name && entry.name.startsWith(stem) && /^[_.-]/.test(entry.name.slice(stem.length));
      if (!exact && !longer) continue;
      if (isFolder ? !entry.isDirectory : entry.isDirectory || !/\.md$/i.test(entry.name)) continue;
      if (isFolder && rest && !index.statOf(`${dir}/${entry.name}${rest}`)) continue;
      (exact ? sameName : renamed).add(`${dir}/${entry.name}`);
    }
  }
  const found = sameName.size > 0 ? sameName : renamed;
  if (found.size !== 1) return undefined;
  const to = [...found][0];
  const from = `${root}${bucket}/${name}`;
  return isFolder ? { from: from + '/', to: to + '/' } : { from, to };
}
