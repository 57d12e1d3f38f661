// Finds the workspace root: the nearest folder (from --cwd or the current one, upward) holding
// .planloop.json, docs/fix_plan.md, input.md, plans/ or .git.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from './errors';

const MARKERS = ['.planloop.json', 'docs/fix_plan.md', 'input.md', 'plans', '.git'];

export function findRoot(start: string): string {
  let dir = path.resolve(start);
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new CliError(`--cwd ${start} is not a folder`);
  for (;;) {
    if (MARKERS.some((m) => fs.existsSync(path.join(dir, m)))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}
