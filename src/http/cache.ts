// Ours rather than @graphql-yoga/plugin-response-cache: reasons and measurements in docs/decisions.md.
import { getOperationAST, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { sha256Hex } from '../lib/sha256.ts';
import { serialisedResult } from './responses.ts';

/** One cached response: the serialised GraphQL result, its ETag, and when it was stored. */
export interface CachedResponse {
  body: string;
  etag: string;
  /** Epoch milliseconds. */
  storedAt: number;
  ttlSeconds: number;
}

/**
 * Where responses are kept: an LRU in memory on Node, the Cache API on the Worker. Every key
 * includes the data version, and invalidate() changes it, so nothing stored before an ingest that
 * changed data is served after it, even where stores cannot be cleared (the Cache API).
 */
export interface ResponseCache {
  version(): Promise<string> | string;
  get(key: string): Promise<CachedResponse | undefined> | CachedResponse | undefined;
  set(key: string, entry: CachedResponse): Promise<void> | void;
  invalidate(): Promise<void> | void;
}

/** Objects with their keys sorted, so `{a, b}` and `{b, a}` variables share an entry. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/** True when an If-None-Match header names `etag` (weak or strong) or is `*`. */
function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

interface CacheState {
  cache: ResponseCache;
  key: string;
  shared: boolean;
  ttlSeconds: number;
  isQuery?: boolean;
  hit?: CachedResponse;
  stored?: CachedResponse;
}

export interface ResponseCachePluginOptions<ServerContext extends Record<string, any>> {
  /** The store for this request; undefined turns caching off. */
  cache: (serverContext: ServerContext, request: Request) => ResponseCache | undefined;
  /** Seconds an entry lives (CACHE_TTL); 0 turns caching off. */
  ttlSeconds: (serverContext: ServerContext) => number;
  /** `public` for anonymous requests, `key:<id>` for a key: part of the cache key. */
  tierOf: (request: Request, serverContext: ServerContext) => Promise<string>;
}

/**
 * Caches the results of read queries, keyed by data version, tier, operation name, query text and
 * variables (SHA-256). A hit is answered before parsing, validation and execution: no SQL. Only
 * queries whose result has no errors are stored; mutations and errors are never cached and carry
 * `Cache-Control: no-store`. Cacheable responses carry `Cache-Control` (public for anonymous
 * requests, private with a key; max-age is the TTL left) and an `ETag` (the result's SHA-256), and
 * an `If-None-Match` naming it gets `304 Not Modified`. A request with `Cache-Control: no-cache`
 * skips the lookup (and refreshes the entry); `no-store` bypasses the cache entirely.
 */
export function responseCachePlugin<ServerContext extends Record<string, any>>(options: ResponseCachePluginOptions<ServerContext>): Plugin<Record<string, unknown>, ServerContext> {
  const states = new WeakMap<Request, CacheState>();
  return {
    async onParams({ params, request, context, setResult }) {
      if ((request.method !== 'GET' && request.method !== 'POST') || typeof params.query !== 'string') return;
      const serverContext = context as ServerContext;
      const ttlSeconds = options.ttlSeconds(serverContext);
      const cache = ttlSeconds > 0 ? options.cache(serverContext, request) : undefined;
      const directives = request.headers.get('cache-control') ?? '';
      if (!cache || /\bno-store\b/i.test(directives)) return;
      const tier = await options.tierOf(request, serverContext);
      const version = await cache.version();
      const key = await sha256Hex(JSON.stringify([version, tier, params.operationName ?? null, params.query, canonical(params.variables ?? null)]));
      const state: CacheState = { cache, key, shared: tier === 'public', ttlSeconds };
      states.set(request, state);
      if (/\bno-cache\b|\bmax-age=0\b/i.test(directives)) return;
      const entry = await cache.get(key);
      if (entry && Date.now() - entry.storedAt < entry.ttlSeconds * 1000) {
        state.hit = entry;
        setResult(JSON.parse(entry.body));
      }
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const state = request && states.get(request);
      if (state) state.isQuery = getOperationAST(args.document, args.operationName)?.operation === 'query';
    },
    async onExecutionResult({ request, result }) {
      const state = states.get(request);
      if (!state || state.hit || !state.isQuery) return;
      if (Array.isArray(result) || Symbol.asyncIterator in Object(result)) return;
      const single = result as { data?: unknown; errors?: unknown[]; extensions?: { http?: unknown } };
      if (single.errors?.length || !single.data || single.extensions?.http) return;
      const body = serialisedResult(single as ExecutionResult);
      const entry: CachedResponse = { body, etag: `"${(await sha256Hex(body)).slice(0, 32)}"`, storedAt: Date.now(), ttlSeconds: state.ttlSeconds };
      await state.cache.set(state.key, entry);
      state.stored = entry;
    },
    onResultProcess({ request, setResultProcessor }) {
      const state = states.get(request);
      const entry = state?.hit ?? state?.stored;
      if (entry && matchesEtag(request.headers.get('if-none-match'), entry.etag)) {
        setResultProcessor((_result, fetchAPI) => new fetchAPI.Response(null, { status: 304 }), '*/*');
      }
    },
    onResponse({ request, response }) {
      const state = states.get(request);
      const entry = state?.hit ?? state?.stored;
      if (!state || !entry) {
        // Mutations, errors (including those raised before execution) and uncacheable requests.
        if (!response.headers.has('cache-control') && /json/.test(response.headers.get('content-type') ?? '')) {
          response.headers.set('Cache-Control', 'no-store');
        }
        return;
      }
      const age = Math.max(0, Math.floor((Date.now() - entry.storedAt) / 1000));
      response.headers.set('Cache-Control', `${state.shared ? 'public' : 'private'}, max-age=${Math.max(0, entry.ttlSeconds - age)}`);
      response.headers.set('ETag', entry.etag);
      // The body's media type follows Accept; tier and quota headers follow Authorization.
      response.headers.append('Vary', 'Accept, Authorization');
      if (state.hit) response.headers.set('Age', String(age));
      response.headers.append('Server-Timing', `cache;desc="${state.hit ? 'hit' : 'miss'}"`);
    },
  };
}
