import type { IncomingMessage } from 'node:http';
import type { HttpOptions } from './layer.ts';
import { LruPersistedQueryStore, LruResponseCache } from './memory-stores.ts';
import { MemoryRateLimiter } from './rate-limit.ts';
import { readHttpSettings } from './settings.ts';

/** What graphql-yoga's Node adapter passes as server context. */
export type NodeServerContext = { req?: IncomingMessage };

/**
 * The Node server's HTTP layer: settings from the environment (read once, at start), an exact
 * in-process rate limiter, LRU response cache and persisted-query store. Anonymous clients are
 * counted by socket address, or with TRUST_PROXY by the last X-Forwarded-For hop (the address the
 * proxy in front saw).
 */
export function nodeHttpOptions(env: Record<string, string | undefined> = process.env): HttpOptions<NodeServerContext> {
  const settings = readHttpSettings(env);
  const limiter = new MemoryRateLimiter();
  const cache = new LruResponseCache();
  const persisted = new LruPersistedQueryStore();
  return {
    settings: () => settings,
    clientAddress: (request, { req }) => {
      const forwarded = settings.trustProxy ? request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim() : undefined;
      return forwarded || req?.socket.remoteAddress || 'unknown';
    },
    rateLimiter: () => limiter,
    responseCache: () => cache,
    persistedQueries: () => persisted,
  };
}
