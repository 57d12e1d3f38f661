// The one way Plan Loop writes a file (CLI, server and the editor's run records): every target is
// checked before any is written, each is written to a temp file of its own and renamed over the
// target, and a failed rename puts back the files already replaced.
//
// Not write-file-atomic: its temp name is a hash of pid and a counter (predictable) and is opened
// with 'w' (follows a planted link, no O_EXCL), and it follows a target symlink wherever it leads.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { isInside } from '../core/index/fileSystem';

export interface SafeWrite {
  /** Workspace-relative path (forward slashes). */
  readonly path: string;
  readonly text: string | Uint8Array;
}

/** A write refused or failed; the message names the file and says what was (not) written. */
export class SafeWriteError extends Error {}

const { O_WRONLY, O_CREAT, O_EXCL } = fs.constants;
// O_NOFOLLOW where the platform has it (not on Windows): a link at the temp name is never followed.
const CREATE_TEMP = O_WRONLY | O_CREAT | O_EXCL | (fs.constants.O_NOFOLLOW ?? 0);

interface Target {
  readonly rel: string;
  /** The file actually replaced: the path itself, or where its in-workspace symlink points. */
  readonly file: string;
  readonly before?: { readonly bytes: Buffer; readonly mode: number; readonly uid: number; readonly gid: number };
  readonly bytes: Uint8Array;
  temp?: string;
  renamed?: boolean;
}

function code(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

function realOrSelf(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return p;
  }
}

/** Where a write of `rel` lands, or why it is refused (read-only, a link out, a folder not writable). */
function resolveTarget(root: string, realRoot: string, write: SafeWrite): Target {
  const rel = write.path;
  const requested = path.join(root, rel);
  let file = requested;
  const link = fs.lstatSync(requested, { throwIfNoEntry: false });
  if (link?.isSymbolicLink()) {
    let real: string;
    try {
      real = fs.realpathSync.native(requested);
    } catch {
      throw new SafeWriteError(`refused: ${rel} is a symlink that leads nowhere (dangling); nothing written`);
    }
    if (!isInside(realRoot, real))
      throw new SafeWriteError(`refused: ${rel} leads outside the workspace through a symlink; nothing written`);
    file = real; // writes go through a link that stays inside; the link itself stays a link
  }
  const folder = realOrSelf(path.dirname(file));
  if (!isInside(realRoot, folder))
    throw new SafeWriteError(`refused: ${rel} leads outside the workspace through a symlink; nothing written`);
  file = path.join(folder, path.basename(file));
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (stat && !stat.isFile()) throw new SafeWriteError(`cannot write ${rel}: not a regular file; nothing written`);
  // The write bits, not access(2): root passes access() for any file, and rename would replace it.
  if (stat && (stat.mode & 0o222) === 0) throw new SafeWriteError(`cannot write ${rel}: the file is read-only; nothing written`);
  const writable = (p: string, what: string): void => {
    try {
      fs.accessSync(p, fs.constants.W_OK);
    } catch (error) {
      throw new SafeWriteError(`cannot write ${rel}: ${what} (${code(error)}); nothing written`);
    }
  };
  if (stat) writable(file, 'permission denied');
  writable(folder, 'its folder is not writable'); // the temp file and the rename need the folder
  const before = stat ? { bytes: fs.readFileSync(file), mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid } : undefined;
  const bytes = typeof write.text === 'string' ? Buffer.from(write.text, 'utf8') : write.text;
  return { rel, file, before, bytes };
}

/** A temp file next to `file` with an unpredictable name, created exclusively, never through a link. */
function writeTemp(file: string, bytes: Uint8Array, before: Target['before']): string {
  for (let tries = 0; ; tries++) {
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.planloop-${randomBytes(8).toString('hex')}.tmp`);
    let fd: number;
    try {
      fd = fs.openSync(temp, CREATE_TEMP, before?.mode ?? 0o666);
    } catch (error) {
      if (code(error) === 'EEXIST' && tries < 5) continue;
      throw error;
    }
    try {
      if (before) {
        fs.fchmodSync(fd, before.mode); // the umask must not narrow the target's mode
        if (process.getuid?.() === 0) fs.fchownSync(fd, before.uid, before.gid);
      }
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw error;
    } finally {
      fs.closeSync(fd);
    }
    return temp;
  }
}

function syncFolder(folder: string): void {
  try {
    const fd = fs.openSync(folder, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some platforms cannot fsync a folder; the renames are done either way.
  }
}

/** Puts back the files already renamed over; returns the ones that could not be restored. */
function restore(targets: readonly Target[]): string[] {
  const failed: string[] = [];
  for (const t of targets) {
    if (!t.renamed) continue;
    try {
      if (t.before) fs.renameSync(writeTemp(t.file, t.before.bytes, t.before), t.file);
      else fs.rmSync(t.file, { force: true });
    } catch {
      failed.push(t.rel);
    }
  }
  return failed;
}

/**
 * Writes every file or none (paths relative to `root`). Throws SafeWriteError naming the file when
 * one is refused (read-only, a link out of the workspace, a folder not writable) before anything is
 * written, or when a write fails (after putting back what was already replaced).
 */
export function writeFilesSafely(root: string, writes: readonly SafeWrite[]): void {
  const realRoot = realOrSelf(root);
  const targets = writes.map((w) => resolveTarget(root, realRoot, w));
  try {
    for (const t of targets) t.temp = writeTemp(t.file, t.bytes, t.before);
  } catch (error) {
    for (const t of targets) if (t.temp) fs.rmSync(t.temp, { force: true });
    const failed = targets.find((t) => !t.temp);
    throw new SafeWriteError(`cannot write ${failed?.rel ?? 'a file'}: ${code(error)}; nothing written`);
  }
  for (const t of targets) {
    try {
      fs.renameSync(t.temp!, t.file);
      t.renamed = true;
    } catch (error) {
      for (const rest of targets) if (!rest.renamed) fs.rmSync(rest.temp!, { force: true });
      const done = targets.filter((r) => r.renamed);
      const lost = restore(done);
      const restored = done.filter((r) => !lost.includes(r.rel)).map((r) => r.rel);
      throw new SafeWriteError(
        `cannot write ${t.rel}: ${code(error)}; ` +
          (done.length === 0
            ? 'nothing written'
            : `${restored.length ? `restored ${restored.join(', ')}` : ''}${lost.length ? `${restored.length ? '; ' : ''}could NOT restore ${lost.join(', ')}` : ''}`),
      );
    }
  }
  for (const folder of new Set(targets.map((t) => path.dirname(t.file)))) syncFolder(folder);
}

/** One file, same guarantees; creates missing folders inside the workspace first. */
export function writeFileSafely(root: string, rel: string, text: string | Uint8Array): void {
  const realRoot = realOrSelf(root);
  const folder = path.dirname(path.join(root, rel));
  if (!fs.existsSync(folder)) {
    if (!isInside(realRoot, realOrSelf(nearestExisting(folder))))
      throw new SafeWriteError(`refused: ${rel} leads outside the workspace through a symlink; nothing written`);
    fs.mkdirSync(folder, { recursive: true });
  }
  writeFilesSafely(root, [{ path: rel, text }]);
}

function nearestExisting(p: string): string {
  let current = p;
  while (!fs.existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}
