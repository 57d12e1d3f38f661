// What discovery found, per loop family ("superpowers plans: 268 · handoff loop: 1 ledger, 63 plans"),
// and, when it found nothing, what it looked for. Shared by `planloop status` and the Plans view.
import { FAMILY_LABELS, FAMILY_SHAPES, LOOP_FAMILIES, type LoopFamily } from '../model/families';
import type { WorkspaceIndex } from '../index/workspace';

export interface FamilyCount {
  family: LoopFamily;
  /** How people call the family's files (FAMILY_LABELS). */
  label: string;
  plans: number;
  ledgers: number;
  handoffs: number;
}

/** The indexed files per loop family, in LOOP_FAMILIES order; families with no file are left out. */
export function familyCounts(index: WorkspaceIndex): FamilyCount[] {
  const counts = new Map<LoopFamily, FamilyCount>();
  for (const doc of index.all()) {
    let count = counts.get(doc.family);
    if (!count)
      counts.set(doc.family, (count = { family: doc.family, label: FAMILY_LABELS[doc.family], plans: 0, ledgers: 0, handoffs: 0 }));
    if (doc.kind === 'plan') count.plans++;
    else if (doc.kind === 'ledger') count.ledgers++;
    else count.handoffs++;
  }
  return LOOP_FAMILIES.flatMap((family) => counts.get(family) ?? []);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One line: `superpowers plans: 268 · handoff loop: 1 ledger, 63 plans, 1 handoff`; '' when nothing was found. */
export function foundSummary(counts: readonly FamilyCount[]): string {
  return counts
    .map((c) => {
      // A family of plans only is counted under its own label ("superpowers plans: 268").
      if (c.ledgers === 0 && c.handoffs === 0) return `${c.label}: ${c.plans}`;
      const parts = [
        c.ledgers && plural(c.ledgers, 'ledger'),
        c.plans && plural(c.plans, 'plan'),
        c.handoffs && plural(c.handoffs, 'handoff'),
      ];
      return `${c.label}: ${parts.filter(Boolean).join(', ')}`;
    })
    .join(' · ');
}

/** What discovery looked for, one line per family, and the setting that names other files. */
export function nothingFoundLines(): string[] {
  return [
    'No loop files found. Plan Loop looked at every Markdown file (outside .gitignore, dependency and build folders) for:',
    ...LOOP_FAMILIES.map((family) => `  ${FAMILY_LABELS[family]}: ${FAMILY_SHAPES[family]}`),
    'To read other files as plans, name them in planloop.include (e.g. ["**/*.md", "notes/todo.md"]) in .vscode/settings.json or .planloop.json.',
  ];
}
