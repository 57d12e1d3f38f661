// Where a new artifact hub goes, learned from the hubs the workspace already cites (its handoff's
// Artifacts line first, then plans and ledger), unless planloop.hubLayout says. A layout is a
// template over `{initiative}` (the initiative's folder, `plans/active/<ID>`), `{topic}`, `{phase}`
// and a stamp: `{stamp}` (2025-10-15T201831Z) or `{compactStamp}` (20251015T201831Z).
import type { ArtifactPath } from '../model/model';
import type { WorkspaceIndex } from '../index/workspace';
import { slugOf } from '../edit/edits';
import { activeInitiativeFolder, initiativeRoot, isInitiativeFolder, REPORTS_FOLDER } from '../model/layout';
import { hubTimestamp } from '../parse/artifacts';
import { hubLayoutProblem } from '../model/config';
import { joinPath } from '../index/fileSystem';

export const DEFAULT_HUB_LAYOUT = `{initiative}/${REPORTS_FOLDER}/{stamp}/{phase}/`;

const ISO_STAMP = /^\d{4}-\d{2}-\d{2}T\d{6}Z$/;
const COMPACT_STAMP = /^\d{8}T\d{6}Z$/;
const PHASE = /^phase(?:[_-]|$)/i;

/** A cited hub reduced to its layout, and the topic folder it used. */
export interface LearnedHub {
  readonly layout: string;
  readonly topic?: string;
  readonly stamp: string;
}

/**
 * The layout of a cited path when it lies in a hub: a whole `<stamp>` folder under a `reports`
 * folder, with the topic and phase folders around it (`reports/<topic>/<phase>/<stamp>/`,
 * `plans/active/<ID>/reports/<stamp>/<phase>/`, `plans/active/<ID>/reports/<stamp>/`).
 */
