// The report folders a plan writes under: its reports roots (`reports/2026-01-test-suite-refresh/`,
// `plans/active/<ID>/reports/`) and the phase folders below them (`…/phase_l/`). Plans cite their
// artifacts relative to these (`phase_l/20251015T190350Z/`), as their authors read them.
import type { IndexedDocument } from './workspace';

const ROOT = /^((?:[^\s/]+\/)*?reports\/[^/\s]+\/)(phase[_-][^/\s]+\/)?/;

const foldersByDoc = new WeakMap<IndexedDocument, readonly string[]>();

/** Reports roots, then phase folders, that the document's own citations name; most cited first. */
export function reportsFolders(doc: IndexedDocument): readonly string[] {
  const known = foldersByDoc.get(doc);
  if (known) return known;
  const roots = new Map<string, number>();
  const phases = new Map<string, number>();
  const count = (map: Map<string, number>, key: string): void => {
    map.set(key, (map.get(key) ?? 0) + 1);
  };
  for (const ref of doc.model.references) {
    if (ref.kind !== 'path' || !ref.path) continue;
    const m = ROOT.exec(ref.path.replace(/^\.\//, ''));
    if (!m) continue;
    // `reports/<stamp>/` is a hub, not a root: its stamp names one run.
    if (/^\d{4}-?\d{2}-?\d{2}T/.test(m[1].split('/').slice(-2)[0])) continue;
    count(roots, m[1]);
    if (m[2]) count(phases, m[1] + m[2]);
  }
  const ranked = (map: Map<string, number>): string[] => [...map].sort((a, b) => b[1] - a[1]).map(([k]) => k);
  const folders = [...ranked(roots), ...ranked(phases)];
  foldersByDoc.set(doc, folders);
  return folders;
}
