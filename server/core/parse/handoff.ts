// Handoffs (input.md): labelled sections in five layouts — inline `Key: value`, bare labels,
// `## Headings`, `**Bold:**` labels and `- **Key:** value` metadata bullets.
import {
  DiagnosticCodes,
  type DoNowItem,
  type HandoffModel,
  type HandoffSection,
  type HandoffSectionName,
  type Problem,
  type Reference,
  type ShellCommand,
  type Span,
} from '../model/model';
import { markdownLimits, parseMarkdown, readAsText, spanOf, type RootContent } from './markdown';
import { simpleBlocks } from './blockScan';
import { findReferences, findRowIdMentions, findPathReferences } from './references';
import { findCommands, isShellCommand } from './commands';
import { artifactFromReference, expandBraces, isTemplated } from './artifacts';
import { foldText, loneCrAsLf } from '../model/text';
import { shiftOffsets } from './shift';

const NAMES: Array<[RegExp, HandoffSectionName]> = [
  [/^summary$/i, 'summary'],
  [/^mode$/i, 'mode'],
  [/^focus$/i, 'focus'],
  [/^branch$/i, 'branch'],
  [/^mapped tests?$/i, 'mappedTests'],
  [/^artifacts?(?: target)?$/i, 'artifacts'],
  [/^do now\b/i, 'doNow'],
  [/^if blocked$/i, 'ifBlocked'],
  [/^priorities\b/i, 'priorities'],
  [/^how-?to map$/i, 'howTo'],
  [/^pitfalls\b/i, 'pitfalls'],
  [/^pointers$/i, 'pointers'],
  [/^next up\b/i, 'nextUp'],
  [/^findings applied\b/i, 'findings'],
  [/^(?:metadata|header|forbidden this loop|doc sync plan|mapped tests guardrail|context|notes?)\b/i, 'other'],
];

function sectionName(label: string): HandoffSectionName | undefined {
  const plain = foldText(label)
    .replace(/\s*\([^)]*\)\s*$/, '')
    .trim();
  for (const [re, name] of NAMES) if (re.test(plain) || re.test(label.trim())) return name;
  return undefined;
}

// `## Label — rest`, `**Label:** value`, `Label: value`, or `Label` alone (PP: `Do Now (hard validity contract)`).
const LABEL_FORMS: RegExp[] = [
  /^(#{1,4}\s+)([A-Z][A-Za-z &\-/]*(?:\s*\([^)\n]*\))?)\s*:?\s*(?:[—–]\s*)?(.*?)\s*#*$/,
  /^(\*\*|__)([A-Z][A-Za-z &\-/]*(?:\s*\([^)\n]*\))?):?(?:\*\*|__):?\s*(.*)$/,
  /^()([A-Z][A-Za-z &\-/]*(?:\s*\([^)\n]*\))?)\s*:\s*(.*)$/,
  /^()([A-Z][A-Za-z &\-/]*(?:\s*\([^)\n]*\))?)\s*()$/,
];

interface LabelHit {
  readonly name: HandoffSectionName;
  readonly label: string;
  readonly labelSpan: Span;
  readonly valueStart: number;
}

function labelAt(line: string, lineStart: number): LabelHit | undefined {
  for (const form of LABEL_FORMS) {
    const m = form.exec(line);
    if (!m) continue;
    const [, prefix, label, rest] = m;
    const name = sectionName(label);
    if (!name) return undefined;
    const labelOffset = prefix.length;
    return {
      name,
      label: label.trim(),
      labelSpan: { start: lineStart + labelOffset, end: lineStart + labelOffset + label.length },
      valueStart: lineStart + line.length - rest.length,
    };
  }
  return undefined;
}

/**
 * The top-level blocks of `text` (a handoff, or one of its sections): the line scan's where it
 * answers, else remark's. Only block kinds and spans are read from them (code fences, list items),
 * which the scan gives exactly as remark does; a handoff with a line past remark's limits goes to
 * remark whole (`scan` false), as does every handoff when the caller asks for the reference reading.
 * A handoff is small: remark's set-up on each parse was most of what reading one cost (the loop
 * history reads hundreds of versions).
 */
function blocksOf(text: string, scan: boolean): readonly RootContent[] {
  return (scan ? simpleBlocks(text) : undefined) ?? parseMarkdown(text).children;
}

function codeBlockSpans(text: string, scan: boolean): Span[] {
  return blocksOf(text, scan)
    .filter((n) => n.type === 'code' || n.type === 'html')
    .map((n) => spanOf(n));
}

