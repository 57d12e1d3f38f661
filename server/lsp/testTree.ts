// planloop/testTree: the tests plans cite (core citedTests), as the Testing view shows them.
import type { WorkspaceIndex } from '../core/index/workspace';
import type { CitedTest } from '../core/run/citedTests';
import { citedTests } from '../core/run/citedTests';
import { planLabel } from '../core/model/layout';
import type { TestTreeNode, TestTreeResult } from '../protocol';
import { lineLocation, rangeOf, type UriMapper } from './wire';

function node(test: CitedTest, uris: UriMapper): TestTreeNode {
  const location = test.path ? lineLocation(uris.toUri(test.path), test.line ?? 1) : undefined;
  return { nodeId: test.nodeId, location, error: test.error };
}

export function testTree(index: WorkspaceIndex, uris: UriMapper, isCancelled: () => boolean = () => false): TestTreeResult {
  const cited = citedTests(index, isCancelled);
  const initiatives = cited.initiatives.map((ini) => ({
    id: ini.id,
    title: ini.title,
    plans: ini.plans.map((plan) => {
      const doc = index.get(plan.path)!;
      return {
        uri: uris.toUri(plan.path),
        relativePath: plan.path,
        ...planLabel(plan.path),
        rows: plan.rows.map((row) => ({
          id: row.rowId,
          title: row.title,
          location: { uri: uris.toUri(plan.path), range: rangeOf(doc, row.span.start, row.span.end) },
          tests: row.tests.map((t) => node(t, uris)),
        })),
      };
    }),
  }));
  const mapped = cited.mapped && { uri: uris.toUri(cited.mapped.path), tests: cited.mapped.tests.map((t) => node(t, uris)) };
  return { initiatives, mapped };
}
