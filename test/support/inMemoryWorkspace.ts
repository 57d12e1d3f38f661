// One in-memory workspace for the tests that call the core and the server's feature modules
// directly: no disk, no spawned server. A test names the files it needs (workspace-relative path →
// text), then asks for an indexed Session and calls a feature with it, as the server's feature
// table would. It is the core's FileSystem port and HubPort at once, so a run's files written
// through the port are read back by the index, as on disk.
import type { DirectoryEntry, FileStat, FileSystem } from '../../server/core/index/fileSystem';
import type { IndexedDocument } from '../../server/core/index/workspace';
import { DEFAULT_CONFIG, type PlanLoopConfig } from '../../server/core/model/config';
import type { HubPort } from '../../server/core/run/runRecord';
import { Session } from '../../server/lsp/session';
import type { WireRange } from '../../server/protocol';

/** Where every in-memory workspace lives (a path no test run has on disk). */
export const MEMORY_ROOT = '/ws';

/** Lines joined with LF, so a test's document reads as it is written. */
export function joinLines(...lines: string[]): string {
  return lines.join('\n') + '\n';
}

interface MemoryFile {
  text: string;
  mtimeMs: number;
  /** The size stat reports, when a test needs one other than the text's (size caps). */
  size?: number;
}

export class InMemoryWorkspace implements FileSystem {
  private readonly files = new Map<string, MemoryFile>();
  /** How often the index asked for a stat and for a file's text. */
  stats = 0;
  reads = 0;

  constructor(
    files: Readonly<Record<string, string>> = {},
    readonly root = MEMORY_ROOT,
  ) {
    for (const [rel, text] of Object.entries(files)) this.write(rel, text);
  }

  // ---- What a test does to the workspace ----------------------------------------------------

  write(rel: string, text: string, options: { mtimeMs?: number; size?: number } = {}): void {
    this.files.set(this.abs(rel), { text, mtimeMs: options.mtimeMs ?? 0, size: options.size });
  }

  delete(rel: string): void {
    this.files.delete(this.abs(rel));
  }

  /** A file's text, or undefined when it is not there. */
  read(rel: string): string | undefined {
    return this.files.get(this.abs(rel))?.text;
  }

  /** Workspace-relative paths of every file, sorted. */
  paths(): string[] {
    return [...this.files.keys()].map((p) => p.slice(this.root.length + 1)).sort();
  }

  /** A Session over this workspace, its first walk done (so `indexed` holds, as after the server's walk). */
  async session(config: PlanLoopConfig = DEFAULT_CONFIG): Promise<Session> {
    const session = new Session(this.root, () => undefined, this, config);
    await session.indexAll();
    return session;
  }

  /** The core's HubPort over the same files: what a run writes is what the index reads next. */
  hubPort(now: () => number = () => 0): HubPort {
    return {
      readFile: async (rel) => this.read(rel),
      readDirectory: async (rel) =>
        this.readDirectory(this.abs(rel)).map((e) => ({ name: e.name, isDirectory: e.isDirectory, isFile: !e.isDirectory })),
      mtimeMs: async (rel) => this.files.get(this.abs(rel))?.mtimeMs,
      writeFile: async (rel, text) => this.write(rel, text, { mtimeMs: now() }),
      removeFile: async (rel) => this.delete(rel),
    };
  }

  // ---- The core's FileSystem port ---------------------------------------------------------------

  stat(path: string): FileStat | undefined {
    this.stats++;
    const file = this.files.get(path);
    if (file) return { size: file.size ?? Buffer.byteLength(file.text), mtimeMs: file.mtimeMs, isFile: true, isDirectory: false };
    return this.isFolder(path) ? { size: 0, mtimeMs: 0, isFile: false, isDirectory: true } : undefined;
  }

  readFile(path: string): string | undefined {
    this.reads++;
    return this.files.get(path)?.text;
  }

