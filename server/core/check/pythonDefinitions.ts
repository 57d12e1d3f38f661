// Where a Python test is defined: the line of `def name` / `class name` for a pytest node ID's
// names after the file (`TestX::test_y`: `test_y` inside `class TestX`; parameters dropped).
// Shared by go to definition and the Testing view.
import { nodeIdParts } from '../parse/pytestNodes';

const indentOf = (line: string): number => line.length - line.trimStart().length;

/** The 1-based line, or undefined when the file defines no such function or class there. */
export function pythonDefinitionLine(text: string, symbol: string): number | undefined {
  const names = nodeIdParts(`file::${symbol}`)
    .names.map((n) => n.replace(/\[.*$/, ''))
    .filter(Boolean);
  if (!names.length) return undefined;
  const lines = text.split(/\r?\n/);
  // A single name is a module-level test first (`::test_x` is not `TestA.test_x`).
  if (names.length === 1) {
    const top = new RegExp(`^(?:async\\s+)?(?:def|class)\\s+${names[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
    const i = lines.findIndex((l) => top.test(l));
    if (i >= 0) return i + 1;
  }
  let from = 0;
  let to = lines.length;
  let parentIndent = -1;
  let found = -1;
  for (const [k, name] of names.entries()) {
    const keyword = k === names.length - 1 ? '(?:async\\s+)?(?:def|class)' : 'class';
    const pattern = new RegExp(`^\\s*${keyword}\\s+${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`);
    found = -1;
    for (let i = from; i < to; i++) {
      if (pattern.test(lines[i]) && indentOf(lines[i]) > parentIndent) {
        found = i;
        break;
      }
    }
    if (found < 0) return undefined;
    // The next name is looked for inside this class's block: up to the next line indented no deeper.
    parentIndent = indentOf(lines[found]);
    from = found + 1;
    let end = from;
    while (end < to && (!lines[end].trim() || indentOf(lines[end]) > parentIndent)) end++;
    to = end;
  }
  return found + 1;
}
