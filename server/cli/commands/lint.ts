// planloop lint: the language server's diagnostics, one per line, then the totals; exit 1 on errors.
import { computeDiagnostics } from '../../core/check/diagnostics';
import type { CliContext } from '../context';
import { color } from '../output';

export interface LintDiagnostic {
  file: string;
  line: number; // 1-based
  column: number; // 1-based, UTF-16 code units
  endLine: number;
  endColumn: number;
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
}

export function lint(ctx: CliContext, options: { json: boolean; maxWarnings?: number }): number {
  const docs = ctx.index.all();
  const found: LintDiagnostic[] = docs.flatMap((doc) =>
    computeDiagnostics(ctx.index, doc)
      .map((d) => {
        const at = doc.lines.positionAt(d.span.start);
        const end = doc.lines.positionAt(d.span.end);
        return {
          file: doc.path,
          line: at.line + 1,
          column: at.character + 1,
          endLine: end.line + 1,
          endColumn: end.character + 1,
          severity: d.severity,
          code: d.code,
          message: d.message.replace(/\s*\r?\n\s*/g, ' '),
        };
      })
      .sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code)),
  );
  const errors = found.filter((d) => d.severity === 'error').length;
  const warnings = found.filter((d) => d.severity === 'warning').length;
  const infos = found.length - errors - warnings;
  const failed = errors > 0 || (options.maxWarnings !== undefined && warnings > options.maxWarnings);
  if (options.json) {
    process.stdout.write(
      JSON.stringify({ version: 1, files: docs.length, errors, warnings, infos, failed, diagnostics: found }, null, 2) + '\n',
    );
    return failed ? 1 : 0;
  }
  for (const d of found) {
    const sev =
      d.severity === 'error' ? color.red(d.severity) : d.severity === 'warning' ? color.yellow(d.severity) : color.dim(d.severity);
    process.stdout.write(`${d.file}:${d.line}:${d.column} ${sev} ${d.code} ${d.message}\n`);
  }
  const limit =
    options.maxWarnings !== undefined && warnings > options.maxWarnings ? ` (more than --max-warnings ${options.maxWarnings})` : '';
  // The totals are part of the report: on stdout, so `planloop lint | tail` keeps them.
  process.stdout.write(`${errors} errors, ${warnings} warnings${limit}, ${infos} notes in ${docs.length} files\n`);
  return failed ? 1 : 0;
}
