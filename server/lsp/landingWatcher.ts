// Watches file events for artifacts that complete a row's evidence, and pushes the proposed
// row state and ledger attempt to the client (which applies them per planloop.autoUpdate).
import type { Connection } from 'vscode-languageserver';
import { EvidenceLandedNotification } from '../protocol';
import { findLandings, landingEvidence, type Landing } from '../core/landing';
import { planEvidence } from '../core/sync';
import type { Session } from './session';
import { toWorkspaceEdit } from './runRequests';
import { joinPath } from '../core/fileSystem';

/** Files written in one burst (a log, then a summary) are judged together. */
const SETTLE_MS = 50;
const RECENT_LIMIT = 2000;

export class LandingWatcher {
  private pending = new Set<string>();
  private readonly recent = new Set<string>();
  private readonly proposed = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly session: () => Session | undefined,
  ) {}

  /** Workspace-relative paths created or changed on disk. */
  observe(paths: readonly string[]): void {
    for (const p of paths) {
      this.pending.add(p);
      this.recent.delete(p);
      this.recent.add(p);
    }
    while (this.recent.size > RECENT_LIMIT) this.recent.delete(this.recent.values().next().value as string);
    if (this.pending.size && !this.timer) this.timer = setTimeout(() => this.check(), SETTLE_MS);
  }

  private check(): void {
    this.timer = undefined;
    const session = this.session();
    const pending = [...this.pending];
    this.pending = new Set();
    if (!session?.indexed) return;
    const changed = withFilesOfNewFolders(session, pending);
    for (const p of changed) this.recent.add(p);
    const keyOf = (l: Landing): string => `${l.target.doc.path}#${l.target.row.id}#${l.landed.join(',')}`;
    const fresh = findLandings(session.index, changed, this.recent).filter((l) => !this.proposed.has(keyOf(l)));
    if (!fresh.length) return;
    for (const l of fresh) this.proposed.add(keyOf(l));
    const evidence = fresh.map(landingEvidence);
    const result = planEvidence(session.index, evidence, { onlyRelatedParents: true });
    const summary = evidence.map((e) => `${e.rowId}: evidence landed (${e.passed ? 'passed' : 'failed'})`).join('; ');
    void this.connection.sendNotification(EvidenceLandedNotification, {
      summary,
      rows: fresh.map((l, i) => ({ rowId: evidence[i].rowId, planUri: session.toUri(l.target.doc.path), passed: evidence[i].passed, artifacts: [...l.landed] })),
      result: { edit: toWorkspaceEdit(session, result), notes: [...result.notes] },
    });
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}

const FOLDER_SCAN_LIMIT = 200;

/**
 * A folder event stands for the files in it: a watcher can miss files written right after their
 * folder was created (inotify adds the folder's watch late), so they are listed here.
 */
function withFilesOfNewFolders(session: Session, paths: readonly string[]): string[] {
  const out = new Set<string>();
  const fs = session.index.fs;
  const walk = (rel: string, depth: number): void => {
    for (const entry of fs.readDirectory(joinPath(session.rootPath, rel))) {
      if (out.size >= FOLDER_SCAN_LIMIT) return;
      const child = `${rel}/${entry.name}`;
      if (!entry.isDirectory) out.add(child);
      else if (depth < 3) walk(child, depth + 1);
    }
  };
  for (const path of paths) {
    if (fs.stat(joinPath(session.rootPath, path))?.isDirectory) walk(path, 0);
    else out.add(path);
  }
  return [...out];
}
