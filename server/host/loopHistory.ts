// The loop history of a workspace, as the CLI and the server read it: the git port, the cache in
// the repository's git folder (`.git/planloop-history.json`: never committed, shared by the editor
// and the CLI, kept across restarts) and the core's update.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { WorkspaceIndex } from '../core/index/workspace';
import { updateHistory, type HistoryUpdate } from '../core/history/update';
import { indexClassifier } from '../core/history/lookup';
import { HISTORY_CACHE_VERSION, type HistoryCache } from '../core/history/records';
import type { GitHistoryPort } from '../core/history/gitPort';
import { nodeGitHistory } from './gitHistory';
import type { HistoryBuilder } from '../core/history/builder';

export const HISTORY_CACHE_NAME = 'planloop-history.json';

export interface LoopHistoryOptions {
  readonly onProgress?: (read: number) => void;
  readonly pause?: () => Promise<boolean>;
  /** A cache already in memory (the server's); else the one on disk is read. */
  readonly cache?: HistoryCache;
  /** The builder the update of that cache returned (the server keeps both). */
  readonly builder?: HistoryBuilder;
}

export interface LoopHistory extends HistoryUpdate {
  /** The port, still open for `show` (the caller closes it). */
  readonly port: GitHistoryPort;
}

async function readCache(file: string): Promise<HistoryCache | undefined> {
  try {
    const cache = JSON.parse(await fs.readFile(file, 'utf8')) as HistoryCache;
    return cache.version === HISTORY_CACHE_VERSION && Array.isArray(cache.commits) ? cache : undefined;
  } catch {
    return undefined;
  }
}

/** Written to a temp file and renamed, so a reader (the other of editor and CLI) never sees half of it. */
async function writeCache(file: string, cache: HistoryCache): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    await fs.writeFile(temp, JSON.stringify(cache));
    await fs.rename(temp, file);
  } catch {
    // A read-only git folder only costs the next start a cold read.
    await fs.rm(temp, { force: true }).catch(() => undefined);
  }
}

/** Brings the history of the repository holding `index.root` up to HEAD, through the cache. */
export async function loopHistory(index: WorkspaceIndex, options: LoopHistoryOptions = {}): Promise<LoopHistory> {
  const port = nodeGitHistory(index.root);
  const gitDir = await port.gitDir();
  const file = gitDir && path.join(gitDir, HISTORY_CACHE_NAME);
  const cache = options.cache ?? (file ? await readCache(file) : undefined);
  const update = await updateHistory({
    port,
    config: index.config,
    classify: indexClassifier(index),
    cache,
    builder: options.builder,
    onProgress: options.onProgress,
    pause: options.pause,
  });
  if (file && update.cache && update.read > 0) await writeCache(file, update.cache);
  return { ...update, port };
}
