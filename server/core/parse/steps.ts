// The body of a superpowers step: the lines after `- [ ] **Step N: …**`'s own text, in the item
// or below it, up to the next row or heading. Its commands (a `Run:` line's code spans, a shell
// fence, a fence with no language that the step asks to run or that an `Expected:` line follows)
// are what `▶ Run N.M` runs, and
// its `Expected:` line says whether the run should pass or fail (a TDD red step fails on purpose).
import type { ExpectedOutcome, ShellCommand } from '../model/model';
import { exact } from '../model/compact';
import { findCodeSpans } from './inline';

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})[ \t]*([^\s`]*)/;
const SHELL_FENCE = /^(?:bash|sh|shell|console|zsh|fish|shellsession|terminal)$/i;
// `Run: …`, `**Run:**`, `- Run:` (the line may hold the command or introduce a fence or a list).
const RUN_LABEL = /^[ \t]*(?:[-*+][ \t]+)?(?:\*\*)?(?:Run|Command|Commands|运行|執行|执行)(?:\*\*)?[ \t]*[:：](?:\*\*)?/i;
// A line that ends asking to run what comes next: `… and run:`, `Then run:`.
const RUN_ASKED = /\brun(?:\s+(?:it|this|them|the following))?\s*[:：]\s*$/i;
const EXPECTED_LABEL = /^[ \t]*(?:[-*+][ \t]+)?(?:\*\*)?Expected(?:\*\*)?[ \t]*[:：](?:\*\*)?[ \t]*(.*)$/i;
const SAYS_FAIL = /^[\W_]*(?:fail(?:s|ed|ing|ures?)?\b|errors?\b|red\b|失败|报错|不通过)/i;
const SAYS_PASS = /^[\W_]*(?:pass(?:es|ed|ing)?\b|green\b|succe(?:ss|eds?)\b|ok\b|all\b.*\bpass|通过|成功)/i;

export interface StepBody {
  readonly commands: readonly ShellCommand[];
  readonly expected?: ExpectedOutcome;
}

/** What an `Expected:` text says: a run that fails, one that passes, or neither (a description). */
export function expectedOutcomeOf(text: string): ExpectedOutcome['outcome'] | undefined {
  if (SAYS_FAIL.test(text)) return 'fail';
  if (SAYS_PASS.test(text)) return 'pass';
  return undefined;
}

// A step whose title says it should fail: `Run the tests and verify they fail`, `运行测试确认失败`.
const TITLE_SAYS_FAIL = /\b(?:verify|confirm|check|ensure|see|watch|expect)\b[^.;]*\bfail|确认失败|確認失敗|验证失败/i;

/** The outcome a step's title asks for, when it has no `Expected:` line that says. */
export function expectedFromTitle(title: string): ExpectedOutcome | undefined {
  return TITLE_SAYS_FAIL.test(title) ? { outcome: 'fail', text: title } : undefined;
}

/**
 * Reads `src[start, end)`: the commands under `Run:` (its code spans, the list under it, the fence
 * after it) and in shell fences, and the first `Expected:` line that says pass or fail. Offsets
 * are absolute in `src`. One pass over the lines.
 */
export function readStepBody(src: string, start: number, end: number): StepBody {
  const commands: ShellCommand[] = [];
  let expected: ExpectedOutcome | undefined;
  let fence: { marker: string; shell: boolean; bare: boolean; from: number; indent: number } | undefined;
  let afterRun = false; // the lines after a `Run:` label, until a blank line or other text
  // The last text line ends asking to run what follows (`… and run:`); the step's own text counts.
  let runAsked = RUN_ASKED.test(src.slice(src.lastIndexOf('\n', start - 1) + 1, start));
  // A fence with no language, closed, waiting to see whether an `Expected:` line follows it.
  let bare: { from: number; to: number; indent: number } | undefined;
  let at = start;
  while (at < end) {
    let lineEnd = src.indexOf('\n', at);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    const line = src.slice(at, lineEnd).replace(/\r$/, '');
    if (fence) {
      const close = FENCE_OPEN.exec(line);
      if (close && close[1][0] === fence.marker[0] && close[1].length >= fence.marker.length && !close[2]) {
        if (fence.shell) pushScript(commands, src, fence.from, at, fence.indent);
        else if (fence.bare) bare = { from: fence.from, to: at, indent: fence.indent };
        fence = undefined;
      }
    } else {
      const open = FENCE_OPEN.exec(line);
      // A fence with no language is what the step runs when the line before asks to run it or
      // an `Expected:` line right after it says what running it gives.
      if (line.trim() && !EXPECTED_LABEL.test(line)) bare = undefined;
      if (open) {
        const shell = SHELL_FENCE.test(open[2]) || ((afterRun || runAsked) && !open[2]);
        fence = { marker: open[1], shell, bare: !open[2], from: lineEnd + 1, indent: line.length - line.trimStart().length };
        afterRun = false;
        runAsked = false;
      } else if (RUN_LABEL.test(line) || (afterRun && /^[ \t]*[-*+][ \t]/.test(line))) {
        for (const span of findCodeSpans(line, at)) {
          const text = span.value.trim();
          if (text) commands.push({ text, span: { start: span.contentStart, end: span.contentStart + span.value.length } });
        }
        afterRun = true;
      } else {
        if (bare && EXPECTED_LABEL.test(line)) {
          pushScript(commands, src, bare.from, bare.to, bare.indent);
          bare = undefined;
        }
        const said = expected ? null : EXPECTED_LABEL.exec(line);
        const outcome = said ? expectedOutcomeOf(said[1]) : undefined;
        if (said && outcome) expected = { outcome, text: said[1].trim() };
        if (line.trim()) {
          afterRun = false;
          runAsked = RUN_ASKED.test(line);
        }
      }
    }
    at = lineEnd + 1;
  }
  return { commands: exact(commands), expected };
}

/**
 * A shell fence's body as one command (comment-only and blank lines at its edges left out), less
 * the fence's own indentation (a fence inside a list item is indented with it).
 */
function pushScript(commands: ShellCommand[], src: string, from: number, to: number, indent = 0): void {
  const lines = src.slice(from, to).split('\n');
  let first = 0;
  let last = lines.length - 1;
  const idle = (l: string): boolean => /^\s*(?:#.*)?\r?$/.test(l);
  while (first <= last && idle(lines[first])) first++;
  while (last >= first && idle(lines[last])) last--;
  if (first > last) return;
  const start = from + lines.slice(0, first).reduce((n, l) => n + l.length + 1, 0);
  const text = lines
    .slice(first, last + 1)
    .map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length)))
    .join('\n')
    .replace(/\r$/gm, '');
  commands.push({ text, span: { start, end: start + lines.slice(first, last + 1).join('\n').length } });
}
