// Arrays grown by push keep spare capacity (17 slots for a single item). An index keeps tens of
// thousands of small lists (a row's references, commands and artifacts), so the lists a model
// keeps are copied to their exact length once built.

/** The same items, in an array exactly as long as they are. */
export function exact<T>(items: T[]): T[] {
  return items.slice();
}
