// While the server walks a workspace, or publishes the diagnostics of every file, it allocates
// fast, and V8 then lets the heap grow up to four times what is live before it collects; the pages
// committed for that stay with the process (the benchmark's synthetic workspace settled at 165 MB
// resident instead of about 145). During such bulk work the growth is held to 1.5x; afterwards,
// typing keeps V8's own schedule, which collects less often.
import * as v8 from 'node:v8';

let holders = 0;

/** Holds heap growth down until the returned function is called (calls may nest or overlap). */
export function boundHeapGrowth(): () => void {
  if (holders++ === 0) v8.setFlagsFromString('--heap-growing-percent=50');
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holders === 0) v8.setFlagsFromString('--heap-growing-percent=0');
  };
}

export async function withBoundedHeapGrowth<T>(work: () => Promise<T>): Promise<T> {
  const release = boundHeapGrowth();
  try {
    return await work();
  } finally {
    release();
  }
}
