// What the progress picture shows for one initiative: rows by state per phase, and attempts over
// time. Pure (no vscode import) so unit tests cover it; the data comes from the plan and ledger trees.
import type { RowState, TreeInitiative, TreeLedgerInitiative } from '../../server/protocol';

export const STATE_ORDER = ['done', 'in-progress', 'blocked', 'open', 'deferred', 'skipped', 'unknown'] as const;
// Every state has a count (a new kind is a compile error in emptyCounts and the bar styles).
export type StateCounts = Record<RowState, number>;
const everyStateOrdered: Exclude<RowState, (typeof STATE_ORDER)[number]> extends never ? true : never = true;
void everyStateOrdered;

export interface PhaseBar {
  plan: string;
  label: string;
  counts: StateCounts;
  total: number;
}

export type AttemptTone = 'failed' | 'passed' | 'neutral';

export interface AttemptPoint {
  /** Milliseconds since the epoch (UTC). */
  time: number;
  /** The timestamp as written. */
  stamp: string;
  label: string;
  tone: AttemptTone;
}

export interface ProgressModel {
  id: string;
  title: string;
  status: string;
  counts: StateCounts;
  total: number;
  phases: PhaseBar[];
  /** Oldest first. */
  attempts: AttemptPoint[];
  /** Attempts whose entry carries no readable date. */
  undated: number;
}

export function emptyCounts(): StateCounts {
  return { done: 0, 'in-progress': 0, blocked: 0, open: 0, deferred: 0, skipped: 0, unknown: 0 };
}

function stateKey(state: string): keyof StateCounts {
  return (STATE_ORDER as readonly string[]).includes(state) ? (state as keyof StateCounts) : 'unknown';
}

export function buildProgress(id: string, plans: TreeInitiative | undefined, ledger: TreeLedgerInitiative | undefined): ProgressModel {
  const counts = emptyCounts();
  const phases: PhaseBar[] = [];
  for (const plan of plans?.plans ?? []) {
    for (const phase of plan.phases) {
      const bar: PhaseBar = {
        plan: plan.relativePath,
        label: phase.id ? `Phase ${phase.id}${phase.title ? ` — ${phase.title}` : ''}` : phase.title || 'Checklist',
        counts: emptyCounts(),
        total: 0,
      };
      for (const row of phase.rows) {
        const key = stateKey(row.state);
        bar.counts[key]++;
        counts[key]++;
        bar.total++;
      }
      if (bar.total > 0) phases.push(bar);
    }
  }
  const attempts: AttemptPoint[] = [];
  let undated = 0;
  for (const attempt of ledger?.attempts ?? []) {
    const time = attempt.timestamp ? parseStamp(attempt.timestamp) : undefined;
    if (time === undefined) {
      undated++;
      continue;
    }
    attempts.push({ time, stamp: attempt.timestamp ?? '', label: attempt.label, tone: attemptTone(attempt.text) });
  }
  attempts.sort((a, b) => a.time - b.time);
  return {
    id,
    title: plans?.title || ledger?.title || '',
    status: ledger?.status ?? plans?.status ?? 'unknown',
    counts,
    total: phases.reduce((n, p) => n + p.total, 0),
    phases,
    attempts,
    undated,
  };
}

/**
 * Reads the stamps ledgers use: `2026-03-02`, `2026-01-13T000000Z`, `2026-01-22T02:40Z`,
 * `2026-01-22T02:40:05Z`. Returns undefined for anything else.
 */
export function parseStamp(stamp: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2}))?)?/.exec(stamp.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  const time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return Number.isNaN(time) || Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 ? undefined : time;
}

/** How an attempt reads: failure words win over success words; otherwise neutral. */
export function attemptTone(text: string): AttemptTone {
  if (/\b(fail(?:ed|ing|ure|s)?|blocked|blocker|error|regress(?:ed|ion)?|exit(?: code)? [1-9]\d*)\b/i.test(text)) return 'failed';
  if (/\b(pass(?:ed|es)?|green|done|complete[d]?|landed|succeeded)\b/i.test(text)) return 'passed';
  return 'neutral';
}
