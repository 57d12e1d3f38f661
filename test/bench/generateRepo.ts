// A repository shaped like the ones discovery meets with no settings: mostly source, dependencies,
// build outputs, big binaries and logs, a `.gitignore`d scratch folder, Markdown docs that are no
// loop at all, and about a hundred loop files of several families. Deterministic (seeded).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateRealShapedLedger, rng } from './generate';

export interface RepoShape {
  /** Files written, and their bytes. */
  readonly files: number;
  readonly bytes: number;
  /** The loop files discovery must find (workspace-relative), sorted. */
  readonly loopFiles: readonly string[];
}

const WORDS = ['parser', 'cache', 'config', 'render', 'token', 'route', 'schema', 'retry', 'queue', 'index', 'client', 'worker'];
const words = (r: () => number, n: number): string => Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)]).join(' ');

/** Text of about `bytes`, in lines of `line(i)`. */
function filled(bytes: number, line: (i: number) => string): string {
  const out: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const l = line(i);
    out.push(l);
    size += l.length + 1;
  }
  return out.join('\n') + '\n';
}

/** A superpowers plan: `### Task N` over `- [ ] **Step M: …**` with fenced commands and expected outcomes. */
export function superpowersPlan(r: () => number, tasks: number, steps: number): string {
  const out = [
    `# ${words(r, 3)} Implementation Plan`,
    '',
    '> **For agentic workers:** REQUIRED SUB-SKILL: Use superpowers:executing-plans.',
    '',
  ];
  for (let t = 1; t <= tasks; t++) {
    out.push(`### Task ${t}: ${words(r, 4)}`, '', '**Files:**', `- Modify: \`src/${WORDS[t % WORDS.length]}.ts\``, '');
    for (let s = 1; s <= steps; s++) {
      out.push(
        `- [${r() < 0.5 ? 'x' : ' '}] **Step ${s}: ${words(r, 5)}**`,
        '',
        '```bash',
        `npm test -- ${WORDS[s % WORDS.length]}`,
        '```',
        '',
      );
      out.push(s === 2 ? 'Expected: FAIL with "not implemented"' : 'Expected: PASS', '');
    }
  }
  return out.join('\n');
}

/**
 * Writes the repository under `root` (about `files` files and `megabytes` MB) and says which loop
 * files it holds. Non-Markdown files are never read by discovery; Markdown docs are read and judged.
 */
