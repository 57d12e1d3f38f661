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
