// The one way tests wait: poll a condition until it holds, within a bound, and fail naming what
// did not happen. The interval is only how often the condition is asked, never a guess at how long
// something takes. Usable everywhere tests run: node:test, the extension host, the Playwright driver.

export interface WaitOptions {
  /** Upper bound; the failure message says it was reached. */
  timeoutMs?: number;
  /** How often the condition is asked. */
  intervalMs?: number;
  /** Appended to the failure message: what was seen instead (the last state). */
  seen?: () => string | Promise<string>;
}

/**
 * Resolves with the first value of `check` that is neither undefined nor false. `what` completes
 * "timed out after N ms waiting for …", e.g. "R3 to become [x] on disk".
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitOptions | number = {},
): Promise<T> {
  const { timeoutMs = 20_000, intervalMs = 100, seen } = typeof options === 'number' ? { timeoutMs: options } : options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) {
      const last = seen ? ` (seen: ${await seen()})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** Resolves with the first event `subscribe` delivers that `accept` takes, or fails after the bound naming it. */
export function nextEvent<E>(
  what: string,
  subscribe: (listener: (event: E) => void) => { dispose(): void },
  accept: (event: E) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<E> {
  return new Promise<E>((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      done = true;
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const subscription = subscribe((event) => {
      if (done || !accept(event)) return;
      done = true;
      clearTimeout(timer);
      // The listener may run before subscribe() returned: dispose once it has.
      queueMicrotask(() => subscription.dispose());
      resolve(event);
    });
  });
}
