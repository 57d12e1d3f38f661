// Locations tests share: the repo root, its fixtures, and ../shared when CI provides it.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');
export const fixturesDir = path.join(repoRoot, 'fixtures');
export const sharedDir = path.resolve(repoRoot, '../shared');
export const corpusDir = path.join(sharedDir, 'corpus');
export const doseWorkspace = path.join(sharedDir, 'workspaces/ptychopinn-dose');

/** Why a ../shared-based test is skipped, or undefined when the material is present. */
export function sharedMissing(dir: string): string | undefined {
  return fs.existsSync(dir) ? undefined : `${path.relative(repoRoot, dir)} is absent (fresh clone without ../shared)`;
}

export function listFiles(dir: string, filter: (f: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full, filter));
    else if (filter(full)) out.push(full);
  }
  return out.sort();
}
