// The tests a workspace's plans cite, for the Testing view: per initiative, plan and row, the
// pytest node IDs in the row's commands and the `test_*.py::test` references in its text; and the
// handoff's Mapped tests. Only cited tests: the suite itself is the Python extension's to discover.
// Each ID is resolved to where it is defined, or says why it is not.
import type { Reference, Row, Span } from '../model/model';
import type { IndexedDocument, WorkspaceIndex } from '../index/workspace';
import { buildStatus } from '../check/status';
import { pythonDefinitionLine } from '../check/pythonDefinitions';
import { nodeIdParts, pytestNodeIds } from '../parse/pytestNodes';

export interface CitedTest {
  readonly nodeId: string;
  /** The workspace-relative file the ID names, when it exists. */
  readonly path?: string;
  /** 1-based line of the test's `def` or `class` (an ID naming a whole file has none). */
  readonly line?: number;
  /** Why it cannot be found: no such file, or no such test in it. */
  readonly error?: string;
}

export interface CitedTestRow {
  readonly rowId: string;
  readonly title: string;
  readonly span: Span;
  readonly tests: readonly CitedTest[];
}

export interface CitedTests {
  readonly initiatives: ReadonlyArray<{
    readonly id: string;
    readonly title: string;
    readonly plans: ReadonlyArray<{ readonly path: string; readonly rows: readonly CitedTestRow[] }>;
  }>;
  /** The handoff's Mapped tests, when it has any. */
  readonly mapped?: { readonly path: string; readonly tests: readonly CitedTest[] };
}

/** `tests/test_x.py` or `tests/x_test.py`: pytest's default test file names. */
const TEST_FILE = /(?:^|\/)(?:test_[^/]*|[^/]*_test)\.py$/;

/**
 * A node ID written in prose: a test file's path, with or without a `::` symbol. Other Python
 * files are code the row talks about (`src/cache.py::refresh`), not tests.
 */
function nodeIdOf(ref: Reference): string | undefined {
  if (ref.kind !== 'path' || !ref.path || !TEST_FILE.test(ref.path)) return undefined;
  const file = ref.path.replace(/^\.\//, '');
  return ref.symbol ? `${file}::${ref.symbol}` : file;
}

/** A row's node IDs: its commands' pytest arguments, then its text's references, each once. */
export function rowNodeIds(row: Row): string[] {
  const ids = row.commands.flatMap((c) => pytestNodeIds(c.text));
  for (const ref of row.references) {
    const id = nodeIdOf(ref);
    if (id && !ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** The Mapped tests' node IDs (a bare `tests/x.py::test` runs as `pytest tests/x.py::test`). */
export function mappedNodeIds(commands: ReadonlyArray<{ readonly text: string }>): string[] {
  const ids: string[] = [];
  for (const c of commands) {
    for (const id of pytestNodeIds(/^\S+\.py\b/.test(c.text) ? `pytest ${c.text}` : c.text)) if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

/** Resolves node IDs cited in `doc`, reading each test file once. */
function resolver(index: WorkspaceIndex): (doc: IndexedDocument, nodeId: string) => CitedTest {
  const texts = new Map<string, string | undefined>();
  return (doc, nodeId) => {
    const { file, names } = nodeIdParts(nodeId);
    const resolved = index.resolvePath(doc.path, file);
    if (!resolved.stat?.isFile) return { nodeId, error: `${file} does not exist` };
    const path = resolved.path;
    if (!names.length) return { nodeId, path };
    if (!texts.has(path)) texts.set(path, index.textOf(path));
    const line = pythonDefinitionLine(texts.get(path) ?? '', names.join('::'));
    const name = names.map((n) => n.replace(/\[.*$/, '')).join('.');
    return line ? { nodeId, path, line } : { nodeId, path, error: `${path} defines no ${name}` };
  };
}

export function citedTests(index: WorkspaceIndex, isCancelled: () => boolean = () => false): CitedTests {
  const resolve = resolver(index);
  const initiatives: Array<CitedTests['initiatives'][number]> = [];
  for (const ini of buildStatus(index).initiatives) {
    if (isCancelled()) break;
    const plans = [];
    for (const plan of ini.plans) {
      const doc = index.get(plan.path);
      if (!doc || doc.model.kind !== 'plan') continue;
      const rows = [...doc.model.looseRows, ...doc.model.phases.flatMap((p) => p.rows)]
        .map((row) => ({ row, ids: rowNodeIds(row) }))
        .filter(({ ids }) => ids.length > 0)
        .map(({ row, ids }) => ({ rowId: row.id, title: row.title, span: row.span, tests: ids.map((id) => resolve(doc, id)) }));
      if (rows.length) plans.push({ path: plan.path, rows });
    }
    if (plans.length) initiatives.push({ id: ini.id, title: ini.title, plans });
  }
  const handoff = index.handoff();
  const mappedIds = handoff ? mappedNodeIds(handoff.model.mappedTests) : [];
  const mapped = handoff && mappedIds.length ? { path: handoff.path, tests: mappedIds.map((id) => resolve(handoff, id)) } : undefined;
  return { initiatives, mapped };
}
