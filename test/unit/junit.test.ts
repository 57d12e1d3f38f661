// JUnit XML as pytest writes it (both junit families, fixtures/junit): outcomes, messages,
// locations and the cases a node ID covers; bad input gives a problem naming the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixturesDir } from '../support/paths';
import { casesOfNode, combinedOutcome, readJUnit } from '../../server/core/run/junit';

const report = (family: string) => {
  const file = `pytest-${family}.xml`;
  return readJUnit(fs.readFileSync(path.join(fixturesDir, 'junit', file), 'utf8'), file);
};

for (const family of ['xunit2', 'xunit1']) {
  test(`pytest ${family}: every case with its outcome, message and where it failed`, () => {
    const { cases, problems } = report(family);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      cases.map((c) => [c.classname, c.name, c.outcome]),
      [
        ['tests.test_tides', 'test_ok', 'passed'],
        ['tests.test_tides', 'test_fail', 'failed'],
        ['tests.test_tides.TestStation', 'test_param[1]', 'passed'],
        ['tests.test_tides.TestStation', 'test_param[2]', 'failed'],
        ['tests.test_tides.TestStation', 'test_skip', 'skipped'],
        ['tests.test_tides', 'test_error', 'error'],
        ['tests.test_tides', 'test_output', 'failed'],
      ],
    );
    const fail = cases[1];
    assert.equal(fail.message, 'assert 3 == 4');
    assert.deepEqual([fail.actual, fail.expected], ['3', '4']);
    assert.deepEqual(fail.location, { path: 'tests/test_tides.py', line: 8 });
    assert.match(fail.details ?? '', /^E {7}assert 3 == 4$/m);
    // Entities decoded: `<` in a message, quotes and a newline in an attribute.
    assert.equal(cases[3].message, 'assert 2 < 2');
    assert.equal(cases[5].message, 'failed on setup with "RuntimeError: fixture broke"');
    assert.equal(cases[6].message, "AssertionError: assert 'a' == 'b'\n  \n  - b\n  + a");
    assert.deepEqual([cases[6].actual, cases[6].expected], ["'a'", "'b'"]);
    assert.equal(cases[4].message, 'needs a GPU');
    for (const c of cases) assert.ok(c.seconds !== undefined && c.seconds >= 0, `${c.name} has a time`);
  });
}

test('xunit1 reports give a passed case its file and line (1-based); xunit2 reports give none', () => {
  assert.deepEqual(report('xunit1').cases[0].location, { path: 'tests/test_tides.py', line: 3 });
  assert.equal(report('xunit2').cases[0].location, undefined);
});

test('a node ID covers its module, class, function (every parameter set) or one parameter set', () => {
  const { cases } = report('xunit2');
  const names = (id: string) => casesOfNode(id, cases).map((c) => c.name);
  assert.equal(names('tests/test_tides.py').length, 7);
  assert.deepEqual(names('tests/test_tides.py::test_fail'), ['test_fail']);
  assert.deepEqual(names('tests/test_tides.py::TestStation'), ['test_param[1]', 'test_param[2]', 'test_skip']);
  assert.deepEqual(names('tests/test_tides.py::TestStation::test_param'), ['test_param[1]', 'test_param[2]']);
  assert.deepEqual(names('tests/test_tides.py::TestStation::test_param[1]'), ['test_param[1]']);
  assert.deepEqual(names('./tests/test_tides.py::test_ok'), ['test_ok']);
  assert.deepEqual(names('tests/test_tides.py::test_missing'), []);
  assert.deepEqual(names('tests/test_other.py'), []);
  assert.equal(combinedOutcome(casesOfNode('tests/test_tides.py::TestStation::test_param', cases)), 'failed');
  assert.equal(combinedOutcome(casesOfNode('tests/test_tides.py::TestStation::test_param[1]', cases)), 'passed');
  assert.equal(combinedOutcome(casesOfNode('tests/test_tides.py::TestStation::test_skip', cases)), 'skipped');
  assert.equal(combinedOutcome(casesOfNode('tests/test_tides.py', cases)), 'error');
  assert.equal(combinedOutcome([]), undefined);
});

test('a report that is not JUnit XML gives no cases and a problem that names the file', () => {
  for (const [xml, why] of [
    ['', /no <testsuite>/],
    ['<html><body>oops</body></html>', /no <testsuite>/],
    ['<testsuites><testsuite><testcase name="a"', /not readable|no <testsuite>/],
  ] as const) {
    const { cases, problems } = readJUnit(xml, 'hub/D1.junit.xml');
    assert.deepEqual(cases, []);
    assert.equal(problems.length, 1, JSON.stringify(xml));
    assert.match(problems[0], /^hub\/D1\.junit\.xml: /);
    assert.match(problems[0], why);
  }
  // A lone <testsuite> (no <testsuites> around it) is read too.
  const lone = readJUnit('<testsuite><testcase classname="a" name="b"/></testsuite>', 'x.xml');
  assert.deepEqual(
    lone.cases.map((c) => [c.classname, c.name, c.outcome]),
    [['a', 'b', 'passed']],
  );
});

test("reports from another rootdir, a module that could not be imported, parameters with ::, and a library's frame", () => {
  const { cases, problems } = report('rootdir');
  assert.deepEqual(problems, []);
  const of = (id: string) => casesOfNode(id, cases).map((c) => [c.name, c.outcome]);
  // The IDs as a plan cites them, from the workspace root; the report names modules from backend/.
  assert.deepEqual(of('backend/tests/test_b.py::test_ok'), [['test_ok', 'passed']]);
  assert.deepEqual(of('backend/tests/test_b.py::test_spec[a::b]'), [['test_spec[a::b]', 'failed']]);
  assert.deepEqual(of('backend/tests/test_b.py::test_spec'), [
    ['test_spec[a::b]', 'failed'],
    ['test_spec[c]', 'passed'],
  ]);
  // The module that could not be imported: its collection error stands for each of its tests.
  assert.deepEqual(of('backend/tests/test_broken.py::test_never'), [['tests.test_broken', 'error']]);
  assert.deepEqual(of('backend/tests/test_broken.py'), [['tests.test_broken', 'error']]);
  assert.equal(combinedOutcome(casesOfNode('backend/tests/test_broken.py::test_never', cases)), 'error');
  // The error was raised in the json library: the failure is placed at the test's own line (the
  // traceback's paths are relative to where pytest ran: the workspace root).
  const decode = cases.find((c) => c.name === 'test_decode')!;
  assert.equal(decode.outcome, 'failed');
  assert.deepEqual(decode.location, { path: 'backend/tests/test_b.py', line: 11 });
});
