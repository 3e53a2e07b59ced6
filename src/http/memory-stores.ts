import { LRUCache } from 'lru-cache';
import type { PersistedQueryStore } from './apq.ts';
import type { CachedResponse, ResponseCache } from './cache.ts';

/**
 * The Node server's stores: in-process LRUs, bounded by entries and bytes. One process owns the
 * cache, so invalidate() can simply clear it. (Ingests by the CLI or another process do not reach
 * this cache: their articles show after at most CACHE_TTL seconds.)
 */
export class LruResponseCache implements ResponseCache {
  readonly #lru: LRUCache<string, CachedResponse>;
  #version = 0;

  constructor(options: { maxEntries?: number; maxBytes?: number } = {}) {
    this.#lru = new LRUCache<string, CachedResponse>({
      max: options.maxEntries ?? 2000,
      maxSize: options.maxBytes ?? 64 * 1024 * 1024,
      sizeCalculation: (entry) => entry.body.length + 128,
    });
  }

  version(): string {
    return String(this.#version);
  }

  get(key: string): CachedResponse | undefined {
    return this.#lru.get(key);
  }

  set(key: string, entry: CachedResponse): void {
    this.#lru.set(key, entry, { ttl: entry.ttlSeconds * 1000 });
  }

  invalidate(): void {
    this.#version++;
    this.#lru.clear();
  }

  get size(): number {
    return this.#lru.size;
  }
}

/** Persisted queries in an LRU (10,000 queries or 32 MB by default); a client re-registers an evicted one. */
export class LruPersistedQueryStore implements PersistedQueryStore {
  readonly #lru: LRUCache<string, string>;

  constructor(options: { maxEntries?: number; maxBytes?: number } = {}) {
    this.#lru = new LRUCache<string, string>({
      max: options.maxEntries ?? 10_000,
      maxSize: options.maxBytes ?? 32 * 1024 * 1024,
      sizeCalculation: (query) => query.length + 64,
    });
  }

  get(hash: string): string | undefined {
    return this.#lru.get(hash);
  }

  set(hash: string, query: string): void {
    this.#lru.set(hash, query);
  }
}
