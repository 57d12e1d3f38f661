// Shell commands embedded in cells and handoffs: backticked spans whose first word is a program.
import { exact } from '../model/compact';
import type { ShellCommand } from '../model/model';
import { findCodeSpans } from './inline';

const PROGRAMS = new Set([
  'pytest',
  'py.test',
  'python',
  'python3',
  'bash',
  'sh',
  'zsh',
  'make',
  'npm',
  'npx',
  'node',
  'yarn',
  'pnpm',
  'uv',
  'pip',
  'pip3',
  'git',
  'mkdir',
  'rm',
  'cp',
  'mv',
  'ls',
  'cat',
  'tee',
  'find',
  'tree',
  'grep',
  'rg',
  'sed',
  'awk',
  'jq',
  'echo',
  'cd',
  'touch',
  'ruff',
  'mypy',
  'black',
  'timeout',
  'env',
  'time',
  '/usr/bin/time',
  'cargo',
  'go',
  'nb-compare',
  'tar',
  'sha256sum',
  'diff',
  'head',
  'tail',
  'wc',
  'printf',
  'export',
  'source',
]);

/** A value as shell text: bare when safe, `""` when empty, single-quoted otherwise. */
export function shellValue(value: string): string {
  if (value === '') return '""';
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Splits leading `VAR=value` words from the command words (quotes kept). */
export function splitEnvPrefix(command: string): { env: Array<[string, string]>; rest: string } {
  const env: Array<[string, string]> = [];
  let rest = command.trimStart();
  for (;;) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s"']*)(?:\s+|$)/.exec(rest);
    if (!m) break;
    env.push([m[1], m[2].replace(/^(["'])(.*)\1$/, '$2')]);
    rest = rest.slice(m[0].length);
  }
  return { env, rest };
}

/** Wrappers that run the next words as the command (`timeout 600 pytest …`, `uv run python …`). */
const WRAPPER =
  /^(?:timeout\s+(?:-\S+\s+)*\S+|\/usr\/bin\/time(?:\s+-\S+)*|time(?:\s+-\S+)*|env(?:\s+-\S+)*|nice(?:\s+-n\s*\S+)?|uv\s+run|poetry\s+run|pipenv\s+run|conda\s+run\s+(?:-n\s+\S+\s+)?|xvfb-run|stdbuf(?:\s+-\S+)*)\s+/;

/** The words of one simple command: pipes and `&&`/`;` lists are split by the caller. */
export function commandWords(segment: string): string[] {
  let rest = splitEnvPrefix(segment.trim()).rest;
  for (let m = WRAPPER.exec(rest); m; m = WRAPPER.exec(rest)) rest = splitEnvPrefix(rest.slice(m[0].length)).rest;
  return rest.split(/\s+/).filter(Boolean);
}

/**
 * Shell text split where a heredoc's body starts (the line after the one with `<<`): `head` holds
 * the commands, `rest` the body with the line break before it (`head + rest` is the text).
 */
export function splitHeredoc(text: string): { head: string; rest: string } {
  const heredoc = text.indexOf('<<');
  const bodyStart = heredoc < 0 ? -1 : text.indexOf('\n', heredoc);
  return bodyStart < 0 ? { head: text, rest: '' } : { head: text.slice(0, bodyStart), rest: text.slice(bodyStart) };
}

/**
 * The simple commands of shell text: each line (comments left out) split at `&&`, `||`, `;` and
 * `|`, with `\` continuations joined and a heredoc's body left out (it is a program's input).
 */
export function simpleCommands(text: string): string[] {
  const { head } = splitHeredoc(text.replace(/\\\r?\n/g, ' '));
  return head
    .split(/\r?\n/)
    .filter((line) => !/^\s*#/.test(line))
    .flatMap((line) => line.split(/&&|\|\||[;|]/));
}

/** True when a code span reads as a shell command rather than a path, flag or identifier. */
export function isShellCommand(text: string): boolean {
  // Multi-line spans (heredocs, `\` continuations) are judged by their first line.
  const firstLine = text.trim().split('\n')[0];
  const { env, rest } = splitEnvPrefix(firstLine);
  const first = rest.split(/\s+/)[0] ?? '';
  if (!first) return false;
  if (PROGRAMS.has(first)) return rest.includes(' ') || env.length > 0 || first === 'pytest';
  return /^\.{0,2}\/[\w./-]+\.(?:sh|py)$/.test(first);
}

/** Undo the escapes authors use inside table cells: `\"` → `"`, `\|` → `|`. */
export function unescapeCellCode(text: string): string {
  return text.replace(/\\(["|])/g, '$1');
}

/** Commands in `text` (absolute offsets via `base`). Code spans holding `<br>` are split there. */
export function findCommands(text: string, base = 0): ShellCommand[] {
  const out: ShellCommand[] = [];
  for (const span of findCodeSpans(text, base)) {
    const pieces: Array<[number, number]> = [];
    let pieceStart = 0;
    if (span.value.includes('<'))
      for (const br of span.value.matchAll(/<br\s*\/?>/gi)) {
        pieces.push([pieceStart, br.index]);
        pieceStart = br.index + br[0].length;
      }
    pieces.push([pieceStart, span.value.length]);
    for (const [from, to] of pieces) {
      const value = unescapeCellCode(span.value.slice(from, to)).trim();
      if (isShellCommand(value)) {
        out.push({ text: value, span: { start: span.contentStart + from, end: span.contentStart + to } });
      }
    }
  }
  return exact(out);
}

export const GPU_CAPABLE = /(?:^|[\s;&|(])(?:pytest|py\.test|python3?\s+-m\b|python3?\s+\S+\.py\b)/;

/** The CUDA_VISIBLE_DEVICES value a command sets itself, if any. */
export function cudaMaskOf(command: string): string | undefined {
  const m = /(?:^|[\s;&|(])(?:export\s+)?CUDA_VISIBLE_DEVICES=("[^"]*"|'[^']*'|[^\s;&|]*)/.exec(command);
  return m ? m[1].replace(/^(["'])(.*)\1$/, '$2') : undefined;
}
