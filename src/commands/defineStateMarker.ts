// The quick fix of `unknown-state`: a plan's own marker or word (`[T]`, `🔑`) becomes a state in
// the workspace's planloop.states; the server re-reads its settings and the rows.
import type { Config } from '../config';
import type { StateKind } from '../../server/protocol';

// A Record over the core's kinds: a new kind is a compile error here until it is accepted.
const KIND_NAMES: Record<StateKind, true> = { open: true, 'in-progress': true, done: true, blocked: true, skipped: true, deferred: true };
const KINDS = Object.keys(KIND_NAMES);

export async function defineStateMarker(config: Config, arg: unknown): Promise<void> {
  const { marker, kind } = (arg ?? {}) as { marker?: unknown; kind?: unknown };
  if (typeof marker !== 'string' || !marker.trim() || typeof kind !== 'string' || !KINDS.includes(kind)) {
    throw new Error('defineStateMarker needs { marker, kind } with kind one of ' + KINDS.join(', '));
  }
  await config.defineStateMarker(marker, kind as StateKind);
}
