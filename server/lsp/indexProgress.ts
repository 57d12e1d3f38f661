// Tells the client how far the walk of the workspace has got, so its views say "Indexing… N files"
// instead of claiming the workspace is empty. At most one notification per interval while the
// walk runs; the first and the last (done) are always sent.
import type { Connection } from 'vscode-languageserver';
import { IndexProgressNotification, type IndexProgress } from '../protocol';

export class IndexProgressReporter {
  private lastSent = 0;

  constructor(
    private readonly connection: Connection,
    private readonly intervalMs = 100,
  ) {}

  started(): void {
    this.send({ indexed: 0, found: 0, done: false });
  }

  /** Called after each file the walk read; `plans` counts the plans read so far (asked only when a report is sent). */
  progress(read: number, found: number, plans: () => number): void {
    if (Date.now() - this.lastSent >= this.intervalMs) this.send({ indexed: read, found, plans: plans(), done: false });
  }

  done(files: number): void {
    this.send({ indexed: files, found: files, done: true });
  }

  private send(progress: IndexProgress): void {
    this.lastSent = Date.now();
    void this.connection.sendNotification(IndexProgressNotification, progress);
  }
}
