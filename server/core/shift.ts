// Moves section-relative model parts to absolute offsets. Each function copies exactly the
// objects that carry offsets (spread keeps the rest), so reusing a section digest costs a few
// allocations per node instead of a generic deep copy.
import type { ArtifactPath, Attempt, LedgerField, Problem, Reference, Row, ShellCommand, Span } from './model';
import { copyRow } from './rows';

export function shiftSpan(span: Span, delta: number): Span {
  return { start: span.start + delta, end: span.end + delta };
}

export function shiftReference(ref: Reference, delta: number): Reference {
  return { ...ref, span: shiftSpan(ref.span, delta) };
}

export function shiftArtifact(artifact: ArtifactPath, delta: number): ArtifactPath {
  return { ...artifact, span: shiftSpan(artifact.span, delta) };
}

export function shiftCommand(command: ShellCommand, delta: number): ShellCommand {
  return { ...command, span: shiftSpan(command.span, delta) };
}

export function shiftProblem(problem: Problem, delta: number): Problem {
  return { ...problem, span: shiftSpan(problem.span, delta) };
}

/** Shifts every element of a list (the same list when delta is 0). */
export function shiftAll<T>(items: readonly T[], delta: number, shift: (item: T, delta: number) => T): readonly T[] {
  if (delta === 0 || items.length === 0) return items;
  const out = new Array<T>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = shift(items[i], delta);
  return out;
}

export function shiftRow(row: Row, delta: number, shiftRef: (ref: Reference, delta: number) => Reference = shiftReference): Row {
  return copyRow(row, {
    span: shiftSpan(row.span, delta),
    stateSpan: shiftSpan(row.stateSpan, delta),
    guidanceEnd: row.guidanceEnd + delta,
    commands: shiftAll(row.commands, delta, shiftCommand),
    artifacts: shiftAll(row.artifacts, delta, shiftArtifact),
    references: shiftAll(row.references, delta, shiftRef),
  });
}

/** A shiftReference that shifts each object once, so references shared by two lists stay shared. */
export function sharedReferenceShift(): (ref: Reference, delta: number) => Reference {
  const done = new Map<Reference, Reference>();
  return (ref, delta) => {
    let out = done.get(ref);
    if (!out) done.set(ref, (out = shiftReference(ref, delta)));
    return out;
  };
}

export function shiftAttempt(attempt: Attempt, delta: number, shiftRef: (ref: Reference, delta: number) => Reference = shiftReference): Attempt {
  return {
    ...attempt,
    span: shiftSpan(attempt.span, delta),
    artifacts: shiftAll(attempt.artifacts, delta, shiftArtifact),
    references: shiftAll(attempt.references, delta, shiftRef),
  };
}

export function shiftField(field: LedgerField, delta: number): LedgerField {
  return { ...field, span: shiftSpan(field.span, delta), valueSpan: shiftSpan(field.valueSpan, delta) };
}

/** The span and heading every section digest has, moved (the rest is the digest's own). */
export function shiftSectionHead<H extends { readonly span: Span }>(d: { readonly span: Span; readonly heading?: H }, delta: number): { span: Span; heading?: H } {
  return { span: shiftSpan(d.span, delta), heading: d.heading && { ...d.heading, span: shiftSpan(d.heading.span, delta) } };
}

const OFFSET_KEYS = new Set(['start', 'end', 'guidanceEnd', 'attemptInsertAt']);

/** Moves every offset in a whole model (a deep copy). For small models parsed whole, such as handoffs. */
export function shiftOffsets<T>(value: T, delta: number): T {
  if (delta === 0) return value;
  return shiftDeep(value, delta) as T;
}

function shiftDeep(value: unknown, delta: number): unknown {
  if (Array.isArray(value)) return value.map((v) => shiftDeep(v, delta));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = typeof v === 'number' && OFFSET_KEYS.has(key) ? v + delta : shiftDeep(v, delta);
  }
  return out;
}
