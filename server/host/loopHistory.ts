// The loop history of a workspace, as the CLI and the server read it: the git port, the cache in
// the repository's git folder (`.git/planloop-history.json`: never committed, shared by the editor
// and the CLI, kept across restarts) and the core's update.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { WorkspaceIndex } from '../core/index/workspace';
import { updateHistory, type HistoryUpdate } from '../core/history/update';
import { indexClassifier } from '../core/history/lookup';
import { HISTORY_CACHE_VERSION, type HistoryCache } from '../core/history/records';
import { nodeGitHistory, type NodeGitHistory } from './gitHistory';
import { writeFileSafely } from './safeWrite';
import type { HistoryBuilder } from '../core/history/builder';

export const HISTORY_CACHE_NAME = 'planloop-history.json';

export interface LoopHistoryOptions {
  readonly onProgress?: (read: number) => void;
  readonly pause?: () => Promise<boolean>;
  /** A cache already in memory (the server's); else the one on disk is read. */
  readonly cache?: HistoryCache;
  /** The builder the update of that cache returned (the server keeps both). */
  readonly builder?: HistoryBuilder;
  /** Leave writing the cache to the caller (`save`), after it has answered with the history. */
  readonly deferSave?: boolean;
  /**
   * The port the last update used, kept open with that builder (the server keeps both): its git
   * cat-file is running, and it hands the ledger's next version as an edit of the last it read.
   */
  readonly port?: NodeGitHistory;
}

export interface LoopHistory extends HistoryUpdate {
  /** The port, still open for `show` (the caller closes it, or keeps it for the next update). */
  readonly port: NodeGitHistory;
  /** Writes the cache when the update read commits (done already unless `deferSave`); once. */
  save(): void;
}

async function readCache(file: string): Promise<HistoryCache | undefined> {
  try {
    const cache = JSON.parse(await fs.readFile(file, 'utf8')) as HistoryCache;
    return cache.version === HISTORY_CACHE_VERSION && Array.isArray(cache.commits) ? cache : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Through the one safe writer (a temp file of its own, renamed over the cache: the other of editor
 * and CLI never reads half of it; a planted link is never followed), inside the git folder.
 */
function writeCache(gitDir: string, cache: HistoryCache): void {
  try {
    writeFileSafely(gitDir, HISTORY_CACHE_NAME, JSON.stringify(cache));
  } catch {
    // A read-only git folder only costs the next start a cold read.
  }
}

/** Brings the history of the repository holding `index.root` up to HEAD, through the cache. */
export async function loopHistory(index: WorkspaceIndex, options: LoopHistoryOptions = {}): Promise<LoopHistory> {
  const port = options.port ?? nodeGitHistory(index.root);
  const gitDir = await port.gitDir();
  const file = gitDir && path.join(gitDir, HISTORY_CACHE_NAME);
  const cache = options.cache ?? (file ? await readCache(file) : undefined);
  let update: HistoryUpdate;
  try {
    update = await updateHistory({
      port,
      config: index.config,
      classify: indexClassifier(index),
      cache,
      builder: options.builder,
      onProgress: options.onProgress,
      pause: options.pause,
    });
  } catch (error) {
    // Its git processes end with it: the caller never sees this port.
    port.close();
    throw error;
  }
  let unsaved = gitDir && update.cache && update.read > 0 ? { gitDir, cache: update.cache } : undefined;
  const save = (): void => {
    if (unsaved) writeCache(unsaved.gitDir, unsaved.cache);
    unsaved = undefined;
  };
  if (!options.deferSave) save();
  return { ...update, port, save };
}
