// The loop history in the server: read in the background when the Loop History view asks (never
// on a keystroke), a few commits per event-loop turn so every other request is answered
// meanwhile, with progress notifications; kept in memory and in `.git/planloop-history.json`.
// The hover's row timeline and the Progress picture read what is there; the first of them to find
// nothing read yet starts the read in the background (the progress notification says when it is done).
import type { Connection } from 'vscode-languageserver';
import { LoopHistoryProgressNotification, type LoopHistoryParams, type LoopHistoryResult } from '../protocol';
import type { Session } from './session';
import type { HistoryCache } from '../core/history/records';
import type { HistoryBuilder } from '../core/history/builder';
import { historyReport, type HistoryReport } from '../core/history/report';
import { indexHealthLookup } from '../core/history/lookup';
import { doneOverTime, formatTimeline, rowTimeline, type DonePoint } from '../core/history/timeline';
import { loopHistory } from '../host/loopHistory';
import { nodeGitHistory, type NodeGitHistory } from '../host/gitHistory';

const PROGRESS_EVERY_MS = 200;

export class LoopHistoryService {
  private cache: HistoryCache | undefined;
  /** The builder at the cache's head: a new commit is parsed from its versions, not from scratch. */
  private builder: HistoryBuilder | undefined;
  /** The git port that update used, kept with the builder: its cat-file runs, its versions are the builder's. */
  private port: NodeGitHistory | undefined;
  private notice: string | undefined;
  private state: LoopHistoryResult['state'] = 'idle';
  private read = 0;
  private running: Promise<void> | undefined;
  /** Asked again while reading: one more update runs after this one (a commit landed meanwhile). */
  private again = false;
  private stopped = false;
  private root: string | undefined;
  /** The last report and what it was made from. */
  private kept: { readonly key: readonly unknown[]; readonly report: HistoryReport } | undefined;

  constructor(private readonly connection: Pick<Connection, 'sendNotification' | 'console'>) {}

  answer(session: Session, params: LoopHistoryParams): LoopHistoryResult {
    this.follow(session);
    if (params.refresh) this.refresh(session);
    const report = this.cache && this.report(session, this.cache, params);
    return {
      state: this.state,
      ...(this.notice ? { notice: this.notice } : {}),
      read: this.read,
      rootUri: session.toUri('').replace(/\/$/, ''),
      ...(report ? { report } : {}),
    };
  }

  /**
   * `[ ] → [P] (Oct 20, 3 iterations ago) → [x] (…)` for a row, from the history read so far. The
   * first hover that finds none starts reading it in the background (the next hover has it).
   */
  timeline(session: Session, plan: string, rowId: string): string | undefined {
    this.follow(session);
    if (this.state === 'idle') this.refresh(session);
    return this.cache ? formatTimeline(rowTimeline(this.cache.commits, plan, rowId)) || undefined : undefined;
  }

  doneOverTime(session: Session, initiative: string): DonePoint[] {
    this.follow(session);
    if (this.state === 'idle') this.refresh(session);
    return this.cache ? doneOverTime(this.cache.commits, initiative) : [];
  }

  async fileAt(session: Session, sha: string, path: string): Promise<string | undefined> {
    const port = nodeGitHistory(session.rootPath);
    try {
      await port.repository();
      return await port.show(sha, path);
    } finally {
      port.close();
    }
  }

  dispose(): void {
    this.stopped = true;
    this.closePort();
  }

  private closePort(): void {
    this.port?.close();
    this.port = undefined;
  }

  /**
   * The report over the cache, kept while nothing it is made from moves (the cache, the notice, the
   * filter, the thresholds, the indexed documents health reads): the view asks again with
   * `refresh` when a commit lands, and that answer, over 2,000 commits, came before the update.
   */
  private report(session: Session, cache: HistoryCache, params: LoopHistoryParams): HistoryReport {
    const index = session.index;
    const key = [cache, this.notice, params.row, params.initiative, index, index.documentsVersion, index.config.health];
    if (this.kept?.key.every((k, i) => k === key[i])) return this.kept.report;
    const report = historyReport({
      head: cache.head,
      notice: this.notice,
      commits: cache.commits,
      filter: { ...(params.row ? { row: params.row } : {}), ...(params.initiative ? { initiative: params.initiative } : {}) },
      thresholds: index.config.health,
      lookup: indexHealthLookup(index),
    });
    this.kept = { key, report };
    return report;
  }

  /** A new workspace root (or the first): what was read belongs to the old one. */
  private follow(session: Session): void {
    if (this.root === session.rootPath) return;
    this.root = session.rootPath;
    this.cache = undefined;
    this.builder = undefined;
    this.kept = undefined;
    this.closePort();
    this.notice = undefined;
    this.state = 'idle';
  }

  private refresh(session: Session): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.update(session).finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        this.refresh(session);
      }
    });
  }

  private async update(session: Session): Promise<void> {
    this.state = 'reading';
    this.read = 0;
    let sent = 0;
    let saved: (() => void) | undefined;
    const root = session.rootPath;
    try {
      // Taken for this update; given back only when the update ends with a builder.
      const port = this.port;
      this.port = undefined;
      const found = await loopHistory(session.index, {
        cache: this.cache,
        builder: this.builder,
        port,
        onProgress: (read) => {
          this.read = read;
          const now = Date.now();
          if (now - sent < PROGRESS_EVERY_MS) return;
          sent = now;
          void this.connection.sendNotification(LoopHistoryProgressNotification, { read, done: false });
        },
        // A few commits per turn: requests (hover, views, edits) are answered in between.
        pause: () => new Promise((resolve) => setImmediate(() => resolve(this.stopped || this.root !== root))),
        deferSave: true,
      });
      saved = found.save;
      if (this.root !== root || this.stopped || !found.builder) found.port.close();
      else this.port = found.port;
      if (this.root !== root) return;
      this.cache = found.cache ?? this.cache;
      this.builder = found.cache ? found.builder : this.builder;
      this.notice = found.notice;
      this.state = found.cache ? 'ready' : 'unavailable';
    } catch (error) {
      // git failing half-way (a repository being rewritten) is said, not thrown.
      this.notice = `Loop history could not be read: ${error instanceof Error ? error.message : String(error)}`;
      this.state = this.cache ? 'ready' : 'unavailable';
      this.connection.console.log(this.notice);
    }
    void this.connection.sendNotification(LoopHistoryProgressNotification, { read: this.read, done: true });
    // The views have their answer; the cache on disk is for the next start.
    saved?.();
  }
}
