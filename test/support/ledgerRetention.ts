// Run with --expose-gc by test/unit/ledgerRetention.test.ts: types into the largest section of a
// ledger key by key and prints the heap after each batch of keystrokes (after a full collection).
import { reparseLedger } from '../../server/core/parse/ledger';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const attempts = Array.from(
  { length: 600 },
  (_, i) =>
    `  - *2026-01-${String((i % 28) + 1).padStart(2, '0')}T120000Z:* **probe ${i}** — ran \`pytest tests/a.py::test_${i} -q\`; ` +
    `see plans/active/X-1/reports/2026-01-10T${String(i).padStart(6, '0')}Z/summary.md and docs/spec.md § Overview.\n`,
);
let text =
  '# Ledger\n\n### [X-1] Big entry\n- Status: in_progress\n- Attempts History:\n' +
  attempts.join('') +
  '\n### [X-2] Next\n- Status: done\n';
let parsed = reparseLedger(text);
const heap: number[] = [];
const keystrokes = Number(process.argv[2] ?? 400);
for (let i = 0; i < keystrokes; i++) {
  // A letter into an attempt's text, spread over the section.
  const line = text.indexOf('**probe ', text.indexOf('Attempts History') + ((i * 7919) % 100_000));
  const at = line < 0 ? text.indexOf('**probe ') : line;
  text = text.slice(0, at + 2) + 'x' + text.slice(at + 2);
  parsed = reparseLedger(text, parsed.parse);
  if ((i + 1) % 100 === 0) {
    gc();
    heap.push(process.memoryUsage().heapUsed);
  }
}
process.stdout.write(JSON.stringify({ sectionBytes: text.length, heap, attempts: parsed.model.initiatives[0].attempts.length }));
