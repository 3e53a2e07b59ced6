import { baseDatabase, type Database } from '../db/database.ts';

// What names resolve to (entity references, natural-language interpretations), per database
// object: one per process on Node, one per isolate on the Worker. Aliases change only on ingest,
// which forgets them in its own process; elsewhere entries expire after a minute.
const ttlMs = 60_000;
const maxEntries = 5_000;
const caches = new WeakMap<Database, Map<string, { value: unknown; expires: number }>>();

function cacheOf(db: Database) {
  const base = baseDatabase(db);
  let cache = caches.get(base);
  if (!cache) caches.set(base, (cache = new Map()));
  return cache;
}

export function cachedResolution<T>(db: Database, key: string): T | undefined {
  const hit = cacheOf(db).get(key);
  return hit && hit.expires > Date.now() ? (hit.value as T) : undefined;
}

export function cacheResolution(db: Database, key: string, value: unknown): void {
  const cache = cacheOf(db);
  if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
  cache.set(key, { value, expires: Date.now() + ttlMs });
}

/** After an ingest: new entities and aliases can change what a name means. */
export function forgetResolutions(db: Database): void {
  caches.delete(baseDatabase(db));
}
