// Fixture-driven parser tests: fixtures/cases/<case>/input.md → expected.json.
// Regenerate with UPDATE=1 after reviewing the change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixturesDir } from '../support/paths';
import { parseDocument } from '../../server/core/parse/document';
import { LineIndex } from '../../server/core/model/text';
import type { DocumentKind, DocumentModel, Span } from '../../server/core/model/model';

const casesDir = path.join(fixturesDir, 'cases');
const cases = fs
  .readdirSync(casesDir)
  .filter((d) => fs.existsSync(path.join(casesDir, d, 'input.md')))
  .sort();

/** A readable, stable summary of a model: spans become `line:col-line:col` (1-based). */
function summarize(model: DocumentModel, lines: LineIndex): unknown {
  const at = (span: Span): string => {
    const s = lines.positionAt(span.start);
    const e = lines.positionAt(span.end);
    return `${s.line + 1}:${s.character + 1}-${e.line + 1}:${e.character + 1}`;
  };
  return JSON.parse(
    JSON.stringify(model, (key, value: unknown) => {
      if (value && typeof value === 'object' && 'start' in value && 'end' in value && Object.keys(value).length === 2)
        return at(value as Span);
      if (key === 'guidanceEnd' || key === 'attemptInsertAt') return at({ start: value as number, end: value as number });
      if (key === 'text' && typeof value === 'string' && value.length > 80) return value.slice(0, 77) + '…';
      if (key === 'guidance' && typeof value === 'string' && value.length > 80) return value.slice(0, 77) + '…';
      return value;
    }),
  );
}

test('fixture cases exist', () => {
  assert.ok(cases.length >= 30, `expected the grammar cases in ${casesDir}, found ${cases.length}`);
});

for (const name of cases) {
  test(`case ${name}`, () => {
    const text = fs.readFileSync(path.join(casesDir, name, 'input.md'), 'utf8');
    const kind = /<!--\s*kind:\s*(plan|ledger|handoff)\s*-->/.exec(text)?.[1] as DocumentKind | undefined;
    assert.ok(kind, `${name}/input.md must declare <!-- kind: … -->`);
    const model = parseDocument(kind, text);
    assert.deepEqual(
      model.problems.filter((p) => p.code === 'parse-failed'),
      [],
    );
    const actual = summarize(model, new LineIndex(text));
    const expectedFile = path.join(casesDir, name, 'expected.json');
    if (process.env.UPDATE === '1') fs.writeFileSync(expectedFile, JSON.stringify(actual, null, 2) + '\n');
    assert.ok(fs.existsSync(expectedFile), `${name}/expected.json is missing: review the output and run with UPDATE=1`);
    assert.deepEqual(actual, JSON.parse(fs.readFileSync(expectedFile, 'utf8')));
  });
}
