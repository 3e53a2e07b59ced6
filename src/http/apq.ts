import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { sha256Hex } from '../lib/sha256.ts';

/** Query texts by their SHA-256: an LRU on Node, the Cache API on the Worker. */
export interface PersistedQueryStore {
  get(hash: string): Promise<string | null | undefined> | string | null | undefined;
  set(hash: string, query: string): Promise<void> | void;
}

const sha256Pattern = /^[0-9a-f]{64}$/;

function persistedQueryHash(extensions: unknown): string | null {
  const pq = (extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | undefined)?.persistedQuery;
  return pq?.version === 1 && typeof pq.sha256Hash === 'string' ? pq.sha256Hash : null;
}

/**
 * Automatic persisted queries (Apollo's protocol): a client sends
 * `extensions.persistedQuery = { version: 1, sha256Hash }` without the query; an unknown hash is a
 * PERSISTED_QUERY_NOT_FOUND error (HTTP 404), after which the client sends hash and query together,
 * which registers the query once its hash checks out (PERSISTED_QUERY_MISMATCH, HTTP 400, if not).
 *
 * Lookup is @graphql-yoga/plugin-persisted-operations with arbitrary operations allowed;
 * registration is the plugin below, which runs first. (@graphql-yoga/plugin-apq does both, but its
 * stale peer dependency on @graphql-tools/utils 10 cannot be overridden without changing the
 * @graphql-tools/utils that graphql-yoga's own dependencies resolve to.)
 */
export function persistedQueryPlugins<ServerContext extends Record<string, any>>(
  storeOf: (serverContext: ServerContext, request: Request) => PersistedQueryStore | undefined,
): Plugin<Record<string, unknown>, ServerContext>[] {
  const register: Plugin<Record<string, unknown>, ServerContext> = {
    async onParams({ params, request, context }) {
      const hash = persistedQueryHash(params.extensions);
      if (hash === null || typeof params.query !== 'string') return;
      const store = storeOf(context as ServerContext, request);
      if (!store) return;
      if (!sha256Pattern.test(hash) || (await sha256Hex(params.query)) !== hash) {
        throw createGraphQLError('PersistedQueryMismatch: sha256Hash is not the SHA-256 (lowercase hex) of the query.', {
          extensions: { code: 'PERSISTED_QUERY_MISMATCH', http: { status: 400 } },
        });
      }
      await store.set(hash, params.query);
    },
  };
  const lookup = usePersistedOperations<Record<string, unknown>>({
    allowArbitraryOperations: true,
    extractPersistedOperationId: (params) => persistedQueryHash(params.extensions),
    getPersistedOperation: async (hash, request, context) => {
      const store = storeOf(context as ServerContext, request);
      return store && sha256Pattern.test(hash) ? ((await store.get(hash)) ?? null) : null;
    },
    customErrors: {
      notFound: {
        message: 'PersistedQueryNotFound',
        extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 404 } },
      },
      // Neither a query nor a hash: the same answer as without this plugin.
      keyNotFound: {
        message: 'Must provide query string.',
        extensions: { code: 'BAD_REQUEST', http: { spec: true, status: 400, headers: { Allow: 'GET, POST' } } },
      },
    },
  }) as unknown as Plugin<Record<string, unknown>, ServerContext>;
  return [register, lookup];
}
