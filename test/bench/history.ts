// Loop history figures: a repository of 2,000 loop commits (a 400 KB ledger gaining attempts, 80
// plans gaining marks, a handoff every fourth commit), read cold by the built server while the
// Plans view keeps asking, then one new commit read incrementally; `git log -p` over the same
// files beside it as the peer.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateLedger, rng } from './generate';
import { startServer } from '../lsp/lspClient';
import { gitTestEnv } from '../support/gitRepo';
import type { LoopHistoryResult } from '../../server/protocol';
import { HISTORY_PATHSPECS } from '../../server/core/history/update';

export interface HistoryFigure {
  name: string;
  value: string;
  target: string;
  met: boolean | undefined;
}

const COMMITS = 2000;
/** How long the server idles before its RSS is read again (V8's memory reducer acts after about 30 s). */
const IDLE_MS = 40_000;
const PLANS = 80;
const LEDGER = 'docs/fix_plan.md';

function planText(id: string, states: readonly string[]): string {
  const rows = states.map(
    (s, i) => `| ${String.fromCharCode(65 + Math.floor(i / 5))}${(i % 5) + 1} | Step ${i + 1} of ${id} | ${s} | Run \`pytest -q\` |`,
  );
  return `# ${id}\n\n### Phase A — Work\n\n| ID | Task Description | State | How/Why & Guidance |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n`;
}

