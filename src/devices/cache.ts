// In-memory caches of the ingestion hot path. Device lookups live TTL milliseconds (so that changes
// made by other processes show up) and are dropped at once on this process's own writes. A generation
// counter keeps a lookup that started before a write from storing its stale answer afterwards.

export interface TtlCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now: () => number;
}

export class TtlCache<V> {
  private readonly map = new Map<string, { value: V; expires: number }>();
  private readonly inflight = new Map<string, Promise<V>>();
  private gen = 0;

  constructor(private readonly opts: TtlCacheOptions) {}

  get size(): number {
    return this.map.size;
  }

  /** The cached value, or load()'s (shared by concurrent callers of the same key). */
  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.map.get(key);
    const now = this.opts.now();
    if (hit && hit.expires > now) return Promise.resolve(hit.value);
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const gen = this.gen;
    const p = load().then(
      (value) => {
        if (this.inflight.get(key) === p) this.inflight.delete(key);
        if (gen === this.gen) this.set(key, value);
        return value;
      },
      (err: unknown) => {
        if (this.inflight.get(key) === p) this.inflight.delete(key);
        throw err;
      },
    );
    this.inflight.set(key, p);
    return p;
  }

  private set(key: string, value: V): void {
    this.map.delete(key); // re-insert: Map order is the eviction order
    this.map.set(key, { value, expires: this.opts.now() + this.opts.ttlMs });
    while (this.map.size > this.opts.maxEntries) {
      const oldest = this.map.keys().next().value;
      if (oldest === undefined) break;
      this.map.delete(oldest);
    }
  }

  delete(...keys: string[]): void {
    this.gen++;
    this.inflight.clear();
    for (const k of keys) this.map.delete(k);
  }

  clear(): void {
    this.gen++;
    this.inflight.clear();
    this.map.clear();
  }
}

/** A bounded map, oldest entry evicted first. */
export class BoundedMap<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(k: string): V | undefined {
    return this.map.get(k);
  }
  set(k: string, v: V): void {
    this.map.delete(k);
    this.map.set(k, v);
    while (this.map.size > this.max) {
      const oldest = this.map.keys().next().value;
      if (oldest === undefined) break;
      this.map.delete(oldest);
    }
  }
  clear(): void {
    this.map.clear();
  }
}
