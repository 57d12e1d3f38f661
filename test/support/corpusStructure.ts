// A plan's or ledger's structure in one line, for conformance against hand labels:
// `Task 1=5 Task 2=5 …` (phases as a view names them, with their rows), `loose=N`, `children=N`
// (rows under a parent row); a ledger's task counts per entry.
import { parsePlan } from '../../server/core/parse/plan';
import { parseLedger } from '../../server/core/parse/ledger';
import { originalBaseName } from './corpusIndex';

export function structureOf(localName: string, text: string): string {
  if (/fix_plan/i.test(originalBaseName(localName)))
    return `entries ${parseLedger(text)
      .initiatives.map((i) => i.tasks.length)
      .join(' ')}`;
  const plan = parsePlan(text);
  const rows = [...plan.phases.flatMap((p) => p.rows), ...plan.looseRows];
  const children = rows.filter((r) => r.parentId).length;
  return [
    ...plan.phases.map((p) => `${p.label ?? `Phase ${p.id}`}=${p.rows.length}`),
    ...(plan.looseRows.length ? [`loose=${plan.looseRows.length}`] : []),
    ...(children ? [`children=${children}`] : []),
  ].join(' ');
}
