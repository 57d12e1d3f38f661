// planloop status: initiatives → plans → phases → rows with progress.
import { buildStatus } from '../../core/check/status';
import type { CliContext } from '../context';
import { color, stateColor } from '../output';
import { CliError } from '../errors';
import { foundSummary, nothingFoundLines } from '../../core/check/found';

export function status(ctx: CliContext, options: { initiative?: string; json: boolean }): number {
  const report = buildStatus(ctx.index, { initiative: options.initiative });
  if (options.initiative && report.initiatives.length === 0) throw new CliError(`unknown initiative ${options.initiative}`);
  if (options.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return 0;
  }
  const lines: string[] = [];
  for (const ini of report.initiatives) {
    lines.push(
      `${color.bold(ini.id)}  ${stateColor(ini.status)(ini.status)}  ${ini.done}/${ini.total}${ini.title && ini.title !== ini.id ? color.dim(`  ${ini.title}`) : ''}`,
    );
    for (const plan of ini.plans) {
      lines.push(`  ${color.cyan(plan.path)}  ${plan.done}/${plan.total}`);
      for (const phase of plan.phases) {
        lines.push(
          `    ${phase.label ?? (phase.id ? `Phase ${phase.id}` : 'Checklist')}${phase.title && phase.id ? ` — ${phase.title}` : ''}  ${phase.done}/${phase.total}`,
        );
        for (const row of phase.rows)
          lines.push(
            `      ${stateColor(row.state)(row.rawState || '[ ]')} ${(row.label ?? row.id) ? (row.label ?? row.id) + '  ' : ''}${row.title}`,
          );
      }
    }
  }
  const t = report.totals;
  // Say what was found per family, or, when nothing was, what was looked for (still exit 0).
  if (report.families.length) lines.push('', `Found ${foundSummary(report.families)}`);
  else lines.push(...(lines.length ? [''] : []), ...nothingFoundLines());
  lines.push('', `${t.plans} plans, ${t.rows} rows, ${t.done} done`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
