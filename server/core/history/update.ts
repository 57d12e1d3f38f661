// Brings the history up to HEAD: from the cache when it holds HEAD's ancestors (only the new
// commits are read), else from the first commit. Never throws for the repository's sake: no git,
// no commits, a shallow clone or a detached HEAD each give one clear sentence.
import type { DocumentKind } from '../model/model';
import type { PlanLoopConfig } from '../model/config';
import { stateVocabulary } from '../model/states';
import { HistoryBuilder, hubOf, type FileText } from './builder';
import type { GitHistoryPort, LoggedCommit } from './gitPort';
import { HISTORY_CACHE_VERSION, type CommitRecord, type HistoryCache } from './records';

/** What `git log` is asked for: Markdown (loop files) and whatever lands in report hubs. */
export const HISTORY_PATHSPECS: readonly string[] = ['*.md', 'reports/*', '*/reports/*'];

export interface HistoryUpdate {
  /** Undefined when there is no history to read (see `notice`). */
  readonly cache?: HistoryCache;
  /** One sentence about the repository: why there is no history, or what limits it. */
  readonly notice?: string;
  /** Commits read by this update (0 when the cache was up to date). */
  readonly read: number;
  /** The cache was rebuilt from the first commit. */
  readonly cold: boolean;
  /**
   * The builder as this update left it (its versions of the loop files are the cache head's): the
   * next update, given it back, parses a new commit's versions from them instead of from scratch.
   */
  readonly builder?: HistoryBuilder;
}

export interface UpdateOptions {
  readonly port: GitHistoryPort;
  readonly config: Pick<PlanLoopConfig, 'ledger' | 'handoff' | 'states'>;
  /** The kind of a loop file as the index reads it (include/exclude, hubs); undefined for others. */
  readonly classify: (path: string) => DocumentKind | undefined;
  readonly cache?: HistoryCache;
  /** The builder the update of `cache` returned; used only while it stands at the cache's head. */
  readonly builder?: HistoryBuilder;
  /** Called after each commit: commits read so far. */
  readonly onProgress?: (read: number) => void;
  /** Awaited every few commits, so a server answers requests meanwhile; a true result stops the update. */
  readonly pause?: () => Promise<boolean>;
}

/** The settings a cache was built with: another value means reading every commit again. */
export function historySettings(config: UpdateOptions['config']): string {
  return JSON.stringify({ ledger: config.ledger, handoff: config.handoff, states: config.states });
}

/** Commits whose blobs are asked for before the builder reaches them. */
const PREFETCH = 8;

interface Prepared {
  readonly commit: LoggedCommit;
  readonly files: Promise<FileText[]>;
  readonly hubFiles: readonly string[];
}

/** Thrown inside an update that `pause` stopped; the update then resolves with the cache it had. */
class Stopped extends Error {}

export async function updateHistory(options: UpdateOptions): Promise<HistoryUpdate> {
  const { port, config } = options;
  const repo = await port.repository();
  if (repo.kind === 'unavailable') return { notice: repo.message, read: 0, cold: false };
  const notices: string[] = [];
  if (repo.shallowSince)
    notices.push(
      `This is a shallow clone: history before commit ${repo.shallowSince.slice(0, 7)} is missing (git fetch --unshallow reads it).`,
    );
  if (!repo.branch) notices.push(`HEAD is detached at ${repo.head.slice(0, 7)}: the history shown is that commit's.`);
  const notice = notices.length ? notices.join(' ') : undefined;
  const settings = historySettings(config);
  let cache = options.cache;
  if (cache && (cache.version !== HISTORY_CACHE_VERSION || cache.settings !== settings)) cache = undefined;
  if (cache?.head === repo.head)
    return { cache, notice, read: 0, cold: false, ...(options.builder?.head === cache.head ? { builder: options.builder } : {}) };
  if (cache && !(await port.isAncestor(cache.head, repo.head))) cache = undefined;
  const cold = !cache;
  const builder =
    cache && options.builder?.head === cache.head ? options.builder : new HistoryBuilder(stateVocabulary(config.states), cache);
  const commits: CommitRecord[] = cache ? [...cache.commits] : [];
  let read = 0;
  let head = cache?.head ?? '';
  // Blobs are asked for a few commits ahead, so git reads them while the builder parses.
  const seen = new Set<string>();
  const prepare = (commit: LoggedCommit): Prepared => {
    const files: Array<Promise<FileText>> = [];
    const hubFiles: string[] = [];
    for (const change of commit.changes) {
      const kind = loopKind(change.path, config, options.classify);
      if (kind) {
        const known = seen.has(change.path) || builder.knows(change.path, kind);
        seen.add(change.path);
        const before = !known && change.oldBlob && change.status !== 'A' ? port.blob(change.oldBlob, change.path) : undefined;
        // The ledger's next version as an edit of its parent's (which the builder will hold when
        // it reaches this commit) when that is the last version the port read: its whole text is
        // never built.
        if (kind === 'ledger' && change.status === 'M' && change.oldBlob && port.version) {
          const version = port.version(change.newBlob, change.path, change.oldBlob);
          files.push(
            Promise.all([version, before]).then(([v, b]) => ({
              path: change.path,
              kind,
              ...(v && 'hunks' in v ? { text: undefined, edit: v } : { text: v?.text }),
              ...(b !== undefined ? { before: b } : {}),
            })),
          );
        } else {
          const text = change.status === 'D' ? undefined : port.blob(change.newBlob, change.path);
          files.push(
            Promise.all([text, before]).then(([t, b]) => ({ path: change.path, kind, text: t, ...(b !== undefined ? { before: b } : {}) })),
          );
        }
      }
      if (change.status === 'A' && hubOf(change.path)) hubFiles.push(change.path);
    }
    return { commit, files: Promise.all(files), hubFiles };
  };
  try {
    const ahead: Prepared[] = [];
    const apply = async (next: Prepared): Promise<void> => {
      commits.push(builder.apply(next.commit, await next.files, next.hubFiles));
      head = next.commit.sha;
      read++;
      options.onProgress?.(read);
      if (options.pause && read % 8 === 0 && (await options.pause())) throw new Stopped();
    };
    for await (const commit of port.log(repo.head, HISTORY_PATHSPECS, cache?.head)) {
      ahead.push(prepare(commit));
      if (ahead.length > PREFETCH) await apply(ahead.shift()!);
    }
    while (ahead.length) await apply(ahead.shift()!);
    // Commits that touched no loop file move the head too.
    head = builder.head = repo.head;
  } catch (error) {
    if (!(error instanceof Stopped)) throw error;
  }
  return {
    cache: { version: HISTORY_CACHE_VERSION, settings, head, commits, ...builder.carry() },
    notice,
    read,
    cold,
    builder,
  };
}

function loopKind(path: string, config: UpdateOptions['config'], classify: UpdateOptions['classify']): DocumentKind | undefined {
  if (path === config.ledger) return 'ledger';
  if (path === config.handoff) return 'handoff';
  return classify(path) === 'plan' ? 'plan' : undefined;
}
