// What a plan says about itself at its top: YAML front matter (`id:`, `title:`, `status:`, as
// Backlog.md writes), header bullets (`- Status: active`, `- Plan: docs/plans/x.md`,
// `- Initiative: ID — …`) and status banners (`**Status:** complete`, `Execution status: completed`).
// A backlog item is an initiative through it, and a plan finds its initiative through it.
import type { PlanHeader, Span } from '../model/model';
import { normalizeStatus } from '../model/states';
import { stripEmphasis } from './inline';

/** How far the header reads: the front matter, then lines up to the second heading or the first row. */
const HEADER_LINES = 60;

const FRONT_FIELD = /^(id|title|status)[ \t]*:[ \t]*['"]?(.*?)['"]?[ \t]*$/i;
// `- Status: active`, `**Status:** complete`, `Status: Draft`, `**Execution status:** completed`,
// `> **Status**: Draft`.
const STATUS_LINE =
  /^[ \t>]*(?:[-*+][ \t]+)?(?:\*\*|__)?(?:Execution[ \t]+)?Status(?:\*\*|__)?[ \t]*[:：][ \t]*(?:\*\*|__)?[ \t]*(.+?)[ \t]*$/i;
const PLAN_LINE = /^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?(?:Plan|Working Plan|Implementation Plan)(?:\*\*|__)?[ \t]*[:：][ \t]*(.+?)[ \t]*$/i;
const INITIATIVE_LINE =
  /^[ \t]*(?:[-*+][ \t]+)?(?:\*\*|__)?Initiative(?:\*\*|__)?[ \t]*[:：][ \t]*(?:\*\*|__)?[ \t]*\[?([A-Z][A-Z0-9]*(?:[-\u2011][A-Z0-9]+)+)\]?/;
const PATH = /`([^`\s]+\.md)`|\[[^\]]*\]\(([^)\s]+\.md)\)|(\S+\.md)\b/;
const ROW_LINE = /^[ \t]*(?:[-*+]|\d+[.)])[ \t]+\[[^\]\n]{0,6}\]|^ {0,3}\|/;
const HEADING = /^ {0,3}#{1,6}[ \t]/;

/** Reads the header of a plan's text; linear in the lines it looks at (at most HEADER_LINES after the front matter). */
export function readPlanHeader(text: string): PlanHeader {
  let id: string | undefined;
  let title: string | undefined;
  let status: { raw: string; span: Span } | undefined;
  let initiative: string | undefined;
  const plans: string[] = [];
  let at = 0;
  let line = 0;
  const next = (): string | undefined => {
    if (at >= text.length) return undefined;
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const value = text.slice(at, end).replace(/\r$/, '');
    lineStart = at;
    at = end + 1;
    line++;
    return value;
  };
  let lineStart = 0;
  // Front matter: `---` on the first line, fields until the closing `---`.
  if (/^---[ \t]*\r?$/.test(text.slice(0, text.indexOf('\n') + 1 || text.length).replace(/\n$/, ''))) {
    next();
    for (let l = next(); l !== undefined && line < 200; l = next()) {
      if (/^---[ \t]*$/.test(l)) break;
      const field = FRONT_FIELD.exec(l);
      if (!field) continue;
      const key = field[1].toLowerCase();
      if (key === 'id') id = field[2];
      else if (key === 'title') title = field[2];
      else if (field[2])
        status = {
          raw: field[2],
          span: { start: lineStart + l.indexOf(field[2]), end: lineStart + l.indexOf(field[2]) + field[2].length },
        };
    }
  }
  let headings = 0;
  for (let l = next(), n = 0; l !== undefined && n < HEADER_LINES; l = next(), n++) {
    if (HEADING.test(l) && ++headings > 1) break;
    if (ROW_LINE.test(l)) break;
    const s = status ? null : STATUS_LINE.exec(l);
    if (s) {
      const raw = stripEmphasis(s[1])
        .replace(/\*\*|__/g, '')
        .trim();
      const from = lineStart + l.lastIndexOf(s[1]);
      status = { raw, span: { start: from, end: from + s[1].length } };
      continue;
    }
    const ini = initiative ? null : INITIATIVE_LINE.exec(l);
    if (ini) {
      initiative = ini[1].replace(/\u2011/g, '-');
      continue;
    }
    const plan = PLAN_LINE.exec(l);
    const path = plan ? PATH.exec(plan[1]) : null;
    if (path) plans.push(path[1] ?? path[2] ?? path[3]);
  }
  return {
    id,
    title,
    rawStatus: status?.raw,
    status: status ? normalizeStatus(status.raw) : undefined,
    statusSpan: status?.span,
    initiative,
    plans,
  };
}
