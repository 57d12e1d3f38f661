// planloop lint: the language server's diagnostics, one per line; exit 1 on errors.
import { computeDiagnostics } from '../../core/diagnostics';
import type { CliContext } from '../context';
import { color } from '../output';

export function lint(ctx: CliContext, options: { json: boolean; maxWarnings?: number }): number {
  const found = ctx.index.all().flatMap((doc) =>
    computeDiagnostics(ctx.index, doc).map((d) => {
      const at = doc.lines.positionAt(d.span.start);
      return { file: doc.path, line: at.line + 1, column: at.character + 1, severity: d.severity, code: d.code, message: d.message };
    }),
  );
  if (options.json) process.stdout.write(JSON.stringify(found, null, 2) + '\n');
  else {
    for (const d of found) {
      const sev = d.severity === 'error' ? color.red(d.severity) : d.severity === 'warning' ? color.yellow(d.severity) : color.dim(d.severity);
      process.stdout.write(`${d.file}:${d.line}:${d.column} ${sev} ${d.code} ${d.message}\n`);
    }
    const errors = found.filter((d) => d.severity === 'error').length;
    const warnings = found.filter((d) => d.severity === 'warning').length;
    process.stderr.write(`${errors} errors, ${warnings} warnings, ${found.length - errors - warnings} notes in ${ctx.index.all().length} files\n`);
  }
  const errors = found.some((d) => d.severity === 'error');
  const warnings = found.filter((d) => d.severity === 'warning').length;
  return errors || (options.maxWarnings !== undefined && warnings > options.maxWarnings) ? 1 : 0;
}
