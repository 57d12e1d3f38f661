// planloop: Plan Loop's answers headless — status, lint, sync, run, hub — from the same core
// as the language server. Bad input gives one clear line and a non-zero exit.
import { parseArgs } from 'node:util';
import { CliError } from './errors';
import { loadWorkspace } from './context';
import { status } from './commands/status';
import { lint } from './commands/lint';
import { sync } from './commands/sync';
import { run } from './commands/run';
import { hubNew } from './commands/hub';

const HELP: Record<string, string> = {
  main: `planloop — plans, ledgers and handoffs of plan-driven loops, headless

Usage: planloop <command> [options]

Commands:
  status [--initiative ID] [--json]          initiatives, plans, phases and rows with progress
  lint [--json] [--max-warnings N]           diagnostics as file:line:col severity code message
  sync [--write] [--json]                    reconcile rows, ledger attempts and run records
  run <ROW|--mapped-tests> [options]         run a row's commands with the run profile, then update
  hub new <initiative> <phase>               create and print a fresh timestamped artifact hub

Global options:
  --cwd DIR      workspace (default: discovered upward from the current folder)
  -h, --help     help for a command: planloop <command> --help

Settings come from .planloop.json or planloop.* in .vscode/settings.json (the extension's schema).
Exit codes: 0 ok, 1 errors found / run failed, 2 bad input, 130 interrupted.`,
  status: `planloop status [--initiative ID] [--json] [--cwd DIR]

Prints initiatives → plans → phases → rows with done/total. A coloured tree on a TTY, plain
otherwise. --json prints the stable StatusReport (see server/cli/README.md).`,
  lint: `planloop lint [--json] [--max-warnings N] [--cwd DIR]

Prints the language server's diagnostics as "file:line:col severity code message".
Exits 1 when any error is found, or when warnings exceed --max-warnings.`,
  sync: `planloop sync [--write] [--json] [--cwd DIR]

Reconciles plan row states, ledger attempts and run records (planloop-run.json in hubs), exactly
as the editor's Sync Ledger does. Without --write prints a unified diff. With --write applies the
edits losslessly and atomically, refusing any file that changed since it was read.`,
  run: `planloop run <ROW|--mapped-tests> [--plan PATH] [--initiative ID] [--profile NAME] [--yes] [--cwd DIR]

Runs the row's backticked commands (or the handoff's Mapped tests) in sequence with bash,
stopping at the first failure, with the run profile's env (default "cpu":
CUDA_VISIBLE_DEVICES=""; a command's own CUDA_VISIBLE_DEVICES=… wins). Output is streamed and
tee'd to <hub>/<ROW>.log; the run is timed and recorded in <hub>/planloop-run.json, a failure
also writes <hub>/blocker.md; then the row state and a ledger attempt are written.
The commands are shown first; --yes skips the prompt (required when stdin is not a TTY).
Ctrl-C stops the child and records an interrupted attempt (exit 130).`,
  hub: `planloop hub new <initiative> <phase> [--cwd DIR]

Creates plans/active/<initiative>/reports/<ISO8601Z>/<phase>/ and prints its path.`,
};

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      cwd: { type: 'string' },
      json: { type: 'boolean', default: false },
      write: { type: 'boolean', default: false },
      initiative: { type: 'string' },
      'max-warnings': { type: 'string' },
      'mapped-tests': { type: 'boolean', default: false },
      plan: { type: 'string' },
      profile: { type: 'string' },
      yes: { type: 'boolean', short: 'y', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.version) {
    process.stdout.write('planloop 0.1.0\n');
    return 0;
  }
  if (!command || values.help) {
    process.stdout.write((HELP[command ?? 'main'] ?? HELP.main) + '\n');
    return command && !HELP[command] ? 2 : 0;
  }
  if (!HELP[command]) throw new CliError(`unknown command '${command}' (try planloop --help)`);
  const maxWarnings = values['max-warnings'] === undefined ? undefined : Number(values['max-warnings']);
  if (maxWarnings !== undefined && (!Number.isInteger(maxWarnings) || maxWarnings < 0)) throw new CliError('--max-warnings takes a whole number');
  const ctx = loadWorkspace(values.cwd);
  switch (command) {
    case 'status':
      return status(ctx, { initiative: values.initiative, json: values.json });
    case 'lint':
      return lint(ctx, { json: values.json, maxWarnings });
    case 'sync':
      if (!ctx.index.ledger()) throw new CliError(`no ledger found (looked for ${ctx.index.config.ledger} and **/fix_plan*.md)`);
      return sync(ctx, { write: values.write, json: values.json });
    case 'run':
      return run(ctx, { row: rest[0], mappedTests: values['mapped-tests'], plan: values.plan, initiative: values.initiative, profile: values.profile, yes: values.yes });
    case 'hub':
      if (rest[0] !== 'new') throw new CliError('usage: planloop hub new <initiative> <phase>');
      return hubNew(ctx, rest[1], rest[2]);
    default:
      throw new CliError(`unknown command '${command}'`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof CliError || (error as NodeJS.ErrnoException)?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? (error as Error).message : `${(error as Error).message ?? String(error)}`;
    process.stderr.write(`planloop: ${message.split('\n')[0]}\n`);
    process.exitCode = error instanceof CliError ? error.exitCode : 2;
  },
);
