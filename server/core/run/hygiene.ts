// The handoffs' hygiene pitfalls ("no logs at the repository root", "tmp/ must be empty"):
// finds leftover outputs and names the hub they belong in. Listing only; moving is the host's job.
import type { WorkspaceIndex } from '../index/workspace';
import { initiativeRoot } from '../model/layout';
import { joinPath, writeRefusal, type FileSystem } from '../index/fileSystem';
import { handoffHub } from './runPlan';
import { newHubFor } from './hubLayout';

export interface StrayOutput {
  readonly path: string;
  readonly size: number;
  readonly reason: 'tmp' | 'root-log';
}

export interface HygieneReport {
  readonly strays: readonly StrayOutput[];
  /** Where they should go: the handoff's hub, or a fresh `hygiene` hub of the focus initiative. */
  readonly hub?: string;
  readonly notes: readonly string[];
}

const ROOT_OUTPUT = /\.(?:log|out|err)$|^nohup\.out$/i;
const LIMIT = 500;

export function findStrayOutputs(index: WorkspaceIndex, now: Date): HygieneReport {
  const strays: StrayOutput[] = [];
  const notes: string[] = [];
  const fs = index.fs;
  const walk = (rel: string, depth: number): void => {
    for (const entry of fs.readDirectory(joinPath(index.root, rel))) {
      if (strays.length >= LIMIT) return;
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory) {
        if (depth < 6) walk(child, depth + 1);
      } else {
        strays.push({ path: child, size: fs.stat(joinPath(index.root, child))?.size ?? 0, reason: 'tmp' });
      }
    }
  };
  // A tmp/ that leads out of the workspace holds someone else's files: never offered for a move.
  if (fs.stat(joinPath(index.root, 'tmp'))?.isDirectory) {
    if (writeRefusal(fs, index.root, 'tmp')) notes.push('tmp/ leads outside the workspace through a symlink: its files are not listed');
    else walk('tmp', 0);
  }
  for (const entry of fs.readDirectory(index.root)) {
    if (entry.isDirectory || !ROOT_OUTPUT.test(entry.name)) continue;
    strays.push({ path: entry.name, size: fs.stat(joinPath(index.root, entry.name))?.size ?? 0, reason: 'root-log' });
  }
  if (strays.length >= LIMIT) notes.push(`only the first ${LIMIT} leftover files are listed`);
  return { strays, hub: targetHub(index, now, notes), notes };
}

function targetHub(index: WorkspaceIndex, now: Date, notes: string[]): string | undefined {
  const handoff = index.handoff();
  const focus = handoff?.model.focusInitiativeId;
  const plan = index.ofKind('plan').find((d) => (focus ? index.initiativeForPlan(d.path) === focus : true));
  if (!plan) {
    notes.push('no plan to put a hub under: pass a hub folder');
    return undefined;
  }
  const root = initiativeRoot(plan.path);
  const hub = handoffHub(index, root) ?? newHubFor(index, { planPath: plan.path, phase: 'hygiene' }, now);
  return writeRefusal(index.fs, index.root, hub) ? undefined : hub;
}

/** A hub folder to write into: workspace-relative, inside the workspace, no `..`, no symlink out. */
export function checkHubPath(fs: FileSystem, root: string, hub: string): string | undefined {
  if (!hub.trim()) return 'the hub folder is empty';
  return writeRefusal(fs, root, hub)?.replace('give a path inside', 'give a folder inside');
}
