import { GraphQLError, type ExecutionResult } from 'graphql';
import { createYoga, maskError, type GraphiQLOptions, type Plugin, type YogaServerOptions } from 'graphql-yoga';
import type { Database } from './db/database.ts';
import { isDatabaseUnreachable } from './db/unreachable.ts';
import { complexityPassedPlugin } from './graphql/complexity.ts';
import { createContext, operationKey, type Context, type Ingest } from './graphql/context.ts';
import { databaseUnavailable, graphqlErrorForDomainError } from './graphql/errors.ts';
import { schema } from './graphql/schema.ts';
import { createHttpLayer, type HttpOptions } from './http/layer.ts';
import { corsVaryPlugin } from './http/cors.ts';
import { errorCodesPlugin } from './http/error-codes.ts';
import { ResolutionCache } from './search/resolution-cache.ts';
import {
  armorPlugin,
  bodyLimitPlugin,
  highlightMarkersPlugin,
  requestBudgetPlugin,
  requestParamsPlugin,
  responseSizePlugin,
  validationCachePlugin,
  type BudgetTimers,
} from './http/limits.ts';

/** The question the product exists to answer; GraphiQL opens with it. */
export const exampleQuery = /* GraphQL */ `# Articles mentioning North Korea (or DPRK, Pyongyang, North Korean…) and "sanctions"
{
  articles(where: { countries: ["North Korea"], text: "sanctions" }, first: 10) {
    totalCount
    edges {
      cursor
      node {
        id
        title
        publishedAt
        snippet
        countries { code name }
        people { name }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`;

/** A coded GraphQL error that a wrapper (e.g. drizzle's DrizzleQueryError) carries as its cause: the time budget's. */
function codedCause(error: unknown): GraphQLError | null {
  for (let e = error as { cause?: unknown; originalError?: unknown } | undefined, depth = 0; e && depth < 10; depth++) {
    if (e instanceof GraphQLError && e.extensions?.code && e !== error) return e;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return null;
}

/**
 * Unexpected errors are masked; a coded error that a wrapper carries (the time budget's) is
 * unwrapped; an unreachable database says so, so clients know to retry. Errors the client caused
 * pass through unchanged, so yoga does not log them (it logs only what this replaces).
 */
function maskUnexpectedError(error: unknown, message: string): Error {
  const masked = maskError(error, message, false);
  if (masked === error) return masked;
  const coded = codedCause(error);
  if (coded) return coded;
  if (isDatabaseUnreachable(error)) {
    return databaseUnavailable();
  }
  return masked;
}

/**
 * The domain errors resolvers let through (search's), as coded GraphQL errors: mapped here, once for
 * every resolver, and before masking, which would log them as unexpected.
 */
function domainErrorsPlugin(): Plugin {
  // A hook on the result, not a wrapper around execution: no promise round of its own. It runs
  // before yoga's masking, whose plugin comes after ours.
  const done = {
    onExecuteDone({ result, setResult }: { result: ExecutionResult | AsyncIterable<unknown>; setResult: (result: ExecutionResult) => void }) {
      if (Symbol.asyncIterator in result || !result.errors?.length) return;
      setResult({ ...result, errors: result.errors.map((error) => graphqlErrorForDomainError(error) ?? error) });
    },
  };
  return { onExecute: () => done };
}

export interface YogaAppOptions<ServerContext extends Record<string, unknown>> {
  /** The database for one request: shared on Node, built from the Worker's env per request. */
  database: (serverContext: ServerContext) => Database;
  /**
   * What names resolve to, shared by requests: one cache for this app unless the runtime keeps its
   * own (the Worker: one per isolate and database URL). Cleared when an ingest stores an article.
   */
  resolutions?: (serverContext: ServerContext) => ResolutionCache;
  /** Serves GraphiQL from local assets instead of a CDN. */
  renderGraphiQL?: (options: GraphiQLOptions) => string | Promise<string>;
  plugins?: YogaServerOptions<ServerContext, Context>['plugins'];
  /**
   * Enables the ingestArticles mutation, e.g. ingestArticles with the runtime's extractor, or (the
   * Worker) a call to the ingest Worker its server context binds; without it the mutation says ingest is unavailable.
   */
  ingest?: (db: Database, inputs: unknown[], serverContext: ServerContext) => ReturnType<Ingest>;
  /** Time budgets per operation (src/http/limits.ts); requestLimits' by default. */
  budgets?: { queryMs: number; mutationMs: number };
  /** How their expiry is timed (src/http/limits.ts): one shared timer by default; the Worker's timers belong to a request. */
  budgetTimers?: BudgetTimers;
  /** Rate limits, response cache, persisted queries, CORS origins (src/http/layer.ts): each runtime injects its own; off when left out. */
  http?: HttpOptions<ServerContext>;
}

export function createYogaApp<ServerContext extends Record<string, unknown> = Record<string, unknown>>(
  options: YogaAppOptions<ServerContext>,
) {
  const http = createHttpLayer(options.database, options.http);
  const appResolutions = new ResolutionCache();
  const resolutionsFor = options.resolutions ?? (() => appResolutions);
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // Unexpected errors become "Unexpected error." with no stack, whatever NODE_ENV says.
    maskedErrors: { isDev: false, maskError: maskUnexpectedError },
    // One operation per request: a JSON array body is rejected.
    batching: false,
    // bodyLimitPlugin is the one body limit (1 MiB); yoga's (25 MB) piped every body through a stream.
    maxRequestBodySize: false,
    graphiql: { defaultQuery: exampleQuery, title: 'newsgraph' },
    renderGraphiQL: options.renderGraphiQL,
    cors: http.cors,
    // Documents stay cached by yoga; validation results by validationCachePlugin.
    parserAndValidationCache: { validationCache: false },
    plugins: [
      corsVaryPlugin(),
      domainErrorsPlugin(),
      complexityPassedPlugin(),
      errorCodesPlugin(),
      requestParamsPlugin(),
      // After requestParamsPlugin: it wraps the JSON parser that plugin sets, for chunked bodies.
      bodyLimitPlugin(),
      armorPlugin(),
      highlightMarkersPlugin(),
      requestBudgetPlugin(options.budgets, options.budgetTimers),
      responseSizePlugin(),
      ...http.plugins,
      ...(options.plugins ?? []),
      validationCachePlugin(),
    ],
    context: (serverContext) => {
      const resolutions = resolutionsFor(serverContext);
      const ingest = options.ingest;
      return createContext(http.database(serverContext), resolutions, {
        request: serverContext.request,
        apiKey: http.apiKey(serverContext),
        operationKey: operationKey((serverContext as { params?: Parameters<typeof operationKey>[0] }).params),
        // The caches in front of the data, forgotten side by side when an ingest changed it: new
        // entities and aliases can change what a name means, and cached responses are stale.
        ingest:
          ingest &&
          (async (db, inputs) => {
            const results = await ingest(db, inputs, serverContext);
            if (results.some((r) => r.status === 'created' || r.status === 'updated')) {
              resolutions.clear();
              await http.responseCache(serverContext)?.invalidate();
            }
            return results;
          }),
      });
    },
  });
}
