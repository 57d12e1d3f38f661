// Finds the workspace root (upward, or --cwd) and loads the shared settings schema from
// .planloop.json or the planloop.* keys of .vscode/settings.json.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveConfig, type PlanLoopConfig } from '../core/config';
import { CliError } from './errors';

const MARKERS = ['.planloop.json', 'docs/fix_plan.md', 'input.md', 'plans', '.git'];

export function findRoot(start: string): string {
  let dir = path.resolve(start);
  if (!fs.existsSync(dir)) throw new CliError(`--cwd ${start} does not exist`);
  for (;;) {
    if (MARKERS.some((m) => fs.existsSync(path.join(dir, m)))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start);
    dir = parent;
  }
}

/** JSON with comments and trailing commas, as VS Code writes settings. */
function parseJsonc(text: string): unknown {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2);
      if (i < 0) break;
      i++;
    } else out += c;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return parseJsonc(text);
  } catch (error) {
    throw new CliError(`invalid config ${file}: ${(error as Error).message}`);
  }
}

export function loadConfig(root: string): PlanLoopConfig {
  const own = path.join(root, '.planloop.json');
  const vscode = path.join(root, '.vscode/settings.json');
  let raw: unknown;
  let source: string | undefined;
  if (fs.existsSync(own)) {
    raw = readJson(own);
    source = own;
  } else if (fs.existsSync(vscode)) {
    const settings = readJson(vscode) as Record<string, unknown>;
    const picked: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(settings ?? {})) {
      if (!key.startsWith('planloop.')) continue;
      const rest = key.slice('planloop.'.length);
      if (rest.includes('.')) continue; // e.g. planloop.codeLens.* is editor-only
      picked[rest] = value;
    }
    raw = picked;
    source = vscode;
  }
  const { config, problems } = resolveConfig(raw);
  if (problems.length) throw new CliError(`invalid config ${path.relative(root, source ?? own) || source}: ${problems.map((p) => p.message).join('; ')}`);
  return config;
}
