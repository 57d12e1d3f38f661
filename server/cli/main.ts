// planloop: Plan Loop's answers headless — status, lint, sync, run, hub, hygiene — from the same core
// as the language server. Bad input gives one clear line and a non-zero exit.
import { parseArgs } from 'node:util';
import { CliError } from './errors';
import { SafeWriteError } from '../host/safeWrite';
import { loadWorkspace } from './context';
import { status } from './commands/status';
import { lint } from './commands/lint';
import { sync } from './commands/sync';
import { run } from './commands/run';
import { hubNew } from './commands/hub';
import { hygiene } from './commands/hygiene';
import { history } from './commands/history';

const VERSION = '0.1.0';

const HELP: Record<string, string> = {
  main: `planloop — plans, ledgers and handoffs of plan-driven loops, headless

Usage: planloop <command> [options]

Commands:
  status [--initiative ID] [--json]          initiatives, plans, phases and rows with progress
  lint [--json] [--max-warnings N]           diagnostics as file:line:col severity code message
  sync [--write] [--json]                    reconcile rows, ledger attempts and run records
  run <ROW|--mapped-tests> [options]         run a row's commands with the run profile, then update
  hub new <initiative> <phase>               create and print a fresh timestamped artifact hub
  hygiene [--json]                           leftover tmp/ outputs and logs at the repository root
  history [--since REF|DATE] [--row ID] [--initiative ID] [--json]
                                             what the loop did, iteration by iteration, from git

Global options:
  --cwd DIR      start folder; the workspace root is the nearest folder upward holding
                 .planloop.json, docs/fix_plan.md, input.md, plans/ or .git
  -h, --help     help for a command: planloop <command> --help
  --version      print the version

Settings come from .planloop.json or planloop.* in .vscode/settings.json (the extension's schema).
Exit codes: 0 ok, 1 errors found / run failed, 2 bad input, 130 interrupted.`,
  status: `planloop status [--initiative ID] [--json] [--cwd DIR]

Prints initiatives → plans → phases → rows with done/total and each row's state marker.
A coloured tree when stdout is a TTY (NO_COLOR disables colour), plain otherwise.

Options:
  --initiative ID   only this initiative (exit 2 when unknown)
  --json            the stable StatusReport, version 1 (see server/cli/README.md)`,
  lint: `planloop lint [--json] [--max-warnings N] [--cwd DIR]

Prints the language server's diagnostics as "file:line:col severity code message" (1-based
line and column), then a line of totals, all on stdout. Severities follow the "severities" setting.

Options:
  --json             a versioned JSON report (see server/cli/README.md)
  --max-warnings N   also fail when there are more than N warnings

Exit codes: 0 clean, 1 errors found (or too many warnings), 2 bad input.`,
  sync: `planloop sync [--write] [--json] [--cwd DIR]

Reconciles plan row states, ledger attempts and run records (planloop-run-<ROW>.json in hubs), exactly
as the editor's Sync Ledger does: every run the ledger does not cite yet gets an attempt (in time
order, numbered consecutively) and its row [x] or [P]; parents whose children are all done
become [x]. A ledger without an entry for the run's initiative gets a note, never a silent edit.

Options:
  --write   apply the edits: only the changed bytes, each file written to a temp file and
            renamed; refuses (nothing written, exit 1) when a file changed since it was read
  --json    edits, notes and the diff as JSON (see server/cli/README.md)

Without --write prints a unified diff of the proposed edits and changes nothing.
Exit codes: 0 ok, 1 write refused, 2 bad input (e.g. no ledger).`,
  run: `planloop run <ROW|--mapped-tests> [--plan PATH] [--initiative ID] [--profile NAME] [--yes] [--cwd DIR]

Runs the row's backticked commands (or the handoff's Mapped tests) in sequence with bash,
stopping at the first failure, with the run profile's env (default "cpu":
CUDA_VISIBLE_DEVICES=""; a command's own CUDA_VISIBLE_DEVICES=… wins). Output is streamed and
tee'd to <hub>/<ROW>.log, where <hub> is the handoff's Artifacts hub when it names a folder of
the row's initiative, else a fresh plans/active/<ID>/reports/<ISO8601Z>/<phase>/. The run is
timed and recorded in <hub>/planloop-run-<ROW>.json (a failure also writes <hub>/blocker.md); then
the row becomes [x] (passed, expected artifacts present) or [P] (failed/interrupted; never
downgrading [x]) and a ledger attempt is appended, exactly as the editor does.

Options:
  ROW               row ID, e.g. D1 (ledger task IDs work too)
  --mapped-tests    run the handoff's "Mapped tests" instead of a row
  --plan PATH       the plan holding ROW, when the ID is in several plans
  --initiative ID   narrow ROW to one initiative
  --profile NAME    run profile from settings (default: defaultProfile, "cpu")
  -y, --yes         do not ask; the prompt is only shown when stdin is a TTY

The commands are always printed before they run. A progress line shows on a TTY.
Ctrl-C stops the child and records an interrupted attempt (exit 130).
Exit codes: 0 passed, 1 failed, 2 bad input, 130 interrupted.`,
  hub: `planloop hub new <initiative> <phase> [--cwd DIR]

Creates <initiative root>/reports/<ISO8601Z>/<phase slug>/ (the initiative root is the folder of
its plan, usually plans/active/<initiative>) and prints its workspace-relative path.
The initiative must have a plan or a ledger entry.`,
  hygiene: `planloop hygiene [--json] [--cwd DIR]

Lists leftover outputs the handoffs' hygiene pitfalls forbid: files under tmp/ and logs
(*.log, *.out, *.err, nohup.out) at the repository root, with the hub they belong in (the
handoff's Artifacts hub, or a fresh <initiative>/reports/<ISO8601Z>/hygiene/). The editor's
"Move Leftover Outputs into the Hub" command moves them.

Exit codes: 0 none, 1 leftovers found, 2 bad input.`,
  history: `planloop history [--since REF|DATE] [--row ID] [--initiative ID] [--json] [--cwd DIR]

What the loop did, from git: iterations newest first (a commit that changes the handoff starts
one; without a handoff each commit is one), each with its Do Now and, per commit, the rows that
changed state (from → to), the attempts added to the ledger with their outcome, and the hubs
created; what happened since the last handoff; and loop health (thrash, stall, flip-flop, drift;
thresholds in the "health" setting). Results are cached per commit in .git/planloop-history.json.
No git, a shallow clone or a detached HEAD are said in one line, never an error.

Options:
  --since REF|DATE  only the commits after REF, or from DATE (YYYY-MM-DD, UTC) on
  --row ID          only this row's changes, attempts that mention it, handoffs that name it
  --initiative ID   only this initiative
  --json            the stable HistoryReport, version 1 (see server/cli/README.md)`,
};

