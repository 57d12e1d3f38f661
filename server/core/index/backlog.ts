// Backlog items (one file per initiative, Backlog.md style, or a plan whose header names its
// status and plans): initiatives beside the ledger's, each with its status and the plans it names.
import type { IndexedDocument } from './workspace';
import type { InitiativeStatus, PlanHeader, Span } from '../model/model';
import { dirname, joinPath } from './fileSystem';

export interface BacklogItem {
  readonly id: string;
  readonly title: string;
  readonly status: InitiativeStatus;
  readonly rawStatus?: string;
  readonly statusSpan?: Span;
  /** The item's own file. */
  readonly path: string;
  /** Workspace-relative paths of the plans it names (`- Plan: …`). */
  readonly plans: readonly string[];
}

const BACKLOG_PATH = /(?:^|\/)backlog\/(?:tasks|completed|drafts|archive\/tasks)\/(task-[^/ ]+?)(?: - [^/]*)?\.md$/i;

/** A plan document that is a backlog item: under `backlog/…/task-*.md`, or with front matter `id:` and a status. */
export function backlogItemOf(doc: IndexedDocument): BacklogItem | undefined {
  if (doc.model.kind !== 'plan') return undefined;
  const header: PlanHeader | undefined = doc.model.header;
  const fromPath = BACKLOG_PATH.exec(doc.path)?.[1];
  const id = header?.id ?? fromPath;
  if (!id || !(fromPath || header?.status)) return undefined;
  const base = dirname(doc.path);
  return {
    id,
    title: header?.title ?? doc.model.title ?? id,
    status: header?.status ?? 'unknown',
    rawStatus: header?.rawStatus,
    statusSpan: header?.statusSpan,
    path: doc.path,
    // A plan named relative to the item resolves from its folder; one written from the root stays.
    plans: (header?.plans ?? []).map((p) => (p.startsWith('./') || p.startsWith('../') ? joinPath(base, p) : p.replace(/^\//, ''))),
  };
}
