// Discovery with no settings: which files the walk finds, by path and by content, what it skips
// (.gitignore, dependency and build folders, hidden folders, the size cap), how planloop.include /
// exclude change that, and what it says it found, per loop family.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkspaceIndex } from '../../server/core/index/workspace';
import { GitIgnores, IncludeRules, walksIntoFolderNamed } from '../../server/core/index/discovery';
import { familyCounts, foundSummary, nothingFoundLines } from '../../server/core/check/found';
import { DEFAULT_CONFIG, resolveConfig } from '../../server/core/model/config';
import { FAMILY_LABELS, LOOP_FAMILIES } from '../../server/core/model/families';
import { nodeFileSystem } from '../../server/host/nodeFileSystem';
import { repoRoot } from '../support/paths';

const SUPERPOWERS = '# Plan\n\n### Task 1: Parser\n\n- [ ] **Step 1: Write the failing test**\n- [x] **Step 2: Run it**\n';
const CHECKLIST = '# Release\n\n## Phase 1\n\n- [x] Tag\n- [ ] Build\n- [ ] Publish\n';
const PROSE = '# Notes\n\nNothing to do here; a plan is discussed, not kept.\n';

/** Writes `files` into a fresh temp folder, runs `fn` with it, then removes it. */
function withWorkspace<T>(files: Record<string, string | Buffer>, fn: (root: string) => T): T {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-discovery-'));
  try {
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    }
    return fn(root);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function discover(root: string, settings?: unknown): WorkspaceIndex {
  const index = new WorkspaceIndex(root, nodeFileSystem, settings === undefined ? DEFAULT_CONFIG : resolveConfig(settings).config);
  index.indexAll();
  return index;
}

const found = (index: WorkspaceIndex): string[] => index.all().map((d) => `${d.path} ${d.kind} ${d.family}`);

test('every Markdown file is a candidate: loop files are found by path, else by content, with their family', () => {
  const files = {
    'docs/superpowers/plans/2026-01-01-parser.md': PROSE, // the path says superpowers
    'docs/plans/2026-01-02-cli.md': SUPERPOWERS, // the text does
    'RELEASE.md': CHECKLIST,
    'notes/ideas.md': PROSE,
    'README.md': CHECKLIST, // a project's README talks about work; it is not a plan
    'input.md': '# Handoff\n\nDo Now: nothing.\n',
    'docs/fix_plan.md': '# Fix plan\n',
    'src/main.ts': '- [ ] not Markdown\n',
    'fixtures/case-1/input.md': '# Input\n\nA test case, not a handoff.\n',
  };
  withWorkspace(files, (root) => {
    const index = discover(root);
    assert.deepEqual(found(index), [
      'docs/fix_plan.md ledger handoff-loop',
      'docs/plans/2026-01-02-cli.md plan superpowers',
      'docs/superpowers/plans/2026-01-01-parser.md plan superpowers',
      'input.md handoff handoff-loop',
      'RELEASE.md plan checklist',
    ]);
    assert.deepEqual(index.skipped, [], 'files that are not loop files are passed by in silence');
    assert.equal(
      foundSummary(familyCounts(index)),
      'handoff loop: 1 ledger, 1 handoff · superpowers plans: 2 · checklist plans: 1',
      'per family, in the order of LOOP_FAMILIES',
    );
  });
});

test('.gitignore files (root and nested, with negation), dependency, build and hidden folders are skipped; loop families’ hidden folders are walked', () => {
  const files = {
    '.gitignore': 'scratch/\n*.draft.md\n!keep.draft.md\n',
    'scratch/plan.md': CHECKLIST,
    'a.draft.md': CHECKLIST,
    'keep.draft.md': CHECKLIST,
    'pkg/.gitignore': 'generated.md\n',
    'pkg/generated.md': CHECKLIST,
    'pkg/TODO.md': CHECKLIST,
    'node_modules/lib/CHANGES-plan.md': CHECKLIST,
    'vendor/x/tasks.md': CHECKLIST,
    'dist/plan.md': CHECKLIST,
    'build/plan.md': CHECKLIST,
    'target/plan.md': CHECKLIST,
    '.venv/lib/site-packages/x/plan.md': CHECKLIST,
    'app/__pycache__/plan.md': CHECKLIST,
    '.github/plan.md': CHECKLIST,
    '.kiro/specs/auth/tasks.md': '- [ ] 1. Login\n  - _Requirements: 1.1_\n',
    '.ralph/fix_plan.md': '# Ralph Fix Plan\n\n## High Priority\n- [ ] A\n- [ ] B\n- [ ] C\n',
    '.copilot-tracking/plans/x.plan.md': CHECKLIST,
  };
  withWorkspace(files, (root) => {
    assert.deepEqual(
      discover(root)
        .all()
        .map((d) => `${d.path} ${d.family}`),
      [
        '.copilot-tracking/plans/x.plan.md checklist',
        '.kiro/specs/auth/tasks.md kiro',
        '.ralph/fix_plan.md ralph',
        'keep.draft.md checklist',
        'pkg/TODO.md checklist',
      ],
    );
  });
  assert.equal(walksIntoFolderNamed('.kiro'), true);
  assert.equal(walksIntoFolderNamed('.git'), false);
  assert.equal(walksIntoFolderNamed('node_modules'), false);
  assert.equal(walksIntoFolderNamed('docs'), true);
});

test('a deeper .gitignore wins over a shallower one, as in git', () => {
  const ignores = new GitIgnores();
  ignores.add('', '*.md\n');
  ignores.add('docs', '!plan.md\n');
  assert.equal(ignores.ignores('notes.md', false), true);
  assert.equal(ignores.ignores('docs/notes.md', false), true);
  assert.equal(ignores.ignores('docs/plan.md', false), false);
  assert.equal(new GitIgnores().ignores('anything.md', false), false);
});

test('the size cap: a larger candidate is skipped with its size named, and nothing larger is read', () => {
  const big = '# Big\n\n' + '- [ ] row\n'.repeat(600_000); // 6 MB
  withWorkspace({ 'plans/active/X/implementation.md': big, 'notes/huge.md': big, 'RELEASE.md': CHECKLIST }, (root) => {
    const read: string[] = [];
    const counting = { ...nodeFileSystem, readFile: (p: string) => (read.push(path.relative(root, p)), nodeFileSystem.readFile(p)) };
    const index = new WorkspaceIndex(root, counting);
    index.indexAll();
    assert.deepEqual(found(index), ['RELEASE.md plan checklist']);
    assert.deepEqual(
      index.skipped.map((s) => `${s.path}: ${s.reason}`).sort(),
      ['notes/huge.md', 'plans/active/X/implementation.md'].map(
        (file) =>
          `${file}: larger than 5 MB (5.7 MB); raise maxFileSizeMB (.planloop.json, or the planloop.maxFileSizeMB setting) to read it`,
      ),
    );
    assert.deepEqual(read, ['RELEASE.md']);
  });
});

test('planloop.include: catch-all globs make candidates, other globs name files read as plans; planloop.exclude always wins', () => {
  const files = {
    'notes/ideas.md': PROSE,
    'notes/todo.txt': 'buy milk\n',
    'RELEASE.md': CHECKLIST,
    'docs/archive/old.md': CHECKLIST,
    '.agent/plans/next.md': PROSE,
  };
  withWorkspace(files, (root) => {
    // Narrowed: only notes/, and those files are plans whatever they hold.
    assert.deepEqual(found(discover(root, { include: ['notes/**'] })), ['notes/ideas.md plan checklist', 'notes/todo.txt plan checklist']);
    // Widened: the default catch-all plus one named file; a glob of the user's leads into a hidden folder.
    assert.deepEqual(found(discover(root, { include: ['**/*.md', 'notes/ideas.md', '.agent/plans/*.md'] })), [
      '.agent/plans/next.md plan checklist',
      'docs/archive/old.md plan checklist',
      'notes/ideas.md plan checklist',
      'RELEASE.md plan checklist',
    ]);
    assert.deepEqual(found(discover(root, { include: ['**/*.md', 'notes/ideas.md'], exclude: ['notes/**', 'docs/archive/**'] })), [
      'RELEASE.md plan checklist',
    ]);
  });
  const rules = new IncludeRules({ include: ['**/*.md', 'plans/**/*.md'], exclude: [] });
  assert.equal(rules.isNamed('README.md'), false, 'the catch-all names nothing');
  assert.equal(rules.isNamed('plans/x.md'), true);
});

test('what a file is follows its text: a file that stops being a plan on disk leaves the index; while edited it stays what it was', () => {
  withWorkspace({ 'RELEASE.md': CHECKLIST, 'notes.md': PROSE }, (root) => {
    const index = discover(root);
    assert.deepEqual(found(index), ['RELEASE.md plan checklist']);
    // Edited in the editor: a plan being rewritten does not drop out of the views.
    assert.equal(index.update('RELEASE.md', PROSE)?.family, 'checklist');
    // A new buffer is classified by its text.
    assert.equal(index.update('notes.md', PROSE), undefined);
    assert.equal(index.update('notes.md', CHECKLIST)?.family, 'checklist');
    // From disk, the text decides again.
    fs.writeFileSync(path.join(root, 'RELEASE.md'), PROSE);
    index.load('RELEASE.md');
    assert.equal(index.get('RELEASE.md'), undefined);
  });
});

test('the server walk finds what the CLI walk finds, and still reports its progress', async () => {
  const files = {
    'docs/plans/a.md': SUPERPOWERS,
    'RELEASE.md': CHECKLIST,
    'notes.md': PROSE,
    '.gitignore': 'tmp/\n',
    'tmp/plan.md': CHECKLIST,
  };
  const root = withWorkspace(files, (dir) => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'planloop-discovery-async-'));
    fs.cpSync(dir, copy, { recursive: true });
    return copy;
  });
  try {
    const index = new WorkspaceIndex(root, nodeFileSystem);
    const progress: Array<[number, number]> = [];
    await index.indexAsync({ onProgress: (read, seen) => progress.push([read, seen]) });
    assert.deepEqual(found(index), found(discover(root)));
    assert.deepEqual(found(index), ['docs/plans/a.md plan superpowers', 'RELEASE.md plan checklist']);
    assert.deepEqual(progress.at(-1), [3, 3], 'every candidate read is reported, loop file or not');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('nothing found: the words say what was looked for, per family, and what to set', () => {
  withWorkspace({ 'README.md': PROSE }, (root) => {
    const index = discover(root);
    assert.deepEqual(familyCounts(index), []);
    assert.equal(foundSummary([]), '');
  });
  const lines = nothingFoundLines().join('\n');
  for (const family of LOOP_FAMILIES) assert.ok(lines.includes(FAMILY_LABELS[family]), `names ${family}`);
  assert.match(lines, /planloop\.include/);
});

test('the Plans view’s welcome text names every loop family it looks for, and the include setting', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: { viewsWelcome: Array<{ view: string; contents: string; when: string }> };
  };
  const welcome = manifest.contributes.viewsWelcome.find(
    (w) => w.view === 'planloop.plans' && w.contents.startsWith('No loop files found'),
  );
  assert.ok(welcome);
  for (const family of LOOP_FAMILIES) assert.ok(welcome.contents.includes(FAMILY_LABELS[family]), `names ${FAMILY_LABELS[family]}`);
  assert.match(welcome.contents, /planloop\.include/);
});