// Options each command accepts (besides --cwd and --help).
const ACCEPTS: Record<string, readonly string[]> = {
  status: ['initiative', 'json'],
  lint: ['json', 'max-warnings'],
  sync: ['write', 'json'],
  run: ['mapped-tests', 'plan', 'initiative', 'profile', 'yes'],
  hub: [],
  hygiene: ['json'],
  history: ['since', 'row', 'initiative', 'json'],
};

async function main(argv: string[]): Promise<number> {
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    allowPositionals: true,
    tokens: true,
    options: {
      cwd: { type: 'string' },
      json: { type: 'boolean' },
      write: { type: 'boolean' },
      initiative: { type: 'string' },
      'max-warnings': { type: 'string' },
      'mapped-tests': { type: 'boolean' },
      plan: { type: 'string' },
      since: { type: 'string' },
      row: { type: 'string' },
      profile: { type: 'string' },
      yes: { type: 'boolean', short: 'y' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.version) {
    process.stdout.write(`planloop ${VERSION}\n`);
    return 0;
  }
  if (command && !HELP[command]) throw new CliError(`unknown command '${command}' (try planloop --help)`);
  if (!command || values.help) {
    process.stdout.write(HELP[command ?? 'main'] + '\n');
    return 0;
  }
  for (const token of tokens ?? []) {
    if (token.kind === 'option' && token.name !== 'cwd' && !ACCEPTS[command].includes(token.name)) {
      throw new CliError(`${command} does not take ${token.rawName} (see planloop ${command} --help)`);
    }
  }
  const maxWarnings = values['max-warnings'] === undefined ? undefined : Number(values['max-warnings']);
  if (maxWarnings !== undefined && (!/^\d+$/.test(values['max-warnings'] ?? '') || !Number.isInteger(maxWarnings)))
    throw new CliError('--max-warnings takes a whole number');
  const extra = command === 'run' ? rest.slice(1) : command === 'hub' ? rest.slice(3) : rest;
  if (extra.length) throw new CliError(`unexpected argument '${extra[0]}' (see planloop ${command} --help)`);
  if (command === 'hub' && rest[0] !== 'new') throw new CliError('usage: planloop hub new <initiative> <phase>');
  const ctx = loadWorkspace(values.cwd);
  switch (command) {
    case 'status':
      return status(ctx, { initiative: values.initiative, json: values.json === true });
    case 'lint':
      return lint(ctx, { json: values.json === true, maxWarnings });
    case 'sync':
      return sync(ctx, { write: values.write === true, json: values.json === true });
    case 'run':
      return run(ctx, {
        row: rest[0],
        mappedTests: values['mapped-tests'] === true,
        plan: values.plan,
        initiative: values.initiative,
        profile: values.profile,
        yes: values.yes === true,
      });
    case 'hub':
      return hubNew(ctx, rest[1], rest[2]);
    case 'hygiene':
      return hygiene(ctx, { json: values.json === true });
    case 'history':
      return history(ctx, { since: values.since, row: values.row, initiative: values.initiative, json: values.json === true });
    default:
      throw new CliError(`unknown command '${command}'`);
  }
}

// `planloop status | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // One line, never a stack trace (PLANLOOP_DEBUG=1 shows it).
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`planloop: ${message.split('\n')[0]}\n`);
    if (process.env.PLANLOOP_DEBUG && error instanceof Error && !(error instanceof CliError)) process.stderr.write(`${error.stack}\n`);
    process.exitCode = error instanceof CliError ? error.exitCode : error instanceof SafeWriteError ? 1 : 2;
  },
);
