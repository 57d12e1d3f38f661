// The vocabulary of ledger field keys. Authors write the same field in many ways
// (`Working Plan:`, `Working Plans`, `**Plan References**:`, `plan:`, `Attempt History`), so
// every reader asks this one function what a key means instead of testing its own spelling.
import { detach } from '../model/text';

export type FieldName = 'workingPlan' | 'attemptsHistory' | 'status' | 'priority' | 'owner' | 'dependsOn';

/** A key reduced to lower-case words: emphasis, punctuation and a trailing colon dropped, each word singular. */
export function normalizeFieldKey(key: string): string {
  return key
    .replace(/[*_`]/g, ' ')
    .replace(/\([^)]*\)/g, ' ')
    .replace(/[:.\-–—/&]+/g, ' ')
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .map(singular)
    .join(' ');
}

function singular(word: string): string {
  if (word.length <= 3 || /(?:ss|us|is)$/.test(word)) return word;
  if (word.endsWith('ies')) return word.slice(0, -3) + 'y';
  return word.endsWith('s') ? word.slice(0, -1) : word;
}

const NAMES: ReadonlyArray<readonly [RegExp, FieldName]> = [
  // `Plan`, `Plans`, `Working Plan(s)`, `Plan Reference(s)`, `Plan File`, `Implementation Plan`, `Active Plan`.
  [/^(?:(?:working|implementation|active|current|phase) )?plan(?: (?:reference|ref|file|path|doc|link))?$/, 'workingPlan'],
  [/^attempt (?:history|log)$/, 'attemptsHistory'],
  [/^(?:current )?status$/, 'status'],
  [/^priority$/, 'priority'],
  [/^owner\b/, 'owner'],
  [/^(?:depends? on|dependency)$/, 'dependsOn'],
];

/**
 * Answers by key: a ledger names the same few keys thousands of times, and each initiative's
 * assembly asks about all of its fields (it was a tenth of a cold loop history). Bounded; keys are
 * kept as copies (a key is a slice of its section's text).
 */
const named = new Map<string, FieldName | null>();

/** What a field key means, or undefined for keys no reader uses. */
export function fieldName(key: string): FieldName | undefined {
  const known = named.get(key);
  if (known !== undefined) return known ?? undefined;
  const normal = normalizeFieldKey(key);
  let found: FieldName | undefined;
  for (const [re, name] of NAMES)
    if (re.test(normal)) {
      found = name;
      break;
    }
  if (named.size >= 1024) named.clear();
  named.set(detach(key), found ?? null);
  return found;
}