  readDirectory(path: string): DirectoryEntry[] {
    const prefix = path.replace(/\/$/, '') + '/';
    const entries = new Map<string, boolean>();
    for (const file of this.files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const [name, ...rest] = file.slice(prefix.length).split('/');
      entries.set(name, rest.length > 0);
    }
    return [...entries].map(([name, isDirectory]) => ({ name, isDirectory }));
  }

  private isFolder(path: string): boolean {
    const prefix = path.replace(/\/$/, '') + '/';
    return path === this.root || [...this.files.keys()].some((f) => f.startsWith(prefix));
  }

  private abs(rel: string): string {
    return `${this.root}/${rel.replace(/^\.?\//, '')}`;
  }
}

/** An in-memory workspace holding `files`, indexed, as a Session. */
export function memorySession(files: Readonly<Record<string, string>>, config?: PlanLoopConfig): Promise<Session> {
  return new InMemoryWorkspace(files).session(config);
}

/** The indexed document at `rel`; fails the test when the index does not hold it. */
export function docAt(session: Session, rel: string): IndexedDocument {
  const doc = session.index.get(rel);
  if (!doc)
    throw new Error(
      `${rel} is not indexed (indexed: ${session.index
        .all()
        .map((d) => d.path)
        .join(', ')})`,
    );
  return doc;
}

/** The offset of the `nth` occurrence of `needle` in a document, plus `delta`; fails when it is not there. */
export function offsetOf(doc: IndexedDocument, needle: string, delta = 0, nth = 1): number {
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = doc.text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${JSON.stringify(needle)} (occurrence ${i + 1}) is not in ${doc.path}`);
  }
  return at + delta;
}

/** A line/character range, for exact comparisons. */
export function range(startLine: number, startCharacter: number, endLine: number, endCharacter: number): WireRange {
  return { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } };
}

// ---- A small loop: one plan, the ledger and the handoff --------------------------------------

export const LOOP_PLAN = 'plans/active/DEMO-001/implementation.md';
export const LOOP_LEDGER = 'docs/fix_plan.md';
export const LOOP_HANDOFF = 'input.md';
export const LOOP_HUB = 'plans/active/DEMO-001/reports/2026-01-01T000000Z/phase_a';

/** The files of a small loop (features' tests add or replace what they need). */
export function smallLoop(): Record<string, string> {
  return {
    [LOOP_PLAN]: joinLines(
      '# DEMO-001 — Demo plan',
      '',
      '### Phase A — Setup',
      '',
      '| ID | Task Description | State | How/Why & Guidance |',
      '| --- | --- | --- | --- |',
      `| A1 | Write the parser | [x] | \`pytest tests/test_parse.py -q\` — log: \`${LOOP_HUB}/a1.log\` |`,
      '| A2 | Wire the CLI | [ ] | See `src/cli.py:1`. |',
      '',
      '### Phase B — Ship',
      '',
      '| ID | Task Description | State | How/Why & Guidance |',
      '| --- | --- | --- | --- |',
      '| B1 | Write release notes | [P] | `make notes` |',
    ),
    [LOOP_LEDGER]: joinLines(
      '# Fix Plan Ledger',
      '',
      '## Active',
      '',
      '### [DEMO-001] Demo initiative',
      '- Status: in_progress',
      `- Working Plan: \`${LOOP_PLAN}\``,
      '- Attempts History:',
      '  * [2026-01-01] Attempt #1 — Result: A1 landed.',
    ),
    [LOOP_HANDOFF]: joinLines(
      'Summary: wire the CLI',
      'Focus: [DEMO-001] Demo initiative — Phase A',
      '',
      'Do Now:',
      `1. DEMO-001 A2 @ ${LOOP_PLAN}:8 — wire it; tests: none`,
    ),
    'src/cli.py': 'def main():\n    return 0\n',
    [`${LOOP_HUB}/a1.log`]: '1 passed\n',
  };
}
