// Memory over a long typing session in one big ledger section. After an edit only the touched
// items are read again; the others keep their readings, moved. An item read after an edit must
// not keep that version's copy of the section alive (each copy is the whole section, ~100 KB):
// a reused item that did was 260 KB more heap per keystroke, for as long as the item stood.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from '../support/paths';

test('typing hundreds of keys into a big ledger section keeps the heap flat', () => {
  const run = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', path.join(repoRoot, 'test/support/ledgerRetention.ts'), '500'],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  );
  assert.equal(run.status, 0, run.stderr);
  const { sectionBytes, heap, attempts } = JSON.parse(run.stdout) as { sectionBytes: number; heap: number[]; attempts: number };
  assert.equal(attempts, 600, 'every attempt is still read');
  assert.ok(sectionBytes > 100_000, `the section is big (${sectionBytes} bytes)`);
  // From the first batch to the last: 400 keystrokes. Retaining a section copy per keystroke
  // would be > 40 MB; the readings themselves change by a few KB.
  const growth = heap[heap.length - 1] - heap[0];
  assert.ok(
    growth < 4 * 1024 * 1024,
    `heap grew ${(growth / 1048576).toFixed(1)} MB over 400 keystrokes: ${heap.map((h) => (h / 1048576).toFixed(1)).join(', ')} MB`,
  );
});
