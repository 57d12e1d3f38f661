// A view's getChildren awaits the server; a refresh may replace the data meanwhile. Answering with
// the superseded data let VS Code attach rows under the wrong parents (seen once in an e2e run:
// a refresh landed while the Plans view waited for the first index). This awaits until the data a
// call got is still the current data.

/** `load` returns the same promise until the view is refreshed. */
export async function settledLoad<T>(load: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const pending = load();
    const data = await pending;
    // A bound, so a stream of refreshes cannot keep one call waiting for ever.
    if (load() === pending || attempt === 4) return data;
  }
}
