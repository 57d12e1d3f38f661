// Loads the workspace the CLI works on: root, settings and the index (same core as the server),
// and writes files back losslessly and atomically.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { WorkspaceIndex } from '../core/index/workspace';
import { writeRefusal } from '../core/index/fileSystem';
import { nodeFileSystem } from '../host/nodeFileSystem';
import { findRoot } from './workspaceRoot';
import { loadConfig } from './loadConfig';
import { CliError, WriteConflictError } from './errors';
import { SafeWriteError, writeFilesSafely } from '../host/safeWrite';

export interface CliContext {
  readonly root: string;
  readonly index: WorkspaceIndex;
}

function why(file: string): string {
  try {
    fs.readFileSync(file);
    return 'unreadable';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  }
}

/** Indexes the workspace. A plan, ledger or handoff that cannot be read is an error, not a silent gap. */
export function loadWorkspace(cwd: string | undefined): CliContext {
  const root = findRoot(cwd ?? process.cwd());
  const index = new WorkspaceIndex(root, nodeFileSystem, loadConfig(root));
  index.indexAll();
  const unreadable = index.skipped.filter((s) => s.reason === 'unreadable');
  if (unreadable.length) {
    const first = unreadable[0].path;
    throw new CliError(
      `cannot read ${first} (${why(path.join(root, first))})${unreadable.length > 1 ? ` and ${unreadable.length - 1} more file(s)` : ''}`,
    );
  }
  for (const skipped of index.skipped) process.stderr.write(`planloop: skipped ${skipped.path}: ${skipped.reason}\n`);
  return { root, index };
}

/** A fresh index of the same workspace (after a run: the files may have changed meanwhile). */
export function reloadWorkspace(ctx: CliContext): CliContext {
  const index = new WorkspaceIndex(ctx.root, nodeFileSystem, ctx.index.config);
  index.indexAll();
  return { root: ctx.root, index };
}

export interface PendingWrite {
  /** Workspace-relative path. */
  readonly path: string;
  /** The text the new content was computed from. */
  readonly expected: string;
  readonly text: string;
}

/** The file's text now; `invalid` when its bytes are not UTF-8 (decoding would replace them). */
function current(file: string): string | undefined | { invalid: true } {
  try {
    const bytes = fs.readFileSync(file);
    return isUtf8(bytes) ? bytes.toString('utf8') : { invalid: true };
  } catch {
    return undefined;
  }
}

const LOCK_WAIT_MS = 10_000;
const LOCK_STALE_MS = 60_000;

/**
 * Runs `fn` holding `.planloop-lock` in the workspace (O_EXCL), so two planloop processes never
 * check-then-write the same files at once. A lock older than a minute is taken as abandoned.
 */
function withWriteLock<T>(root: string, fn: () => T): T {
  const lock = path.join(root, '.planloop-lock');
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      fs.closeSync(fs.openSync(lock, 'wx'));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST')
        throw new CliError(`cannot create ${lock}: ${(error as NodeJS.ErrnoException).code}`, 1);
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > LOCK_STALE_MS) fs.rmSync(lock, { force: true });
      else if (Date.now() > deadline) throw new WriteConflictError(`another planloop is writing (${lock} exists); try again`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/**
 * Writes files all or nothing through the one safe writer (server/host/safeWrite.ts), after
 * checking that none of them changed since it was read; if one did, nothing at all is written.
 */
export function writeAtomically(root: string, writes: readonly PendingWrite[]): string[] {
  return withWriteLock(root, () => writeUnlocked(root, writes));
}

function writeUnlocked(root: string, writes: readonly PendingWrite[]): string[] {
  for (const w of writes) {
    const refused = writeRefusal(nodeFileSystem, root, w.path);
    if (refused) throw new CliError(`${refused}; nothing written`, 1);
  }
  for (const w of writes) {
    const now = current(path.join(root, w.path));
    if (typeof now === 'object')
      throw new CliError(`${w.path} is not valid UTF-8: its other bytes would not survive an edit; nothing written`, 1);
    if (now !== w.expected) {
      throw new WriteConflictError(`${w.path} changed since it was read; nothing written (run the command again)`);
    }
  }
  const changed = writes.filter((w) => w.text !== w.expected);
  try {
    writeFilesSafely(
      root,
      changed.map((w) => ({ path: w.path, text: w.text })),
    );
  } catch (error) {
    if (error instanceof SafeWriteError) throw new CliError(error.message, 1);
    throw error;
  }
  return changed.map((w) => w.path);
}
