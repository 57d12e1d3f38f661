// Writes the run record (and, on failure, blocker.md) into the hub, through vscode.workspace.fs.
import * as vscode from 'vscode';
import type { RunPlan } from '../../server/protocol';
import type { TaskOutcome } from './runTask';
import { isRunRecordName, runRecordName, RUNNING_MARKER } from '../../server/core/run/runRecord';

const LOG_TAIL_LINES = 40;

async function readText(uri: vscode.Uri): Promise<string> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return '';
  }
}

/** Returns the record's workspace-relative path. */
export async function writeRunRecord(folder: vscode.WorkspaceFolder, plan: RunPlan, outcome: TaskOutcome): Promise<string> {
  const hub = vscode.Uri.joinPath(folder.uri, plan.hubDir);
  await vscode.workspace.fs.createDirectory(hub);
  // Evidence is what this run wrote: files in the hub touched since it started.
  const files: string[] = [];
  for (const [name, type] of await vscode.workspace.fs.readDirectory(hub)) {
    if (type !== vscode.FileType.File) continue;
    const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(hub, name));
    if (stat.mtime >= outcome.startedAt.getTime()) files.push(`${plan.hubDir.replace(/\/$/, '')}/${name}`);
  }
  const outcomeName = outcome.cancelled
    ? 'interrupted'
    : outcome.exitCode === 0
      ? 'passed'
      : outcome.exitCode === undefined
        ? 'error'
        : 'failed';
  const log = await readText(vscode.Uri.joinPath(folder.uri, plan.logFile));
  // The shell's own line names the missing program: `bash: ./x.sh: No such file or directory`.
  const notFound = /^.*(?:command not found|No such file or directory|Permission denied)\s*$/m.exec(log);
  const record = {
    version: 1,
    rowId: plan.rowId,
    planPath: plan.planPath,
    initiativeId: plan.initiativeId,
    phaseId: plan.phaseId,
    commands: plan.commands,
    profile: plan.profile,
    env: plan.effectiveEnv,
    startedAt: outcome.startedAt.toISOString(),
    durationMs: outcome.durationMs,
    exitCode: outcome.exitCode ?? null,
    outcome: outcomeName,
    message: notFound && outcome.exitCode !== 0 ? `command failed: ${notFound[0].trim()}` : undefined,
    log: plan.logFile,
    artifacts: files.filter((f) => !isRunRecordName(f.slice(f.lastIndexOf('/') + 1)) && !f.endsWith(RUNNING_MARKER)),
  };
  const recordPath = `${plan.hubDir.replace(/\/$/, '')}/${runRecordName(plan.rowId)}`;
  await vscode.workspace.fs.writeFile(
    vscode.Uri.joinPath(folder.uri, recordPath),
    new TextEncoder().encode(JSON.stringify(record, null, 2) + '\n'),
  );
  if (outcomeName !== 'passed') {
    const tail = log.split(/\r?\n/).slice(-LOG_TAIL_LINES).join('\n');
    const blocker = [
      `# Blocker: ${plan.rowId} ${outcomeName}`,
      '',
      `- When: ${record.startedAt}`,
      `- Exit code: ${record.exitCode ?? 'none (interrupted or killed)'}`,
      `- Profile: ${plan.profile} (${Object.entries(plan.effectiveEnv)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(' ')})`,
      `- Log: \`${plan.logFile}\``,
      '',
      '## Commands',
      '',
      '```sh',
      ...plan.commands,
      '```',
      '',
      `## Log tail (last ${LOG_TAIL_LINES} lines)`,
      '',
      '```',
      tail,
      '```',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(hub, 'blocker.md'), new TextEncoder().encode(blocker));
  }
  return recordPath;
}
