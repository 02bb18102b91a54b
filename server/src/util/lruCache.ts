/**
 * A least-recently-used cache bounded by a total size (each entry's size is given by the caller), not by a count:
 * a cache of statement parses must hold 50,000 small statements and also survive a 1 MB statement re-parsed on
 * every keystroke without growing by a megabyte each time.
 */
export class LruCache<V> {
  /** Map keeps insertion order: the first key is always the least recently used. */
  private readonly entries = new Map<string, { value: V; size: number }>();
  private total = 0;

  constructor(private readonly maxSize: number) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores `value`; an entry larger than the whole budget is not kept at all. */
  set(key: string, value: V, size: number): void {
    const previous = this.entries.get(key);
    if (previous) {
      this.entries.delete(key);
      this.total -= previous.size;
    }
    if (size > this.maxSize) return;
    this.entries.set(key, { value, size });
    this.total += size;
    for (const [oldest, entry] of this.entries) {
      if (this.total <= this.maxSize) break;
      this.entries.delete(oldest);
      this.total -= entry.size;
    }
  }

  get size(): number {
    return this.total;
  }

  get count(): number {
    return this.entries.size;
  }
}

/**
 * A copy of `text` that does not keep a larger string alive. V8 represents `big.slice(a, b)` as a view into `big`;
 * caching such a slice would retain every version of an edited file the statement came from.
 */
export function detachedCopy(text: string): string {
  return text.length < 16 ? text : Buffer.from(text, 'utf16le').toString('utf16le');
}
