// The shared settings schema (core/model/config.ts), read from .planloop.json or from the planloop.*
// keys of .vscode/settings.json (JSON with comments and trailing commas, as VS Code writes it).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveConfig, type PlanLoopConfig } from '../core/model/config';
import { CliError } from './errors';

/** Removes comments and trailing commas outside strings; string contents are never touched. */
export function stripJsonc(text: string): string {
  let out = '';
  let pendingComma = -1; // index in `out` of a comma that may turn out to be trailing
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      pendingComma = -1;
      i = j;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new SyntaxError('unterminated /* comment');
      out += ' ';
      i = end + 1;
    } else if (c === ',') {
      pendingComma = out.length;
      out += c;
    } else if ((c === '}' || c === ']') && pendingComma >= 0) {
      out = out.slice(0, pendingComma) + out.slice(pendingComma + 1) + c;
      pendingComma = -1;
    } else {
      if (!/\s/.test(c)) pendingComma = -1;
      out += c;
    }
  }
  return out;
}

function readJson(root: string, file: string): unknown {
  const rel = path.relative(root, file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${rel}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(stripJsonc(text.replace(/^\uFEFF/, '')));
  } catch (error) {
    throw new CliError(`invalid config ${rel}: ${(error as Error).message}`);
  }
}

/** Where the settings come from: `.planloop.json` wins over `.vscode/settings.json`. */
function configSource(root: string): string | undefined {
  for (const candidate of ['.planloop.json', '.vscode/settings.json']) {
    if (fs.existsSync(path.join(root, candidate))) return candidate;
  }
  return undefined;
}

export function loadConfig(root: string): PlanLoopConfig {
  const source = configSource(root);
  let raw: unknown;
  if (source === '.planloop.json') {
    raw = readJson(root, path.join(root, source));
  } else if (source) {
    const settings = readJson(root, path.join(root, source));
    if (!settings || typeof settings !== 'object' || Array.isArray(settings))
      throw new CliError(`invalid config ${source}: not a JSON object`);
    const picked: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(settings)) {
      if (!key.startsWith('planloop.')) continue;
      const rest = key.slice('planloop.'.length);
      if (rest.includes('.')) continue; // planloop.codeLens.* is editor-only
      picked[rest] = value;
    }
    raw = picked;
  }
  const { config, problems } = resolveConfig(raw);
  if (problems.length) throw new CliError(`invalid config ${source ?? '.planloop.json'}: ${problems.map((p) => p.message).join('; ')}`);
  return config;
}