export function hubLayoutOf(path: string): LearnedHub | undefined {
  const isFolder = path.endsWith('/');
  const parts = path.replace(/^\.\//, '').replace(/\/+$/, '').split('/');
  const s = parts.findIndex((p) => ISO_STAMP.test(p) || COMPACT_STAMP.test(p));
  if (s < 0) return undefined;
  const r = parts.lastIndexOf(REPORTS_FOLDER, s);
  if (r < 0) return undefined;
  const prefix = parts.slice(0, r).join('/');
  const out: string[] = [];
  if (prefix) out.push(isInitiativeFolder(prefix) ? '{initiative}' : prefix);
  out.push(REPORTS_FOLDER);
  let topic: string | undefined;
  // Folders after the stamp (the last part of a file's path is the file): an initiative that nests
  // its runs (`…/phase_d/<stamp>/<slug>/phase_x/`) keeps the folders before the run's phase as they
  // are, and then the phase before the stamp is a fixed umbrella folder, not the run's phase.
  const last = parts.length - 1;
  const folderAfter = (i: number): boolean => i < last || isFolder || !parts[last].includes('.');
  let inner = -1;
  for (let i = s + 1; i <= last && folderAfter(i); i++) {
    if (PHASE.test(parts[i])) {
      inner = i;
      break;
    }
  }
  let phase = inner >= 0;
  for (const part of parts.slice(r + 1, s)) {
    if (PHASE.test(part) && !phase) {
      out.push('{phase}');
      phase = true;
    } else if (topic === undefined && !PHASE.test(part)) {
      out.push('{topic}');
      topic = part;
    } else out.push(part);
  }
  out.push(COMPACT_STAMP.test(parts[s]) ? '{compactStamp}' : '{stamp}');
  if (inner >= 0) out.push(...parts.slice(s + 1, inner), '{phase}');
  return { layout: out.join('/') + '/', topic, stamp: parts[s] };
}

interface Cited {
  readonly path: string;
  readonly initiativeId?: string;
}

/**
 * Hub paths the workspace cites: the handoff's Artifacts first, then plan rows and ledger attempts.
 * A plan's `reports/<TS>/…` is its initiative's when that initiative has a reports folder
 * (`plans/active/<ID>/reports/`), as links resolve; otherwise it is the workspace's `reports/`.
 */
function citedHubs(index: WorkspaceIndex): Cited[] {
  const hasReports = new Map<string, boolean>();
  const rootOf = (initiativeId: string | undefined, planPath: string | undefined): string | undefined => {
    if (planPath) return initiativeRoot(planPath);
    if (!initiativeId) return undefined;
    const plan = index.ofKind('plan').find((d) => index.initiativeForPlan(d.path) === initiativeId);
    return plan ? initiativeRoot(plan.path) : activeInitiativeFolder(initiativeId);
  };
  const cite = (artifacts: readonly ArtifactPath[], initiativeId: string | undefined, planPath?: string): Cited[] => {
    const root = rootOf(initiativeId, planPath);
    let relative = false;
    if (root) {
      if (!hasReports.has(root)) hasReports.set(root, index.fs.stat(joinPath(index.root, `${root}/reports`))?.isDirectory === true);
      relative = hasReports.get(root)!;
    }
    return artifacts
      .filter((a) => !a.templated)
      .flatMap((a) => a.expanded)
      .map((path) => ({ path: relative && path.startsWith(`${REPORTS_FOLDER}/`) ? `${root}/${path}` : path, initiativeId }));
  };
  const handoff = index.handoff();
  const out = handoff ? cite(handoff.model.artifacts, handoff.model.focusInitiativeId) : [];
  for (const doc of index.ofKind('plan')) {
    const id = index.initiativeForPlan(doc.path);
    for (const row of [...doc.model.looseRows, ...doc.model.phases.flatMap((p) => p.rows)]) out.push(...cite(row.artifacts, id, doc.path));
  }
  for (const initiative of index.ledger()?.model.initiatives ?? [])
    for (const attempt of initiative.attempts) out.push(...cite(attempt.artifacts, initiative.id || undefined));
  return out;
}

export interface HubChoice {
  readonly layout: string;
  /** The topic folder this initiative's hubs use, when the layout has one. */
  readonly topic?: string;
  /** Whether the workspace's topics start with a month (`2026-01-…`). */
  readonly datedTopics?: boolean;
  /** Where the layout came from, for notes and tests. */
  readonly source: 'setting' | 'initiative' | 'handoff' | 'workspace' | 'default';
}

/**
 * The layout for a new hub of an initiative: planloop.hubLayout when set; else the layout of the
 * newest hub the initiative itself cites; else the handoff's Artifacts layout; else the layout
 * most of the workspace's cited hubs use; else the default.
 */
export function chooseHubLayout(index: WorkspaceIndex, initiativeId: string | undefined): HubChoice {
  const cited = citedHubs(index).flatMap((c) => {
    const learned = hubLayoutOf(c.path);
    return learned ? [{ ...learned, initiativeId: c.initiativeId }] : [];
  });
  // The initiative's own newest hub: its layout and topic.
  const newest = cited
    .filter((c) => initiativeId && c.initiativeId === initiativeId)
    .sort((a, b) => stampKey(b.stamp).localeCompare(stampKey(a.stamp)))[0];
  const topic = newest?.topic;
  const setting = index.config.hubLayout;
  // Topics dated like `2026-01-test-suite-triage` give a new initiative's topic the same shape.
  const datedTopics = cited.some((c) => c.topic !== undefined && /^\d{4}-\d{2}-/.test(c.topic));
  const base = { topic, datedTopics };
  if (setting && !hubLayoutProblem(setting)) return { ...base, layout: setting, source: 'setting' };
  if (newest) return { ...base, layout: newest.layout, source: 'initiative' };
  const handoffLayout = (index.handoff()?.model.artifacts ?? [])
    .filter((a) => !a.templated)
    .flatMap((a) => a.expanded)
    .map((path) => hubLayoutOf(path)?.layout)
    .find((layout) => layout !== undefined);
  if (handoffLayout) return { ...base, layout: handoffLayout, source: 'handoff' };
  const counts = new Map<string, number>();
  for (const c of cited) counts.set(c.layout, (counts.get(c.layout) ?? 0) + 1);
  const common = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  return common ? { ...base, layout: common, source: 'workspace' } : { ...base, layout: DEFAULT_HUB_LAYOUT, source: 'default' };
}

/** Stamps compare as compact text, whichever format they are written in. */
function stampKey(stamp: string): string {
  return stamp.replace(/-/g, '');
}

export interface HubTarget {
  /** A plan of the initiative (its folder is `{initiative}`), when there is one. */
  readonly planPath?: string;
  readonly initiativeId?: string;
  /** The phase folder name before slugging, e.g. `phase_D_Smoke tests`. */
  readonly phase: string;
}

/** Fills a layout: the hub folder (ending in `/`) for a target at a moment. */
export function fillHubLayout(choice: Pick<HubChoice, 'layout' | 'topic' | 'datedTopics'>, target: HubTarget, date: Date): string {
  const stamp = hubTimestamp(date);
  const root = target.planPath
    ? initiativeRoot(target.planPath)
    : target.initiativeId
      ? activeInitiativeFolder(target.initiativeId)
      : activeInitiativeFolder('run');
  const month = choice.datedTopics ? `${stamp.slice(0, 7)}-` : '';
  const topic = choice.topic ?? month + (slugOf((target.initiativeId ?? 'run').toLowerCase(), '-') || 'run');
  // Replacer functions, not strings: a folder named `a$\`b` must not expand as a `$\`` pattern.
  const phase = slugOf(target.phase) || 'run';
  const filled = choice.layout
    .replace(/\{initiative\}/g, () => root)
    .replace(/\{topic\}/g, () => topic)
    .replace(/\{phase\}/g, () => phase)
    .replace(/\{stamp\}/g, () => stamp)
    .replace(/\{compactStamp\}/g, () => stamp.replace(/-/g, ''));
  return filled.replace(/\/+/g, '/').replace(/^\.\//, '').replace(/\/?$/, '/');
}

/** A fresh hub for an initiative's phase, in the layout the workspace uses (or planloop.hubLayout). */
export function newHubFor(index: WorkspaceIndex, target: HubTarget, date: Date): string {
  const initiativeId = target.initiativeId ?? (target.planPath ? index.initiativeForPlan(target.planPath) : undefined);
  return fillHubLayout(chooseHubLayout(index, initiativeId), { ...target, initiativeId }, date);
}
