// Where a loop keeps its plans: `plans/<active|archive|archived|examples>/<INITIATIVE>/`, with
// phase plans and outputs in report hubs under `reports/<stamp>/`. The one copy of that layout:
// the index, the edits and the views (through the server) read it here.
const LIFECYCLE = '(?:active|archive|archived|examples)';
const INITIATIVE_FOLDER = new RegExp(`^((?:.*?/)?plans/${LIFECYCLE}/([^/]+))/`);
const WHOLE_INITIATIVE_FOLDER = new RegExp(`^plans/${LIFECYCLE}/[^/]+$`);
const IN_HUB = /(?:^|\/)reports\/([^/]+)\/(.+)$/;

/** Whether a path is exactly an initiative's folder at the workspace root (`plans/archive/<ID>`). */
export function isInitiativeFolder(path: string): boolean {
  return WHOLE_INITIATIVE_FOLDER.test(path);
}

/** `plans/active/<ID>/…` → `plans/active/<ID>`; undefined outside the layout. */
export function initiativeFolder(path: string): string | undefined {
  return INITIATIVE_FOLDER.exec(path)?.[1];
}

/** `plans/active/<ID>/…/plan.md` → `plans/active/<ID>`; otherwise the plan's own folder. */
export function initiativeRoot(planPath: string): string {
  const folder = initiativeFolder(planPath);
  if (folder) return folder;
  const slash = planPath.lastIndexOf('/');
  return slash < 0 ? '.' : planPath.slice(0, slash);
}

/** Where an initiative that has no plan yet keeps its plans and hubs: `plans/active/<ID>`. */
export function activeInitiativeFolder(initiativeId: string): string {
  return `plans/active/${initiativeId}`;
}

/** The folder that holds plans, and the one that holds report hubs (at the root, or under an initiative). */
export const PLANS_FOLDER = 'plans';
export const REPORTS_FOLDER = 'reports';

/** `plans/active/<ID>/…` → `<ID>`; undefined outside the layout. */
export function initiativeOfPath(path: string): string | undefined {
  return INITIATIVE_FOLDER.exec(path)?.[2];
}

/**
 * How a view names a plan: `plans/active/<ID>/implementation.md` → `implementation.md`; a phase
 * plan in a hub, `…/reports/<stamp>/<phase>/plan.md` → `<phase>/plan.md` at `<stamp>`.
 */
export function planLabel(path: string): { label: string; where?: string } {
  const inHub = IN_HUB.exec(path);
  if (inHub) return { label: inHub[2], where: inHub[1] };
  const folder = initiativeFolder(path);
  return { label: folder ? path.slice(folder.length + 1) : path };
}
