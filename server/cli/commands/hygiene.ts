// planloop hygiene: leftover tmp/ outputs and root logs (the handoffs' hygiene pitfalls); exit 1
// when there are any, so CI can hold the line. Moving them is the editor's command.
import { findStrayOutputs } from '../../core/run/hygiene';
import type { CliContext } from '../context';

export function hygiene(ctx: CliContext, options: { json: boolean }): number {
  const report = findStrayOutputs(ctx.index, new Date());
  if (options.json) {
    process.stdout.write(
      JSON.stringify({ version: 1, strays: report.strays, hub: report.hub ?? null, notes: report.notes }, null, 2) + '\n',
    );
  } else {
    for (const s of report.strays)
      process.stdout.write(`${s.path}\t${s.reason === 'tmp' ? 'in tmp/' : 'log at the repository root'}\t${s.size} B\n`);
    for (const note of report.notes) process.stderr.write(`note: ${note}\n`);
    process.stderr.write(
      report.strays.length
        ? `${report.strays.length} leftover output(s); move them into ${report.hub ?? 'a hub'}\n`
        : 'no leftover outputs\n',
    );
  }
  return report.strays.length ? 1 : 0;
}
