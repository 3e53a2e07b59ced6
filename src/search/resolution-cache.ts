import { LRUCache } from 'lru-cache';
import { baseDatabase, type Database } from '../db/database.ts';
import { sha256Hex } from '../db/hash.ts';

// What names resolve to (entity references, natural-language interpretations), per database:
// one per process on Node, where every request shares one database object; one per isolate on the
// Worker, which opens a database object per request and so names the cache explicitly
// (`shareResolutions`). Aliases change only on ingest, which forgets them in its own process or
// isolate; elsewhere entries expire after a minute.
//
// Anonymous clients choose the keys, so the cache must not grow with what they send: keys are
// SHA-256 digests of the text (64 bytes whatever its length), entries are counted in bytes
// (resolutionCacheLimits.maxBytes in all), and expired entries are purged, not only skipped.
// Callers cache only what resolved: rejected input never gets an entry.
export const resolutionCacheLimits = { maxEntries: 5_000, maxBytes: 4 * 1024 * 1024, ttlMs: 60_000 } as const;

type Cache = LRUCache<string, { value: unknown }>;
const caches = new WeakMap<object, { lru: Cache; lastPurge: number }>();
const scopes = new WeakMap<Database, object>();

/**
 * Makes `db` use the resolution cache of `scope` rather than one of its own: database objects
 * opened for different requests of one Worker isolate then share what was resolved. Returns `db`.
 */
export function shareResolutions(db: Database, scope: object): Database {
  scopes.set(baseDatabase(db), scope);
  return db;
}

/** What the cache of `db` is keyed by: its shared scope, else the database (a per-request view's base). */
function keyOf(db: Database): object {
  const base = baseDatabase(db);
  return scopes.get(base) ?? base;
}

function cacheOf(db: Database) {
  const base = keyOf(db);
  let cache = caches.get(base);
  if (!cache) {
    const lru: Cache = new LRUCache({
      max: resolutionCacheLimits.maxEntries,
      maxSize: resolutionCacheLimits.maxBytes,
      // UTF-16 string lengths (2 bytes a character) of the value as JSON, plus the key and overhead.
      sizeCalculation: (entry, key) => 2 * (JSON.stringify(entry.value)?.length ?? 4) + 2 * key.length + 64,
      ttl: resolutionCacheLimits.ttlMs,
    });
    caches.set(base, (cache = { lru, lastPurge: Date.now() }));
  }
  return cache;
}

const digest = (key: string) => sha256Hex(key);

export async function cachedResolution<T>(db: Database, key: string): Promise<T | undefined> {
  return cacheOf(db).lru.get(await digest(key))?.value as T | undefined;
}

export async function cacheResolution(db: Database, key: string, value: unknown): Promise<void> {
  const cache = cacheOf(db);
  const now = Date.now();
  // lru-cache skips stale entries on read but keeps them until evicted; sweep once per TTL.
  if (now - cache.lastPurge >= resolutionCacheLimits.ttlMs) {
    cache.lastPurge = now;
    cache.lru.purgeStale();
  }
  cache.lru.set(await digest(key), { value });
}

/** Entries and bytes held for `db`: what the hostile-input tests bound. */
export function resolutionCacheUsage(db: Database): { entries: number; bytes: number } {
  const cache = caches.get(keyOf(db));
  return { entries: cache?.lru.size ?? 0, bytes: cache?.lru.calculatedSize ?? 0 };
}

/** After an ingest: new entities and aliases can change what a name means. */
export function forgetResolutions(db: Database): void {
  caches.delete(keyOf(db));
}