export function generateRepoShapedWorkspace(root: string, files = 3000, megabytes = 90, seed = 31): RepoShape {
  const r = rng(seed);
  let written = 0;
  let bytes = 0;
  const loopFiles: string[] = [];
  const write = (rel: string, content: string | Buffer, loop = false): void => {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    written++;
    bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.length;
    if (loop) loopFiles.push(rel);
  };
  const doc = (n: number): string => `# ${words(r, 3)}\n\n${filled(n, () => words(r, 12))}`;
  const checklist = (n: number): string =>
    `# ${words(r, 2)}\n\n## Phase 1\n\n${Array.from({ length: n }, (_, i) => `- [${i % 3 ? ' ' : 'x'}] ${words(r, 6)}`).join('\n')}\n`;

  write('.gitignore', 'tmp/\n*.log\ncoverage/\n');
  write('README.md', doc(6000));
  write('CHANGELOG.md', doc(20_000));

  // Loop files, about a hundred, of every family.
  write('docs/fix_plan.md', generateRealShapedLedger(200 * 1024, { seed }), true);
  write('input.md', '# Handoff\n\nFocus: REPO-0001 — parser cache\n\n## Do Now\n- A1: run `pytest -q`\n', true);
  for (let i = 0; i < 20; i++)
    write(
      `plans/active/REPO-${String(i).padStart(4, '0')}/implementation.md`,
      `# REPO-${i}\n\n### Phase A — ${words(r, 2)}\n\n| ID | Task Description | State | How/Why & Guidance |\n| --- | --- | --- | --- |\n| A1 | ${words(r, 5)} | [x] | \`pytest -q\` |\n| A2 | ${words(r, 5)} | [ ] | — |\n`,
      true,
    );
  for (let i = 0; i < 20; i++)
    write(`docs/superpowers/plans/2026-0${1 + (i % 9)}-${String(i).padStart(2, '0')}-plan.md`, superpowersPlan(r, 4, 4), true);
  for (let i = 0; i < 10; i++) write(`docs/plans/2026-02-${String(i + 10)}-${WORDS[i]}.md`, superpowersPlan(r, 3, 3), true);
  for (let i = 0; i < 15; i++)
    write(
      `specs/${String(i + 1).padStart(3, '0')}-${WORDS[i % WORDS.length]}/tasks.md`,
      `# Tasks\n\n## Phase 1: Setup\n\n${Array.from({ length: 12 }, (_, k) => `- [${k % 2 ? 'X' : ' '}] T${String(k + 1).padStart(3, '0')} [P] [US1] ${words(r, 5)}`).join('\n')}\n`,
      true,
    );
  for (let i = 0; i < 10; i++)
    write(
      `.kiro/specs/${WORDS[i]}-feature/tasks.md`,
      `# Implementation Plan\n\n${Array.from({ length: 6 }, (_, k) => `- [ ] ${k + 1}. ${words(r, 4)}\n  - [x] ${k + 1}.1 ${words(r, 4)}\n  - _Requirements: ${k + 1}.1_`).join('\n')}\n`,
      true,
    );
  write('@fix_plan.md', `# Ralph Fix Plan\n\n## High Priority\n${checklist(8).split('\n').slice(4).join('\n')}`, true);
  write('IMPLEMENTATION_PLAN.md', `# Implementation Plan\n\n## High Priority\n${checklist(10).split('\n').slice(4).join('\n')}`, true);
  for (let i = 0; i < 15; i++)
    write(
      `backlog/tasks/task-${i + 1} - ${WORDS[i % WORDS.length]}.md`,
      `---\nid: task-${i + 1}\ntitle: ${words(r, 3)}\nstatus: To Do\n---\n\n## Acceptance Criteria\n\n- [ ] ${words(r, 5)}\n- [x] ${words(r, 5)}\n`,
      true,
    );
  for (let i = 0; i < 7; i++) write(`docs/release/${WORDS[i]}-checklist.md`, checklist(10), true);

  // What discovery must pass by: docs that hold no loop, dependencies, build outputs, a scratch folder git ignores.
  for (let i = 0; i < 250; i++) write(`docs/guide/${WORDS[i % WORDS.length]}-${i}.md`, doc(3000 + Math.floor(r() * 6000)));
  for (let i = 0; i < 50; i++) write(`tmp/scratch-${i}/plan.md`, checklist(10));
  write('docs/dump.md', doc(6 * 1024 * 1024)); // over the 5 MB cap: skipped, its size named
  for (let i = 0; written < files * 0.4; i++) {
    const pkg = `node_modules/pkg-${Math.floor(i / 4)}`;
    write(
      i % 4 === 0 ? `${pkg}/README.md` : i % 4 === 1 ? `${pkg}/CHANGELOG-plan.md` : `${pkg}/lib/${i}.js`,
      i % 4 < 2 ? checklist(6) : filled(4000, () => `export const x${i} = ${i};`),
    );
  }
  for (let i = 0; i < 60; i++)
    write(i % 2 ? `dist/docs/plan-${i}.md` : `dist/bundle-${i}.js`, i % 2 ? checklist(5) : filled(20_000, () => 'var a=1;'));
  for (let i = 0; i < 40; i++) write(`.venv/lib/python3.12/site-packages/mod${i}/README.md`, checklist(4));
  for (let i = 0; i < 4; i++)
    write(
      `logs/run-${i}.log`,
      filled(4 * 1024 * 1024, (k) => `2026-01-01T00:00:${k % 60} INFO ${words(r, 8)}`),
    );
  // Source fills the file count; binaries fill the size.
  const sourceFiles = files - written - 6;
  for (let i = 0; i < sourceFiles; i++)
    write(
      `src/${WORDS[i % WORDS.length]}/${i}.${i % 3 ? 'ts' : 'py'}`,
      filled(3000 + Math.floor(r() * 4000), () => `const ${WORDS[i % WORDS.length]} = ${i};`),
    );
  const left = Math.max(0, megabytes * 1024 * 1024 - bytes);
  for (let i = 0; i < 6; i++) write(`assets/blob-${i}.bin`, Buffer.alloc(Math.floor(left / 6), i + 1));
  return { files: written, bytes, loopFiles: loopFiles.sort((a, b) => a.localeCompare(b)) };
}

/** Adds `plans` superpowers plans of `tasks` × `steps` rows under docs/plans/ (found by their text, not their path). */
export function addSuperpowersPlans(root: string, plans: number, tasks: number, steps: number, seed = 37): number {
  const r = rng(seed);
  for (let i = 0; i < plans; i++) {
    const file = path.join(root, 'docs/plans', `2026-03-${String(i).padStart(4, '0')}-plan.md`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, superpowersPlan(r, tasks, steps));
  }
  return plans * tasks * steps;
}
