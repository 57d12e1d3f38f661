// A bounded work list: at most `limit` handlers in flight, and handlers may add work (a folder
// listing adds its entries). Work is taken last-in first-out, so a walk goes deep first and the
// list holds one folder's entries per level rather than a whole level of the tree. Settles when
// the list is empty and nothing is in flight.

export function runBounded<T>(
  initial: readonly T[],
  limit: number,
  handle: (item: T, add: (item: T) => void) => Promise<void>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const work = [...initial];
    let active = 0;
    const add = (item: T): void => {
      work.push(item);
    };
    const pump = (): void => {
      while (active < limit && work.length) {
        active++;
        handle(work.pop() as T, add).then(() => {
          active--;
          pump();
        }, reject);
      }
      if (active === 0 && !work.length) resolve();
    };
    pump();
  });
}
