// Content-addressed cache of section digests: an unchanged section is never re-parsed.
// Bounded LRU so that long editing sessions do not grow memory without limit.

export interface ParseOptions {
  /** Reuse digests of unchanged sections (default). Off: parse every section afresh. */
  readonly useCache?: boolean;
}

export class SectionCache<T> {
  private readonly entries = new Map<string, T>();
  hits = 0;
  misses = 0;

  constructor(
    private readonly digest: (sectionText: string) => T,
    private readonly capacity = 20_000,
  ) {}

  get(sectionText: string): T {
    const found = this.entries.get(sectionText);
    if (found !== undefined) {
      this.hits++;
      // Refresh recency.
      this.entries.delete(sectionText);
      this.entries.set(sectionText, found);
      return found;
    }
    this.misses++;
    const value = this.digest(sectionText);
    this.entries.set(sectionText, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return value;
  }

  clear(): void {
    this.entries.clear();
  }
}
