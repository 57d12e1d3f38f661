// The loop families Plan Loop reads, and how each is named to a person. The one owner of that
// vocabulary: discovery (parse/family.ts), `planloop status` and the views read it here.
export const LOOP_FAMILIES = ['handoff-loop', 'superpowers', 'spec-kit', 'kiro', 'ralph', 'backlog', 'checklist'] as const;

export type LoopFamily = (typeof LOOP_FAMILIES)[number];

/** How status lines and views name a family's files ("superpowers plans: 268"). */
export const FAMILY_LABELS: Readonly<Record<LoopFamily, string>> = {
  'handoff-loop': 'handoff loop',
  superpowers: 'superpowers plans',
  'spec-kit': 'spec-kit tasks',
  kiro: 'Kiro specs',
  ralph: 'Ralph plans',
  backlog: 'backlog items',
  checklist: 'checklist plans',
};

/** What discovery looks for, per family: said when nothing is found. */
export const FAMILY_SHAPES: Readonly<Record<LoopFamily, string>> = {
  'handoff-loop': 'input.md handoffs, docs/fix_plan.md ledgers, plans/active/<ID>/ plans',
  superpowers: 'docs/superpowers/plans/*.md or docs/plans/*.md with "### Task N" over "- [ ] **Step N: …**"',
  'spec-kit': 'specs/<NNN-feature>/tasks.md with "- [ ] T001 …" items',
  kiro: '.kiro/specs/<name>/tasks.md with "- [ ] 1. …" / "- [ ] 1.1 …" items',
  ralph: '@fix_plan.md, fix_plan.md, IMPLEMENTATION_PLAN.md or a PROMPT.md task list',
  backlog: 'backlog/tasks/task-N - Title.md items with "status:" front matter',
  checklist: 'any other Markdown file with checklist rows under plan-like headings, or a table with a State column',
};

/**
 * Hidden folders a loop family writes its files in: discovery walks into these and no other
 * hidden folder (`.git`, `.cache`, `.idea` hold no loop).
 */
export const FAMILY_HIDDEN_FOLDERS: ReadonlySet<string> = new Set(['.kiro', '.ralph', '.copilot-tracking']);
