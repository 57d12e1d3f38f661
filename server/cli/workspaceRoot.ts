// Finds the workspace root: the nearest folder (from --cwd or the current one, upward) holding
// .planloop.json, docs/fix_plan.md, input.md, plans/ or .git. Without one the CLI stops at once:
// scanning an arbitrary tree (a temp folder, the home folder) for plans could take minutes.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CliError } from './errors';

const MARKERS = ['.planloop.json', 'docs/fix_plan.md', 'input.md', 'plans', '.git'];
/** The one marker that makes even the home folder a workspace: it says so on purpose. */
const EXPLICIT = '.planloop.json';

function noWorkspace(start: string, why: string): CliError {
  return new CliError(`${why} (looked above ${start} for ${MARKERS.join(', ')}); run inside a workspace or pass --cwd <folder>`);
}

export function findRoot(start: string, home = os.homedir()): string {
  let dir = path.resolve(start);
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new CliError(`--cwd ${start} is not a folder`);
  for (;;) {
    const found = MARKERS.find((m) => fs.existsSync(path.join(dir, m)));
    if (found) {
      const wide = dir === path.parse(dir).root || (home && dir === path.resolve(home));
      if (wide && !fs.existsSync(path.join(dir, EXPLICIT)))
        throw noWorkspace(
          start,
          `no workspace: the nearest marker (${found}) is in ${dir}, which is not scanned as a workspace without ${EXPLICIT}`,
        );
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw noWorkspace(start, 'no workspace');
    dir = parent;
  }
}
