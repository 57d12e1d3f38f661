// The port through which the history reads git. The host (server/host/gitHistory.ts) runs the
// system `git`, streaming `git log --raw` and `git cat-file --batch`, as VS Code's own git
// extension does; tests may hand in anything that answers the same way.
import type { CommitInfo } from './records';
import type { TextChange } from '../model/text';

/** One replaced range of a text: [start, oldEnd) (UTF-16 offsets of the old text) becomes `inserted`. */
export interface Hunk {
  readonly start: number;
  readonly oldEnd: number;
  readonly inserted: string;
}

/**
 * A version of a file as the port read it: its whole text, or the last version of the same path the
 * port read with each of `hunks` replaced (in order, apart from each other; none: the same text).
 * `change` spans them all: from the first hunk's start to the last one's end, old and new.
 */
export type VersionText = { readonly text: string } | VersionEdit;

export interface VersionEdit {
  readonly change?: TextChange;
  readonly hunks: readonly Hunk[];
}

/** `text` with `hunks` replaced. */
export function applyHunks(text: string, hunks: readonly Hunk[]): string {
  let out = '';
  let at = 0;
  for (const hunk of hunks) {
    out += text.slice(at, hunk.start) + hunk.inserted;
    at = hunk.oldEnd;
  }
  return out + text.slice(at);
}

/** The range `hunks` span together (undefined: none). */
export function hunksChange(hunks: readonly Hunk[]): TextChange | undefined {
  if (!hunks.length) return undefined;
  let delta = 0;
  for (const h of hunks) delta += h.inserted.length - (h.oldEnd - h.start);
  const last = hunks[hunks.length - 1];
  return { start: hunks[0].start, oldEnd: last.oldEnd, newEnd: last.oldEnd + delta };
}

/** A file a commit changed (renames come as a deletion and an addition). */
export interface ChangedPath {
  readonly path: string;
  readonly status: 'A' | 'M' | 'D' | 'T';
  /** Blob IDs before and after ('' where the file did not exist). */
  readonly oldBlob: string;
  readonly newBlob: string;
}

export interface LoggedCommit extends CommitInfo {
  readonly changes: readonly ChangedPath[];
}

/** The repository as the history sees it before reading anything. */
export type RepositoryState =
  | {
      readonly kind: 'ready';
      readonly head: string;
      /** The checked-out branch; undefined when HEAD is detached. */
      readonly branch?: string;
      /** A shallow clone: history before this commit is missing. */
      readonly shallowSince?: string;
    }
  /** No history to read; `message` says why in one sentence (no git, not a repository, no commits). */
  | { readonly kind: 'unavailable'; readonly message: string };

export interface GitHistoryPort {
  repository(): Promise<RepositoryState>;
  /**
   * The commits of `head`'s first-parent line that changed files matching `pathspecs`, oldest
   * first, after `since` (exclusive; all of them without it).
   */
  log(head: string, pathspecs: readonly string[], since?: string): AsyncIterable<LoggedCommit>;
  /** Whether `ancestor` is an ancestor of (or equal to) `head`. */
  isAncestor(ancestor: string, head: string): Promise<boolean>;
  /**
   * A blob's text (UTF-8); undefined when it cannot be read. `path`: the file it is a version of;
   * the port may then decode it from the bytes that differ from the last version of that path it
   * read (the text is the same).
   */
  blob(id: string, path?: string): Promise<string | undefined>;
  /**
   * Optional: blob `id` as a version of `path` (see VersionText); undefined when it cannot be read.
   * It may be an edit only of blob `base`, and only when that is the last version of `path` the
   * port read (through `blob` or `version`); else it is the whole text.
   */
  version?(id: string, path: string, base: string): Promise<VersionText | undefined>;
  /** The text of `path` at `commit`, undefined when it did not exist there. */
  show(commit: string, path: string): Promise<string | undefined>;
  /** Ends the processes the port keeps running. */
  close(): void;
}
