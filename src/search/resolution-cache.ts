import { LRUCache } from 'lru-cache';
import { sha256Hex } from '../lib/sha256.ts';

// What names resolve to (entity references, natural-language interpretations). One cache per app:
// createYogaApp (src/yoga.ts) makes it, or takes the runtime's (the Worker keeps one per isolate, as
// it opens a database object per request), and hands it to resolvers in the context. Aliases change
// only on ingest, after which the app clears it beside the response cache; elsewhere (another
// process, another isolate) entries expire after ttlMs.
//
// Anonymous clients choose the keys, so the cache must not grow with what they send: keys longer
// than a digest are stored as their SHA-256 digest (short ones as they are: WebCrypto's async digest
// costs about 75 µs of CPU a lookup, on every request), entries are counted in bytes
// (resolutionCacheLimits.maxBytes in all), and expired entries are purged, not only skipped.
// Callers cache only what resolved: rejected input never gets an entry.
export const resolutionCacheLimits = { maxEntries: 5_000, maxBytes: 4 * 1024 * 1024, ttlMs: 60_000 } as const;

const verbatimKeyLength = 64;

/** A short key as it is stored; null for one stored as its digest. */
const verbatim = (key: string): string | null => (key.length <= verbatimKeyLength ? `=${key}` : null);

/** The key itself when short, else its digest; the prefixes keep the two from ever colliding. */
async function boundedKey(key: string): Promise<string> {
  return verbatim(key) ?? `#${await sha256Hex(key)}`;
}

export class ResolutionCache {
  private readonly lru = new LRUCache<string, { value: unknown }>({
    max: resolutionCacheLimits.maxEntries,
    maxSize: resolutionCacheLimits.maxBytes,
    // UTF-16 string lengths (2 bytes a character) of the value as JSON, plus the key and overhead.
    sizeCalculation: (entry, key) => 2 * (JSON.stringify(entry.value)?.length ?? 4) + 2 * key.length + 64,
    ttl: resolutionCacheLimits.ttlMs,
  });
  private lastPurge = Date.now();

  async get<T>(key: string): Promise<T | undefined> {
    return this.lru.get(await boundedKey(key))?.value as T | undefined;
  }

  /** `get` without a promise, for a key short enough to be stored as it is; undefined for a longer one. */
  getSync<T>(key: string): T | undefined {
    const stored = verbatim(key);
    return stored === null ? undefined : (this.lru.get(stored)?.value as T | undefined);
  }

  async set(key: string, value: unknown): Promise<void> {
    const now = Date.now();
    // lru-cache skips stale entries on read but keeps them until evicted; sweep once per TTL.
    if (now - this.lastPurge >= resolutionCacheLimits.ttlMs) {
      this.lastPurge = now;
      this.lru.purgeStale();
    }
    this.lru.set(await boundedKey(key), { value });
  }

  /** Entries and bytes held: what the hostile-input tests bound. */
  usage(): { entries: number; bytes: number } {
    return { entries: this.lru.size, bytes: this.lru.calculatedSize };
  }

  /** After an ingest: new entities and aliases can change what a name means. */
  clear(): void {
    this.lru.clear();
  }
}
