// Moves a section-relative digest to absolute offsets (deep copy), so cached section
// digests can be reused wherever their section now sits in the document.

const OFFSET_KEYS = new Set(['start', 'end', 'guidanceEnd', 'attemptInsertAt']);

export function shiftOffsets<T>(value: T, delta: number): T {
  if (delta === 0) return value;
  return shift(value, delta) as T;
}

function shift(value: unknown, delta: number): unknown {
  if (Array.isArray(value)) return value.map((v) => shift(v, delta));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = typeof v === 'number' && OFFSET_KEYS.has(key) ? v + delta : shift(v, delta);
  }
  return out;
}
