// Temp copies of fixtures/workspace for tests that write.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixturesDir } from './paths';

export function tempWorkspace(): { root: string; write(rel: string, text: string): void; read(rel: string): string; dispose(): void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-test-'));
  fs.cpSync(path.join(fixturesDir, 'workspace'), root, { recursive: true });
  return {
    root,
    write(rel, text) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    },
    read: (rel) => fs.readFileSync(path.join(root, rel), 'utf8'),
    dispose: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/** Runs `fn` with a fresh temp folder outside any workspace (for symlinks that lead out), then removes it. */
export function withOutside<T>(fn: (outside: string) => T): T {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-outside-'));
  try {
    return fn(outside);
  } finally {
    fs.rmSync(outside, { recursive: true, force: true });
  }
}
