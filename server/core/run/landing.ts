// Artifacts landing without a run: decides which rows' expected evidence is now complete.
// A row expects the artifacts it cites, plus the handoff's Artifacts that the handoff ties to it
// (its Do Now item names the file, or a How-To command that matches the row's command tees into it).
import { isFinished } from '../model/states';
import type { HandoffModel, Row } from '../model/model';
import { candidatePaths, type IndexedDocument, type WorkspaceIndex } from '../index/workspace';
import type { Evidence, RowTarget } from './sync';
import { splitEnvPrefix, unescapeCellCode } from '../parse/commands';
import { compileTemplate, fillTemplate, isTemplated, matchTemplate, type PathTemplate } from '../parse/artifacts';
import { escapeRegExp } from '../model/text';
import { dirname, joinPath } from '../index/fileSystem';
import { isRunRecordName, parseRunRecord, RUNNING_MARKER } from './runRecord';
import { BLOCKER_NAME } from './blocker';

const STALE_MARKER_MS = 6 * 3600_000;

// ---- What a row expects -----------------------------------------------------------------

/** One template per way a cited path may resolve (workspace-relative, initiative root, citing folder). */
type Expected = readonly PathTemplate[];

function expected(from: string, written: string): Expected {
  const candidates = candidatePaths(from, written.trim()).filter((c) => !c.startsWith('..') && !c.startsWith('/'));
  return [...new Set(candidates)].map(compileTemplate);
}

const rowExpectations = new WeakMap<IndexedDocument, Map<Row, Expected[]>>();

function ownExpectations(doc: IndexedDocument, row: Row): Expected[] {
  let perDoc = rowExpectations.get(doc);
  if (!perDoc) rowExpectations.set(doc, (perDoc = new Map()));
  let list = perDoc.get(row);
  if (!list) {
    list = row.artifacts.flatMap((a) => a.expanded.map((p) => expected(doc.path, p)));
    perDoc.set(row, list);
  }
  return list;
}

/** The command without env prefix, redirections and pipes: what was run. */
export function commandCore(command: string): string {
  const { rest } = splitEnvPrefix(unescapeCellCode(command).split('\n')[0]);
  return rest
    .split(/\s(?:\d?>>?|&>|\|)/)[0]
    .replace(/\s+/g, ' ')
    .trim();
}

const basename = (path: string): string => path.replace(/\/+$/, '').split('/').pop() ?? path;

const handoffClaims = new WeakMap<IndexedDocument, Map<string, Expected[]>>();
const rowKey = (planPath: string, rowId: string): string => `${planPath}#${rowId}`;

/** Handoff artifacts tied to Do Now rows, keyed by `plan#row`. */
function claimsOf(index: WorkspaceIndex, handoff: IndexedDocument & { model: HandoffModel }): Map<string, Expected[]> {
  const cached = handoffClaims.get(handoff);
  if (cached) return cached;
  const claims = new Map<string, Expected[]>();
  const artifacts = handoff.model.artifacts.flatMap((a) => a.expanded);
  for (const item of handoff.model.doNow) {
    for (const id of item.rowIds) {
      const planPath = item.planPath && index.get(item.planPath) ? item.planPath : undefined;
      const hit = index.findRows(id, planPath ? { planPath } : { initiativeId: item.initiativeId })[0];
      if (!hit || hit.doc.kind !== 'plan') continue;
      const cores = new Set(hit.row.commands.map((c) => commandCore(c.text)).filter(Boolean));
      const mine = artifacts.filter((path) => {
        const name = basename(path);
        if (item.text.includes(name)) return true;
        return handoff.model.commands.some(
          (c) => cores.has(commandCore(c.text)) && new RegExp(`(?:tee(?: -a)?|>>?)\\s*\\S*${escapeRegExp(name)}`).test(c.text),
        );
      });
      if (mine.length) {
        const key = rowKey(hit.doc.path, hit.row.id);
        claims.set(key, [...(claims.get(key) ?? []), ...mine.map((p) => expected(handoff.path, p))]);
      }
    }
  }
  handoffClaims.set(handoff, claims);
  return claims;
}

function expectationsOf(index: WorkspaceIndex, doc: IndexedDocument, row: Row): Expected[] {
  const own = ownExpectations(doc, row);
  const handoff = index.handoff();
  const claimed = handoff && row.id ? (claimsOf(index, handoff).get(rowKey(doc.path, row.id)) ?? []) : [];
  return claimed.length ? [...own, ...claimed] : own;
}

// ---- Landing ------------------------------------------------------------------------------

export interface Landing {
  readonly target: RowTarget;
  readonly initiativeId?: string;
  /** Workspace-relative paths of the row's evidence, as they are now on disk. */
  readonly landed: readonly string[];
  /** Why the evidence says the work failed (a blocker.md, a failing pytest summary), if it does. */
  readonly failure?: string;
  readonly landedAt: Date;
}

/**
 * Rows whose expected artifacts are all present now that `changed` files were created or
 * written. `seen` holds other recently landed paths, for templated expectations.
 */
