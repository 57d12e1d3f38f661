// Watches file events for artifacts that complete a row's evidence, and pushes the proposed
// row state and ledger attempt to the client (which applies them per planloop.autoUpdate).
import type { Connection } from 'vscode-languageserver';
import { EvidenceLandedNotification, type ApplyRunResult } from '../protocol';
import { findLandings, landingEvidence, type Landing } from '../core/run/landing';
import { planEvidence } from '../core/run/sync';
import type { Session } from './session';
import { syncToWorkspaceEdit } from './wire';
import { joinPath } from '../core/index/fileSystem';

/** Files written in one burst (a log, then a summary) are judged together. */
const SETTLE_MS = 50;
const RECENT_LIMIT = 2000;

export class LandingWatcher {
  private pending = new Set<string>();
  private readonly recent = new Set<string>();
  private readonly proposed = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** Landings announced to the client: id → the rows and files, recomputed on request. */
  private readonly announced = new Map<number, Array<{ planPath: string; rowId: string; landed: readonly string[] }>>();
  private nextId = 1;

  constructor(
    private readonly connection: Connection,
    private readonly session: () => Session | undefined,
  ) {}

  /** Workspace-relative paths created or changed on disk. */
  observe(paths: readonly string[]): void {
    for (const p of paths) this.pending.add(p);
    if (this.pending.size && !this.timer) this.timer = setTimeout(() => this.check(), SETTLE_MS);
  }

  private check(): void {
    this.timer = undefined;
    const session = this.session();
    // A folder that appeared is still being walked: its plans may be what the files complete.
    if (session?.walkingFolders) {
      void session.whenIndexed().then(() => this.check());
      return;
    }
    const pending = [...this.pending];
    this.pending = new Set();
    const changed = session ? withFilesOfNewFolders(session, pending) : pending;
    for (const p of changed) {
      this.recent.delete(p); // re-added at the end: the set is kept in landing order
      this.recent.add(p);
    }
    while (this.recent.size > RECENT_LIMIT) this.recent.delete(this.recent.values().next().value as string);
    if (!session?.indexed) return;
    const keyOf = (l: Landing): string => `${l.target.doc.path}#${l.target.row.id}#${l.landed.join(',')}`;
    const fresh = findLandings(session.index, changed, this.recent).filter((l) => !this.proposed.has(keyOf(l)));
    if (!fresh.length) return;
    for (const l of fresh) this.proposed.add(keyOf(l));
    const evidence = fresh.map(landingEvidence);
    const id = this.nextId++;
    this.announced.set(
      id,
      fresh.map((l) => ({ planPath: l.target.doc.path, rowId: l.target.row.id, landed: l.landed })),
    );
    if (this.announced.size > 50) this.announced.delete(this.announced.keys().next().value as number);
    void this.connection.sendNotification(EvidenceLandedNotification, {
      id,
      summary: evidence.map((e) => `${e.rowId}: evidence landed (${e.passed ? 'passed' : 'failed'})`).join('; '),
      rows: fresh.map((l, i) => ({
        rowId: evidence[i].rowId,
        planUri: session.toUri(l.target.doc.path),
        passed: evidence[i].passed,
        artifacts: [...l.landed],
      })),
    });
  }

  /** The edit for an announced landing, on the current text of the plan and the ledger. */
  edit(id: number): ApplyRunResult {
    const session = this.session();
    const rows = this.announced.get(id);
    if (!session || !rows) return { notes: [`landing ${id} is unknown or expired`] };
    const landed = rows.flatMap((r) => r.landed);
    const current = findLandings(session.index, landed, this.recent).filter((l) =>
      rows.some((r) => r.planPath === l.target.doc.path && r.rowId === l.target.row.id),
    );
    if (!current.length) return { notes: ['the evidence is already recorded, or its rows changed state'] };
    const result = planEvidence(session.index, current.map(landingEvidence), { onlyRelatedParents: true });
    return { edit: syncToWorkspaceEdit(session.index, session, result), notes: [...result.notes], proposed: [...result.proposed] };
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
