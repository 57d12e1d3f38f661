// Which loop file a Markdown file is, and of which family: first by where it lives (the places
// each family's tools write), then by what it holds. Host-free and linear: a few anchored line
// tests over at most the first SNIFF_CHARS of the text.
import type { DocumentKind } from '../model/model';
import type { LoopFamily } from '../model/families';
import { ITERATION_LINE } from './ledger';

export interface LoopFile {
  readonly kind: DocumentKind;
  readonly family: LoopFamily;
}

/** How much of a file the content test reads: the shapes it looks for show early. */
export const SNIFF_CHARS = 256 * 1024;

// Files that talk about plans without being one: docs of the project or of its tools, templates.
const NOT_LOOP_FILE =
  /^(?:readme|changelog|changes|history|contributing|code_of_conduct|security|license|licence|skill|claude|agents|gemini|copilot-instructions)(?:\.[\w-]+)?\.md$|template/i;

/** The family a path alone names, with its kind; undefined where the text must decide. */
export function loopFileOfPath(relPath: string): LoopFile | undefined {
  const path = relPath.replace(/\\/g, '/');
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (!/\.md$/i.test(base)) return undefined;
  // The handoff is the root's `input.md` (planloop.handoff names another); a nested one is a test
  // case's or a tool's input, judged by its text.
  if (/^input\.md$/i.test(path)) return { kind: 'handoff', family: 'handoff-loop' };
  // Ralph's fix list is the loop's plan: prioritized task items, no initiatives (its text may still make it a line-form ledger).
  if (/^@fix_plan\.md$/i.test(base) || /(?:^|\/)\.ralph\/fix_plan\.md$/i.test(path)) return { kind: 'plan', family: 'ralph' };
  if (/fix_plan/i.test(base)) return { kind: 'ledger', family: 'handoff-loop' };
  if (/(?:^|\/)\.kiro\/specs\/[^/]+\/tasks\.md$/i.test(path)) return { kind: 'plan', family: 'kiro' };
  if (/(?:^|\/)specs\/[^/]+\/tasks\.md$/i.test(path)) return { kind: 'plan', family: 'spec-kit' };
  if (/(?:^|\/)docs\/superpowers\/plans\/[^/]+\.md$/i.test(path)) return { kind: 'plan', family: 'superpowers' };
  if (/(?:^|\/)backlog\/(?:tasks|completed|drafts|archive\/tasks)\/task-[^/]*\.md$/i.test(path)) return { kind: 'plan', family: 'backlog' };
  if (/^implementation_plan\.md$/i.test(base)) return { kind: 'plan', family: 'ralph' };
  if (/(?:^|\/)plans\/(?:active|archive|archived|examples)\//.test(path)) return { kind: 'plan', family: 'handoff-loop' };
  // A `plans/` folder at the root holds plans, whatever their shape (what `plans/**` always meant here).
  if (/^plans\//.test(path)) return { kind: 'plan', family: 'handoff-loop' };
  return undefined;
}

const SUPERPOWERS_TASK = /^#{2,3}[ \t]+Task[ \t]+[A-Z]?\d+\b/m;
const SUPERPOWERS_STEP = /^[ \t]*(?:[-*+][ \t]+\[[ xX]\][ \t]+)?\*\*Step[ \t]+\d+/m;
// The writing-plans header: "REQUIRED SUB-SKILL: Use superpowers:executing-plans …" (steps may be prose).
const SUPERPOWERS_HEADER = /\bsuperpowers:(?:executing-plans|subagent-driven-development)\b/;
const SPEC_KIT_ITEM = /^[ \t]*[-*+][ \t]+\[[^\]\n]{0,6}\][ \t]+T\d{3}\b/gm;
const KIRO_ITEM = /^[ \t]*[-*+][ \t]+\[[^\]\n]{0,6}\]\*?[ \t]+\d+(?:\.\d+)*\.?[ \t]/m;
const KIRO_REQUIREMENTS = /^[ \t]*[-*+]?[ \t]*_(?:Requirements?|Boundary|Depends)[:：]/m;
const RALPH_SECTIONS = /^#[ \t]+Ralph\b|^##[ \t]+(?:\W+[ \t]*)?(?:High|Medium|Low(?:er)?)[ \t]+Priority\b/im;
// Backlog.md's front matter: `id: task-18` / `id: TASK-18` and a `status:` line.
const BACKLOG_FRONT_MATTER = /^---\r?\n(?:[^\n]*\n){0,40}?id:[ \t]*['"]?task-[^\n]*\n(?:[^\n]*\n){0,40}?---/i;
// A handoff loop's ledger: initiative headings `### [ID] Title`, `Working Plan` / `Attempts History` fields.
const HANDOFF_LEDGER = /^#{2,4}[ \t]+\[[^\]\n]+\]|Working Plans?\b|Attempts History|\bInitiatives?\b/m;
const TASK_ITEM = /^[ \t]*(?:[-*+]|\d+[.)])[ \t]+\[[^\]\n]{0,6}\]\*?(?:[ \t]|$)/gm;
const HEADING = /^ {0,3}#{1,6}[ \t]+\S/m;
// Phases whose heading carries the state: `### [X] Phase 9: …`.
const STATE_HEADING = /^ {0,3}#{2,6}[ \t]+\[[^\]\n]{0,6}\][ \t]+\S/gm;
// A checklist pasted as whitespace-aligned text: `  3.A.1    Re-read plan.md …    [ ]`.
const ALIGNED_ITEM = /^[ \t]*\d+(?:\.[A-Za-z0-9]+)+[ \t]{2,}\S[^\n]*?[ \t]{2,}\[[^\]\n]{0,6}\](?:[ \t]|$)/gm;
// A table cell that holds only a state: `[x]`, `` `[ ]` ``, ✅, ⬜, DONE, TODO.
const STATE_CELL = /^ {0,3}\|(?:.*\|)?[ \t]*(?:`?\[[^\]\n]{0,6}\]`?|✅|✔️?|☑️?|⬜|⏳|🔄|❌|DONE|TODO|Done|Todo)[ \t]*\|/gm;

