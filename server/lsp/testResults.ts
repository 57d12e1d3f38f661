// planloop/testResults: per-test outcomes of a Testing view run (core testResults), with URIs.
import type { WorkspaceIndex } from '../core/index/workspace';
import { testResults as readResults } from '../core/run/testResults';
import type { TestResultsParams, TestResultsResult } from '../protocol';
import type { UriMapper } from './wire';

export function testResults(index: WorkspaceIndex, uris: UriMapper, params: TestResultsParams): TestResultsResult {
  const { results, problems } = readResults(index, params.junitFiles, params.nodeIds);
  return {
    problems,
    results: results.map((r) => ({
      nodeId: r.nodeId,
      outcome: r.outcome,
      cases: r.cases.map(({ location, ...c }) => {
        const line = Math.max(0, (location?.line ?? 1) - 1);
        return {
          ...c,
          location: location && {
            uri: uris.toUri(location.path),
            range: { start: { line, character: 0 }, end: { line, character: 0 } },
          },
        };
      }),
    })),
  };
}
