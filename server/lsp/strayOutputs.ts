// planloop/strayOutputs: leftover tmp/ outputs and root logs, and the hub they belong in (core hygiene).
import { findStrayOutputs } from '../core/run/hygiene';
import type { StrayOutputsResult } from '../protocol';
import type { Session } from './session';

export function strayOutputs(session: Session, now: Date): StrayOutputsResult {
  const report = findStrayOutputs(session.index, now);
  return {
    strays: report.strays.map((s) => ({ ...s, uri: session.toUri(s.path) })),
    hub: report.hub,
    notes: [...report.notes],
  };
}
