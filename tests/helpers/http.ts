import type { HttpOptions } from '../../src/http/layer.ts';
import { LruPersistedQueryStore, LruResponseCache } from '../../src/http/memory-stores.ts';
import { MemoryRateLimiter } from '../../src/http/rate-limit.ts';
import { defaultHttpSettings, type HttpSettings } from '../../src/http/settings.ts';
import { createYogaApp, type YogaAppOptions } from '../../src/yoga.ts';
import type { TestDatabase } from './database.ts';

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
  const yoga = createYogaApp({ database: () => test.db, ingest: options.ingest, http });

  /** POSTs (or GETs, with `get`) one operation; counts the SQL statements it ran. */
  async function send(
    body: { query?: string; variables?: Record<string, unknown>; operationName?: string; extensions?: Record<string, unknown> },
    headers: Record<string, string> = {},
    method: 'POST' | 'GET' = 'POST',
  ) {
    test.statements.length = 0;
    let response: Response;
    if (method === 'GET') {
      const url = new URL('http://localhost/graphql');
      for (const [k, v] of Object.entries(body)) if (v !== undefined) url.searchParams.set(k, typeof v === 'string' ? v : JSON.stringify(v));
      response = await yoga.fetch(url, { headers: { accept: 'application/graphql-response+json', ...headers } });
    } else {
      response = await yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify(body),
      });
    }
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: text ? JSON.parse(text) : null,
      statements: [...test.statements],
    };
  }
  return { yoga, send, cache, limiter, settings };
}
