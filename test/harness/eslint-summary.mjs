// ESLint formatter for `npm test`: each problem on one line, then one count line, so a long lint
// run ends by saying what it checked.
export default function summary(results) {
  const lines = [];
  let errors = 0;
  let warnings = 0;
  for (const result of results) {
    errors += result.errorCount;
    warnings += result.warningCount;
    for (const m of result.messages)
      lines.push(
        `${result.filePath}:${m.line ?? 0}:${m.column ?? 0} ${m.severity === 2 ? 'error' : 'warning'} ${m.message} (${m.ruleId ?? 'eslint'})`,
      );
  }
  lines.push(`eslint: ${results.length} files, ${errors} errors, ${warnings} warnings`);
  return lines.join('\n');
}