/** The repository, written with one `git fast-import` (seeded: the same bytes every run). */
export function generateRepository(root: string): { ledgerKb: [number, number] } {
  const r = rng(29);
  const ledger = generateLedger(400 * 1024, 29);
  // Split after each initiative's last attempt line, to insert new attempts there.
  const blocks = ledger.split(/(?=\n### \[)/);
  const ids = Array.from({ length: PLANS }, (_, i) => `HIST-${String(i).padStart(3, '0')}`);
  const plans = ids.map(() => Array.from({ length: 15 }, () => '[ ]'));
  const out: Buffer[] = [];
  const data = (text: string): void => {
    const bytes = Buffer.from(text, 'utf8');
    out.push(Buffer.from(`data ${bytes.length}\n`), bytes, Buffer.from('\n'));
  };
  let time = Date.UTC(2026, 0, 1) / 1000;
  const first = Buffer.byteLength(ledger) / 1024;
  let size = first;
  for (let c = 0; c < COMMITS; c++) {
    time += 600;
    const files: Array<[string, string]> = [];
    let message: string;
    if (c % 4 === 0) {
      const pick = ids[Math.floor(r() * PLANS)];
      message = `SUPERVISOR AUTO (iter=${c / 4})`;
      files.push(['input.md', `Summary: iteration ${c / 4}.\nFocus: [${pick}] work\n\nDo Now:\n1. ${pick} A1 — do it\n`]);
    } else {
      const p = Math.floor(r() * PLANS);
      const row = Math.floor(r() * 15);
      plans[p][row] = r() < 0.7 ? '[x]' : '[P]';
      const b = 1 + Math.floor(r() * (blocks.length - 1));
      const failed = r() < 0.3;
      blocks[b] = blocks[b].replace(
        /\n?$/,
        `\n  - *2026-02-01T${String(c % 24).padStart(2, '0')}0000Z (loop ${c}):* ${ids[p]} A${row + 1} ${failed ? 'failed (exit code 1)' : 'passed'}.\n`,
      );
      message = `RALPH AUTO (iter=${c})`;
      files.push([`plans/active/${ids[p]}/implementation.md`, planText(ids[p], plans[p])]);
      if (c < 80 || r() < 0.9) files.push([LEDGER, blocks.join('')]);
    }
    if (c < PLANS) files.push([`plans/active/${ids[c]}/implementation.md`, planText(ids[c], plans[c])]);
    out.push(Buffer.from(`commit refs/heads/main\ncommitter Bench <bench@example.invalid> ${time} +0000\n`));
    data(message);
    for (const [file, text] of files) {
      out.push(Buffer.from(`M 100644 inline ${file}\n`));
      data(text);
      if (file === LEDGER) size = Buffer.byteLength(text) / 1024;
    }
    out.push(Buffer.from('\n'));
  }
  execFileSync('git', ['init', '-q', '-b', 'main', root], { env: gitTestEnv() });
  // Stored without compression: the generation is not what is measured.
  execFileSync('git', ['-c', 'core.compression=0', 'fast-import', '--quiet'], { cwd: root, input: Buffer.concat(out), env: gitTestEnv() });
  execFileSync('git', ['checkout', '-q', '-f', 'main'], { cwd: root, env: gitTestEnv() });
  return { ledgerKb: [first, size] };
}

/** Resident and peak memory of a process, MB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

async function untilRead(notes: Array<{ read: number; done: boolean }>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!notes.some((n) => n.done)) {
    if (Date.now() > deadline) throw new Error(`the history was not read within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function benchHistory(distServer: string): Promise<HistoryFigure[]> {
  if (!fs.existsSync(distServer)) return [{ name: 'loop history', value: 'skipped: run npm run build first', target: '', met: undefined }];
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-bench-history-'));
  Object.assign(process.env, { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' });
  try {
    let t = performance.now();
    const { ledgerKb } = generateRepository(root);
    console.log(`history repository: ${COMMITS} commits generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    // A commit that rewrites a plan to the same text with no ledger change is empty, and git log
    // (the history's and the peer's) lists only the commits that changed the files.
    const listed = Number(
      execFileSync('git', ['rev-list', '--count', '--first-parent', 'HEAD', '--', ...HISTORY_PATHSPECS], {
        cwd: root,
        env: gitTestEnv(),
        encoding: 'utf8',
      }).trim(),
    );

    // The peer: what a person reads today.
    t = performance.now();
    const peer = spawnSync('sh', ['-c', "git log -p --first-parent -- '*.md' | wc -c"], { cwd: root, env: gitTestEnv(), encoding: 'utf8' });
    const peerMs = performance.now() - t;
    const peerMb = Number(peer.stdout.trim()) / 1024 / 1024;

    const server = await startServer(root);
    const notes: Array<{ read: number; done: boolean; at: number }> = [];
    server.connection.onNotification('planloop/loopHistoryProgress', (n: { read: number; done: boolean }) =>
      notes.push({ ...n, at: performance.now() }),
    );
    await server.indexed(120_000);
    // Cold: while the history is read, the Plans view asks every 100 ms.
    t = performance.now();
    await server.connection.sendRequest('planloop/loopHistory', { refresh: true });
    const treeMs: number[] = [];
    const asking = (async () => {
      while (!notes.some((n) => n.done)) {
        const asked = performance.now();
        await server.connection.sendRequest('planloop/planTree');
        treeMs.push(performance.now() - asked);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    await untilRead(notes, 120_000);
    const coldMs = performance.now() - t;
    await asking;
    const cold = (await server.connection.sendRequest('planloop/loopHistory', {})) as LoopHistoryResult;
    const progressNotes = notes.filter((n) => !n.done).length;
    const memory = memoryOf(server.process.pid!);

    // Incremental: one more loop commit (a row marked, an attempt added).
    const plan = path.join(root, 'plans/active/HIST-000/implementation.md');
    fs.writeFileSync(plan, fs.readFileSync(plan, 'utf8').replace('| [ ] |', '| [x] |'));
    const ledgerFile = path.join(root, LEDGER);
    fs.writeFileSync(
      ledgerFile,
      fs.readFileSync(ledgerFile, 'utf8').replace(/\n$/, '\n  - *2026-03-01T000000Z (bench):* HIST-000 passed.\n'),
    );
    execFileSync('git', ['commit', '-q', '-am', 'RALPH: one more'], { cwd: root, env: gitTestEnv() });
    notes.length = 0;
    t = performance.now();
    await server.connection.sendRequest('planloop/loopHistory', { refresh: true });
    await untilRead(notes, 60_000);
    const incrementalMs = performance.now() - t;
    const after = (await server.connection.sendRequest('planloop/loopHistory', {})) as LoopHistoryResult;
    // Beside the verdict (right after the cold read): V8 keeps the heap it grew to while reading
    // until its memory reducer acts, about 30 s after the allocation stops.
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const idle = memoryOf(server.process.pid!);
    await server.stop();

    const maxTree = Math.max(...treeMs);
    return [
      {
        name: `loop history cold, ${COMMITS} commits (${PLANS} plans, ledger ${ledgerKb[0].toFixed(0)} → ${ledgerKb[1].toFixed(0)} KB)`,
        value: `${(coldMs / 1000).toFixed(1)} s (${cold.read} of ${listed} commits read, ${cold.report?.iterations.length ?? 0} iterations, ${progressNotes} progress notifications); peer git log -p ${(peerMs / 1000).toFixed(1)} s (${peerMb.toFixed(0)} MB of diff), ratio ${(coldMs / peerMs).toFixed(2)}×`,
        target: '≤ 10 s, progress shown',
        met: coldMs <= 10_000 && progressNotes > 0 && cold.read === listed,
      },
      {
        name: 'Plans view answers while the history is read',
        value: `${treeMs.length} planTree requests, max ${maxTree.toFixed(0)} ms`,
        target: '≤ 500 ms each',
        met: treeMs.length > 0 && maxTree <= 500,
      },
      {
        name: 'loop history after one new commit (server, incremental)',
        value: `${incrementalMs.toFixed(0)} ms (${after.read} commit read)`,
        target: '≤ 200 ms',
        met: incrementalMs <= 200 && after.read === 1,
      },
      {
        name: 'server RSS after the cold history (peak during it)',
        value: `${memory.rss.toFixed(0)} MB (peak ${memory.peak.toFixed(0)} MB); idle ${IDLE_MS / 1000} s later ${idle.rss.toFixed(0)} MB`,
        target: '≤ 150 MB',
        met: memory.rss <= 150,
      },
    ];
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}
