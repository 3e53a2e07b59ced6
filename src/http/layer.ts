import type { CORSOptions, Plugin } from 'graphql-yoga';
import { authenticate, type ApiKey } from '../auth/api-keys.ts';
import type { Database } from '../db/database.ts';
import { accessPlugin } from './access.ts';
import { persistedQueryPlugins, type PersistedQueryStore } from './apq.ts';
import { responseCachePlugin, type ResponseCache } from './cache.ts';
import { corsOptions } from './cors.ts';
import { rateLimitPlugin, type RateLimiter } from './rate-limit.ts';
import { defaultHttpSettings, type HttpSettings } from './settings.ts';
import { requestTiming, serverTimingPlugin } from './timing.ts';

/**
 * What each runtime injects into the partner-facing HTTP layer. Everything is a function of the
 * server context, because the Worker only learns its settings and bindings from `env` per request.
 * Left out, a feature is off: in-process tests and benchmarks get no rate limits, cache or APQ.
 */
export interface HttpOptions<ServerContext extends Record<string, any>> {
  /** CACHE_TTL, CORS_ORIGINS, rate limits (src/http/settings.ts); defaults when left out. */
  settings?: (serverContext: ServerContext) => HttpSettings;
  /** The client's address, which anonymous requests are counted by. */
  clientAddress?: (request: Request, serverContext: ServerContext) => string;
  rateLimiter?: (serverContext: ServerContext) => RateLimiter | undefined;
  responseCache?: (serverContext: ServerContext, request: Request) => ResponseCache | undefined;
  persistedQueries?: (serverContext: ServerContext, request: Request) => PersistedQueryStore | undefined;
}

/**
 * The HTTP layer around the GraphQL app (src/yoga.ts): per-request database (timed for
 * Server-Timing), API key lookup (once per request), and the plugins, in order: Server-Timing,
 * rate limit, access (bad key → 401, read scope), APQ, response cache.
 */
export function createHttpLayer<ServerContext extends Record<string, any>>(database: (serverContext: ServerContext) => Database, options: HttpOptions<ServerContext> = {}) {
  const settingsOf = options.settings ?? (() => defaultHttpSettings);
  const databases = new WeakMap<Request, Database>();
  const apiKeys = new WeakMap<Request, Promise<ApiKey | null>>();

  const databaseFor = (request: Request, serverContext: ServerContext): Database => {
    let db = databases.get(request);
    if (!db) databases.set(request, (db = database(serverContext).withStatementHook(requestTiming(request))));
    return db;
  };
  const apiKeyOf = (request: Request, serverContext: ServerContext): Promise<ApiKey | null> => {
    let key = apiKeys.get(request);
    if (!key) {
      const authorization = request.headers.get('authorization');
      apiKeys.set(request, (key = authorization ? authenticate(databaseFor(request, serverContext), authorization) : Promise.resolve(null)));
    }
    return key;
  };
  const responseCacheFor = (serverContext: ServerContext, request: Request) =>
    settingsOf(serverContext).cacheTtlSeconds > 0 ? options.responseCache?.(serverContext, request) : undefined;

  const plugins: Plugin<Record<string, unknown>, ServerContext>[] = [
    serverTimingPlugin() as Plugin<Record<string, unknown>, ServerContext>,
    rateLimitPlugin<ServerContext>({
      limiter: (serverContext) => (settingsOf(serverContext).rateLimits ? options.rateLimiter?.(serverContext) : undefined),
      anonymousPerMinute: (serverContext) => settingsOf(serverContext).anonymousPerMinute,
      clientAddress: options.clientAddress ?? (() => 'unknown'),
      apiKeyOf,
    }),
    accessPlugin<ServerContext>(apiKeyOf),
    ...(options.persistedQueries ? persistedQueryPlugins<ServerContext>(options.persistedQueries) : []),
    ...(options.responseCache
      ? [
          responseCachePlugin<ServerContext>({
            cache: responseCacheFor,
            ttlSeconds: (serverContext) => settingsOf(serverContext).cacheTtlSeconds,
            tierOf: async (request, serverContext) => {
              const key = await apiKeyOf(request, serverContext);
              return key ? `key:${key.id}` : 'public';
            },
          }),
        ]
      : []),
  ];

  return {
    plugins,
    cors: (request: Request, serverContext?: unknown): CORSOptions | false => corsOptions(settingsOf(serverContext as ServerContext).corsOrigins, request.headers.get('origin')),
    /** The request's database: the runtime's, timed for Server-Timing; one per request. */
    database: (serverContext: ServerContext & { request: Request }) => databaseFor(serverContext.request, serverContext),
    apiKey: (serverContext: ServerContext & { request: Request }) => apiKeyOf(serverContext.request, serverContext),
    /** The request's response cache; undefined when caching is off. */
    responseCache: (serverContext: ServerContext & { request: Request }) => responseCacheFor(serverContext, serverContext.request),
  };
}
