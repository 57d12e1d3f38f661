// Node implementation of the history's git port: the system `git`, as VS Code's git extension runs
// it. `git log --raw -z` is read as a stream, blobs come from one long-running
// `git cat-file --batch`, so a cold history of thousands of commits costs two processes.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { ChangedPath, GitHistoryPort, LoggedCommit, RepositoryState } from '../core/history/gitPort';
import { VersionDecoder } from './versionText';

/** git with no optional locks (a background reader must never block the user's own git). */
const GIT_ENV = { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' };

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly missing?: boolean;
}

function git(cwd: string, args: readonly string[]): Promise<Ran> {
  return new Promise((resolve) => {
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn('git', args, { cwd, env: GIT_ENV });
    } catch {
      resolve({ code: null, stdout: '', stderr: '', missing: true });
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e: NodeJS.ErrnoException) => resolve({ code: null, stdout: '', stderr: e.message, missing: e.code === 'ENOENT' }));
    child.on('close', (code) =>
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

const FIELD = '\x1f';
const RECORD = '\x1e';
const FORMAT = `${RECORD}%H${FIELD}%P${FIELD}%ct${FIELD}%an${FIELD}%s`;

/** Splits `git log --raw -z` output, given chunk by chunk, into commits. */
export class RawLogReader {
  private pending: Buffer = Buffer.alloc(0);
  private current: { commit: Omit<LoggedCommit, 'changes'>; changes: ChangedPath[] } | undefined;
  private meta: string | undefined;

  /** Feeds a chunk; returns the commits it completed. */
  push(chunk: Buffer): LoggedCommit[] {
    const done: LoggedCommit[] = [];
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    let from = 0;
    for (let nul = this.pending.indexOf(0, from); nul >= 0; nul = this.pending.indexOf(0, from)) {
      this.token(this.pending.toString('utf8', from, nul), done);
      from = nul + 1;
    }
    this.pending = this.pending.subarray(from);
    return done;
  }

  /** The last commit, once the stream has ended. */
  end(): LoggedCommit[] {
    const done: LoggedCommit[] = [];
    if (this.pending.length) this.token(this.pending.toString('utf8'), done);
    this.pending = Buffer.alloc(0);
    if (this.current) done.push({ ...this.current.commit, changes: this.current.changes });
    this.current = undefined;
    return done;
  }

  private token(token: string, done: LoggedCommit[]): void {
    const text = token.replace(/^\n/, '');
    if (this.meta !== undefined) {
      // `:100644 100644 <old> <new> M` then the path.
      const [, , oldBlob, newBlob, status] = this.meta.slice(1).split(' ');
      const zero = (id: string): string => (/^0+$/.test(id) ? '' : id);
      this.current?.changes.push({
        path: text,
        status: (status[0] as ChangedPath['status']) ?? 'M',
        oldBlob: zero(oldBlob),
        newBlob: zero(newBlob),
      });
      this.meta = undefined;
      return;
    }
    if (text.startsWith(RECORD)) {
      if (this.current) done.push({ ...this.current.commit, changes: this.current.changes });
      const [sha, parents, time, author, subject] = text.slice(1).split(FIELD);
      this.current = {
        commit: { sha, parent: parents.split(' ')[0] ?? '', time: Number(time), author, subject: subject ?? '' },
        changes: [],
      };
    } else if (text.startsWith(':')) this.meta = text;
  }
}

/**
 * One `git cat-file --batch` answering blob requests in order. Each blob's bytes are handed to the
 * request's `use` as they stand in the stream (or in one scratch buffer when they span chunks),
 * valid only during that call: what is kept is copied by the user (a cold history reads thousands
 * of 500 KB ledger versions; a buffer each was most of the server's memory outside the heap).
 */
class CatFile {
  private child: ChildProcessWithoutNullStreams | undefined;
  /** Unread output, as the chunks it arrived in. */
  private chunks: Buffer[] = [];
  private length = 0;
  /** The blob being read: its content's size, once its header is in. */
  private size: number | undefined;
  private readonly waiting: Array<(bytes: Buffer | undefined) => void> = [];
  /** Where a blob that spans chunks is put together (reused). */
  private scratch = Buffer.alloc(0);

  constructor(private readonly cwd: string) {}

  /** `use(bytes)` of a blob (undefined when it cannot be read); `bytes` is valid only during the call. */
  read<T>(spec: string, use: (bytes: Buffer) => T): Promise<T | undefined> {
    const child = this.start();
    if (!child) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      this.waiting.push((bytes) => {
        try {
          resolve(bytes && use(bytes));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
      child.stdin.write(`${spec}\n`);
    });
  }

  close(): void {
    this.child?.stdin.end();
    this.child = undefined;
    this.chunks = [];
    this.length = 0;
    this.size = undefined;
    this.scratch = Buffer.alloc(0);
    for (const answer of this.waiting.splice(0)) answer(undefined);
  }

  private start(): ChildProcessWithoutNullStreams | undefined {
    if (this.child) return this.child;
    const child = spawn('git', ['cat-file', '--batch'], { cwd: this.cwd, env: GIT_ENV });
    child.on('error', () => this.close());
    child.on('close', () => {
      if (this.child === child) this.close();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.length += chunk.length;
      this.drain();
    });
    this.child = child;
    return child;
  }

  /**
   * The first `n` bytes of the unread output, taken off it: a view of the chunk when they lie in
   * one, else put together in the scratch buffer. Valid until the next take.
   */
  private take(n: number): Buffer {
    const first = this.chunks[0];
    if (first && first.length >= n) {
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.length -= n;
      return first.subarray(0, n);
    }
    if (this.scratch.length < n) this.scratch = Buffer.allocUnsafe(Math.max(n, Math.ceil(this.scratch.length * 1.5)));
    const out = this.scratch.subarray(0, n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0];
      const used = Math.min(chunk.length, n - filled);
      chunk.copy(out, filled, 0, used);
      filled += used;
      if (used === chunk.length) this.chunks.shift();
      else this.chunks[0] = chunk.subarray(used);
    }
    this.length -= n;
    return out;
  }

  private drain(): void {
    for (;;) {
      if (this.size === undefined) {
        const eol = this.headerEnd();
        if (eol < 0) return;
        const header = this.take(eol + 1).toString('utf8', 0, eol);
        const size = /^\S+ \S+ (\d+)$/.exec(header);
        // `<spec> missing` (or ambiguous): no content follows.
        if (!size) this.waiting.shift()?.(undefined);
        else this.size = Number(size[1]);
        continue;
      }
      // The content and its closing newline.
      if (this.length < this.size + 1) return;
      const bytes = this.take(this.size);
      this.size = undefined;
      this.waiting.shift()?.(bytes);
      this.take(1);
    }
  }

  /** Where the header line ends in the unread output (-1: not yet there). */
  private headerEnd(): number {
    let offset = 0;
    for (const chunk of this.chunks) {
      const eol = chunk.indexOf(10);
      if (eol >= 0) return offset + eol;
      offset += chunk.length;
    }
    return -1;
  }
}

export type NodeGitHistory = GitHistoryPort & { gitDir(): Promise<string | undefined> };

/** The git port over the repository holding `root` (the workspace folder, which may be a sub-folder of it). */
export function nodeGitHistory(root: string): NodeGitHistory {
  const cat = new CatFile(root);
  const versions = new VersionDecoder();
  let prefix = '';
  let gitDir: string | undefined;
  /** The answer gitDir() read, for the repository() call that follows it (one git process for both). */
  let pending: Promise<RepositoryState> | undefined;
  const repository = async (): Promise<RepositoryState> => {
    // One process: the git folder, the prefix, HEAD's commit and the ref HEAD names ('HEAD' when detached).
    const top = await git(root, ['rev-parse', '--absolute-git-dir', '--show-prefix', 'HEAD', '--symbolic-full-name', 'HEAD']);
    if (top.missing) return { kind: 'unavailable', message: 'Loop history needs git, and git is not installed (or not on PATH).' };
    const [dir = '', showPrefix = '', head = '', ref = ''] = top.stdout.split('\n');
    gitDir = dir.trim() || undefined;
    if (!gitDir)
      return { kind: 'unavailable', message: `${path.basename(root)} is not in a git repository: there is no loop history to show.` };
    prefix = showPrefix.trim();
    if (top.code !== 0 || !/^[0-9a-f]{40,64}$/.test(head.trim()))
      return { kind: 'unavailable', message: 'The repository has no commits yet: the loop history starts with the first one.' };
    const branch = ref.trim().startsWith('refs/heads/') ? ref.trim().slice('refs/heads/'.length) : undefined;
    const shallow = await readFile(path.join(gitDir, 'shallow'), 'utf8').catch(() => '');
    return {
      kind: 'ready',
      head: head.trim(),
      ...(branch ? { branch } : {}),
      ...(shallow.trim() ? { shallowSince: shallow.trim().split('\n')[0] } : {}),
    };
  };
  return {
    /** The repository's git folder (where the history cache is kept); undefined outside a repository. */
    async gitDir() {
      pending = repository();
      await pending;
      return gitDir;
    },

    repository() {
      const answer = pending ?? repository();
      pending = undefined;
      return answer;
    },

    async *log(head, pathspecs, since) {
      const args = [
        'log',
        '--reverse',
        '--first-parent',
        '--diff-merges=first-parent',
        '--raw',
        '--no-abbrev',
        '--no-renames',
        '--relative',
        '--no-color',
        '-z',
        `--format=${FORMAT}`,
        since ? `${since}..${head}` : head,
        '--',
        ...pathspecs,
      ];
      const child = spawn('git', args, { cwd: root, env: GIT_ENV });
      const reader = new RawLogReader();
      const failed: Buffer[] = [];
      child.stderr.on('data', (d: Buffer) => failed.push(d));
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
      try {
        for await (const chunk of child.stdout as AsyncIterable<Buffer>) yield* reader.push(chunk);
        yield* reader.end();
        const code = await closed;
        if (code !== 0) throw new Error(`git log failed: ${Buffer.concat(failed).toString('utf8').trim().split('\n')[0]}`);
      } finally {
        if (child.exitCode === null) child.kill();
      }
    },

    async isAncestor(ancestor, head) {
      return (await git(root, ['merge-base', '--is-ancestor', ancestor, head])).code === 0;
    },

    blob: (id, file) => cat.read(id, (bytes) => (file === undefined ? bytes.toString('utf8') : versions.decode(file, bytes, id))),

    version: (id, file, base) => cat.read(id, (bytes) => versions.edit(file, bytes, id, base)),

    show: (commit, file) => cat.read(`${commit}:${prefix}${file}`, (bytes) => bytes.toString('utf8')),

    close: () => {
      cat.close();
      versions.clear();
    },
  };
}
