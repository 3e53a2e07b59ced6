import type { HttpOptions } from '../../src/http/layer.ts';
import { LruPersistedQueryStore, LruResponseCache } from '../../src/http/memory-stores.ts';
import { MemoryRateLimiter } from '../../src/http/rate-limit.ts';
import { defaultHttpSettings, type HttpSettings } from '../../src/http/settings.ts';
import { ResolutionCache } from '../../src/search/resolution-cache.ts';
import { createYogaApp, type YogaAppOptions } from '../../src/yoga.ts';
import type { TestDatabase } from './database.ts';
import { sendGraphQL, type GraphQLRequestBody } from './request.ts';

/**
 * The app in-process with the Node server's HTTP layer (limiter, LRU cache, APQ store), settings
 * overridable; the client address comes from an `x-test-client` header so tests can be many clients.
 */
export function partnerApp(test: TestDatabase, options: { settings?: Partial<HttpSettings>; ingest?: YogaAppOptions<Record<string, unknown>>['ingest'] } = {}) {
  const settings = { ...defaultHttpSettings, ...options.settings };
  const cache = new LruResponseCache();
  const persisted = new LruPersistedQueryStore();
  const limiter = new MemoryRateLimiter();
  const http: HttpOptions<Record<string, unknown>> = {
    settings: () => settings,
    clientAddress: (request) => request.headers.get('x-test-client') ?? '192.0.2.1',
    rateLimiter: () => limiter,
    responseCache: () => cache,
    persistedQueries: () => persisted,
  };
  const resolutions = new ResolutionCache();
  const yoga = createYogaApp({ database: () => test.db, resolutions: () => resolutions, ingest: options.ingest, http });

  /** POSTs (or GETs) one operation; `statements` lists the SQL it ran (from the database listener). */
  async function send(body: GraphQLRequestBody, headers: Record<string, string> = {}, method: 'POST' | 'GET' = 'POST') {
    test.statements.length = 0;
    const response = await sendGraphQL((url, init) => yoga.fetch(url, init), 'http://localhost/graphql', body, headers, method);
    return { ...response, statements: [...test.statements] };
  }
  return { yoga, send, cache, limiter, settings, resolutions };
}
