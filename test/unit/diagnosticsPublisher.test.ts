// The server's diagnostics publisher works in slices and lets requests through between them; a
// newer publish supersedes an older one, and must never leave documents unpublished by doing so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Connection, PublishDiagnosticsParams } from 'vscode-languageserver';
import { DiagnosticsPublisher } from '../../server/lsp/diagnostics';
import { Session } from '../../server/lsp/session';
import { computeDiagnostics } from '../../server/core/check/diagnostics';
import { fixturesDir } from '../support/paths';
import { waitFor } from '../support/waitFor';

test('an edit that interrupts the publish of every document takes it over: every document is still published', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-publisher-'));
  fs.cpSync(path.join(fixturesDir, 'precision'), root, { recursive: true });
  try {
    const session = new Session(root, () => undefined);
    await session.indexAll();
    const expected = session.index
      .all()
      .filter((doc) => computeDiagnostics(session.index, doc).length > 0)
      .map((doc) => session.toUri(doc.path));
    assert.ok(expected.length >= 3, `the fixture has documents with diagnostics (${expected.length})`);
    const sent: PublishDiagnosticsParams[] = [];
    const connection = { sendDiagnostics: async (p: PublishDiagnosticsParams) => void sent.push(p) } as unknown as Connection;
    // The first publish is held at its first turn of the event loop; later turns pass at once.
    let turns = 0;
    let release: () => void = () => undefined;
    const turn = (): Promise<void> => (++turns === 1 ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve());
    const publisher = new DiagnosticsPublisher(connection, () => session, { delayMs: 0, sliceMs: 0, turn });

    publisher.schedule();
    await waitFor('the publish of every document to pause at its first turn', () => turns === 1, { timeoutMs: 5000, intervalMs: 5 });
    const edited = session.index.all()[0].path;
    publisher.schedule([edited]);
    await waitFor(
      'every document with diagnostics to be published after the edit interrupted the first publish',
      () => expected.every((uri) => sent.some((p) => p.uri === uri)),
      { timeoutMs: 5000, intervalMs: 5, seen: () => `sent ${[...new Set(sent.map((p) => path.basename(p.uri)))].join(', ')}` },
    );
    const before = sent.length;
    release();
    // The interrupted publish stops at its next slice: it sends nothing more.
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(sent.length, before, 'the superseded publish sent nothing after it was released');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
