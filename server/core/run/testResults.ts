// After a run from the Testing view: each requested node ID's outcome, from the JUnit XML reports
// its pytest invocations wrote into the hub. A report that is missing or unreadable is a problem
// that names it (pytest did not start, or stopped before writing); its tests get no outcome.
import type { WorkspaceIndex } from '../index/workspace';
import { joinPath } from '../index/fileSystem';
import { casesOfNode, combinedOutcome, readJUnit, type JUnitCase, type JUnitOutcome } from './junit';

export interface NodeResult {
  readonly nodeId: string;
  /** Undefined when no report holds a case of this node (not run, or not collected). */
  readonly outcome?: JUnitOutcome;
  readonly cases: readonly JUnitCase[];
}

export function testResults(
  index: WorkspaceIndex,
  junitFiles: readonly string[],
  nodeIds: readonly string[],
): { results: NodeResult[]; problems: string[] } {
  const problems: string[] = [];
  const cases: JUnitCase[] = [];
  for (const file of junitFiles) {
    if (file.startsWith('/') || file.split('/').includes('..')) {
      problems.push(`${file} is outside the workspace: not read`);
      continue;
    }
    const xml = index.fs.readFile(joinPath(index.root, file));
    if (xml === undefined) {
      problems.push(`${file} was not written: pytest did not run, or stopped before reporting`);
      continue;
    }
    const report = readJUnit(xml, file);
    problems.push(...report.problems);
    cases.push(...report.cases);
  }
  const results = nodeIds.map((nodeId) => {
    const mine = casesOfNode(nodeId, cases);
    return { nodeId, outcome: combinedOutcome(mine), cases: mine };
  });
  return { results, problems };
}
