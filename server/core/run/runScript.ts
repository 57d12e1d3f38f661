// A run's shell text, for both hosts. `runLog` gives the lines every run announces in its log (the
// profile's environment, then `$ command` before each command): `planloop run` writes them as it
// runs command by command, and `buildRunScript` makes them part of the one shell line an editor
// task executes. Paths are quoted with shell-quote; the commands themselves are shell text taken
// verbatim from the plan (that is what the plan asks to run), joined so the first failure stops
// the sequence and every byte of output is tee'd into the hub log.
import { quote } from 'shell-quote';
import { commandLogLine } from './runRecord';

export interface RunScript {
  /** Hub directory, relative to the workspace folder. */
  readonly hubDir: string;
  /** Log file, relative to the workspace folder. */
  readonly logFile: string;
  readonly commands: readonly string[];
  /** The profile's environment as shell text (`export CUDA_VISIBLE_DEVICES=""`), or ''. */
  readonly envExport?: string;
  /** Use /usr/bin/time -p for timing when the host has it. */
  readonly timeBinary?: string;
  /** Where /usr/bin/time writes its report (relative to the workspace folder). */
  readonly timeFile?: string;
}

/** What a run writes into its log before it starts (the environment it sets, so the mask is seen). */
export function runLogHead(run: Pick<RunScript, 'envExport'>): string[] {
  return run.envExport ? [commandLogLine(run.envExport)] : [];
}

/** The one shell line an editor task executes for a run. */
export function buildRunScript(script: RunScript): string {
  // Each command ends at a line break, not ` ; }`: a trailing `# comment` or a heredoc's closing
  // word would swallow a closing brace written on the same line.
  const print = (line: string): string => `printf '%s\\n' ${quote([line])}`;
  const body = [
    ...runLogHead(script).map(print),
    ...script.commands.map((c) => `${print(commandLogLine(c))} && { ${c.trim().replace(/[;&\s]+$/, '')}\n}`),
  ].join(' && ');
  const inner =
    script.timeBinary && script.timeFile
      ? `${quote([script.timeBinary, '-p', '-o', script.timeFile, 'bash', '-o', 'pipefail', '-c', body])}`
      : `bash -o pipefail -c ${quote([body])}`;
  const env = script.envExport ? `${script.envExport} && ` : '';
  return `${env}mkdir -p ${quote([script.hubDir])} && set -o pipefail && ${inner} 2>&1 | tee -a ${quote([script.logFile])}`;
}
