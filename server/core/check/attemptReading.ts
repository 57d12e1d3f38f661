// How an attempt reads: when it happened (its stamp as a time) and whether it passed or failed
// (its wording). The one reading of attempts: the ledger view and the progress picture get it
// from the server, so no client reads ledger text.

export type AttemptOutcome = 'failed' | 'passed' | 'neutral';

/**
 * Reads the stamps ledgers use: `2026-03-02`, `2026-01-13T000000Z`, `2026-01-22T02:40Z`,
 * `2026-01-22T02:40:05Z` (and U+2011 hyphens). Milliseconds since the epoch (UTC), or undefined.
 */
export function attemptTime(stamp: string): number | undefined {
  const m = /^(\d{4})[-\u2011](\d{2})[-\u2011](\d{2})(?:[T ](\d{2}):?(\d{2})(?::?(\d{2}))?)?/.exec(stamp.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  const time = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return Number.isNaN(time) || Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 ? undefined : time;
}

// `fail-fast` / `fail-safe` name a design, not an outcome.
const FAILURE_WORDS =
  /\b(fail(?:ed|ing|ure|s)?(?![-\u2011](?:fast|safe))|blocked|blocker|error|regress(?:ed|ion)?|exit(?: code)? [1-9]\d*)\b/gi;
const SUCCESS_WORDS = /\b(pass(?:ed|es)?|green|done|complete[d]?|landed|succeeded)\b/gi;

/** Failure words win over success words (a red step that "failed as expected" passed); otherwise neutral. */
export function attemptOutcome(text: string): AttemptOutcome {
  return attemptVerdict(text).outcome;
}

/** The outcome and the distinct words (lower case, in order) it was read from. */
export function attemptVerdict(text: string): { outcome: AttemptOutcome; words: string[] } {
  if (/\bfailed as expected\b/i.test(text)) return { outcome: 'passed', words: ['failed as expected'] };
  const words = (re: RegExp): string[] => [...new Set(Array.from(text.matchAll(re), (m) => m[1].toLowerCase()))];
  const failed = words(FAILURE_WORDS);
  if (failed.length) return { outcome: 'failed', words: failed };
  const passed = words(SUCCESS_WORDS);
  return passed.length ? { outcome: 'passed', words: passed } : { outcome: 'neutral', words: [] };
}
