// Arrays grown by push keep spare capacity (17 slots for a single item). An index keeps tens of
// thousands of small lists (a row's references, commands and artifacts), so the lists a model
// keeps are copied to their exact length once built.

/** The same items, in an array exactly as long as they are. */
export function exact<T>(items: T[]): T[] {
  return items.slice();
}

/** Longer strings are kept as they are: copying them costs more than it saves. */
const ONE_BYTE_COPY_MAX = 1024;

/**
 * The same string, one byte per character where it fits. A string cut from a text that holds any
 * character above U+00FF (an em dash in a plan) takes two bytes per character in V8 even when it is
 * plain ASCII, and a copy keeps that width; String.fromCharCode makes a one-byte string of codes
 * below 256. For keys of caches that outlive their text (tens of thousands of cited paths).
 */
export function oneByteCopy(text: string): string {
  if (text.length > ONE_BYTE_COPY_MAX) return text;
  const codes: number[] = new Array<number>(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) return text;
    codes[i] = code;
  }
  return String.fromCharCode(...codes);
}
