// Hover: a row's state, phase, commands, artifacts (on disk or missing, size and age) and the
// last attempt citing it; a reference's target text; an artifact's existence and log tail.
import type { Hover } from 'vscode-languageserver';
import type { IndexedDocument, RowHit, WorkspaceIndex } from '../core/index/workspace';
import type { FileStat } from '../core/index/fileSystem';
import { isTemplated } from '../core/parse/artifacts';
import { locate } from './locate';
import { rangeOf } from './wire';
import { findInFile } from './definition';

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function age(mtimeMs: number, now: number): string {
  const s = Math.max(0, (now - mtimeMs) / 1000);
  if (s < 90) return `${Math.round(s)} s ago`;
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 129600) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

function fileLine(path: string, stat: FileStat | undefined, now: number): string {
  return stat ? `✓ \`${path}\` — ${size(stat.size)}, ${age(stat.mtimeMs, now)}` : `✗ \`${path}\` — missing`;
}

/** The newest attempt (by position) in the row's initiative that names the row. */
function lastAttemptCiting(index: WorkspaceIndex, hit: RowHit): string | undefined {
  const ledger = index.ledger();
  const initiativeId = hit.row.initiativeId ?? index.initiativeForPlan(hit.doc.path);
  const initiative = ledger?.model.initiatives.find((i) => i.id === initiativeId);
  const pattern = new RegExp(`(?<![\\w.])${hit.row.id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w])`);
  const citing = (initiative?.attempts ?? []).filter((a) => pattern.test(a.text));
  const last = citing.reduce<(typeof citing)[number] | undefined>((acc, a) => (!acc || a.span.start > acc.span.start ? a : acc), undefined);
  return last ? last.text.split('\n')[0].slice(0, 300) : undefined;
}

/** A row's states through git history (`[ ] → [P] (Oct 20, 3 iterations ago)`), when the history is known. */
export type RowTimeline = (plan: string, rowId: string) => string | undefined;

function rowHover(index: WorkspaceIndex, hit: RowHit, now = Date.now(), timeline?: RowTimeline): string {
  const { row } = hit;
  const lines = [
    `**${row.id || 'Row'} — ${row.title}**`,
    '',
    `State: \`${row.rawState || '[ ]'}\` (${row.state})${hit.phase ? ` · Phase ${hit.phase.id}${hit.phase.title ? ` — ${hit.phase.title}` : ''}` : ''}`,
  ];
  if (row.commands.length) lines.push('', 'Commands:', '```sh', ...row.commands.map((c) => c.text), '```');
  const artifacts = index.artifactStatus(hit.doc, row);
  if (artifacts.length)
    lines.push('', 'Artifacts:', ...artifacts.map((a) => `- ${a.templated ? `\`${a.path}\` (template)` : fileLine(a.path, a.stat, now)}`));
  const attempt = lastAttemptCiting(index, hit);
  if (attempt) lines.push('', `Last attempt: ${attempt}`);
  const states = timeline?.(hit.doc.path, row.id || row.title);
  if (states) lines.push('', `History: ${states}`);
  return lines.join('\n');
}

function tail(text: string, n: number): string {
  return text
    .split(/\r?\n/)
    .filter((l, i, all) => i < all.length - 1 || l !== '')
    .slice(-n)
    .join('\n');
}

export function hover(index: WorkspaceIndex, doc: IndexedDocument, offset: number, now = Date.now(), timeline?: RowTimeline): Hover | null {
  const target = locate(index, doc, offset);
  if (!target) return null;
  if (target.kind === 'row')
    return {
      contents: { kind: 'markdown', value: rowHover(index, target.hit, now, timeline) },
      range: rangeOf(doc, target.hit.row.span.start, target.hit.row.span.end),
    };
  if (target.kind === 'rowMention') {
    return {
      contents: {
        kind: 'markdown',
        value: target.hits.map((h) => rowHover(index, h, now, timeline) + `\n\n_${h.doc.path}_`).join('\n\n---\n\n'),
      },
      range: rangeOf(doc, target.start, target.end),
    };
  }
  const ref = target.ref;
  const range = rangeOf(doc, ref.span.start, ref.span.end);
  if (ref.kind === 'initiative' && ref.id) {
    const hit = index.findInitiatives(ref.id)[0];
    if (!hit) return { contents: { kind: 'markdown', value: `No ledger entry for \`${ref.id}\`` }, range };
    const i = hit.initiative;
    return {
      contents: {
        kind: 'markdown',
        value: `**[${i.id}] ${i.title}**\n\nStatus: ${i.rawStatus ?? i.status}${i.priority ? `\n\nPriority: ${i.priority}` : ''}\n\n${i.attempts.length} attempts`,
      },
      range,
    };
  }
  if (ref.kind !== 'path' || !ref.path) return null;
  const paths = isTemplated(ref.path) ? [] : [ref.path];
  if (!paths.length) return { contents: { kind: 'markdown', value: `\`${ref.path}\` is a template (placeholders or globs)` }, range };
  const resolved = index.resolvePath(doc.path, ref.path);
  const lines = [fileLine(resolved.path, resolved.stat, now)];
  if (resolved.stat?.isFile && resolved.stat.size < 2 * 1024 * 1024) {
    const text = index.textOf(resolved.path) ?? '';
    const line = ref.line ?? findInFile(text, ref);
    if (line) {
      const all = text.split(/\r?\n/);
      const end = Math.min(all.length, (ref.endLine ?? line) + (ref.endLine ? 0 : 4));
      lines.push('', '```', ...all.slice(line - 1, end), '```');
    } else if (/\.(log|txt|out)$/i.test(resolved.path)) {
      lines.push('', 'Log tail:', '```', tail(text, 12), '```');
    }
  }
  return { contents: { kind: 'markdown', value: lines.join('\n') }, range };
}
