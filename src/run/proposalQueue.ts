// Row and ledger updates are computed and applied one at a time: two runs that finish together
// must append Attempt #N and #N+1, so the second is computed only after the first was applied.
let tail: Promise<unknown> = Promise.resolve();

export function serially<T>(work: () => Promise<T>): Promise<T> {
  const next = tail.then(work, work);
  tail = next.catch(() => undefined);
  return next;
}
