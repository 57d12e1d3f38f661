// Which commands run GPU-capable code: pytest runs and Python programs that may load a model.
// A bare `pytest` in prose, a selector list, or a Python tool that reads logs and writes reports
// is not one: the CUDA mask only matters where a framework could grab the GPU.
import { commandWords, simpleCommands, splitHeredoc } from '../parse/commands';

/** Python modules that never touch a model (`python -m pip …`). */
const TOOL_MODULES =
  /^(?:pip|venv|json\.tool|http\.server|py_compile|compileall|black|ruff|isort|flake8|mypy|pylint|build|twine|site|ensurepip|zipfile|tarfile|doctest|pydoc|timeit|cProfile|trace|webbrowser)$/;

/**
 * Script names of loop tooling: parsers, reports, manifests, inbox and status notes, checks.
 * Matched on the file name's words, so `failure_parser.py` and `make_ground_truth_manifest.py` are tools.
 */
const TOOL_SCRIPT =
  /(?:^|[_\-.])(?:pars(?:e|er|ing)|summar(?:y|ize|ise)|report|format(?:ter)?|extract|manifest|inventory|readme|checksum|sha\d*|hash|verify|check|lint|validate|status|inbox|notify|notes?|plot|render|diff|tail|grep|count|audit|index|list|print|show|dump|convert|package|bundle|archive|clean(?:up)?|tidy|collect[_-]?logs?|log[_-]?(?:parser|scan|tool)s?)(?=[_\-.]|$)/i;

/** Files a log parser reads: when every argument is one of these, the script reads outputs, it does not compute. */
const TEXT_INPUT = /\.(?:log|txt|md|json|jsonl|csv|tsv|xml|html|out|err)$/i;

/** Inline programs (`python -c`, `python - <<PY`) that load a framework. */
const GPU_IMPORT = /\b(?:import|from)\s+(?:torch|tensorflow|jax|cupy|keras)\b/;

/**
 * Selector-like arguments: paths, `::` node IDs, flags. The bare word (`pytest` in a sentence) and
 * prose after it ("pytest selectors are listed…") have none.
 */
function looksLikePytestArgs(args: readonly string[]): boolean {
  return args.some((a) => /^-|::|\.py\b|\//.test(a.replace(/^["']|["']$/g, '')));
}

/** Flags by which a program pins itself to the CPU (`--accelerator cpu`, `--device=cpu`, `--no-cuda`). */
const CPU_PINNED = /(?:^|\s)(?:--(?:accelerator|device|devices?-type)[= ]["']?cpu\b|--cpu\b|--no[-_]cuda\b|--gpus[= ]0\b)/;

/** `--help` or `--version` prints and exits. */
function asksForHelp(args: readonly string[]): boolean {
  return args.some((a) => a === '--help' || a === '-h' || a === '--version');
}

function segmentRunsGpuCode(segment: string, body: string): boolean {
  if (CPU_PINNED.test(segment)) return false;
  const words = commandWords(segment);
  const program = words[0]?.replace(/^["']|["']$/g, '');
  if (!program) return false;
  const args = words.slice(1);
  if (program === 'pytest' || program === 'py.test') return looksLikePytestArgs(args);
  if (!/^python(?:3(?:\.\d+)?)?$/.test(program)) return false;
  const flagsEnd = args.findIndex((a) => !/^-[BEOISuqWX]\w*$/.test(a));
  const first = flagsEnd < 0 ? undefined : args[flagsEnd];
  if (first === undefined) return false; // an interactive interpreter
  if (first === '-m') {
    const module = args[flagsEnd + 1] ?? '';
    if (module === 'pytest') return looksLikePytestArgs(args.slice(flagsEnd + 2));
    return !!module && !TOOL_MODULES.test(module) && !TOOL_SCRIPT.test(module.split('.').pop() as string) && !asksForHelp(args);
  }
  if (first === '-c' || first === '-') return GPU_IMPORT.test(first === '-' ? body : segment);
  if (!/\.py$/.test(first)) return false;
  const name = first.split('/').pop() as string;
  if (TOOL_SCRIPT.test(name.replace(/\.py$/, ''))) return false;
  if (asksForHelp(args)) return false;
  const inputs = args.slice(flagsEnd + 1).filter((a) => !a.startsWith('-'));
  if (inputs.length > 0 && inputs.every((a) => TEXT_INPUT.test(a.replace(/^["']|["']$/g, '')))) return false;
  return true;
}

/**
 * True when the command (any line, any part of a `&&`, `;` or `|` list) runs pytest or a Python
 * program that may use a GPU. Continuation lines are part of their command; a heredoc's body is
 * the program `python -` runs.
 */
export function runsGpuCode(command: string): boolean {
  const body = splitHeredoc(command.replace(/\\\r?\n/g, ' ')).rest.slice(1);
  return simpleCommands(command).some((segment) => segmentRunsGpuCode(segment, body));
}
