// Artifact paths: brace lists ({a,b}), placeholders (<TS>, $STAMP, {stamp}) and globs.
import braces from 'braces';
import type { ArtifactPath, Reference } from '../model/model';
import { escapeRegExp } from '../model/text';

const MAX_EXPANSIONS = 256;
// The placeholder grammar: <TS>, $STAMP / ${STAMP}, {stamp} (named), then globs, ellipses and
// {a|b} alternatives (anonymous). Named ones capture in path templates.
const PLACEHOLDER_SOURCE = String.raw`<([^<>/]+)>|\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?|\{([A-Za-z_][\w-]*)\}|\*\*|\*|…|\.\.\.|\{[^{},]*\|[^{}]*\}`;
const PLACEHOLDER = new RegExp(PLACEHOLDER_SOURCE);
const PLACEHOLDERS = new RegExp(PLACEHOLDER_SOURCE, 'g');
const STAMP_NAMES = /^(?:ts|timestamp|iso8601z?|stamp|yyyy-mm-ddthhmmssz|new_timestamp|iso)$/i;

// One plain list (`dir/{a.log,b.json}`, the common shape) of path characters only: braces gives
// meaning to more (extglob parentheses, ranges, escapes, quotes, `${`).
const SINGLE_LIST = /^([\w./: -]*)\{([\w./: ,-]*)\}([\w./: -]*)$/;

/** Expands one plain list by hand, as braces does (a test holds the two equal): braces is slow for so little. */
export function singleList(pattern: string): string[] | undefined {
  const m = SINGLE_LIST.exec(pattern);
  if (!m || !m[2].includes(',') || m[2].includes('..')) return undefined;
  const parts = m[2].split(',');
  return parts.length > MAX_EXPANSIONS ? undefined : parts.map((part) => m[1] + part + m[3]);
}

/** Expands `{a,b}` lists (spaces after commas allowed); an unbalanced or huge pattern stays as written. */
export function expandBraces(raw: string): string[] {
  const normalized = raw.replace(/\{([^{}]*)\}/g, (whole: string, inner: string) =>
    inner.includes(',')
      ? '{' +
        inner
          .split(',')
          .map((s) => s.trim())
          .join(',') +
        '}'
      : whole,
  );
  if (!/\{[^{}]*,[^{}]*\}/.test(normalized)) return [normalized];
  const single = singleList(normalized);
  if (single) return single;
  try {
    const expanded = braces(normalized, { expand: true, rangeLimit: MAX_EXPANSIONS });
    if (expanded.length === 0 || expanded.length > MAX_EXPANSIONS) return [normalized];
    return expanded;
  } catch {
    return [normalized];
  }
}

export function isTemplated(path: string): boolean {
  return PLACEHOLDER.test(path);
}

const ARTIFACT_EXT = /\.(?:log|json|jsonl|csv|txt|png|svg|html|xml|pdf|tar\.gz)$/i;

/** A cited path is evidence (an artifact) when it lives under a reports hub or names a log-like output. */
export function isArtifactPath(path: string): boolean {
  if (/(?:^|\/)reports\//.test(path)) return true;
  if (/^(?:\.\/)?(?:tests?|src|specs?)\//.test(path)) return false; // inputs and sources, not evidence
  return expandBraces(path).some((p) => ARTIFACT_EXT.test(p.replace(/\/+$/, '')));
}

export function artifactFromReference(ref: Reference): ArtifactPath | undefined {
  if (ref.kind !== 'path' || !ref.path || !isArtifactPath(ref.path)) return undefined;
  return { raw: ref.path, expanded: expandBraces(ref.path), span: ref.span, templated: isTemplated(ref.path) };
}

/** A fresh `YYYY-MM-DDTHHMMSSZ` stamp, the shape hubs use. */
export function hubTimestamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '');
}

// ---- Path templates: placeholders as captures (landing evidence) ---------------------------

export interface PathTemplate {
  readonly source: string;
  readonly re: RegExp;
  /** Capture group names, '' for anonymous wildcards. */
  readonly names: readonly string[];
}

const nameOf = (raw: string): string => (STAMP_NAMES.test(raw) ? 'stamp' : raw);

const MAX_TEMPLATE_CHARS = 4096;

/** `reports/<TS>/d/*.log` → a regex with one capture per placeholder. A folder (`…/`) matches files under it. */
export function compileTemplate(path: string): PathTemplate {
  // No real path is this long; a regex of thousands of placeholders would not compile (and never match).
  if (path.length > MAX_TEMPLATE_CHARS) return { source: path, re: /(?!)/, names: [] };
  let re = '^';
  const names: string[] = [];
  let last = 0;
  for (const m of path.matchAll(PLACEHOLDERS)) {
    re += escapeRegExp(path.slice(last, m.index));
    last = m.index + m[0].length;
    const name = m[1] ?? m[2] ?? m[3];
    if (name) {
      names.push(nameOf(name));
      re += '([^/]+)';
    } else {
      names.push('');
      re += m[0] === '*' || m[0].startsWith('{') ? '([^/]*)' : '(.*)';
    }
  }
  re += escapeRegExp(path.slice(last));
  if (path.endsWith('/')) re += '.+';
  return { source: path, re: new RegExp(re + '$'), names };
}

/** Placeholder values when `candidate` fits the template; undefined otherwise (or on conflicting values). */
export function matchTemplate(template: PathTemplate, candidate: string): Map<string, string> | undefined {
  const m = template.re.exec(candidate);
  if (!m) return undefined;
  const bindings = new Map<string, string>();
  for (let i = 0; i < template.names.length; i++) {
    const name = template.names[i];
    if (!name) continue;
    const value = m[i + 1];
    if (bindings.has(name) && bindings.get(name) !== value) return undefined;
    bindings.set(name, value);
  }
  return bindings;
}

/** Replaces bound placeholders; anything unbound stays as written. */
export function fillTemplate(path: string, bindings: ReadonlyMap<string, string>): string {
  return path.replace(PLACEHOLDERS, (whole: string, angle?: string, dollar?: string, brace?: string) => {
    const name = angle ?? dollar ?? brace;
    return name ? (bindings.get(nameOf(name)) ?? whole) : whole;
  });
}
