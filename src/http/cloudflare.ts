import { CacheApiPersistedQueryStore, CacheApiResponseCache, type CacheLike } from './cache-api-stores.ts';
import type { HttpOptions } from './layer.ts';
import { BindingRateLimiter } from './rate-limit.ts';
import { readHttpSettings, type HttpSettings } from './settings.ts';

/**
 * The Worker's HTTP layer: settings from `[vars]`, Cloudflare's Rate Limiting bindings
 * (`RATE_LIMIT_<n>` in wrangler.toml), and the Cache API (`caches.default`, passed in by
 * src/worker.ts) for responses and persisted queries. Anonymous clients are counted by
 * CF-Connecting-IP, which Cloudflare sets and clients cannot.
 */
export function workerHttpOptions<ServerContext extends { env: object } & Record<string, any>>(cache: () => CacheLike): HttpOptions<ServerContext> {
  // env is the same object for every request an isolate serves: parse it once.
  const settings = new WeakMap<object, HttpSettings>();
  const limiters = new WeakMap<object, BindingRateLimiter | undefined>();
  const settingsOf = ({ env }: ServerContext) => {
    let s = settings.get(env);
    if (!s) settings.set(env, (s = readHttpSettings(env as Record<string, unknown>)));
    return s;
  };
  return {
    settings: settingsOf,
    clientAddress: (request) => request.headers.get('cf-connecting-ip') ?? 'unknown',
    rateLimiter: ({ env }) => {
      if (!limiters.has(env)) limiters.set(env, BindingRateLimiter.fromEnv(env as Record<string, unknown>));
      return limiters.get(env);
    },
    responseCache: (_serverContext, request) => new CacheApiResponseCache(cache(), new URL(request.url).origin),
    persistedQueries: (_serverContext, request) => new CacheApiPersistedQueryStore(cache(), new URL(request.url).origin),
  };
}
