// Hostile input shapes (issue 26), generated: shared by the unit tests, `npm run bench` (at full
// size) and `npm run fuzz` (small, mixed into generated documents).
import { generateLedger } from '../bench/generate';

const TABLE_HEAD = '### Phase A — Test\n\n| ID | Task Description | State | How/Why & Guidance |\n| --- | --- | --- | --- |\n';

/** A task list `depth` levels deep, each level indented two more spaces. */
export function deepTaskList(depth: number): string {
  const lines = ['### Phase A — Deep', ''];
  for (let i = 0; i < depth; i++) lines.push(`${'  '.repeat(i)}- [ ] A${i} item`);
  return lines.join('\n') + '\n';
}

/** `depth` nested containers on one line (quotes, then list markers): deep but small. */
export function deepOneLine(depth: number): string {
  const half = Math.floor(depth / 2);
  return `### Phase A — Deep\n\n${'> '.repeat(half)}${'- '.repeat(depth - half)}[ ] A1 deep\n`;
}

/** A table row whose title is `count` opening brackets. */
export function manyBrackets(count: number): string {
  return `${TABLE_HEAD}| A1 | ${'['.repeat(count)} | [ ] | x |\n`;
}

/**
 * `rows` table rows whose guidance is `spansPerRow` code spans with no pipe after them (a table row
 * is read whatever its length): the split looks for a pipe inside code spans once per row, not once
 * per span.
 */
export function codeSpanRows(rows: number, spansPerRow: number): string {
  let text = TABLE_HEAD;
  for (let i = 1; i <= rows; i++) text += `| A${i} | row ${i} | [ ] | ${'`a` '.repeat(spansPerRow)}\n`;
  return text;
}

/** A plan with a task list and one line of `chars` characters of prose between its rows. */
export function longLine(chars: number): string {
  return `### Phase A — Long\n\n- [ ] A1 first\n${'word '.repeat(Math.ceil(chars / 5)).slice(0, chars)}\n- [ ] A2 after\n`;
}

/** A ledger of about `bytes` (PP shape: many initiatives, each with attempts citing paths). */
export function ledgerOfSize(bytes: number): string {
  return generateLedger(bytes);
}

/** Line endings: LF text with every ending made CR, or mixed (CRLF, LF, CR in turn). */
export function withEndings(text: string, style: 'cr' | 'mixed'): string {
  if (style === 'cr') return text.replace(/\r?\n/g, '\r');
  let i = 0;
  return text.replace(/\r?\n/g, () => ['\r\n', '\n', '\r'][i++ % 3]);
}
