import { createYoga, type GraphiQLOptions, type YogaServerOptions } from 'graphql-yoga';
import type { Database } from './db/database.ts';
import { createContext, type Context, type Ingest } from './graphql/context.ts';
import { schema } from './graphql/schema.ts';
import { armorPlugin, bodyLimitPlugin } from './http/limits.ts';

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

export interface YogaAppOptions<ServerContext extends Record<string, unknown>> {
  /** The database for one request: shared on Node, built from the Worker's env per request. */
  database: (serverContext: ServerContext) => Database;
  /** Serves GraphiQL from local assets instead of a CDN. */
  renderGraphiQL?: (options: GraphiQLOptions) => string | Promise<string>;
  plugins?: YogaServerOptions<ServerContext, Context>['plugins'];
  /** Enables the ingestArticles mutation, e.g. ingestArticles with the runtime's extractor; without it the mutation says ingest is unavailable. */
  ingest?: Ingest;
}

export function createYogaApp<ServerContext extends Record<string, unknown> = Record<string, unknown>>(
  options: YogaAppOptions<ServerContext>,
) {
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // Unexpected errors become "Unexpected error." with no stack, whatever NODE_ENV says.
    maskedErrors: { isDev: false },
    // One operation per request: a JSON array body is rejected.
    batching: false,
    graphiql: { defaultQuery: exampleQuery, title: 'newsgraph' },
    renderGraphiQL: options.renderGraphiQL,
    plugins: [bodyLimitPlugin(), armorPlugin(), ...(options.plugins ?? [])],
    context: (serverContext) => createContext(options.database(serverContext), { request: serverContext.request, ingest: options.ingest }),
  });
}