/**
 * The loop family of a file that its path does not name (or names loosely), from its text:
 * undefined when it holds no loop. A checklist counts only with plan-like structure: task items
 * under a heading, or a table with an ID and a State column.
 */
export function loopFileOfText(relPath: string, text: string): LoopFile | undefined {
  const base = relPath.slice(relPath.lastIndexOf('/') + 1);
  if (NOT_LOOP_FILE.test(base)) return undefined;
  const head = sniff(text);
  if (countAtLeast(ITERATION_LINE, head, 2)) return { kind: 'ledger', family: 'ralph' };
  const items = countAtLeast(TASK_ITEM, head, 3);
  // Ralph's PROMPT.md may be the task list itself, in any row shape.
  if (items && /^prompt\.md$/i.test(base)) return { kind: 'plan', family: 'ralph' };
  if (SUPERPOWERS_TASK.test(head) && (SUPERPOWERS_STEP.test(head) || SUPERPOWERS_HEADER.test(head)))
    return { kind: 'plan', family: 'superpowers' };
  if (countAtLeast(SPEC_KIT_ITEM, head, 2)) return { kind: 'plan', family: 'spec-kit' };
  if (KIRO_ITEM.test(head) && KIRO_REQUIREMENTS.test(head)) return { kind: 'plan', family: 'kiro' };
  if (items && RALPH_SECTIONS.test(head)) return { kind: 'plan', family: 'ralph' };
  if (BACKLOG_FRONT_MATTER.test(head) && countAtLeast(TASK_ITEM, head, 1)) return { kind: 'plan', family: 'backlog' };
  if (
    (items && HEADING.test(head)) ||
    countAtLeast(STATE_CELL, head, 2) ||
    countAtLeast(STATE_HEADING, head, 2) ||
    countAtLeast(ALIGNED_ITEM, head, 3)
  )
    return { kind: 'plan', family: 'checklist' };
  return undefined;
}

/**
 * The loop file a path and its text make: the path's family where it names one, else the text's.
 * `IMPLEMENTATION_PLAN.md` is Ralph's name but superpowers plans use it too: there the text may
 * say superpowers.
 */
export function loopFileOf(relPath: string, text: string): LoopFile | undefined {
  const byPath = loopFileOfPath(relPath);
  if (!byPath) return loopFileOfText(relPath, text) ?? namedPlan(relPath, text);
  if (byPath.kind === 'ledger' && byPath.family === 'handoff-loop') return fixPlanFile(text);
  if (byPath.family === 'ralph' && /fix_plan/i.test(relPath)) return fixPlanFile(text, 'ralph');
  if (
    byPath.family === 'ralph' &&
    /(?:^|\/)implementation_plan\.md$/i.test(relPath) &&
    loopFileOfText(relPath, text)?.family === 'superpowers'
  )
    return { kind: 'plan', family: 'superpowers' };
  return byPath;
}

// Names that say plan: `plan.md`, `implementation.md`, `*checklist*.md`.
const PLAN_NAME = /^(?:plan|implementation)\.md$|checklist[^/]*\.md$/i;

/** A file whose name says plan is one as soon as it holds a single row: a task item or a state cell. */
function namedPlan(relPath: string, text: string): LoopFile | undefined {
  if (!PLAN_NAME.test(relPath.slice(relPath.lastIndexOf('/') + 1))) return undefined;
  const head = sniff(text);
  return countAtLeast(TASK_ITEM, head, 1) || countAtLeast(STATE_CELL, head, 1) ? { kind: 'plan', family: 'checklist' } : undefined;
}

/**
 * What a `fix_plan.md` is, from its text. A handoff loop's ledger (initiatives, attempts) or a
 * line-form ledger (`iter N | …` lines) is a ledger; a Ralph fix list — prioritized task items
 * under `## Priority 1` / `## Phase 1 — …` and no initiative — is the loop's plan: its items are
 * rows to tick and run, so it is read as one (as a ledger it would show no row anywhere).
 */
export function fixPlanFile(text: string, family?: 'ralph'): LoopFile {
  const head = sniff(text);
  if (countAtLeast(ITERATION_LINE, head, 2)) return { kind: 'ledger', family: 'ralph' };
  // No initiative and at least one task item: Ralph's fix list (`fix_plan.md` was Ralph's name before `@fix_plan.md`).
  if (family === 'ralph' || (!HANDOFF_LEDGER.test(head) && countAtLeast(TASK_ITEM, head, 1))) return { kind: 'plan', family: 'ralph' };
  return { kind: 'ledger', family: 'handoff-loop' };
}

/** The head of a file that its family is judged by (the first SNIFF_CHARS characters). */
function sniff(text: string): string {
  return text.length > SNIFF_CHARS ? text.slice(0, SNIFF_CHARS) : text;
}

/** Whether `re` (global) matches at least `n` times in `text`; stops at the n-th match. */
function countAtLeast(re: RegExp, text: string, n: number): boolean {
  re.lastIndex = 0;
  let count = 0;
  while (re.exec(text)) if (++count >= n) return true;
  return false;
}