export function findLandings(index: WorkspaceIndex, changed: readonly string[], seen: Iterable<string> = [], now = Date.now()): Landing[] {
  const recent = [...new Set([...changed, ...seen])];
  const landings: Landing[] = [];
  const interesting = changed.filter((p) => !isRunRecordName(p.slice(p.lastIndexOf('/') + 1)) && !p.endsWith(RUNNING_MARKER));
  if (!interesting.length) return landings;
  for (const doc of index.ofKind('plan')) {
    for (const row of [...doc.model.looseRows, ...doc.model.phases.flatMap((p) => p.rows)]) {
      if (isFinished(row.state)) continue;
      const wanted = expectationsOf(index, doc, row);
      if (!wanted.length) continue;
      const landing = landingOf(index, { doc, row }, wanted, interesting, recent, now);
      if (landing) landings.push(landing);
    }
  }
  return landings;
}

function landingOf(
  index: WorkspaceIndex,
  target: RowTarget,
  wanted: readonly Expected[],
  changed: readonly string[],
  recent: readonly string[],
  now: number,
): Landing | undefined {
  for (const path of changed) {
    for (const e of wanted) {
      for (const template of e) {
        const bindings = matchTemplate(template, path);
        if (!bindings) continue;
        const landed = satisfied(index, wanted, bindings, recent);
        if (!landed) continue;
        if (landed.some((p) => runInProgressOrRecorded(index, p, now))) return undefined;
        const mtimes = landed.map((p) => index.fs.stat(joinPath(index.root, p))?.mtimeMs ?? 0);
        return {
          target,
          initiativeId: index.initiativeForPlan(target.doc.path),
          landed,
          failure: failureIn(index, landed),
          landedAt: new Date(Math.max(...mtimes) || now),
        };
      }
    }
  }
  return undefined;
}

/** The landed path for every expectation, or undefined when one is still missing. */
function satisfied(
  index: WorkspaceIndex,
  wanted: readonly Expected[],
  bindings: ReadonlyMap<string, string>,
  recent: readonly string[],
): string[] | undefined {
  const landed: string[] = [];
  for (const e of wanted) {
    let found: string | undefined;
    for (const template of e) {
      const filled = fillTemplate(template.source, bindings);
      if (!isTemplated(filled)) {
        const stat = index.fs.stat(joinPath(index.root, filled));
        if (stat && (stat.isFile || (filled.endsWith('/') && index.fs.readDirectory(joinPath(index.root, filled)).length > 0)))
          found = filled.replace(/\/+$/, '');
      } else {
        const filledTemplate = compileTemplate(filled);
        found = recent.find((p) => matchTemplate(filledTemplate, p) && index.fs.stat(joinPath(index.root, p))?.isFile);
      }
      if (found) break;
    }
    if (!found) return undefined;
    landed.push(found);
  }
  return [...new Set(landed)];
}

/** A file a run wrote (its record cites it), or a hub with a run going, reports through the run. */
function runInProgressOrRecorded(index: WorkspaceIndex, path: string, now: number): boolean {
  const dir = joinPath(index.root, dirname(path));
  const marker = index.fs.stat(joinPath(dir, RUNNING_MARKER));
  if (marker && now - marker.mtimeMs < STALE_MARKER_MS) return true;
  for (const entry of index.fs.readDirectory(dir)) {
    if (entry.isDirectory || !isRunRecordName(entry.name)) continue;
    const record = parseRunRecord(index.fs.readFile(joinPath(dir, entry.name)) ?? '').record;
    if (record && (record.log === path || record.artifacts.includes(path))) return true;
  }
  return false;
}

const PYTEST_FAILED = /^=+ .*\b(\d+) (failed|errors?)\b.* =+\s*$/m;
const TAIL_CHARS = 8192;

/** What the evidence says went wrong: a blocker.md beside it, or a failing pytest summary in a log. */
function failureIn(index: WorkspaceIndex, landed: readonly string[]): string | undefined {
  for (const dir of new Set(landed.map((p) => dirname(p)))) {
    if (index.fs.stat(joinPath(index.root, dir, BLOCKER_NAME))) return `${dir}/${BLOCKER_NAME}`;
  }
  for (const path of landed) {
    if (!/\.(?:log|txt|out)$/i.test(path)) continue;
    const text = index.fs.readFile(joinPath(index.root, path));
    const m = text && PYTEST_FAILED.exec(text.slice(-TAIL_CHARS));
    if (m) return `${path}: ${m[1]} ${m[2]}`;
  }
  return undefined;
}

/** The row state and attempt a landing supports. */
export function landingEvidence(landing: Landing): Evidence {
  const { row } = landing.target;
  const id = row.id || row.title;
  const failed = landing.failure !== undefined;
  return {
    source: landing.landed[0],
    rowId: id,
    target: landing.target,
    initiativeId: landing.initiativeId,
    passed: !failed,
    attempt: {
      date: landing.landedAt,
      label: `${id} evidence landed`,
      result: failed ? `failed (${landing.failure})` : 'passed',
      details: `Row ${id}${row.phaseId ? ` (Phase ${row.phaseId})` : ''}: its artifacts landed without a Plan Loop run, so no exit code or runtime is recorded.`,
      artifacts: landing.landed,
    },
    isRecordedIn: (initiative) => initiative.attempts.some((a) => landing.landed.every((p) => a.text.includes(p))),
  };
}
