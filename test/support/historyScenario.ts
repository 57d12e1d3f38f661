// A synthetic loop history, committed by tests into a temp repository: four iterations in which
// A1 fails three times (thrash), B1 goes done → open → done (flip-flop), A2 is done before the
// last handoff points at it again (drift) and the last iteration moves no row (a stall of one).
import type { TestRepo } from './gitRepo';

export const PLAN = 'plans/active/TIDE-API-001/implementation.md';
export const LEDGER = 'docs/fix_plan.md';
export const HANDOFF = 'input.md';

function plan(a1: string, a2: string, b1: string): string {
  return `# TIDE-API-001 — Stable tide forecast API

### Phase A — Baseline

| ID | Task Description | State | How/Why & Guidance |
| --- | --- | --- | --- |
| A1 | Capture baseline pytest run | ${a1} | \`CUDA_VISIBLE_DEVICES="" pytest tests/test_tides.py -q\` |
| A2 | Summarise the baseline | ${a2} | Summary in the hub. |

### Phase B — Forecast API

| ID | Task Description | State | How/Why & Guidance |
| --- | --- | --- | --- |
| B1 | Define the \`Forecast\` result | ${b1} | Keep fields immutable. |
`;
}

function ledger(attempts: readonly string[]): string {
  return `# Tidewatch Fix Plan Ledger

## Active / Pending Initiatives

### [TIDE-API-001] Stable tide forecast API
- Status: in_progress
- Working Plan: \`${PLAN}\`
- Attempts History:
${attempts.map((a, i) => `  * [2026-03-0${Math.min(9, 1 + Math.floor(i / 2))}] Attempt #${i + 1} — Result: ${a}`).join('\n')}
`;
}

function handoff(focus: string, items: readonly string[]): string {
  return `Summary: keep the tide API moving.
Focus: [TIDE-API-001] Stable tide forecast API — ${focus}

Do Now:
${items.map((item, i) => `${i + 1}. TIDE-API-001 ${item}`).join('\n')}

How-To Map:
- Smoke: \`CUDA_VISIBLE_DEVICES="" pytest tests/test_tides.py -q\`
`;
}

export const ATTEMPTS = [
  'A1 pytest failed (exit code 1).',
  'A1 failed again: fixture error.',
  'A1 blocked on the station fixture.',
  'A2 summary landed, passed review.',
  'B1 reopened: review asked for docstrings.',
  'B1 done with docstrings.',
];

/** Commits the scenario; returns the SHAs in commit order (10 commits, 4 iterations). */
export function commitScenario(repo: TestRepo, upTo = 10): string[] {
  const shas: string[] = [];
  const steps: Array<() => void> = [
    () => {
      repo.write(PLAN, plan('[ ]', '[ ]', '[ ]'));
      repo.write(LEDGER, ledger([]));
      repo.write(HANDOFF, handoff('Phase A', [`A1 (baseline) @ ${PLAN}:7 — run the baseline`]));
    },
    () => {
      repo.write(PLAN, plan('[P]', '[ ]', '[ ]'));
      repo.write(LEDGER, ledger(ATTEMPTS.slice(0, 1)));
      repo.write('plans/active/TIDE-API-001/reports/2026-03-01T100000Z/phase_a/pytest.log', 'FAILED\n');
    },
    () => repo.write(LEDGER, ledger(ATTEMPTS.slice(0, 2))),
    () => repo.write(HANDOFF, handoff('Phase A, again', [`A1 (baseline) @ ${PLAN}:7 — fix the fixture first`])),
    () => repo.write(LEDGER, ledger(ATTEMPTS.slice(0, 3))),
    () => repo.write(HANDOFF, handoff('Phase A summary', [`A2 (summary) @ ${PLAN}:8 — write the summary`])),
    () => {
      repo.write(PLAN, plan('[P]', '[x]', '[x]'));
      repo.write(LEDGER, ledger(ATTEMPTS.slice(0, 4)));
      repo.write('plans/active/TIDE-API-001/reports/2026-03-03T100000Z/phase_a/summary.md', '# Summary\n');
    },
    () => {
      repo.write(PLAN, plan('[P]', '[x]', '[ ]'));
      repo.write(LEDGER, ledger(ATTEMPTS.slice(0, 5)));
    },
    () => {
      repo.write(PLAN, plan('[P]', '[x]', '[x]'));
      repo.write(LEDGER, ledger(ATTEMPTS.slice(0, 6)));
    },
    () =>
      repo.write(
        HANDOFF,
        handoff('Phase A wrap-up', [`A1 (baseline) @ ${PLAN}:7 — try once more`, `A2 (summary) @ ${PLAN}:8 — polish the summary`]),
      ),
  ];
  const dates = [
    '2026-03-01T09:00:00Z',
    '2026-03-01T10:00:00Z',
    '2026-03-01T11:00:00Z',
    '2026-03-02T09:00:00Z',
    '2026-03-02T10:00:00Z',
    '2026-03-03T09:00:00Z',
    '2026-03-03T10:00:00Z',
    '2026-03-03T11:00:00Z',
    '2026-03-03T12:00:00Z',
    '2026-03-04T09:00:00Z',
  ];
  const messages = [
    'SUPERVISOR: handoff 1',
    'RALPH: A1 in progress, attempt #1',
    'RALPH: attempt #2',
    'SUPERVISOR: handoff 2',
    'RALPH: attempt #3',
    'SUPERVISOR: handoff 3',
    'RALPH: A2 and B1 done',
    'RALPH: B1 reopened',
    'RALPH: B1 done again',
    'SUPERVISOR: handoff 4',
  ];
  for (let i = 0; i < upTo; i++) {
    steps[i]();
    shas.push(repo.commit(messages[i], dates[i]));
  }
  return shas;
}
