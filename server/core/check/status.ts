// Workspace status: initiatives → plans → phases → rows with progress.
// The same structure feeds `planloop status --json` and the server's plan tree, so they agree.
import { DiagnosticCodes, type InitiativeStatus, type Phase, type Row, type RowState } from '../model/model';
import type { IndexedDocument, WorkspaceIndex } from '../index/workspace';
import { familyCounts, type FamilyCount } from './found';

export interface StatusRow {
  id: string;
  title: string;
  rawState: string;
  state: RowState;
  line: number; // 1-based
  parentId?: string;
  /** How a person names the row when the plan does not write its ID (`Task 3 · Step 2`). */
  label?: string;
  commands: number;
  artifacts: number;
}

export interface StatusPhase {
  id: string;
  title: string;
  /** How a person names the phase when it is not a `Phase` (`Task 3`). */
  label?: string;
  line: number;
  done: number;
  total: number;
  rows: StatusRow[];
}

export interface StatusPlan {
  path: string;
  title?: string;
  done: number;
  total: number;
  /** Lines that look like rows but are not read as rows (each has an `unread-row` diagnostic saying why). */
  unread: number;
  phases: StatusPhase[];
}

export interface StatusInitiative {
  id: string;
  title: string;
  status: InitiativeStatus;
  rawStatus?: string;
  done: number;
  total: number;
  attempts: number;
  plans: StatusPlan[];
}

export interface StatusReport {
  version: 1;
  initiatives: StatusInitiative[];
  totals: { plans: number; rows: number; done: number; unread: number; byState: Record<string, number> };
  /** The loop files found in the whole workspace, per family (plans without rows included). */
  families: FamilyCount[];
}

export const UNASSIGNED = '(unassigned)';

function statusRow(doc: IndexedDocument, row: Row): StatusRow {
  return {
    id: row.id,
    title: row.title,
    rawState: row.rawState,
    state: row.state,
    line: doc.lines.positionAt(row.span.start).line + 1,
    parentId: row.parentId,
    ...(row.label ? { label: row.label } : {}),
    commands: row.commands.length,
    artifacts: row.artifacts.length,
  };
}

function statusPhase(doc: IndexedDocument, phase: Pick<Phase, 'id' | 'title' | 'label' | 'headingSpan' | 'rows'>): StatusPhase {
  const rows = phase.rows.map((r) => statusRow(doc, r));
  return {
    id: phase.id,
    title: phase.title,
    ...(phase.label ? { label: phase.label } : {}),
    line: doc.lines.positionAt(phase.headingSpan.start).line + 1,
    done: rows.filter((r) => r.state === 'done').length,
    total: rows.length,
    rows,
  };
}

export function planStatus(doc: IndexedDocument): StatusPlan | undefined {
  if (doc.model.kind !== 'plan') return undefined;
  const phases = doc.model.phases.map((p) => statusPhase(doc, p));
  if (doc.model.looseRows.length) {
    phases.unshift(
      statusPhase(doc, { id: '', title: 'Checklist', headingSpan: doc.model.looseRows[0].span, rows: [...doc.model.looseRows] }),
    );
  }
  return {
    path: doc.path,
    title: doc.model.title,
    done: phases.reduce((n, p) => n + p.done, 0),
    total: phases.reduce((n, p) => n + p.total, 0),
    unread: doc.model.problems.filter((p) => p.code === DiagnosticCodes.unreadRow).length,
    phases,
  };
}

/** Builds the status report. Plans without rows (and nothing unread) are left out; initiatives keep ledger order. */
export function buildStatus(index: WorkspaceIndex, filter: { initiative?: string } = {}): StatusReport {
  const byId = new Map<string, StatusInitiative>();
  const ledger = index.ledger();
  for (const ini of ledger?.model.initiatives ?? []) {
    if (!ini.id || byId.has(ini.id)) continue;
    byId.set(ini.id, {
      id: ini.id,
      title: ini.title,
      status: ini.status,
      rawStatus: ini.rawStatus,
      done: 0,
      total: 0,
      attempts: ini.attempts.length,
      plans: [],
    });
  }
  // Backlog items are initiatives too (one file each), after the ledger's.
  for (const item of index.backlogItems()) {
    if (byId.has(item.id)) continue;
    byId.set(item.id, {
      id: item.id,
      title: item.title,
      status: item.status,
      rawStatus: item.rawStatus,
      done: 0,
      total: 0,
      attempts: 0,
      plans: [],
    });
  }
  for (const doc of index.ofKind('plan')) {
    const plan = planStatus(doc);
    if (!plan || (plan.total === 0 && plan.unread === 0)) continue;
    const id = index.initiativeForPlan(doc.path) ?? UNASSIGNED;
    let entry = byId.get(id);
    if (!entry) {
      entry = {
        id,
        title: id === UNASSIGNED ? 'Plans without an initiative' : id,
        status: 'unknown',
        done: 0,
        total: 0,
        attempts: 0,
        plans: [],
      };
      byId.set(id, entry);
    }
    entry.plans.push(plan);
    entry.done += plan.done;
    entry.total += plan.total;
  }
  let initiatives = [...byId.values()];
  if (filter.initiative) initiatives = initiatives.filter((i) => i.id === filter.initiative);
  const byState: Record<string, number> = {};
  let rows = 0;
  let done = 0;
  let plans = 0;
  let unread = 0;
  for (const ini of initiatives) {
    for (const plan of ini.plans) {
      plans++;
      unread += plan.unread;
      for (const phase of plan.phases) {
        for (const row of phase.rows) {
          rows++;
          if (row.state === 'done') done++;
          byState[row.state] = (byState[row.state] ?? 0) + 1;
        }
      }
    }
  }
  return { version: 1, initiatives, totals: { plans, rows, done, unread, byState }, families: familyCounts(index) };
}
