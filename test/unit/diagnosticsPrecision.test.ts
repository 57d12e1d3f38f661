// Diagnostics that say only true things, and ledger/handoff variants, on our own fixture
// (fixtures/precision): brace items and relative artifacts resolved where their authors meant
// them, cuda-unmasked only for runs of GPU-capable code, moved plans, stale anchors, line numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as path from 'node:path';
import { fixturesDir } from '../support/paths';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { DEFAULT_CONFIG } from '../../server/core/model/config';
import { nodeFileSystem } from '../../server/host/nodeFileSystem';
import { computeDiagnostics } from '../../server/core/check/diagnostics';
import { runsGpuCode } from '../../server/core/check/gpuCommands';
import { bracePrefix } from '../../server/core/check/citedPaths';
import { findPlanMove } from '../../server/core/check/movedPlans';
import { fieldName } from '../../server/core/parse/fieldKeys';
import { githubSlug, headingAnchors, nearestAnchor } from '../../server/core/parse/anchors';
import { parseLedger } from '../../server/core/parse/ledger';
import { linkDoNowItem } from '../../server/core/index/doNowLinks';

const root = path.join(fixturesDir, 'precision');

function indexed(): WorkspaceIndex {
  const index = new WorkspaceIndex(root, nodeFileSystem);
  index.indexAll();
  return index;
}

function lint(index: WorkspaceIndex): string[] {
  return index
    .all()
    .flatMap((doc) =>
      computeDiagnostics(index, doc).map((d) => `${doc.path}:${doc.lines.positionAt(d.span.start).line + 1} ${d.severity} ${d.code}`),
    )
    .sort();
}

test('the precision fixture gets exactly the true diagnostics', () => {
  // Dated attempt entries are history (attempt #2's gamma path and BETA-002's never-written hub
  // say nothing now; the Notes field's gamma paths do); the fixture depends on no GPU framework,
  // so no command needs the CUDA mask.
  assert.deepEqual(lint(indexed()), [
    'docs/fix_plan.md:19 warning missing-file',
    'docs/fix_plan.md:9 info plan-moved',
    'input.md:10 warning stale-anchor',
    'input.md:19 info plan-moved',
    'plans/alpha/implementation.md:11 warning duplicate-row-id',
    // A6's log is anchored at a folder that exists, so it is truly missing; A5's `phase_q/…` is not judged.
    'plans/alpha/implementation.md:13 warning done-missing-artifacts',
  ]);
});

test('where the project asks for the mask, open rows and the handoff must carry it; done rows and --collect-only never', () => {
  const index = new WorkspaceIndex(root, nodeFileSystem, { ...DEFAULT_CONFIG, requireMask: true });
  index.indexAll();
  assert.deepEqual(
    lint(index).filter((d) => d.endsWith('cuda-unmasked')),
    ['input.md:5 warning cuda-unmasked', 'plans/alpha/implementation.md:9 warning cuda-unmasked'],
  );
  const off = new WorkspaceIndex(root, nodeFileSystem, { ...DEFAULT_CONFIG, requireMask: false });
  off.indexAll();
  assert.deepEqual(
    lint(off).filter((d) => d.endsWith('cuda-unmasked')),
    [],
  );
});

