// planloop/testResults: per-test outcomes of a Testing view run (core testResults), with URIs.
import type { WorkspaceIndex } from '../core/index/workspace';
import { testResults as readResults } from '../core/run/testResults';
import type { TestResultsParams, TestResultsResult } from '../protocol';
import { lineLocation, type UriMapper } from './wire';

export function testResults(index: WorkspaceIndex, uris: UriMapper, params: TestResultsParams): TestResultsResult {
  const { results, problems } = readResults(index, params.junitFiles, params.nodeIds);
  return {
    problems,
    results: results.map((r) => ({
      nodeId: r.nodeId,
      outcome: r.outcome,
      cases: r.cases.map(({ location, ...c }) => ({ ...c, location: location && lineLocation(uris.toUri(location.path), location.line) })),
    })),
  };
}
