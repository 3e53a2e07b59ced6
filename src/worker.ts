// The Cloudflare Worker: the GraphQL API over Turso (libSQL over HTTP). `npm start` runs it locally,
// with the ingest Worker (src/ingest-worker.ts) that does its ingests and polls the sources.
// Keep this module's imports free of Node-only code (node:*, migrations, seed data) and of the
// extractor and the poller (the ingest Worker's): everything here is bundled into the Worker, whose
// isolate should start within 100 ms. `npm run build` fails when they get in.
import { openWebDatabase } from './db/web.ts';
import { databaseUnavailable, ingestUnavailable } from './graphql/errors.ts';
import type { IngestResult } from './ingest/ingest.ts';
import type { IngestReply } from './ingest-worker.ts';
import { ResolutionCache } from './search/resolution-cache.ts';
import { renderLocalGraphiQL } from './http/graphiql.ts';
import { workerHttpOptions } from './http/cloudflare.ts';
import { createYogaApp } from './yoga.ts';

type ServerContext = { env: Env; ctx: ExecutionContext };

// Each request opens its own database object (the client is bound to the request), so what entity
// references resolve to is cached per isolate, by database URL: a request naming "North Korea"
// after another did then sends one statement fewer to libSQL.
const isolateResolutions = new Map<string, ResolutionCache>();
function resolutionsFor(url: string): ResolutionCache {
  let cache = isolateResolutions.get(url);
  if (!cache) isolateResolutions.set(url, (cache = new ResolutionCache()));
  return cache;
}

/**
 * An ingest, done by the ingest Worker over the INGEST service binding (RPC); that Worker opens the
 * database itself. What comes back is turned into this API's typed errors: a database the ingest
 * Worker could not reach is DATABASE_UNAVAILABLE, as it is for a query; an ingest Worker that cannot
 * be reached is SERVICE_UNAVAILABLE.
 */
async function ingestViaIngestWorker(env: Env, inputs: unknown[]): Promise<IngestResult[]> {
  let reply: IngestReply;
  try {
    // Plain copies: graphql-js builds input objects written in the query without a prototype,
    // which RPC's structured clone refuses (DataCloneError). Their fields are strings.
    reply = await env.INGEST.ingestArticles(inputs.map((input) => ({ ...(input as object) })));
  } catch (error) {
    console.error('ingest: the ingest Worker could not be reached', error);
    throw ingestUnavailable('Ingest is unavailable right now; retry shortly.');
  }
  if ('results' in reply) return reply.results;
  if (reply.failure === 'DATABASE_UNAVAILABLE') throw databaseUnavailable();
  if (reply.failure === 'NO_DATABASE') throw ingestUnavailable('Ingest is not available: the ingest Worker has no database (set its LIBSQL_DB_URL).');
  // Masked as "Unexpected error."; the ingest Worker logged the cause.
  throw new Error('The ingest Worker failed.');
}

// Built once per isolate: the schema is constructed at import, requests only execute it.
const yoga = createYogaApp<ServerContext>({
  database: ({ env }) => openWebDatabase(env.LIBSQL_DB_URL, env.LIBSQL_DB_AUTH_TOKEN),
  resolutions: ({ env }) => resolutionsFor(env.LIBSQL_DB_URL),
  renderGraphiQL: renderLocalGraphiQL,
  // A timer shared by requests would belong to the one that set it: each request times its own budget.
  budgetTimers: 'per-request',
  // The ingest Worker runs the same extractor as the Node CLI and server (learned tagger + static
  // gazetteer): partners ingesting on the edge get the entities the CLI would store.
  ingest: (_database, inputs, { env }) => ingestViaIngestWorker(env, inputs),
  // Rate Limiting bindings, and the Cache API for responses and persisted queries; settings from [vars].
  // (The cast: @whatwg-node/fetch's types pull in lib.dom, whose CacheStorage has no `default`.)
  http: workerHttpOptions(() => (caches as unknown as { default: Cache }).default),
});

/** POST/GET /graphql: the API, and GraphiQL for browsers. */
function handleGraphQL(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
  if (!env.LIBSQL_DB_URL) {
    return Response.json(
      { errors: [{ message: 'The Worker has no database: set LIBSQL_DB_URL (see .dev.vars.example).' }] },
      { status: 503 },
    );
  }
  return yoga.fetch(request, { env, ctx });
}

/** `/` sends browsers to GraphiQL. */
function handleRoot(request: Request): Response {
  return Response.redirect(new URL(yoga.graphqlEndpoint, request.url).toString(), 302);
}

function handleNotFound(): Response {
  return Response.json({ errors: [{ message: `Not found. The API is at ${yoga.graphqlEndpoint}.` }] }, { status: 404 });
}

export default {
  fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    if (pathname === yoga.graphqlEndpoint) return handleGraphQL(request, env, ctx);
    if (pathname === '/') return handleRoot(request);
    return handleNotFound();
  },
} satisfies ExportedHandler<Env>;
