// The server's diagnostics publisher works in slices and lets requests through between them; it
// computes ahead of the debounce's end but sends no earlier; an edit stops a publish in flight,
// and must never leave documents unpublished by doing so.
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

async function withFixtureSession(body: (session: Session, withDiagnostics: string[]) => Promise<void>): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-publisher-'));
  fs.cpSync(path.join(fixturesDir, 'precision'), root, { recursive: true });
  try {
    const session = new Session(root, () => undefined);
    await session.indexAll();
    const withDiagnostics = session.index
      .all()
      .filter((doc) => computeDiagnostics(session.index, doc).length > 0)
      .map((doc) => doc.path);
    assert.ok(withDiagnostics.length >= 3, `the fixture has documents with diagnostics (${withDiagnostics.length})`);
    await body(session, withDiagnostics);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Lets the event loop turn (setImmediate stays real under the fake timers) until `done`, at most `turns` times. */
async function settle(what: string, done: () => boolean, turns = 10_000): Promise<void> {
  for (let i = 0; i < turns && !done(); i++) await new Promise((resolve) => setImmediate(resolve));
  assert.ok(done(), `gave up after ${turns} event-loop turns waiting for ${what}`);
}

test('diagnostics computed ahead of the debounce are sent when it ends, not before', async (t) => {
  await withFixtureSession(async (session, withDiagnostics) => {
    // Fake timers and a fake clock: the debounce is stepped through, never measured.
    t.mock.timers.enable({ apis: ['setTimeout', 'Date'] });
    const sent: Array<{ uri: string; at: number }> = [];
    const connection = { sendDiagnostics: async (p: PublishDiagnosticsParams) => void sent.push({ uri: p.uri, at: Date.now() }) };
    let turns = 0;
    const turn = (): Promise<void> => (turns++, new Promise((resolve) => setImmediate(resolve)));
    // Computing starts at once (lead = delay) and every document is a slice of its own.
    const publisher = new DiagnosticsPublisher(connection as unknown as Connection, () => session, {
      delayMs: 400,
      leadMs: 400,
      sliceMs: 0,
      turn,
      now: () => Date.now(),
    });
    const scheduled = Date.now();
    publisher.schedule(withDiagnostics);
    t.mock.timers.tick(0);
    await settle('the publish to compute every edited document', () => turns >= withDiagnostics.length);
    t.mock.timers.tick(399);
    await settle('the publish to rest', () => true, 50);
    assert.equal(sent.length, 0, 'nothing is sent before the debounce ends');
    t.mock.timers.tick(1);
    await settle('the held diagnostics to be sent', () => sent.length === withDiagnostics.length);
    assert.deepEqual(
      sent.map((s) => s.at - scheduled),
      sent.map(() => 400),
      'every document is sent when the debounce ends',
    );
  });
});

test('an edit while diagnostics are held drops them; the next publish sends every document it held', async () => {
  await withFixtureSession(async (session, withDiagnostics) => {
    const sent: string[] = [];
    const connection = { sendDiagnostics: async (p: PublishDiagnosticsParams) => void sent.push(p.uri) };
    let turns = 0;
    const turn = (): Promise<void> => (turns++, new Promise((resolve) => setImmediate(resolve)));
    const publisher = new DiagnosticsPublisher(connection as unknown as Connection, () => session, {
      delayMs: 300,
      leadMs: 300,
      sliceMs: 0,
      turn,
    });
    const [first, ...rest] = withDiagnostics;
    publisher.schedule(rest);
    await waitFor('the first publish to compute its documents', () => turns >= rest.length, { timeoutMs: 5000, intervalMs: 5 });
    assert.equal(sent.length, 0, 'nothing is sent before the debounce ends');
    publisher.schedule([first]);
    const expected = withDiagnostics.map((p) => session.toUri(p));
    await waitFor('every edited document to be published once', () => expected.every((uri) => sent.includes(uri)), {
      timeoutMs: 5000,
      intervalMs: 5,
      seen: () => `sent ${sent.map((u) => path.basename(u)).join(', ')}`,
    });
    assert.equal(sent.length, new Set(sent).size, `no document was sent twice: ${sent.map((u) => path.basename(u)).join(', ')}`);
  });
});

test('an edit that interrupts the publish of every document takes it over: every document is still published', async () => {
  await withFixtureSession(async (session, withDiagnostics) => {
    const expected = withDiagnostics.map((p) => session.toUri(p));
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
  });
});
