// A run from the Testing view: each row (or the Mapped tests) whose items were picked runs as a
// ▶ Run does — the same run plan, confirmation, task, hub, log, time and run record, so the row
// state and the ledger attempt follow the same way — with a JUnit XML report per pytest invocation.
// The log streams into the test run; outcomes per node ID come from the reports (the server reads
// them). Cancelling stops the task, and the run is recorded as interrupted.
import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { RunPlanRequest, TestResultsRequest, type TestNodeResult, type TestOutcome } from '../../server/protocol';
import { toRange } from '../convert';
import { confirmRun } from '../run/confirmRun';
import type { RunDeps } from '../run/runRow';
import { createRunTask, executeAndWait } from '../run/runTask';
import type { ItemData, RunUnit } from './testItems';

/** What a finished test run reported, per item (for tests of the extension). */
export interface TestRunReport {
  readonly profile: string;
  /** Everything appended to the run's output (CRLF line breaks, as VS Code wants them). */
  readonly output: string;
  readonly items: ReadonlyArray<{
    readonly id: string;
    readonly outcome: TestOutcome | 'cancelled' | 'not run';
    readonly messages: readonly string[];
  }>;
}

export interface TestRunDeps extends RunDeps {
  readonly controller: vscode.TestController;
  readonly data: WeakMap<vscode.TestItem, ItemData>;
}

/** The node items to run, by the unit that runs them, in the order they were picked. */
function unitsOf(request: vscode.TestRunRequest, deps: TestRunDeps): Map<string, { unit: RunUnit; nodes: vscode.TestItem[] }> {
  const excluded = new Set(request.exclude ?? []);
  const units = new Map<string, { unit: RunUnit; nodes: vscode.TestItem[] }>();
  const visit = (item: vscode.TestItem): void => {
    if (excluded.has(item)) return;
    const data = deps.data.get(item);
    if (data?.nodeId && data.unit) {
      const key = data.unit.kind === 'mapped' ? 'mapped' : `${data.unit.uri}#${data.unit.rowId}:${data.unit.line}`;
      const entry = units.get(key) ?? { unit: data.unit, nodes: [] };
      if (!entry.nodes.includes(item)) entry.nodes.push(item);
      units.set(key, entry);
      return;
    }
    item.children.forEach(visit);
  };
  if (request.include) request.include.forEach(visit);
  else deps.controller.items.forEach(visit);
  return units;
}

/**
 * Appends what is added to `file` from now on to the run, as it is written (the hub log is
 * appended to by every run of the row: earlier runs' lines are not this run's). VS Code's output
 * wants CRLF; a character split between two reads is decoded whole.
 */
function tail(file: string, append: (text: string) => void): { stop(): Promise<void> } {
  let offset = fs.existsSync(file) ? fs.statSync(file).size : 0;
  const decoder = new StringDecoder('utf8');
  let reading = Promise.resolve();
  const readOnce = async (): Promise<void> => {
    const handle = await fs.promises.open(file, 'r').catch(() => undefined);
    if (!handle) return;
    try {
      const { size } = await handle.stat();
      if (size <= offset) return;
      const buffer = Buffer.alloc(size - offset);
      await handle.read(buffer, 0, buffer.length, offset);
      offset = size;
      append(decoder.write(buffer).replace(/\r?\n/g, '\r\n'));
    } finally {
      await handle.close();
    }
  };
  // One read at a time; a failed read (the file replaced meanwhile) is retried at the next tick.
  const read = (): Promise<void> => (reading = reading.then(readOnce).catch(() => undefined));
  const timer = setInterval(() => void read(), 250);
  return {
    async stop() {
      clearInterval(timer);
      await read();
    },
  };
}

function messagesOf(result: TestNodeResult): vscode.TestMessage[] {
  return result.cases
    .filter((c) => c.outcome === 'failed' || c.outcome === 'error')
    .map((c) => {
      const text = [c.message, c.details].filter(Boolean).join('\n\n') || `${c.name}: ${c.outcome}`;
      const message =
        c.expected !== undefined && c.actual !== undefined
          ? vscode.TestMessage.diff(text, c.expected, c.actual)
          : new vscode.TestMessage(text);
      if (c.location) message.location = new vscode.Location(vscode.Uri.parse(c.location.uri), toRange(c.location.range));
      return message;
    });
}

type Outcome = TestRunReport['items'][number]['outcome'];

/** Reports an item's outcome (and, for a pass, its duration) to the test run, and records it in the run's report. */
type Finish = (item: vscode.TestItem, outcome: Outcome, messages?: vscode.TestMessage[], durationMs?: number) => void;

function finisher(run: vscode.TestRun, report: TestRunReport['items'][number][]): Finish {
  return (item, outcome, messages = [], durationMs) => {
    report.push({ id: item.id, outcome, messages: messages.map((m) => (typeof m.message === 'string' ? m.message : m.message.value)) });
    if (outcome === 'passed') run.passed(item, durationMs);
    else if (outcome === 'failed') run.failed(item, messages);
    else if (outcome === 'skipped' || outcome === 'cancelled') run.skipped(item);
    else run.errored(item, messages);
  };
}

