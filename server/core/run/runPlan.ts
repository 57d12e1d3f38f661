// What running a row (or the handoff's mapped tests) means: its commands, the hub its log goes
// to, and the environment in effect. Shared by the editor (through the server) and the CLI.
import type { Row } from '../model/model';
import type { RowHit, WorkspaceIndex } from '../index/workspace';
import { activeInitiativeFolder, initiativeRoot, REPORTS_FOLDER } from '../model/layout';
import { newHubFor } from './hubLayout';
import { cudaMaskOf, shellValue } from '../parse/commands';
import { isTemplated } from '../parse/artifacts';
import { withJUnitXml, type ReportFile } from '../parse/pytestNodes';
import { joinPath, writeRefusal } from '../index/fileSystem';

/** What running a row means; also the wire shape of planloop/runPlan (protocol RunPlan). */
export interface RunSpec {
  rowId: string; // 'mapped-tests' for the handoff's Mapped tests
  planPath?: string;
  initiativeId?: string;
  phaseId?: string;
  commands: string[];
  hubDir: string;
  logFile: string;
  expectedArtifacts: string[];
  profile: string;
  /** Environment the task gets from the profile. */
  env: Record<string, string>;
  /** Environment in effect (a command's own CUDA_VISIBLE_DEVICES=… wins); recorded in the ledger. */
  effectiveEnv: Record<string, string>;
  /**
   * The profile's environment as shell text (`export CUDA_VISIBLE_DEVICES=""`), '' when it sets
   * nothing: runs show it in the terminal's command line and write it as the log's first line,
   * so the user sees the run was masked.
   */
  envExport: string;
  /** With `junit`: the JUnit XML reports its pytest invocations write (into the hub), in order. */
  junitFiles?: string[];
  /** With `junit`: the commands as the plan writes them, which `commands` extends with the reports (what a user confirms). */
  asWritten?: string[];
  /** What the row's step expects of the run (`Expected: FAIL`): a red step that fails is done. */
  expected?: 'fail' | 'pass';
}

/** `export A="" B=1` for an environment; '' when it is empty (names that are not shell names are left out). */
export function envExport(env: Readonly<Record<string, string>>): string {
  const assignments = Object.entries(env)
    .filter(([name]) => /^[A-Za-z_]\w*$/.test(name))
    .map(([name, value]) => `${name}=${shellValue(value)}`);
  return assignments.length ? `export ${assignments.join(' ')}` : '';
}

/** The handoff's Artifacts hub when it names a concrete folder under `root`. */
export function handoffHub(index: WorkspaceIndex, root: string): string | undefined {
  for (const artifact of index.handoff()?.model.artifacts ?? []) {
    if (artifact.templated) continue;
    for (const path of artifact.expanded) {
      const dir = path.endsWith('/') ? path : path.slice(0, path.lastIndexOf('/') + 1);
      if (dir && !isTemplated(dir) && dir.startsWith(root + '/')) return dir;
    }
  }
  return undefined;
}

function effectiveEnv(env: Readonly<Record<string, string>>, commands: readonly string[]): Record<string, string> {
  const out: Record<string, string> = { ...env };
  for (const command of commands) {
    const own = cudaMaskOf(command);
    if (own !== undefined) out.CUDA_VISIBLE_DEVICES = own;
  }
  return out;
}

/** The hub folder name for a row's phase: `phase_<id>_<title>` (the hub layout slugs it). */
export function phaseSlug(hit: RowHit | undefined, fallback: string): string {
  const phase = hit?.phase;
  if (!phase) return fallback;
  return `phase_${phase.id}${phase.title ? `_${phase.title}` : ''}`;
}

export type RunTarget = { kind: 'row'; hit: RowHit } | { kind: 'mapped-tests' };

export function planRun(
  index: WorkspaceIndex,
  target: RunTarget,
  profileName: string | undefined,
  now: Date,
  options: { junit?: boolean } = {},
): { spec?: RunSpec; error?: string } {
  const name = profileName && index.config.profiles[profileName] ? profileName : index.config.defaultProfile;
  if (profileName && !index.config.profiles[profileName])
    return { error: `unknown profile '${profileName}' (known: ${Object.keys(index.config.profiles).join(', ')})` };
  const profile = index.config.profiles[name] ?? { env: {} };
  let rowId: string;
  let commands: string[];
  let planPath: string | undefined;
  let initiativeId: string | undefined;
  let row: Row | undefined;
  let hit: RowHit | undefined;
  if (target.kind === 'mapped-tests') {
    const handoff = index.handoff();
    if (!handoff) return { error: `no handoff (${index.config.handoff}) in this workspace` };
    commands = handoff.model.mappedTests.map((t) => (/^\S+\.py\b/.test(t.text) ? `pytest ${t.text}` : t.text));
    if (commands.length === 0) return { error: `${handoff.path} lists no mapped tests` };
    rowId = 'mapped-tests';
    initiativeId = handoff.model.focusInitiativeId;
    planPath = initiativeId ? index.ofKind('plan').find((d) => index.initiativeOfPlan(d.path) === initiativeId)?.path : undefined;
  } else {
    hit = target.hit;
    row = hit.row;
    rowId = row.id || `line${hit.doc.lines.positionAt(row.span.start).line + 1}`;
    commands = row.commands.map((c) => c.text);
    planPath = hit.doc.kind === 'plan' ? hit.doc.path : undefined;
    initiativeId = row.initiativeId ?? (planPath ? index.initiativeForPlan(planPath) : hit.initiative?.id);
  }
  const root = planPath ? initiativeRoot(planPath) : initiativeId ? activeInitiativeFolder(initiativeId) : REPORTS_FOLDER;
  const hubDir = handoffHub(index, root) ?? newHubFor(index, { planPath, initiativeId, phase: phaseSlug(hit, rowId) }, now);
  const logFile = `${hubDir.replace(/\/$/, '')}/${rowId}.log`;
  // The hub and the log are written by the run (mkdir, tee): never outside, never through a symlink out.
  const refused = writeRefusal(index.fs, index.root, hubDir) ?? writeRefusal(index.fs, index.root, logFile);
  if (refused) return { error: refused };
  const expected = row ? row.artifacts.flatMap((a) => (a.templated ? [] : a.expanded)) : [];
  // For the Testing view: each pytest invocation reports per test into the hub.
  let junit: { files: string[]; asWritten: string[] } | undefined;
  if (options.junit) {
    const hub = hubDir.replace(/\/$/, '');
    let n = 0;
    const next = (): ReportFile => {
      const relative = `${hub}/${rowId}${n ? `.${n + 1}` : ''}.junit.xml`;
      n++;
      return { relative, absolute: joinPath(index.root, relative) };
    };
    junit = { files: [], asWritten: commands };
    commands = commands.map((c) => {
      const placed = withJUnitXml(c, next);
      junit!.files.push(...placed.files);
      return placed.command;
    });
  }
  return {
    spec: {
      rowId,
      planPath,
      initiativeId,
      phaseId: hit?.phase?.id,
      commands,
      hubDir,
      logFile,
      expectedArtifacts: [...new Set(expected)],
      profile: name,
      env: { ...profile.env },
      effectiveEnv: effectiveEnv(profile.env, commands),
      envExport: envExport(profile.env),
      ...(junit ? { junitFiles: junit.files, asWritten: junit.asWritten } : {}),
      ...(row?.expected ? { expected: row.expected.outcome } : {}),
    },
  };
}
