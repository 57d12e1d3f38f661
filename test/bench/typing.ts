// Typing into one ledger, measured three ways on the same edit positions: the core in this
// process, the built server over stdio (what the user waits for), and the peer (VS Code's own
// Markdown service). Also checks that the incremental model equals a parse from scratch.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseLedger } from '../../server/core/parse/ledger';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { computeDiagnostics } from '../../server/core/check/diagnostics';
import { startServer } from '../lsp/lspClient';
import { SERVER_EXEC_ARGV } from '../../server/protocol';
import { createPeer } from './peer';
import { rng } from './generate';
import { InMemoryWorkspace, MEMORY_ROOT } from '../support/inMemoryWorkspace';

export const LEDGER = 'docs/fix_plan.md';

export interface Typing {
  readonly core: number[];
  readonly peer: number[];
  /** didChange → documentSymbol and codeLens answered for that version, over stdio. */
  readonly lsp?: number[];
  /** didChange → publishDiagnostics for that document arrived. */
  readonly diagnostics?: number[];
  readonly mismatches: number;
}

/** Offsets at which one character is typed, in turn (each relative to the text as it is then). */
export function editPositions(seed: number, count: number): number[] {
  const r = rng(seed);
  return Array.from({ length: count }, () => r());
}

/**
 * Where a key is typed: `mid` at the offset drawn (mostly inside a line), `lineStart` at the start
 * of that line, which changes what the line is (a heading, list item or table row becomes a
 * paragraph line, and the lines after it may join it).
 */
export type TypedAt = 'mid' | 'lineStart';

/** The texts after each edit, with the offset typed at. */
function* versions(
  original: string,
  positions: readonly number[],
  where: TypedAt = 'mid',
): Generator<{ text: string; at: number; i: number }> {
  let text = original;
  for (let i = 0; i < positions.length; i++) {
    const drawn = Math.floor(positions[i] * text.length);
    const at = where === 'lineStart' ? text.lastIndexOf('\n', drawn - 1) + 1 : drawn;
    text = text.slice(0, at) + 'x' + text.slice(at);
    yield { text, at, i };
  }
}

export function typeInCore(
  original: string,
  positions: readonly number[],
  checkEvery: number,
  where: TypedAt = 'mid',
): { samples: number[]; mismatches: number } {
  const samples: number[] = [];
  let mismatches = 0;
  // Timed pass: only what the server does per keystroke (the check's garbage is not collected inside a sample).
  let index = new WorkspaceIndex(MEMORY_ROOT, new InMemoryWorkspace({ [LEDGER]: original }));
  index.update(LEDGER, original);
  for (const { text } of versions(original, positions, where)) {
    const t = performance.now();
    const doc = index.update(LEDGER, text)!;
    computeDiagnostics(index, doc);
    samples.push(performance.now() - t);
  }
  // Checked pass: the model built incrementally against a parse from scratch.
  index = new WorkspaceIndex(MEMORY_ROOT, new InMemoryWorkspace({ [LEDGER]: original }));
  index.update(LEDGER, original);
  for (const { text, i } of versions(original, positions, where)) {
    index.update(LEDGER, text);
    if (i % checkEvery !== 0 && i !== positions.length - 1) continue;
    if (JSON.stringify(index.get(LEDGER)!.model) !== JSON.stringify(parseLedger(text))) mismatches++;
  }
  return { samples, mismatches };
}

export async function typeInPeer(original: string, positions: readonly number[], where: TypedAt = 'mid'): Promise<number[]> {
  const peer = createPeer('/ws', LEDGER, original);
  await peer.type(original);
  const samples: number[] = [];
  for (const { text } of versions(original, positions, where)) {
    const t = performance.now();
    await peer.type(text);
    samples.push(performance.now() - t);
  }
  peer.dispose();
  return samples;
}

function positionOf(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/**
 * The built server over stdio, on a workspace holding only this ledger: for each edit, didChange
 * then documentSymbol and codeLens for that version; then, edit by edit, the time until the
 * server publishes the document's diagnostics (after its debounce).
 */
export async function typeOverLsp(
  original: string,
  positions: readonly number[],
  diagnosticEdits: number,
  where: TypedAt = 'mid',
): Promise<{ lsp: number[]; diagnostics: number[] }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-bench-type-'));
  fs.mkdirSync(path.join(root, 'docs'));
  fs.writeFileSync(path.join(root, LEDGER), original);
  const server = await startServer(
    root,
    {},
    process.env.PLANLOOP_SERVER_ARGV ? [...SERVER_EXEC_ARGV, ...process.env.PLANLOOP_SERVER_ARGV.split(' ')] : undefined,
  );
  try {
    await server.indexed(120_000);
    const uri = server.uri(LEDGER);
    const textDocument = { uri };
    let version = 1;
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'markdown', version, text: original },
    });
    const answers = () =>
      Promise.all([
        server.connection.sendRequest('textDocument/documentSymbol', { textDocument }),
        server.connection.sendRequest('textDocument/codeLens', { textDocument }),
      ]);
    await answers();
    let published: (() => void) | undefined;
    server.onDiagnostics((p) => {
      if (p.uri === uri) published?.();
    });
    // The editor knows where the cursor is: the position is found before the clock starts (a
    // scan of the client's copy of the text is not the server's time).
    const change = (position: { line: number; character: number }) =>
      server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: ++version },
        contentChanges: [{ range: { start: position, end: position }, text: 'x' }],
      });
    const lsp: number[] = [];
    let before = original;
    for (const { text, at } of versions(original, positions, where)) {
      const position = positionOf(before, at);
      const t = performance.now();
      await change(position);
      await answers();
      lsp.push(performance.now() - t);
      before = text;
    }
    const diagnostics: number[] = [];
    for (const { text, at } of versions(before, positions.slice(0, diagnosticEdits), where)) {
      // Let the previous publish settle, then time one keystroke to its diagnostics.
      await new Promise((r) => setTimeout(r, 250));
      const arrived = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no publishDiagnostics within 5 s of a keystroke')), 5000);
        published = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      const position = positionOf(before, at);
      const t = performance.now();
      await change(position);
      await arrived;
      diagnostics.push(performance.now() - t);
      published = undefined;
      before = text;
    }
    return { lsp, diagnostics };
  } finally {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
