// Where a Python test is defined: the line of `def name` / `class name` for the last part of a
// pytest node ID or `::symbol` (parameters dropped). Shared by go to definition and the Testing view.

/** The 1-based line, or undefined when the file defines no such function or class. */
export function pythonDefinitionLine(text: string, symbol: string): number | undefined {
  const parts = symbol.split('::').filter(Boolean);
  const last = parts[parts.length - 1]?.replace(/\[.*$/, '');
  if (!last) return undefined;
  const pattern = new RegExp(`^\\s*(?:async\\s+)?(?:def|class)\\s+${last.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
  const lines = text.split(/\r?\n/);
  const i = lines.findIndex((l) => pattern.test(l));
  return i < 0 ? undefined : i + 1;
}
