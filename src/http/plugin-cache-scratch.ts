// SCRATCH (evaluation only): @graphql-yoga/plugin-response-cache wired with settings equivalent to src/http/cache.ts.
import { createInMemoryCache, useResponseCache, type Cache, type UseResponseCacheParameter } from '@graphql-yoga/plugin-response-cache';
import { defaultBuildResponseCacheKey } from '@envelop/response-cache';
import type { Plugin } from 'graphql-yoga';
import type { ResponseCache } from './cache.ts';

/** The plugin's Cache interface over one of our stores (byte-capped LRU on Node, Cache API on the Worker). */
export function envelopCacheOver(store: ResponseCache, ttlSeconds: number): Cache {
  return {
    async get(key) {
      const entry = await store.get(key);
      return entry && Date.now() - entry.storedAt < entry.ttlSeconds * 1000 ? JSON.parse(entry.body) : null;
    },
    async set(key, result) {
      await store.set(key, { body: JSON.stringify(result), etag: key, storedAt: Date.now(), ttlSeconds });
    },
    invalidate() {
      // Entity invalidation cannot reach list queries that an ingest changes; the data version in the key does.
    },
  };
}

export function pluginResponseCache<ServerContext extends Record<string, any>>(options: {
  cache: (serverContext: ServerContext, request: Request) => ResponseCache | undefined;
  ttlSeconds: (serverContext: ServerContext) => number;
  tierOf: (request: Request, serverContext: ServerContext) => Promise<string>;
  /** 'ours' = adapter over our stores; 'builtin' = the plugin's own in-memory LRU (entries only). */
  store?: 'ours' | 'builtin';
}): Plugin<Record<string, unknown>, ServerContext> {
  const builtin = createInMemoryCache({ max: 2000 });
  const adapters = new WeakMap<ResponseCache, Cache>();
  // Node's store is one per app, so the first request's store is every request's (the Worker's is not: see docs/decisions.md).
  const anyRequest = new Request('http://localhost/graphql');
  const adapterFor = (): Cache => {
    const store = options.cache({} as ServerContext, anyRequest)!;
    let adapter = adapters.get(store);
    if (!adapter) adapters.set(store, (adapter = envelopCacheOver(store, options.ttlSeconds({} as ServerContext))));
    return adapter;
  };
  const storeOf = (ctx: any): ResponseCache | undefined => options.cache(ctx, ctx.request);
  const params: UseResponseCacheParameter<any> & { onTtl: (p: { ttl: number; context: any }) => number } = {
    ttl: 60_000,
    onTtl: ({ context }) => options.ttlSeconds(context) * 1000,
    session: (request, ctx) => options.tierOf(request, ctx).then((tier) => (tier === 'public' ? null : tier)),
    enabled: (request, ctx) => !!storeOf({ ...ctx, request }) && !/\bno-store\b/i.test(request.headers.get('cache-control') ?? ''),
    // The yoga wrapper calls cache.get directly (onParams, onRequest): one Cache object per app, not per request.
    cache:
      options.store === 'builtin'
        ? builtin
        : {
            get: (key) => adapterFor().get(key),
            set: (...a) => adapterFor().set(...a),
            invalidate: () => {},
          },
    buildResponseCacheKey: async (p) => {
      const store = storeOf({ ...(p.context as object), request: p.request });
      const version = store ? await store.version() : '';
      return defaultBuildResponseCacheKey({ ...p, sessionId: `${version}|${p.sessionId ?? ''}` });
    },
  };
  return useResponseCache<any>(params) as unknown as Plugin<Record<string, unknown>, ServerContext>;
}
