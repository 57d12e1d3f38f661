// The vocabulary of ledger field keys. Authors write the same field in many ways
// (`Working Plan:`, `Working Plans`, `**Plan References**:`, `plan:`, `Attempt History`), so
// every reader asks this one function what a key means instead of testing its own spelling.

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

/** What a field key means, or undefined for keys no reader uses. */
export function fieldName(key: string): FieldName | undefined {
  const normal = normalizeFieldKey(key);
  for (const [re, name] of NAMES) if (re.test(normal)) return name;
  return undefined;
}
