// Which files the workspace walk considers, with no settings: every Markdown file outside
// dependency, build and hidden folders and outside what `.gitignore` files ignore; `planloop.include`
// and `planloop.exclude` narrow or widen that. What a candidate *is* (plan, ledger, handoff; which
// loop family) is parse/family.ts's business. Host-free: `.gitignore` texts are handed in.
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import { FAMILY_HIDDEN_FOLDERS } from '../model/families';
import type { PlanLoopConfig } from '../model/config';

/** Folders that hold installed dependencies, build outputs or caches: never a loop's own files. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set([
  'node_modules',
  'bower_components',
  'jspm_packages',
  'vendor',
  'dist',
  'build',
  'out',
  'target',
  'venv',
  '__pycache__',
  'site-packages',
  '__pypackages__',
  'coverage',
]);

/** Include globs that only say "every Markdown file": candidates, read as loop files only when their path or text says so. */
const CATCH_ALL = /^(?:\*\*\/)?\*(?:\.md)?$|^\*\*$/i;

/** Whether the walk enters a folder by its name alone: not hidden (unless a loop family's), not a dependency or build folder. */
export function walksIntoFolderNamed(name: string): boolean {
  if (name.startsWith('.')) return FAMILY_HIDDEN_FOLDERS.has(name);
  return !SKIPPED_FOLDERS.has(name);
}

/**
 * The include and exclude settings. Include globs select candidates; exclude always wins. A
 * catch-all glob (`**∕*.md`, the default) only makes candidates; any other include glob names
 * files the user wants read as plans even when their text does not look like a loop.
 */
export class IncludeRules {
  private readonly included: (path: string) => boolean;
  private readonly named: (path: string) => boolean;
  private readonly excluded: (path: string) => boolean;
  /** The literal folders the named globs start with (`.agent/plans` for `.agent/plans/**∕*.md`); '' bases are left out. */
  private readonly namedBases: readonly string[];

  constructor(config: Pick<PlanLoopConfig, 'include' | 'exclude'>) {
    const named = config.include.filter((glob) => !CATCH_ALL.test(glob.trim()));
    this.included = picomatch([...config.include], { dot: true });
    this.named = named.length ? picomatch(named, { dot: true }) : () => false;
    this.excluded = picomatch([...config.exclude], { dot: true });
    this.namedBases = named.map((glob) => picomatch.scan(glob).base).filter(Boolean);
  }

  /** A file the walk reads to see whether it is a loop file. */
  isCandidate(relPath: string): boolean {
    return this.included(relPath) && !this.excluded(relPath);
  }

  /** A file an include glob of the user's names: read as a plan whatever its text holds. */
  isNamed(relPath: string): boolean {
    return this.named(relPath) && !this.excluded(relPath);
  }

  /** Whether a user's include glob names files in or under this folder (the walk enters it even when hidden). */
  leadsInto(folder: string): boolean {
    return this.namedBases.some((base) => base === folder || base.startsWith(folder + '/') || folder.startsWith(base + '/'));
  }

  isExcludedFolder(relPath: string): boolean {
    return this.excluded(relPath + '/') || this.excluded(relPath);
  }
}

/**
 * The `.gitignore` files met on the walk, each applying to its own folder and below; a deeper
 * file's rule wins over a shallower one's, as in git. Matching is the `ignore` package's (git's
 * own pattern rules, negation and directory-only patterns included).
 */
export class GitIgnores {
  private readonly byFolder = new Map<string, Ignore>();

  /** Adds the rules of `<folder>/.gitignore` ('' for the workspace root). */
  add(folder: string, text: string): void {
    this.byFolder.set(folder, ignore({ allowRelativePaths: true }).add(text));
  }

  /** Whether a workspace-relative path is ignored; `isDirectory` for folders (`build/` patterns). */
  ignores(relPath: string, isDirectory: boolean): boolean {
    if (this.byFolder.size === 0) return false;
    let ignored = false;
    // Folders from the root down: '' then each ancestor of the path.
    const parts = relPath.split('/');
    for (let depth = 0; depth < parts.length; depth++) {
      const folder = parts.slice(0, depth).join('/');
      const rules = this.byFolder.get(folder);
      if (!rules) continue;
      const rest = parts.slice(depth).join('/') + (isDirectory ? '/' : '');
      const verdict = rules.test(rest);
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  }
}
