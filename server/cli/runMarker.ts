// What keeps a CLI run's commands from outliving it. The hub's running marker is the core's
// (markRunning / clearRunning over the hub port, as the server writes an editor run's): it holds
// the run's PID, then the process group of each command it started. A small detached watchdog stops
// those groups if the run itself dies without cleaning up (SIGKILL, a crash); a marker whose PID is
// dead when the next run starts is reported, its groups stopped, and cleared.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { clearRunning, markRunning, parseRunningMarker, runningMarkerPath, type HubPort, type RunDescription } from '../core/run/runRecord';

export interface RunMarker {
  /** Records a command's process group, so it can be stopped if this run dies. */
  addGroup(pgid: number): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
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
async function clearStale(port: HubPort, run: Pick<RunDescription, 'hubDir'>, report: (line: string) => void): Promise<void> {
  const text = await port.readFile(runningMarkerPath(run));
  if (text === undefined) return; // no marker
  const holder = parseRunningMarker(text);
  if (holder && alive(holder.pid)) return;
  stopGroups(holder?.groups ?? []);
  await clearRunning(port, run);
  report(`${runningMarkerPath(run)} was left by a run${holder ? ` (PID ${holder.pid})` : ''} that is no longer running; cleared`);
}

// Runs as `node -e WATCHDOG <run pid> <marker> <log>` (a process of its own, so it reads the core's
// marker format itself: the PID, then a group a line): polls until the marker is gone or no longer
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
 * watchdog. The run's end (core endRun) clears the marker; the watchdog then exits on its own.
 */
export async function claimRunMarker(
  port: HubPort,
  root: string,
  run: Pick<RunDescription, 'hubDir' | 'logFile'>,
  report: (line: string) => void,
): Promise<RunMarker> {
  await clearStale(port, run, report);
  const groups: number[] = [];
  await markRunning(port, run, { pid: process.pid, groups });
  const watchdog = spawn(
    process.execPath,
    ['-e', WATCHDOG, String(process.pid), path.join(root, runningMarkerPath(run)), path.join(root, run.logFile)],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.unref();
  return {
    async addGroup(pgid) {
      groups.push(pgid);
      await markRunning(port, run, { pid: process.pid, groups });
    },
  };
}
