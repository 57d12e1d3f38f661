// planloop history: what the loop did, iteration by iteration, from git (the same core as the
// editor's Loop History view).
import type { CliContext } from '../context';
import { color, stateColor } from '../output';
import { CliError } from '../errors';
import { loopHistory } from '../../host/loopHistory';
import { HISTORY_PATHSPECS } from '../../core/history/update';
import { historyReport, type CommitChanges, type HistoryFilter, type HistoryReport } from '../../core/history/report';
import { indexHealthLookup } from '../../core/history/lookup';

export interface HistoryOptions {
  readonly since?: string;
  readonly row?: string;
  readonly initiative?: string;
  readonly json: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+Z?)?$/;

export async function history(ctx: CliContext, options: HistoryOptions): Promise<number> {
  const progress = process.stderr.isTTY && !options.json;
  const found = await loopHistory(ctx.index, {
    onProgress: progress ? (read) => process.stderr.write(`\rReading history… ${read} commits`) : undefined,
  });
  if (progress && found.read) process.stderr.write('\r\x1b[K');
  try {
    if (!found.cache) {
      if (options.json)
        process.stdout.write(JSON.stringify({ version: 1, notice: found.notice, iterations: [], health: [] }, null, 2) + '\n');
      else process.stdout.write(`${found.notice}\n`);
      return 0;
    }
    const filter: HistoryFilter = {
      ...(options.row ? { row: options.row } : {}),
      ...(options.initiative ? { initiative: options.initiative } : {}),
      ...(options.since ? await since(options.since, found.port, found.cache.head) : {}),
    };
    const report = historyReport({
      head: found.cache.head,
      notice: found.notice,
      commits: found.cache.commits,
      filter,
      thresholds: ctx.index.config.health,
      lookup: indexHealthLookup(ctx.index),
    });
    process.stdout.write(options.json ? JSON.stringify(report, null, 2) + '\n' : render(report));
    return 0;
  } finally {
    found.port.close();
  }
}

/** `--since 2026-01-22` (a date, UTC) or `--since <ref>` (the commits after it). */
async function since(value: string, port: Awaited<ReturnType<typeof loopHistory>>['port'], head: string): Promise<HistoryFilter> {
  if (DATE.test(value)) {
    const time = Date.parse(/[T ]/.test(value) ? value : `${value}T00:00:00Z`);
    if (Number.isNaN(time)) throw new CliError(`--since: '${value}' is not a date`);
    return { sinceTime: time / 1000 };
  }
  const commits = new Set<string>();
  try {
    for await (const c of port.log(head, HISTORY_PATHSPECS, value)) commits.add(c.sha);
  } catch {
    throw new CliError(`--since: '${value}' is neither a date (YYYY-MM-DD) nor a commit git knows`);
  }
  return { commits };
}

const stamp = (iso: string): string => iso.replace('T', ' ').slice(0, 16);
const short = (sha: string): string => sha.slice(0, 7);

function outcomeColor(outcome: string): (s: string) => string {
  return outcome === 'failed' ? color.red : outcome === 'passed' ? color.green : color.dim;
}

function renderCommit(c: CommitChanges, lines: string[]): void {
  lines.push(`  ${color.yellow(short(c.sha))} ${stamp(c.time)}  ${c.subject}`);
  for (const t of c.transitions)
    lines.push(
      `    ${t.rowId}  ${stateColor(t.from)(t.fromRaw || '[ ]')} → ${stateColor(t.to)(t.toRaw || '[ ]')}  ${color.dim(`${t.plan}:${t.line}`)}`,
    );
  for (const a of c.attempts)
    lines.push(
      `    attempt ${a.initiative}${a.number !== undefined ? ` #${a.number}` : a.timestamp ? ` ${a.timestamp}` : ''}  ${outcomeColor(a.outcome)(a.outcome)}${a.words.length ? ` (${a.words.join(', ')})` : ''}  ${color.dim(`${a.ledger}:${a.line}`)}`,
    );
  for (const h of c.hubs) lines.push(`    hub ${color.cyan(h)}`);
}

function render(report: HistoryReport): string {
  const lines: string[] = [];
  if (report.notice) lines.push(color.yellow(report.notice), '');
  const s = report.sinceHandoff;
  if (s) {
    lines.push(
      color.bold(`Since the last handoff`) +
        ` (iteration ${s.iteration}, ${stamp(s.since)}): ${s.commits} commit${s.commits === 1 ? '' : 's'}, ${s.transitions} row change${s.transitions === 1 ? '' : 's'} (${s.done} done), attempts ${s.attempts.failed} failed / ${s.attempts.passed} passed / ${s.attempts.neutral} other, ${s.hubs} hub${s.hubs === 1 ? '' : 's'}`,
      '',
    );
  }
  if (report.health.length) {
    lines.push(color.bold('Health'));
    for (const f of report.health) lines.push(`  ${color.yellow(f.kind.padEnd(9))} ${f.message}`);
    lines.push('');
  }
  for (const it of report.iterations) {
    lines.push(color.bold(`Iteration ${it.index}`) + `  ${stamp(it.from)}${it.handoff ? `  handoff ${short(it.handoff.sha)}` : ''}`);
    if (it.handoff?.focus) lines.push(`  Focus: ${it.handoff.focus}`);
    it.handoff?.doNow.forEach((d, i) => lines.push(`  Do Now ${i + 1}. ${d.text}`));
    for (const c of it.commits) renderCommit(c, lines);
    lines.push('');
  }
  if (!report.iterations.length) lines.push('No loop file changed in the commits asked for.');
  return lines.join('\n').replace(/\n+$/, '') + '\n';
}
