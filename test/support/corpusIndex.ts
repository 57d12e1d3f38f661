// What ../shared/corpus/INDEX.md says the corpus holds: its file tables, one per collection, so the
// tests follow the corpus as it grows instead of a file count written into them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { corpusDir } from './paths';

export interface CorpusCollection {
  /** The heading of its file table: `Files`, `Files (second collection)`, … */
  readonly heading: string;
  /** Local names (`owner__repo/path@sha.md`) in the order the table lists them. */
  readonly files: readonly string[];
}

/** The collections INDEX.md lists, each with the local names of its file table. */
export function corpusCollections(): CorpusCollection[] {
  const collections: Array<{ heading: string; files: string[] }> = [];
  let current: { heading: string; files: string[] } | undefined;
  for (const line of fs.readFileSync(path.join(corpusDir, 'INDEX.md'), 'utf8').split('\n')) {
    const heading = /^#{2,3} (Files\b.*)$/.exec(line);
    if (heading) collections.push((current = { heading: heading[1], files: [] }));
    else if (/^#{1,3} /.test(line)) current = undefined;
    else if (current) {
      const name = /^\| `([^`]+)` \|/.exec(line);
      if (name) current.files.push(name[1]);
    }
  }
  return collections;
}

/** A local name's original file name: `@fix_plan.md@62a3b26.md` → `@fix_plan.md` (split on the last `@`). */
export function originalBaseName(localName: string): string {
  return path.basename(localName).replace(/@[^@]*$/, '');
}

export interface ManifestEntry {
  /** `owner__repo/path@sha.md`, relative to the corpus folder. */
  readonly localName: string;
  /** The file's path in its repository. */
  readonly path: string;
  readonly commit: string;
  readonly kind: 'plan' | 'ledger' | 'handoff';
}

/** The rows of MANIFEST.tsv. */
export function corpusManifest(): ManifestEntry[] {
  const lines = fs.readFileSync(path.join(corpusDir, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [localName, , repoPath, commit, kind] = line.split('\t');
    return { localName, path: repoPath, commit, kind: kind as ManifestEntry['kind'] };
  });
}
