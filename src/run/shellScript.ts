// Builds the shell line a run executes. Paths are quoted with shell-quote; the commands themselves
// are shell text taken verbatim from the plan (that is what the plan asks to run), joined so the
// first failure stops the sequence and every byte of output is tee'd into the hub log. The profile's
// environment leads the line and is the run's first output line (so the mask is seen), and each
// command is announced by a `$ command` line, as `planloop run` writes its log.
import { quote } from 'shell-quote';
import { commandLogLine } from '../../server/core/run/runRecord';

export interface RunScript {
  /** Hub directory, relative to the workspace folder. */
  readonly hubDir: string;
  /** Log file, relative to the workspace folder. */
  readonly logFile: string;
  readonly commands: readonly string[];
  /** The profile's environment as shell text (`export CUDA_VISIBLE_DEVICES=""`, from the server), or ''. */
  readonly envExport?: string;
  /** Use /usr/bin/time -p for timing when the host has it. */
  readonly timeBinary?: string;
  /** Where /usr/bin/time writes its report (relative to the workspace folder). */
  readonly timeFile?: string;
}

export function buildRunScript(script: RunScript): string {
  // Each command ends at a line break, not ` ; }`: a trailing `# comment` or a heredoc's closing
  // word would swallow a closing brace written on the same line.
  const announce = (line: string): string => `printf '%s\\n' ${quote([commandLogLine(line)])}`;
  const body = [
    ...(script.envExport ? [announce(script.envExport)] : []),
    ...script.commands.map((c) => `${announce(c)} && { ${c.trim().replace(/[;&\s]+$/, '')}\n}`),
  ].join(' && ');
  const inner =
    script.timeBinary && script.timeFile
      ? `${quote([script.timeBinary, '-p', '-o', script.timeFile, 'bash', '-o', 'pipefail', '-c', body])}`
      : `bash -o pipefail -c ${quote([body])}`;
  const env = script.envExport ? `${script.envExport} && ` : '';
  return `${env}mkdir -p ${quote([script.hubDir])} && set -o pipefail && ${inner} 2>&1 | tee -a ${quote([script.logFile])}`;
}
