// The pytest node IDs a command selects: the `*.py` files and `file.py::Class::test` IDs among the
// arguments of `pytest`, `py.test` or `python -m pytest` (behind env prefixes and wrappers such as
// `timeout 600`), with options and their values left out.
import { commandWords } from './commands';

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

/** pytest's arguments in one simple command, or undefined when it does not run pytest. */
function pytestArgs(segment: string): string[] | undefined {
  const words = commandWords(segment).map(unquote);
  const program = words[0];
  if (program === 'pytest' || program === 'py.test') return words.slice(1);
  if (!program || !/^python(?:3(?:\.\d+)?)?$/.test(program)) return undefined;
  const m = words.indexOf('-m');
  if (m < 1 || words[m + 1] !== 'pytest' || !words.slice(1, m).every((w) => w.startsWith('-'))) return undefined;
  return words.slice(m + 2);
}

/** Node IDs in command order, each once (`./` dropped). */
export function pytestNodeIds(command: string): string[] {
  const joined = command.replace(/\\\r?\n/g, ' ');
  // A heredoc's body is a program's input, not commands.
  const heredoc = joined.indexOf('<<');
  const bodyStart = heredoc < 0 ? -1 : joined.indexOf('\n', heredoc);
  const head = bodyStart < 0 ? joined : joined.slice(0, bodyStart);
  const ids: string[] = [];
  for (const line of head.split(/\r?\n/)) {
    if (/^\s*#/.test(line)) continue;
    for (const segment of line.split(/&&|\|\||[;|]/)) {
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
  }
  return ids;
}

/**
 * The command with `--junitxml=<file>` after each pytest invocation in it (a file per invocation,
 * from `fileFor(n)`, n counting from 0 across calls through `counter`), for per-test outcomes.
 * Lines after a heredoc start are left alone.
 */
export function withJUnitXml(command: string, fileFor: (n: number) => string, counter: { n: number }): string {
  const heredoc = command.indexOf('<<');
  const bodyStart = heredoc < 0 ? -1 : command.indexOf('\n', heredoc);
  const head = bodyStart < 0 ? command : command.slice(0, bodyStart);
  const rest = bodyStart < 0 ? '' : command.slice(bodyStart);
  // Separators are kept (the split's capture group), so the text is rebuilt exactly.
  const pieces = head.split(/(&&|\|\||[;|\n])/);
  for (let i = 0; i < pieces.length; i += 2) {
    if (!pytestArgs(pieces[i])) continue;
    const call = /(^|\s)(py\.test|pytest|-m\s+pytest)(?=\s|$)/.exec(pieces[i]);
    if (!call) continue;
    const at = call.index + call[0].length;
    pieces[i] = `${pieces[i].slice(0, at)} --junitxml=${fileFor(counter.n++)}${pieces[i].slice(at)}`;
  }
  return pieces.join('') + rest;
}
