// The pytest node IDs a command selects: the `*.py` files and `file.py::Class::test` IDs among the
// arguments of `pytest`, `py.test` or `python -m pytest` (behind env prefixes and wrappers such as
// `timeout 600`), with options and their values left out.
import { commandWords, shellValue, simpleCommands, splitEnvPrefix, splitHeredoc } from './commands';

/** Options whose value is the next word (`-k expr`); `--opt=value` needs no entry. */
const TAKES_VALUE = new Set([
  '-k',
  '-m',
  '-p',
  '-o',
  '-c',
  '-W',
  '-r',
  '-n',
  '--deselect',
  '--ignore',
  '--ignore-glob',
  '--rootdir',
  '--junitxml',
  '--junit-xml',
  '--basetemp',
  '--durations',
  '--maxfail',
  '--timeout',
  '--confcutdir',
  '--log-file',
  '--log-level',
  '--tb',
  '--capture',
  '--import-mode',
  '--override-ini',
  '--cov',
  '--cov-report',
  '--dist',
]);

const unquote = (word: string): string => word.replace(/^(["'])(.*)\1$/, '$2');

/** Python's own options that take the next word (`-X dev`, `-W error`). */
const PYTHON_VALUE = new Set(['-X', '-W', '-Q']);

/** The words after `-m pytest` when only options come before it (from `from`), else undefined. */
function afterModule(words: readonly string[], from: number): string[] | undefined {
  for (let i = from; i < words.length; i++) {
    if (words[i] === '-m') return words[i + 1] === 'pytest' ? words.slice(i + 2) : undefined;
    if (!words[i].startsWith('-')) return undefined;
    if (PYTHON_VALUE.has(words[i])) i++;
  }
  return undefined;
}

/** pytest's arguments in one simple command, or undefined when it does not run pytest. */
function pytestArgs(segment: string): string[] | undefined {
  const words = commandWords(segment).map(unquote);
  const program = words[0];
  if (program === 'pytest' || program === 'py.test') return words.slice(1);
  if (program && /^python(?:3(?:\.\d+)?)?$/.test(program)) return afterModule(words, 1);
  // `coverage run [options] -m pytest …`
  if (program === 'coverage' && words[1] === 'run') return afterModule(words, 2);
  return undefined;
}

/** Node IDs in command order, each once (`./` dropped). */
export function pytestNodeIds(command: string): string[] {
  const ids: string[] = [];
  for (const segment of simpleCommands(command)) {
    const args = pytestArgs(segment);
    if (!args) continue;
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (arg.startsWith('-')) {
        if (TAKES_VALUE.has(arg)) i++;
        continue;
      }
      const id = arg.replace(/^\.\//, '');
      if (/\.py(?:::|$)/.test(id) && !ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

/**
 * A node ID's file and the names after it. pytest splits at `::` only before the parameters
 * (`test_f[a::b]` is one name).
 */
export function nodeIdParts(nodeId: string): { file: string; names: string[] } {
  const bracket = nodeId.indexOf('[');
  const head = bracket < 0 ? nodeId : nodeId.slice(0, bracket);
  const params = bracket < 0 ? '' : nodeId.slice(bracket);
  const [file, ...names] = head.split('::');
  if (names.length) names[names.length - 1] += params;
  return { file: names.length ? file : file + params, names };
}

/** The value of `--junitxml=X`, `--junitxml X` (or `--junit-xml`) among pytest's arguments. */
function ownReport(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const m = /^--junit-?xml(?:=(.*))?$/.exec(args[i]);
    if (m) return m[1] ?? args[i + 1];
  }
  return undefined;
}

/** A report file: workspace-relative, and absolute for a command that changed directory first. */
export interface ReportFile {
  readonly relative: string;
  readonly absolute: string;
}

/**
 * The command with a `--junitxml` report after each pytest invocation, for per-test outcomes,
 * and the reports it will write, in order. An invocation that names its own report keeps it (it
 * is listed instead). The path is shell-quoted, and absolute after a `cd` (pytest writes it
 * relative to its working directory). Lines after a heredoc start are left alone.
 */
export function withJUnitXml(command: string, next: () => ReportFile): { command: string; files: string[] } {
  const { head, rest } = splitHeredoc(command);
  const files: string[] = [];
  // Separators are kept (the split's capture group), so the text is rebuilt exactly.
  const pieces = head.split(/(&&|\|\||[;|\n])/);
  let moved = false;
  for (let i = 0; i < pieces.length; i += 2) {
    const piece = pieces[i];
    const args = pytestArgs(piece);
    if (!args) {
      if (/(?:^|[\s(])(?:cd|pushd)(?:\s|$)/.test(piece)) moved = true;
      continue;
    }
    const own = ownReport(args);
    if (own !== undefined) {
      files.push(own);
      continue;
    }
    // After the env prefix, where the program words are (a quoted value may say "pytest" too).
    const words = splitEnvPrefix(piece).rest;
    const offset = piece.length - words.length;
    const call = /(^|\s)(py\.test|pytest|-m\s+pytest)(?=\s|$)/.exec(words);
    if (!call) continue;
    const file = next();
    files.push(file.relative);
    const at = offset + call.index + call[0].length;
    pieces[i] = `${piece.slice(0, at)} --junitxml=${shellValue(moved ? file.absolute : file.relative)}${piece.slice(at)}`;
  }
  return { command: pieces.join('') + rest, files };
}
