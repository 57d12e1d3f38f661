// planloop/ledgerTree: the ledger's initiatives grouped by status (in states.ts's order), attempts newest first.
import type { WorkspaceIndex } from '../core/index/workspace';
import { isTemplated } from '../core/parse/artifacts';
import { attemptOutcome, attemptTime } from '../core/check/attemptReading';
import { STATUS_TRAITS } from '../core/model/states';
import type { InitiativeStatus } from '../core/model/model';
import type { LedgerTreeResult, TreeAttempt } from '../protocol';
import { rangeOf, type UriMapper } from './wire';

function attemptLabel(a: { number?: number; timestamp?: string; label?: string; text: string }): string {
  const head = a.number !== undefined ? `Attempt #${a.number}` : (a.timestamp ?? a.text.split('\n')[0].slice(0, 60));
  return a.label ? `${head} — ${a.label}` : head;
}

export function ledgerTree(index: WorkspaceIndex, uris: UriMapper): LedgerTreeResult {
  const ledger = index.ledger();
  const groups = new Map<InitiativeStatus, LedgerTreeResult['groups'][number]>();
  const seen = new Set<string>();
  for (const ini of ledger?.model.initiatives ?? []) {
    if (!ledger) break;
    // A roadmap one-liner repeats an entry that also has a full section: show the full one.
    if (ini.id && ini.shape === 'roadmap' && ledger.model.initiatives.some((o) => o.id === ini.id && o.shape !== 'roadmap')) continue;
    const key = `${ini.id}\u0000${ini.title}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const attempts: TreeAttempt[] = ini.attempts
      .map((a, order) => ({ a, order }))
      .sort((x, y) => (y.a.timestamp ?? '').localeCompare(x.a.timestamp ?? '') || y.order - x.order)
      .map(({ a }) => ({
        label: attemptLabel(a),
        number: a.number,
        timestamp: a.timestamp,
        time: a.timestamp ? attemptTime(a.timestamp) : undefined,
        outcome: attemptOutcome(a.text),
        text: a.text,
        artifacts: [...new Set(a.artifacts.flatMap((art) => art.expanded))].map((p) => {
          const resolved = isTemplated(p) ? undefined : index.resolvePath(ledger.path, p);
          return { path: p, uri: resolved?.stat ? uris.toUri(resolved.path) : undefined, exists: !!resolved?.stat };
        }),
        location: { uri: uris.toUri(ledger.path), range: rangeOf(ledger, a.span.start, a.span.end) },
      }));
    const group = groups.get(ini.status) ?? { status: ini.status, active: STATUS_TRAITS[ini.status].active, initiatives: [] };
    group.initiatives.push({
      id: ini.id,
      title: ini.title,
      status: ini.status,
      rawStatus: ini.rawStatus,
      location: { uri: uris.toUri(ledger.path), range: rangeOf(ledger, ini.headingSpan.start, ini.headingSpan.end) },
      attempts,
    });
    groups.set(ini.status, group);
  }
  // Backlog items: initiatives kept one file each, beside the ledger's (those the ledger has win).
  for (const item of index.backlogItems()) {
    if ([...groups.values()].some((g) => g.initiatives.some((i) => i.id === item.id))) continue;
    const doc = index.get(item.path);
    if (!doc) continue;
    const at = item.statusSpan ?? { start: 0, end: 0 };
    const group = groups.get(item.status) ?? { status: item.status, active: STATUS_TRAITS[item.status].active, initiatives: [] };
    group.initiatives.push({
      id: item.id,
      title: item.title,
      status: item.status,
      rawStatus: item.rawStatus,
      location: { uri: uris.toUri(item.path), range: rangeOf(doc, at.start, at.end) },
      attempts: [],
    });
    groups.set(item.status, group);
  }
  if (!ledger && !groups.size) return { groups: [] };
  return {
    ledgerUri: ledger ? uris.toUri(ledger.path) : undefined,
    groups: [...groups.values()].sort((a, b) => STATUS_TRAITS[a.status].rank - STATUS_TRAITS[b.status].rank),
  };
}