function sectionsOf(text: string, scan: boolean): HandoffSection[] {
  const code = codeBlockSpans(text, scan);
  const inCode = (offset: number): boolean => code.some((s) => offset >= s.start && offset < s.end);
  const hits: LabelHit[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    if (!inCode(lineStart)) {
      const hit = labelAt(line, lineStart);
      if (hit) hits.push(hit);
    }
    if (lineEnd >= text.length) break;
    lineStart = lineEnd + 1;
  }
  return hits.map((hit, i) => {
    const end =
      i + 1 < hits.length
        ? hits[i + 1].labelSpan.start - (text.slice(0, hits[i + 1].labelSpan.start).match(/(#{1,4}\s+|\*\*|__)$/)?.[0].length ?? 0)
        : text.length;
    let textStart = hit.valueStart;
    let textEnd = end;
    while (textStart < textEnd && /\s/.test(text[textStart])) textStart++;
    while (textEnd > textStart && /\s/.test(text[textEnd - 1])) textEnd--;
    const headingStart = text.lastIndexOf('\n', hit.labelSpan.start - 1) + 1;
    return {
      name: hit.name,
      label: hit.label,
      span: { start: headingStart, end },
      labelSpan: hit.labelSpan,
      text: text.slice(textStart, textEnd),
      textSpan: { start: textStart, end: textEnd },
    };
  });
}

/** Items of a section: list items when it has a list, else the whole text as one item. */
function itemsOf(section: HandoffSection, text: string, scan: boolean): Array<{ text: string; span: Span }> {
  const blocks = blocksOf(text.slice(section.textSpan.start, section.textSpan.end), scan);
  const base = section.textSpan.start;
  const items: Array<{ text: string; span: Span }> = [];
  for (const node of blocks) {
    if (node.type !== 'list') continue;
    for (const item of node.children) {
      const span = spanOf(item, base);
      items.push({ text: text.slice(span.start, span.end), span });
    }
  }
  if (items.length === 0 && section.text) items.push({ text: section.text, span: section.textSpan });
  return items;
}

function stripBullet(text: string): string {
  return text.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '');
}

const BARE_INITIATIVE = /(?:^|[\s[(])([A-Z][A-Z0-9]*(?:[-\u2011][A-Z0-9]+)+)(?:\]|\.(\w[\w.]*)|\b)/;

/** `D1-D3`: a range of rows, not an initiative ID. */
const RANGE_NOT_ID = /^[A-Z]{1,3}\d+[-\u2011][A-Z]{1,3}\d+$/;

function initiativeOf(text: string): { id?: string; row?: string } {
  const re = new RegExp(BARE_INITIATIVE.source, 'g');
  for (const m of text.matchAll(re)) if (!RANGE_NOT_ID.test(m[1])) return { id: m[1].replace(/\u2011/g, '-'), row: m[2] };
  return {};
}

function splitTests(raw: string, base: number): ShellCommand[] {
  const out: ShellCommand[] = [];
  if (/^\s*none\b/i.test(raw)) return out;
  let offset = 0;
  for (const part of raw.split(/;/)) {
    const value = part.replace(/^\s*(?:[-*]\s+)?`?|`?\s*[.]?\s*$/g, '').trim();
    const start = base + offset + part.indexOf(value);
    offset += part.length + 1;
    if (!value || /^none\b/i.test(value)) continue;
    if (isShellCommand(value) || /::|\.py\b/.test(value)) out.push({ text: value, span: { start, end: start + value.length } });
  }
  return out;
}

/** Ranges and lists of rows an item names: `M1–M4`, `D1-D3`, `rows C2 to C5`, `C2/C3` each name every row in them. */
const ROW_RANGE =
  /(?<![\w.\-\u2011/#])([A-Z]{1,3})(\d{1,3})\s*(?:[-–—\u2011]|\.\.|\bto\b|\bthrough\b)\s*(?:\1)?(\d{1,3})(?![\w\-\u2011]|\.\w)/g;
const MAX_RANGE = 50;

/** `C2/C3`: every ID of a slash list (the row-ID grammar does not take IDs next to a slash). */
const ROW_LIST = /(?<![\w.\-\u2011#])[A-Z]{1,3}\d+[a-z]?(?:\/[A-Z]{1,3}\d+[a-z]?)+(?![\w\-\u2011/])/g;

function rowRanges(text: string): string[] {
  const ids: string[] = [];
  for (const m of text.matchAll(ROW_LIST)) ids.push(...m[0].split('/'));
  for (const m of text.matchAll(ROW_RANGE)) {
    const [from, to] = [Number(m[2]), Number(m[3])];
    if (to <= from || to - from > MAX_RANGE) continue;
    for (let n = from; n <= to; n++) ids.push(`${m[1]}${n}`);
  }
  return ids;
}

function doNowItem(item: { text: string; span: Span }, focusId?: string): DoNowItem {
  const body = stripBullet(item.text);
  const bodyStart = item.span.start + (item.text.length - item.text.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '').length);
  const head = body.split(/\s[—–]\s|\s@\s/)[0];
  const ini = initiativeOf(head);
  const references = findReferences(body, bodyStart);
  const rowIds = new Set<string>();
  if (ini.row) rowIds.add(ini.row);
  const headNoInitiative = ini.id ? head.replace(ini.id, ' ') : head;
  for (const ref of findRowIdMentions(headNoInitiative)) if (ref.id) rowIds.add(ref.id);
  for (const id of rowRanges(headNoInitiative)) rowIds.add(id);
  const plan = references.find(
    (r) => r.kind === 'path' && /\.md$/.test(r.path ?? '') && /plan|implementation|checklist/.test(r.path ?? ''),
  );
  const testsMatch = /\btests?:\s*(.*)$/is.exec(body);
  const tests = testsMatch ? splitTests(testsMatch[1], bodyStart + testsMatch.index + testsMatch[0].length - testsMatch[1].length) : [];
  return {
    text: body.trim(),
    span: item.span,
    initiativeId: ini.id ?? focusId,
    rowIds: [...rowIds],
    planPath: plan?.path,
    planLine: plan?.line,
    tests: tests.map((t) => t.text),
    references,
  };
}

/** `scan` false: remark reads every block (the reference the line scan is tested against). */
export function parseHandoff(text: string, scan = true): HandoffModel {
  // A byte-order mark is not content: parse after it, with offsets into the text as written.
  if (text.charCodeAt(0) === 0xfeff) return shiftOffsets(parseHandoff(text.slice(1), scan), 1);
  try {
    const lf = loneCrAsLf(text);
    const limits = markdownLimits(lf);
    const model = buildHandoff(lf, scan && !limits.length);
    if (!limits.length) return model;
    const unread = limits.map((limit) => ({
      code: DiagnosticCodes.unreadRow,
      message: readAsText(limit).replace(/^./, (c) => c.toUpperCase()),
      span: limit.span,
      severity: 'info' as const,
    }));
    return { ...model, problems: [...model.problems, ...unread] };
  } catch (error) {
    const problems: Problem[] = [
      {
        code: DiagnosticCodes.parseFailed,
        message: `Could not parse handoff: ${String(error)}`,
        span: { start: 0, end: 0 },
        severity: 'error',
      },
    ];
    return {
      kind: 'handoff',
      sections: [],
      mappedTests: [],
      artifacts: [],
      doNow: [],
      commands: [],
      pitfalls: [],
      pointers: [],
      references: [],
      problems,
    };
  }
}

function buildHandoff(text: string, scan: boolean): HandoffModel {
  const sections = sectionsOf(text, scan);
  const first = (name: HandoffSectionName): HandoffSection | undefined => sections.find((s) => s.name === name);
  const all = (name: HandoffSectionName): HandoffSection[] => sections.filter((s) => s.name === name);
  const line1 = (s?: HandoffSection): string | undefined =>
    s?.text
      .split(/\r?\n/)[0]
      .replace(/^\*\*|\*\*$/g, '')
      .trim() || undefined;

  // `- **Mode:** Docs` under a Metadata section.
  let mode = line1(first('mode'));
  if (!mode) mode = /^\s*[-*]\s+\*\*Mode:\*\*\s*(.+)$/m.exec(text)?.[1]?.trim();

  const focus = line1(first('focus'));
  const focusId = focus ? (/\[([^\]]+)\]/.exec(focus)?.[1] ?? initiativeOf(focus).id) : undefined;

  const mappedSection = first('mappedTests');
  const mappedTests: ShellCommand[] = [];
  if (mappedSection) {
    for (const item of itemsOf(mappedSection, text, scan)) {
      const body = stripBullet(item.text);
      mappedTests.push(...splitTests(body, item.span.end - body.length));
    }
  }

  const artifacts = all('artifacts').flatMap((s) =>
    findPathReferences(s.text, s.textSpan.start).map(
      (r) =>
        artifactFromReference(r) ?? {
          raw: r.path ?? r.raw,
          expanded: expandBraces(r.path ?? r.raw),
          span: r.span,
          templated: isTemplated(r.path ?? r.raw),
        },
    ),
  );

  const doNow = all('doNow').flatMap((s) => itemsOf(s, text, scan).map((item) => doNowItem(item, focusId)));

  const howTo = all('howTo');
  const commands: ShellCommand[] = [];
  for (const s of howTo) {
    // Fenced blocks are whole commands; backtick runs inside them are not code spans.
    const fences = parseMarkdown(s.text).children.filter((n) => n.type === 'code');
    const fenceSpans = fences.map((n) => spanOf(n, s.textSpan.start));
    for (const command of findCommands(s.text, s.textSpan.start)) {
      if (!fenceSpans.some((f) => command.span.start >= f.start && command.span.end <= f.end)) commands.push(command);
    }
    fences.forEach((node, i) => {
      if (node.type === 'code' && isShellCommand(node.value)) commands.push({ text: node.value, span: fenceSpans[i] });
    });
  }
  commands.sort((a, b) => a.span.start - b.span.start);

  const pitfallsSection = first('pitfalls');
  const pitfalls = pitfallsSection ? itemsOf(pitfallsSection, text, scan).map((i) => stripBullet(i.text).trim()) : [];
  const pointersSection = first('pointers');
  const pointers: Reference[] = pointersSection ? findReferences(pointersSection.text, pointersSection.textSpan.start) : [];

  return {
    kind: 'handoff',
    sections,
    summary: line1(first('summary')),
    mode,
    focus,
    focusInitiativeId: focusId,
    branch: line1(first('branch')),
    mappedTests,
    artifacts,
    doNow,
    ifBlocked: first('ifBlocked')?.text,
    commands,
    pitfalls,
    pointers,
    nextUp: first('nextUp')?.text,
    references: findReferences(text),
    problems: [],
  };
}
