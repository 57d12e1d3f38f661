// Heading anchors as GitHub renders them, so `docs/fix_plan.md#some-heading` can be checked and
// followed: lower-case, punctuation dropped, spaces to hyphens, repeats numbered `-1`, `-2`.

export interface HeadingAnchor {
  /** The anchor GitHub gives the heading (without `#`). */
  readonly slug: string;
  /** The heading's text as rendered (emphasis, code and link syntax removed). */
  readonly text: string;
  /** Offset of the heading line's start. */
  readonly start: number;
  /** Offset of the heading line's end. */
  readonly end: number;
}

/** The text a heading renders: `**x**`, `` `x` ``, `[x](url)` and `<b>` show as x. */
export function renderedHeadingText(raw: string): string {
  return raw
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/!?\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<[^>\n]+>/g, '')
    .replace(/(`+)(.*?)\1/g, '$2')
    .replace(/(\*\*|__)(.*?)\1/g, '$2')
    .replace(/(?<![\w*])[*_](?!\s)(.*?)(?<!\s)[*_](?![\w*])/g, '$1')
    .replace(/\\(.)/g, '$1')
    .trim();
}

/** GitHub's slug of a heading text (github-slugger's rule: keep letters, marks, numbers, `_`, `-` and spaces). */
export function githubSlug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The fence marker (``` or ~~~, as long as written) opening or closing on this line, if any. */
function codeFenceAt(line: string): string | undefined {
  return /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
}

/** Every ATX heading of a Markdown text with its anchor, in order; headings inside code fences are not headings. */
export function headingAnchors(text: string): HeadingAnchor[] {
  const out: HeadingAnchor[] = [];
  const seen = new Map<string, number>();
  let fence: string | undefined;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, '');
    const fenceMark = codeFenceAt(line);
    if (fence) {
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length && /^\s*[`~]+\s*$/.test(line)) fence = undefined;
    } else if (fenceMark) {
      fence = fenceMark;
    } else {
      const m = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
      if (m) {
        const rendered = renderedHeadingText(m[1] ?? '');
        const base = githubSlug(rendered);
        const count = seen.get(base) ?? 0;
        seen.set(base, count + 1);
        out.push({ slug: count ? `${base}-${count}` : base, text: rendered, start, end: start + line.length });
      }
    }
    if (end >= text.length) break;
    start = end + 1;
  }
  return out;
}

/** Anchors written as HTML in the file (`<a id="x">`, `<a name="x">`), which links may also target. */
export function htmlAnchors(text: string): Set<string> {
  return new Set([...text.matchAll(/<a\s[^>]*(?:id|name)\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1].toLowerCase()));
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/**
 * The heading a stale anchor most likely meant: the one sharing the longest leading words
 * (an initiative's ID comes first), then the fewest edits.
 */
export function nearestAnchor(anchor: string, anchors: readonly HeadingAnchor[]): HeadingAnchor | undefined {
  const want = anchor.toLowerCase();
  const words = want.split('-');
  let best: HeadingAnchor | undefined;
  let bestScore = -Infinity;
  for (const a of anchors) {
    if (!a.slug) continue;
    const theirs = a.slug.split('-');
    let shared = 0;
    while (shared < words.length && shared < theirs.length && words[shared] === theirs[shared]) shared++;
    const score = shared * 1000 - editDistance(want, a.slug);
    if (score > bestScore) {
      bestScore = score;
      best = a;
    }
  }
  return best;
}