test('messages name lines, never offsets', () => {
  const index = indexed();
  const messages = index.all().flatMap((doc) => computeDiagnostics(index, doc).map((d) => d.message));
  assert.ok(messages.includes('Duplicate row ID A2 (first defined on line 8)'), messages.join('\n'));
  assert.ok(
    messages.includes('plans/active/gamma.md moved to plans/archive/gamma_resolved.md; this file cites the old path once (line 19)'),
  );
  assert.ok(messages.some((m) => /nearest is #alpha-001-alpha-loader-cleanup .*line 3\)$/.test(m)));
  for (const m of messages) assert.doesNotMatch(m, /\boffset\b/);
});

test('brace items with / hang from the prefix before the brace', () => {
  const text = 'see `reports/2026-01-01T000000Z/{docs/summary.md,docs/raw.md}` and {a/b.md}';
  assert.equal(bracePrefix(text, text.indexOf('docs/raw.md')), 'reports/2026-01-01T000000Z/');
  assert.equal(bracePrefix(text, text.indexOf('a/b.md')), undefined);
  assert.equal(bracePrefix(text, text.indexOf('reports')), undefined);
});

test('brace prefixes found from the indexed braces equal a scan of the line before each citation', () => {
  // The definition: the last unclosed `{` on the line before `start`, and the run of path
  // characters before it, when that run ends in `/`.
  const byLine = (text: string, start: number): string | undefined => {
    const before = text.slice(text.lastIndexOf('\n', start - 1) + 1, start);
    const open = before.lastIndexOf('{');
    if (open < 0 || before.indexOf('}', open) >= 0) return undefined;
    const prefix = /[^\s`'"([{,;|]*$/.exec(before.slice(0, open))?.[0] ?? '';
    return prefix.endsWith('/') ? prefix : undefined;
  };
  const piece = fc.constantFrom('a', 'b/', '/', '{', '}', '\n', '\r\n', ' ', ',', '\u202f', '"', '|', 'x.md');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
      const text = pieces.join('');
      const owner = {};
      for (let start = 0; start <= text.length; start++) assert.equal(bracePrefix(text, start, owner), byLine(text, start));
    }),
    { numRuns: 2000 },
  );
});

test('cuda-unmasked is for runs of GPU-capable code only', () => {
  const runs = [
    'pytest tests/test_x.py -q',
    'pytest --collect-only tests/test_x.py::test_y',
    'timeout 600 python -m ptycho_torch.train --epochs 1',
    'python scripts/train_smoke.py --epochs 1',
    'python3 -m pytest tests -k smoke',
    'mkdir -p out && pytest tests/test_x.py | tee out/pytest.log',
    "python - <<'PY'\nimport torch\nprint(torch.cuda.is_available())\nPY",
  ];
  const notRuns = [
    'pytest',
    'pytest selectors are listed in the plan',
    'python scripts/tools/failure_parser.py pytest.log',
    'python plans/active/X/bin/make_ground_truth_manifest.py --out manifest.json',
    'python scripts/summarize.py logs/a.log logs/b.log',
    'python -m pip install -e .',
    "python - <<'PY'\nimport json\nPY",
    'rg pytest docs/',
    'python pump_probe_run.py --help',
    'python -m scripts.tools.print_import_tree ptycho_torch.train',
    'python -m ptycho_torch.train --max_epochs 1 --accelerator cpu --deterministic',
  ];
  for (const c of runs) assert.equal(runsGpuCode(c), true, c);
  for (const c of notRuns) assert.equal(runsGpuCode(c), false, c);
});

test('a plan that moved: one place (the same name first), or none when ambiguous or still there', () => {
  const index = indexed();
  assert.deepEqual(findPlanMove(index, 'plans/active/gamma.md'), { from: 'plans/active/gamma.md', to: 'plans/archive/gamma_resolved.md' });
  assert.equal(findPlanMove(index, 'plans/active/delta.md'), undefined);
  // An archive holding x.md and x-rerun.md: the same name is the move.
  assert.deepEqual(findPlanMove(index, 'plans/active/epsilon.md'), { from: 'plans/active/epsilon.md', to: 'plans/archive/epsilon.md' });
  assert.equal(findPlanMove(index, 'plans/active/BETA-002/reports/2026-02-03T000000Z/summary.md'), undefined);
});

test('ledger field keys in singular, plural, case and punctuation variants', () => {
  for (const key of [
    'Working Plan',
    'Working Plans',
    'working plan',
    'Plan',
    'Plans',
    'Plan References',
    'Plan Reference',
    'Plan refs',
    'Implementation Plan',
  ])
    assert.equal(fieldName(key), 'workingPlan', key);
  for (const key of ['Attempts History', 'Attempt History', 'attempts history']) assert.equal(fieldName(key), 'attemptsHistory', key);
  assert.equal(fieldName('Depends on'), 'dependsOn');
  assert.equal(fieldName('Status'), 'status');
  assert.equal(fieldName('Owner/Date'), 'owner');
  for (const key of ['Rollback Plan', 'Plan Directory Inventory', 'Notes']) assert.equal(fieldName(key), undefined, key);

  const ledger = parseLedger(
    [
      '# Ledger',
      '',
      '## [A-001] One',
      '- **Plan References**:',
      '  - plans/one/implementation.md',
      '  - plans/one/phase_b.md',
      '',
      '## [B-002] Two',
      '- **Working Plan**: plans/two/',
      '',
      '## [C-003] Three',
      '- plan: `plans/three/plan.md`',
      '',
    ].join('\n'),
  );
  assert.deepEqual(
    ledger.initiatives.map((i) => [i.id, i.workingPlans]),
    [
      ['A-001', ['plans/one/implementation.md', 'plans/one/phase_b.md']],
      ['B-002', ['plans/two/']],
      ['C-003', ['plans/three/plan.md']],
    ],
  );
});

test('a plan named under Plan References belongs to that initiative', () => {
  const index = indexed();
  assert.equal(index.initiativeForPlan('plans/alpha/implementation.md'), 'ALPHA-001');
});

test('GitHub heading slugs: punctuation dropped, repeats numbered, fences skipped', () => {
  assert.equal(githubSlug('[ALPHA-001] Alpha: clean up (Phase C2)'), 'alpha-001-alpha-clean-up-phase-c2');
  assert.equal(githubSlug('Emoji ✅ done — ok'), 'emoji--done--ok');
  const anchors = headingAnchors('# T\n## Dup\n```\n## Not a heading\n```\n## Dup\n### **Bold** `code` [link](x.md)\n');
  assert.deepEqual(
    anchors.map((a) => a.slug),
    ['t', 'dup', 'dup-1', 'bold-code-link'],
  );
  assert.equal(nearestAnchor('dup-2', anchors)?.slug, 'dup-1');
});

test('Do Now items link to the ledger initiative they point at, and through it to plans and open rows', () => {
  const index = indexed();
  const handoff = index.handoff();
  assert.ok(handoff);
  const links = handoff.model.doNow.map((item) => linkDoNowItem(index, handoff, item));
  assert.deepEqual(
    links.map((l) => [l.initiative?.initiative.id, l.via]),
    [
      ['ALPHA-001', 'anchor'], // stale anchor, but it starts with the initiative's ID
      ['BETA-002', 'anchor'],
      ['BETA-002', 'id'],
    ],
  );
  assert.deepEqual(
    links[0].plans.map((p) => [p.doc.path, p.done, p.total, p.openRows.map((r) => r.id)]),
    [['plans/alpha/implementation.md', 4, 7, ['A2', 'A3', 'A2']]],
  );
  assert.deepEqual(
    links[1].plans.map((p) => [p.doc.path, p.openRows.map((r) => `${r.id}${r.rawState}`)]),
    [['plans/active/BETA-002/implementation.md', ['B1[ ]', 'B2[P]']]],
  );
});
