import type { PersistedQueryStore } from './apq.ts';
import type { CachedResponse, ResponseCache } from './cache.ts';

/** The part of the Workers Cache API (`caches.default`) used here; structural, so Node's type-check needs no Workers types. */
export interface CacheLike {
  match(request: string): Promise<Response | undefined>;
  put(request: string, response: Response): Promise<void>;
}

const year = 365 * 24 * 3600;

/**
 * The Worker's response cache, in the Cache API of the Cloudflare location serving the request,
 * shared by every isolate there. Entries live under `/__newsgraph/…` URLs of the Worker's own origin
 * (never served: the Worker only answers /graphql and /), expire by Cache-Control max-age, and
 * their keys include a data version kept in the same cache.
 *
 * invalidate() writes a new random version, which every isolate in the location reads on its next
 * request (one cache read per request, no SQL), so all entries stored before it are orphaned at once.
 * The Cache API does not replicate between locations: other locations keep serving what they
 * cached for at most CACHE_TTL seconds, as they do after a CLI ingest that bumps nothing.
 * If the version entry is evicted, a new one is made: a full miss, never a stale hit.
 * (The Cache API does nothing on *.workers.dev hostnames: caching needs a custom domain.)
 */
export class CacheApiResponseCache implements ResponseCache {
  constructor(
    private readonly cache: CacheLike,
    private readonly origin: string,
  ) {}

  #url(path: string): string {
    return new URL(`/__newsgraph/${path}`, this.origin).toString();
  }

  async version(): Promise<string> {
    const stored = await this.cache.match(this.#url('cache-version'));
    return stored ? stored.text() : this.#newVersion();
  }

  async #newVersion(): Promise<string> {
    const version = crypto.randomUUID();
    await this.cache.put(this.#url('cache-version'), new Response(version, { headers: { 'cache-control': `max-age=${year}` } }));
    return version;
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    const stored = await this.cache.match(this.#url(`responses/${key}`));
    if (!stored) return undefined;
    return {
      body: await stored.text(),
      etag: stored.headers.get('etag') ?? '',
      storedAt: Number(stored.headers.get('x-stored-at')),
      ttlSeconds: Number(stored.headers.get('x-ttl')),
    };
  }

  async set(key: string, entry: CachedResponse): Promise<void> {
    await this.cache.put(
      this.#url(`responses/${key}`),
      new Response(entry.body, {
        headers: {
          'content-type': 'application/json',
          'cache-control': `max-age=${entry.ttlSeconds}`,
          etag: entry.etag,
          'x-stored-at': String(entry.storedAt),
          'x-ttl': String(entry.ttlSeconds),
        },
      }),
    );
  }

  async invalidate(): Promise<void> {
    await this.#newVersion();
  }
}

/**
 * Persisted queries in the Cache API (kept a week, per location, shared by its isolates): a client
 * meeting another location, or an evicted entry, gets PERSISTED_QUERY_NOT_FOUND and re-registers,
 * which is how the protocol is meant to work.
 */
export class CacheApiPersistedQueryStore implements PersistedQueryStore {
  constructor(
    private readonly cache: CacheLike,
    private readonly origin: string,
    private readonly ttlSeconds = 7 * 24 * 3600,
  ) {}

  #url(hash: string): string {
    return new URL(`/__newsgraph/apq/${hash}`, this.origin).toString();
  }

  async get(hash: string): Promise<string | undefined> {
    return (await this.cache.match(this.#url(hash)))?.text();
  }

  async set(hash: string, query: string): Promise<void> {
    await this.cache.put(this.#url(hash), new Response(query, { headers: { 'cache-control': `max-age=${this.ttlSeconds}` } }));
  }
}
