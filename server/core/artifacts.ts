// Artifact paths: brace lists ({a,b}), placeholders (<TS>, $STAMP, {stamp}) and globs.
import braces from 'braces';
import type { ArtifactPath, Reference } from './model';

const MAX_EXPANSIONS = 256;
const PLACEHOLDER = /<[^<>/]+>|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\{[A-Za-z_][\w-]*\}|[*…]|\.\.\.|\{[^{},]*\|[^{}]*\}/;

/** Expands `{a,b}` lists (spaces after commas allowed); an unbalanced or huge pattern stays as written. */
export function expandBraces(raw: string): string[] {
  const normalized = raw.replace(/\{([^{}]*)\}/g, (whole: string, inner: string) =>
    inner.includes(',') ? '{' + inner.split(',').map((s) => s.trim()).join(',') + '}' : whole,
  );
  if (!/\{[^{}]*,[^{}]*\}/.test(normalized)) return [normalized];
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
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '');
}
