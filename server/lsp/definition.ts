// Go to definition: paths (line, range, #L, #anchor, ::symbol), § rows, row IDs, [INITIATIVE].
import type { Location } from 'vscode-languageserver';
import type { Reference } from '../core/model/model';
import type { IndexedDocument } from '../core/index/workspace';
import type { Session } from './session';
import { lineLocation, rangeOf } from './wire';
import { locate, rowsForMention } from './locate';
import { pythonDefinitionLine } from '../core/check/pythonDefinitions';

const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The line of `#anchor` (a heading slug) or `::symbol` (def/class or a heading/ID) in a file's text. */
export function findInFile(text: string, ref: Reference): number | undefined {
  const lines = text.split(/\r?\n/);
  if (ref.anchor) {
    const want = ref.anchor.toLowerCase();
    const i = lines.findIndex((l) => {
      const m = /^#{1,6}\s+(.*)$/.exec(l);
      if (!m) return false;
      const slug = m[1]
        .toLowerCase()
        .replace(/[^\w\- ]+/g, '')
        .trim()
        .replace(/\s/g, '-');
      return slug === want || m[1].toLowerCase().includes(want);
    });
    if (i >= 0) return i + 1;
  }
  if (ref.symbol) {
    const def = pythonDefinitionLine(text, ref.symbol);
    if (def) return def;
    const parts = ref.symbol.split('::').filter(Boolean);
    const last = parts[parts.length - 1].replace(/\[.*$/, '');
    const heading = lines.findIndex((l) => /^#{1,6}\s/.test(l) && l.includes(last));
    if (heading >= 0) return heading + 1;
    const any = lines.findIndex((l) => l.includes(last));
    if (any >= 0) return any + 1;
  }
  return undefined;
}

export function definition(session: Session, doc: IndexedDocument, offset: number): Location[] {
  const index = session.index;
  const target = locate(index, doc, offset);
  if (!target) return [];
  if (target.kind === 'rowMention')
    return target.hits.map((h) => ({ uri: session.toUri(h.doc.path), range: rangeOf(h.doc, h.row.span.start, h.row.span.end) }));
  if (target.kind === 'row') return [];
  const ref = target.ref;
  if (ref.kind === 'initiative' && ref.id) {
    return index.findInitiatives(ref.id).map((h) => ({
      uri: session.toUri(h.doc.path),
      range: rangeOf(h.doc, h.initiative.headingSpan.start, h.initiative.headingSpan.end),
    }));
  }
  if (ref.kind === 'section' && ref.section) {
    const planPath = ref.path ? index.resolvePath(doc.path, ref.path).path : undefined;
    const id = ref.section.split(/[–-]/)[0].replace(/^§/, '');
    const hits = planPath && index.get(planPath) ? index.findRows(id, { planPath }) : rowsForMention(index, doc, id, offset);
    return hits.map((h) => ({ uri: session.toUri(h.doc.path), range: rangeOf(h.doc, h.row.span.start, h.row.span.end) }));
  }
  if (ref.kind === 'path' && ref.path) {
    const resolved = index.resolvePath(doc.path, ref.path);
    if (!resolved.stat) return [];
    const uri = session.toUri(resolved.path);
    if (ref.line) return [lineLocation(uri, ref.line)];
    if ((ref.anchor || ref.symbol) && resolved.stat.isFile) {
      const text = index.textOf(resolved.path) ?? '';
      const line = findInFile(text, ref);
      if (line) return [lineLocation(uri, line)];
    }
    return [{ uri, range: zero }];
  }
  return [];
}
