// Moving offsets. A section digest is parsed with offsets relative to its section; placing it in
// a document, and moving it when an edit before it changes the document's length, adds a delta
// to every offset it carries. That is done in place, over a list of the digest's offset holders
// collected once, so a keystroke costs a loop over numbers rather than a copy of every node.
import type { ArtifactPath, Attempt, LedgerField, Problem, Reference, Row, ShellCommand, Span } from '../model/model';

type Movable = { start: number; end: number };

/** Collects a digest's offsets, each object once (spans are shared between nodes, e.g. an attempt and its item). */
export class OffsetCollector {
  private seenSpans = new Set<Span>();
  private seenHolders = new Set<object>();
  private spans: Movable[] = [];
  private holders: Array<Record<string, number>> = [];
  private keys: string[] = [];

  span(span: Span | undefined): void {
    if (!span || this.seenSpans.has(span)) return;
    this.seenSpans.add(span);
    this.spans.push(span as Movable);
  }

  /** An offset that is a plain number field of `holder` (e.g. a row's `guidanceEnd`). */
  scalar<T extends object>(holder: T, key: keyof T & string): void {
    if (this.seenHolders.has(holder)) return;
    this.seenHolders.add(holder);
    this.holders.push(holder as unknown as Record<string, number>);
    this.keys.push(key);
  }

  reference(ref: Reference): void {
    this.span(ref.span);
  }

  artifact(artifact: ArtifactPath): void {
    this.span(artifact.span);
  }

  command(command: ShellCommand): void {
    this.span(command.span);
  }

  problem(problem: Problem): void {
    this.span(problem.span);
  }

  row(row: Row): void {
    this.span(row.span);
    this.span(row.stateSpan);
    this.scalar(row, 'guidanceEnd');
    for (const c of row.commands) this.command(c);
    for (const a of row.artifacts) this.artifact(a);
    for (const r of row.references) this.reference(r);
  }

  attempt(attempt: Attempt): void {
    this.span(attempt.span);
    for (const a of attempt.artifacts) this.artifact(a);
    for (const r of attempt.references) this.reference(r);
  }

  field(field: LedgerField): void {
    this.span(field.span);
    this.span(field.valueSpan);
  }

  /** The offsets collected since the last reset, to be moved later (the collector starts afresh). */
  done(): SectionOffsets {
    const offsets = new SectionOffsets(this.spans, this.holders, this.keys);
    this.spans = [];
    this.holders = [];
    this.keys = [];
    // New sets rather than cleared ones: V8 puts a cleared or grown set's table in the generation
    // of the one it replaces, so the long-lived collector's sets allocated every digest's tables
    // in the old generation (a quarter of what a cold loop history promoted); new ones die young.
    this.seenSpans = new Set();
    this.seenHolders = new Set();
    return offsets;
  }

  /** Moves the offsets collected since the last reset now, keeping nothing (for digests no later version reuses). */
  moveNow(delta: number): void {
    this.done().move(delta);
  }
}

/** Every offset of one digest, ready to be moved. */
export class SectionOffsets {
  constructor(
    private readonly spans: readonly Movable[],
    private readonly holders: ReadonlyArray<Record<string, number>>,
    private readonly keys: readonly string[],
  ) {}

  /** Adds `delta` to every offset: the digest (and any model built from it) now describes the moved text. */
  move(delta: number): void {
    if (delta === 0) return;
    for (const s of this.spans) {
      s.start += delta;
      s.end += delta;
    }
    for (let i = 0; i < this.holders.length; i++) this.holders[i][this.keys[i]] += delta;
  }
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
