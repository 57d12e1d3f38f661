// The hub's running marker of a CLI run, and what keeps a run's commands from outliving it.
// The marker holds the run's PID, then the process group of each command it started. A small
// detached watchdog stops those groups if the run itself dies without cleaning up (SIGKILL, a
// crash); a marker whose PID is dead when the next run starts is reported, its groups stopped,
// and cleared.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileSafely } from '../host/safeWrite';

export interface RunMarker {
  /** Records a command's process group, so it can be stopped if this run dies. */
  addGroup(pgid: number): void;
  /** Removes the marker (the watchdog then exits on its own). */
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readMarker(file: string): { pid: number; groups: number[] } | undefined {
  const text = fs.readFileSync(file, { encoding: 'utf8', flag: 'r' });
  const [pid, ...groups] = text.split('\n').filter(Boolean).map(Number);
  return Number.isInteger(pid) && pid > 0 ? { pid, groups: groups.filter((g) => Number.isInteger(g) && g > 1) } : undefined;
}

function stopGroups(groups: readonly number[]): void {
  for (const g of groups)
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      // already gone
    }
}

/** A marker left by a run that no longer exists: stop what it started, say so, remove it. */
function clearStale(file: string, rel: string, report: (line: string) => void): void {
  let marker: ReturnType<typeof readMarker>;
  try {
    marker = readMarker(file);
  } catch {
    return; // no marker
  }
  if (marker && alive(marker.pid)) return;
  stopGroups(marker?.groups ?? []);
  fs.rmSync(file, { force: true });
  report(`${rel} was left by a run${marker ? ` (PID ${marker.pid})` : ''} that is no longer running; cleared`);
}

// Runs as `node -e WATCHDOG <run pid> <marker> <log>`: polls until the marker is gone or no longer
// the run's; if the run dies first, stops the marker's process groups, notes it in the log, clears it.
const WATCHDOG = `
const fs = require('fs');
const [pid, marker, log] = process.argv.slice(1);
const read = () => { try { return fs.readFileSync(marker, 'utf8').split('\\n').filter(Boolean).map(Number); } catch { return undefined; } };
const alive = (p) => { try { process.kill(p, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
setInterval(() => {
  const lines = read();
  if (!lines || lines[0] !== Number(pid)) process.exit(0);
  if (alive(Number(pid))) return;
  for (const g of lines.slice(1)) { try { process.kill(-g, 'SIGKILL'); } catch {} }
  try { fs.appendFileSync(log, '\\nplanloop: the run (PID ' + pid + ') ended without finishing; its commands were stopped\\n'); } catch {}
  try { fs.rmSync(marker, { force: true }); } catch {}
  process.exit(0);
}, 200);
`;

/**
 * Claims the hub's running marker for this process (clearing a stale one first) and starts the
 * watchdog. `rel` paths are workspace-relative.
 */
export function claimRunMarker(root: string, markerRel: string, logRel: string, report: (line: string) => void): RunMarker {
  const file = path.join(root, markerRel);
  clearStale(file, markerRel, report);
  const groups: number[] = [];
  const write = (): void => writeFileSafely(root, markerRel, [process.pid, ...groups].map((n) => `${n}\n`).join(''));
  write();
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(process.pid), file, path.join(root, logRel)], {
    detached: true,
    stdio: 'ignore',
  });
  watchdog.unref();
  return {
    addGroup(pgid) {
      groups.push(pgid);
      write();
    },
    release() {
      fs.rmSync(file, { force: true });
    },
  };
}
