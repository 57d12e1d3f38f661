// blocker.md: what a run that did not pass leaves in its hub. One format, written by the editor and
// the CLI alike (through recordRun), so the same run reads the same wherever it ran.

export const BLOCKER_NAME = 'blocker.md';

/** Lines of log the blocker keeps when the log holds no recognisable error lines. */
const TAIL_LINES = 40;
/** An excerpt never grows past this many lines (the newest are kept). */
const MAX_EXCERPT_LINES = 120;

const SUMMARY_START = /^=+ short test summary info =+\s*$/;
/** pytest's closing line: `==== 1 failed, 2 passed in 0.12s ====`. */
const PYTEST_TOTALS = /^=+ .*\b(?:failed|passed|errors?|skipped|no tests ran)\b.* =+\s*$/;
const ERROR_LINE = /^E {2,}|^E$/;
/** The location pytest prints after an error block: `tests/test_x.py:12: AssertionError`. */
const ERROR_LOCATION = /^[\w./\\-]+:\d+: \w/;
const RESULT_LINE = /^(?:FAILED|ERROR)\b/;
const SHELL_ERROR = /(?:command not found|No such file or directory|Permission denied)\s*$/;
const TRACEBACK = /^Traceback \(most recent call last\):\s*$/;
const FRAME = /^\s+File "/;

/**
 * The log lines that say what went wrong: pytest's short test summary, its `E   …` error blocks
 * (with the location line after each), FAILED/ERROR lines, each traceback's last frame and its
 * exception, shell errors, and pytest's totals. Gaps are marked `…`; a line repeated is kept once
 * with its count (`(×81)`). A log without any of these
 * gives its last lines instead.
 */
export function logExcerpt(log: string): { kind: 'errors' | 'tail'; text: string } {
  const lines = log.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  const keep = new Set<number>();
  let inSummary = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (SUMMARY_START.test(line)) {
      inSummary = true;
      keep.add(i);
      continue;
    }
    if (inSummary) {
      keep.add(i);
      if (/^=+ .* =+\s*$/.test(line)) inSummary = false;
      continue;
    }
    if (ERROR_LINE.test(line)) {
      keep.add(i);
      // pytest prints the location after the block, often after one blank line.
      for (const j of [i + 1, i + 2]) if (j < lines.length && ERROR_LOCATION.test(lines[j])) keep.add(j);
    } else if (RESULT_LINE.test(line) || SHELL_ERROR.test(line) || PYTEST_TOTALS.test(line)) {
      keep.add(i);
    } else if (TRACEBACK.test(line)) {
      i = keepTracebackEnd(lines, i, keep);
    }
  }
  if (keep.size === 0) return { kind: 'tail', text: lines.slice(-TAIL_LINES).join('\n') };
  // The same error line repeated (one import error for every test file) is kept once, with a count.
  const times = new Map<string, number>();
  for (const n of keep) times.set(lines[n], (times.get(lines[n]) ?? 0) + 1);
  const firsts = new Set<string>();
  const chosen = [...keep]
    .sort((a, b) => a - b)
    .filter((n) => (lines[n].trim() === '' || !firsts.has(lines[n])) && !!firsts.add(lines[n]))
    .slice(-MAX_EXCERPT_LINES);
  const out: string[] = [];
  chosen.forEach((n, k) => {
    if (k > 0 && n !== chosen[k - 1] + 1 && out[out.length - 1] !== '…') out.push('…');
    const count = lines[n].trim() === '' ? 1 : (times.get(lines[n]) ?? 1);
    out.push(count > 1 ? `${lines[n]}  (×${count})` : lines[n]);
  });
  return { kind: 'errors', text: out.join('\n') };
}

/** Keeps a traceback's header, its last frame (with the source line) and the exception; returns the last index read. */
function keepTracebackEnd(lines: readonly string[], start: number, keep: Set<number>): number {
  keep.add(start);
  let lastFrame = -1;
  let i = start + 1;
  for (; i < lines.length && /^\s/.test(lines[i]); i++) if (FRAME.test(lines[i])) lastFrame = i;
  if (lastFrame >= 0) for (let j = lastFrame; j < i; j++) keep.add(j);
  // The exception: the first unindented line after the frames.
  if (i < lines.length && lines[i].trim() !== '') keep.add(i);
  return i;
}

export interface BlockerFacts {
  readonly rowId: string;
  readonly outcome: string;
  readonly startedAt: string;
  readonly exitCode: number | null;
  readonly failedCommand?: string;
  readonly message?: string;
  readonly profile: string;
  readonly env: Readonly<Record<string, string>>;
  readonly log: string;
  readonly commands: readonly string[];
}

/** The text of blocker.md for a run that did not pass. */
export function blockerText(facts: BlockerFacts, log: string): string {
  const env = Object.entries(facts.env)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
  const excerpt = logExcerpt(log);
  const commands = facts.commands.join('\n');
  return [
    `# Blocker: ${facts.rowId} ${facts.outcome}`,
    '',
    `- When: ${facts.startedAt}`,
    ...(facts.failedCommand ? [`- Command: \`${facts.failedCommand.replace(/\s*\n\s*/g, ' ')}\``] : []),
    `- Exit code: ${facts.exitCode ?? 'none (interrupted or killed)'}`,
    ...(facts.message ? [`- Reason: ${facts.message}`] : []),
    `- Profile: ${facts.profile}${env ? ` (${env})` : ''}`,
    `- Log: \`${facts.log}\``,
    '',
    '## Commands',
    '',
    fenceFor(commands) + 'sh',
    commands,
    fenceFor(commands),
    '',
    excerpt.kind === 'errors' ? '## Errors (from the log)' : `## Log tail (last ${TAIL_LINES} lines)`,
    '',
    fenceFor(excerpt.text),
    excerpt.text,
    fenceFor(excerpt.text),
    '',
  ].join('\n');
}

/** A backtick fence longer than any run of backticks in the text, so the text cannot close it. */
function fenceFor(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(Math.max(3, longest + 1));
}
