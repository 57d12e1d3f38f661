// Per-test outcomes from a JUnit XML report (pytest's --junitxml, either junit_family), read with
// fast-xml-parser: a maintained parser that decodes entities and attributes as XML defines them
// (pytest escapes `<`, quotes and newlines in messages) without a DOM. Never throws: an unreadable
// report gives no cases and a problem that names the file.
import { XMLParser } from 'fast-xml-parser';
import { nodeIdParts } from '../parse/pytestNodes';

export type JUnitOutcome = 'passed' | 'failed' | 'error' | 'skipped';

export interface JUnitCase {
  /** Dotted module and classes, as pytest writes it (`tests.test_tides.TestStation`). */
  readonly classname: string;
  /** The test function with its parameters (`test_param[2]`). */
  readonly name: string;
  readonly outcome: JUnitOutcome;
  readonly seconds?: number;
  /** The one-line message (`assert 3 == 4`). */
  readonly message?: string;
  /** The report's text for a failure, error or skip: pytest's traceback. */
  readonly details?: string;
  /** Where it failed: the last `path:line: Error` line of the traceback, else the case's file and line. */
  readonly location?: { readonly path: string; readonly line: number };
  /** For `assert actual == expected`: both sides as pytest printed them. */
  readonly actual?: string;
  readonly expected?: string;
  readonly output?: string;
}

export interface JUnitReport {
  readonly cases: readonly JUnitCase[];
  readonly problems: readonly string[];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: '#text',
  // Text stays text (`123` is not a number), as written.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Numeric references too: pytest writes newlines in a message attribute as `&#10;`.
  htmlEntities: true,
  isArray: (name) => name === 'testsuite' || name === 'testcase',
});

type XmlNode = Record<string, unknown>;

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && '#text' in value) return String((value as XmlNode)['#text']);
  return undefined;
}

function attr(node: unknown, name: string): string | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const value = (node as XmlNode)[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The last frame of a pytest traceback in the workspace: `path:line: Error` with a relative path
 * (frames in libraries are absolute, and the test's own frame may end at the colon).
 */
function tracebackLocation(details: string | undefined): { path: string; line: number } | undefined {
  if (!details) return undefined;
  let found: { path: string; line: number } | undefined;
  for (const m of details.matchAll(/^([^\s:][^:\n]*?):(\d+):(?: |$)/gm)) {
    if (m[1].startsWith('/') || /^[A-Za-z]:[\\/]/.test(m[1])) continue;
    found = { path: m[1], line: Number(m[2]) };
  }
  return found;
}

/** `assert 3 == 4` (also after `AssertionError: `): actual on the left, expected on the right. */
function comparison(message: string | undefined): { actual: string; expected: string } | undefined {
  const m = /^(?:AssertionError: )?assert (.+?) == (.+?)(?:\n|$)/.exec(message ?? '');
  return m ? { actual: m[1], expected: m[2] } : undefined;
}

function caseOf(node: XmlNode): JUnitCase {
  const classname = attr(node, 'classname') ?? '';
  const name = attr(node, 'name') ?? '';
  const time = Number(attr(node, 'time'));
  const seconds = Number.isFinite(time) ? time : undefined;
  const output = textOf(node['system-out']);
  const fileLine =
    attr(node, 'file') && attr(node, 'line') ? { path: attr(node, 'file')!, line: Number(attr(node, 'line')) + 1 } : undefined;
  for (const [tag, outcome] of [
    ['failure', 'failed'],
    ['error', 'error'],
    ['skipped', 'skipped'],
  ] as const) {
    if (!(tag in node)) continue;
    const element = node[tag];
    const message = attr(element, 'message');
    const details = textOf(element);
    const compared = outcome === 'failed' ? comparison(message) : undefined;
    return {
      classname,
      name,
      outcome,
      seconds,
      message,
      details,
      location: tracebackLocation(details) ?? fileLine,
      actual: compared?.actual,
      expected: compared?.expected,
      output,
    };
  }
  return { classname, name, outcome: 'passed', seconds, location: fileLine, output };
}

/** Reads a JUnit XML report; `file` names it in problems. */
export function readJUnit(xml: string, file: string): JUnitReport {
  let root: XmlNode;
  try {
    root = parser.parse(xml) as XmlNode;
  } catch (error) {
    return { cases: [], problems: [`${file}: not readable as JUnit XML (${error instanceof Error ? error.message : String(error)})`] };
  }
  const suites = (root.testsuites as XmlNode | undefined)?.testsuite ?? root.testsuite;
  if (!Array.isArray(suites)) return { cases: [], problems: [`${file}: no <testsuite> element`] };
  const cases: JUnitCase[] = [];
  for (const suite of suites as XmlNode[]) for (const node of (suite.testcase as XmlNode[] | undefined) ?? []) cases.push(caseOf(node));
  return { cases, problems: [] };
}

/**
 * The cases a pytest node ID covers: `tests/a.py` every case of that module, `tests/a.py::TestX`
 * that class (and its nested classes), `tests/a.py::test_f` that function with every parameter set,
 * `tests/a.py::test_f[2]` that one; and the module's collection error, when it could not be
 * imported. Reports name modules from pytest's rootdir: when the ID's full module path matches
 * nothing, its shorter tails are tried (`backend/tests/a.py` run with rootdir `backend/`).
 */
export function casesOfNode(nodeId: string, cases: readonly JUnitCase[]): JUnitCase[] {
  const { file, names } = nodeIdParts(nodeId);
  const segments = file.replace(/\.py$/, '').replace(/^\.\//, '').split('/');
  for (let k = 0; k < segments.length; k++) {
    const found = casesIn(segments.slice(k).join('.'), names, cases);
    if (found.length) return found;
  }
  return [];
}

function casesIn(module: string, names: readonly string[], cases: readonly JUnitCase[]): JUnitCase[] {
  // pytest reports a module it could not import as a case with no classname, named after it.
  const broken = cases.filter((c) => c.classname === '' && c.name === module);
  const within = (prefix: string) => cases.filter((c) => c.classname === prefix || c.classname.startsWith(prefix + '.'));
  if (names.length === 0) return [...within(module), ...broken];
  const last = names[names.length - 1];
  const owners = [module, ...names.slice(0, -1)].join('.');
  const asFunction = cases.filter(
    (c) => c.classname === owners && (c.name === last || (!last.includes('[') && c.name.startsWith(last + '['))),
  );
  if (asFunction.length) return asFunction;
  // The last name is a class.
  const asClass = within([module, ...names].join('.'));
  return asClass.length ? asClass : broken;
}

/** One outcome for several cases: an error or failure wins, then passed; all skipped is skipped. */
export function combinedOutcome(cases: readonly JUnitCase[]): JUnitOutcome | undefined {
  if (!cases.length) return undefined;
  if (cases.some((c) => c.outcome === 'error')) return 'error';
  if (cases.some((c) => c.outcome === 'failed')) return 'failed';
  return cases.every((c) => c.outcome === 'skipped') ? 'skipped' : 'passed';
}