async function runUnit(
  deps: TestRunDeps,
  run: vscode.TestRun,
  token: vscode.CancellationToken,
  profile: string,
  unit: RunUnit,
  nodes: readonly vscode.TestItem[],
  finish: Finish,
  append: (text: string) => void,
): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const nodeIds = nodes.map((n) => deps.data.get(n)!.nodeId!);
  const response = await deps.client.request(
    RunPlanRequest,
    unit.kind === 'row'
      ? { uri: unit.uri, rowId: unit.rowId, line: unit.line, profile, junit: true }
      : { mappedTests: true, profile, junit: true },
  );
  const plan = response.plan;
  if (!folder || !plan || plan.commands.length === 0) {
    const why = new vscode.TestMessage(`Plan Loop: ${response.error ?? `${unit.label} has no commands to run`}`);
    for (const node of nodes) finish(node, 'not run', [why]);
    return;
  }
  // The commands as the plan writes them are what a user approves (the reports' paths change per run).
  if (!(await confirmRun(deps.context, deps.config, plan.rowId, plan.asWritten ?? plan.commands)) || token.isCancellationRequested) {
    for (const node of nodes) finish(node, 'cancelled');
    return;
  }
  if (!plan.junitFiles?.length) {
    const why = new vscode.TestMessage(
      `Plan Loop: ${unit.label}'s commands run no pytest it can ask for a JUnit report (pytest, py.test or python -m pytest), so it cannot tell one test's outcome from another's.`,
    );
    for (const node of nodes) finish(node, 'not run', [why]);
    return;
  }
  // A report left by an earlier run into the same hub must not pass for this run's.
  // (Only inside the workspace: a command may name its own report anywhere.)
  for (const file of plan.junitFiles)
    if (!path.isAbsolute(file) && !file.split(/[\\/]/).includes('..')) fs.rmSync(path.join(folder.uri.fsPath, file), { force: true });
  for (const node of nodes) run.started(node);
  append(`Plan Loop: running ${unit.label} (${plan.profile}) → ${plan.logFile}\r\n`);
  deps.output.info(`Running ${plan.rowId} (${plan.profile}) from the Testing view → ${plan.logFile}\n  ${plan.commands.join('\n  ')}`);
  const log = tail(path.join(folder.uri.fsPath, plan.logFile), append);
  let outcome: Awaited<ReturnType<typeof executeAndWait>>;
  try {
    // RunRecorder writes the run record when the task's process ends, as for ▶ Run.
    outcome = await executeAndWait(createRunTask(folder, plan), token, (execution) => deps.recorder.markCancelled(execution));
  } finally {
    await log.stop();
  }
  if (outcome.cancelled) {
    for (const node of nodes) finish(node, 'cancelled');
    return;
  }
  const { results, problems } = await deps.client.request(TestResultsRequest, { junitFiles: plan.junitFiles, nodeIds });
  for (const [i, node] of nodes.entries()) {
    const result = results[i];
    if (!result?.outcome) {
      const why = [
        `pytest reported no result for ${nodeIds[i]} (exit code ${outcome.exitCode ?? 'unknown'}; see the log ${plan.logFile})`,
        ...problems,
      ];
      finish(node, 'error', [new vscode.TestMessage(why.join('\n'))]);
    } else {
      const seconds = result.cases.reduce((n, c) => n + (c.seconds ?? 0), 0);
      finish(node, result.outcome, messagesOf(result), seconds * 1000);
    }
  }
}

/** Runs the picked items with `profile` (a planloop.profiles name). */
export async function runTests(
  deps: TestRunDeps,
  request: vscode.TestRunRequest,
  token: vscode.CancellationToken,
  profile: string,
): Promise<TestRunReport> {
  const run = deps.controller.createTestRun(request, `Plan Loop (${profile})`);
  const report: TestRunReport['items'][number][] = [];
  const output: string[] = [];
  const append = (text: string): void => {
    output.push(text);
    run.appendOutput(text);
  };
  const finish = finisher(run, report);
  try {
    const units = unitsOf(request, deps);
    for (const { nodes } of units.values()) for (const node of nodes) run.enqueued(node);
    for (const { unit, nodes } of units.values()) {
      if (token.isCancellationRequested) {
        for (const node of nodes) finish(node, 'cancelled');
        continue;
      }
      try {
        await runUnit(deps, run, token, profile, unit, nodes, finish, append);
      } catch (error) {
        // The server went away or refused: this unit's tests say so; the others still run.
        const why = new vscode.TestMessage(
          `Plan Loop could not run ${unit.label}: ${error instanceof Error ? error.message : String(error)}`,
        );
        for (const node of nodes) finish(node, 'error', [why]);
      }
    }
  } finally {
    run.end();
  }
  return { profile, output: output.join(''), items: report };
}
