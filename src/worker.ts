// The Cloudflare Worker: the GraphQL API over Turso (libSQL over HTTP). `npm start` runs it locally.
// Keep this module's imports free of Node-only code (node:*, migrations, seed data, NLP models):
// everything here is bundled into the Worker, whose isolate should start within 100 ms.
import { openWebDatabase } from './db/web.ts';
import { ResolutionCache } from './search/resolution-cache.ts';
import { renderLocalGraphiQL } from './http/graphiql.ts';
import { workerHttpOptions } from './http/cloudflare.ts';
import { pollSettings } from './sources/settings.ts';
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

// The extractor (learned tagger, gazetteers) and the poller's HTML and feed parsers are most of the
// bundle, and only an ingest or a poll run needs them: imported on first use, so a cold isolate that
// answers queries never evaluates them. import() evaluates a module once per isolate and hands
// concurrent callers the same promise.
const loadIngest = () => Promise.all([import('./ingest/ingest.ts'), import('./ingest/extract.ts')]);
const loadPoller = () => Promise.all([import('./sources/poller.ts'), import('./ingest/extract.ts')]);

// Built once per isolate: the schema is constructed at import, requests only execute it.
const yoga = createYogaApp<ServerContext>({
  database: ({ env }) => openWebDatabase(env.LIBSQL_DB_URL, env.LIBSQL_DB_AUTH_TOKEN),
  resolutions: ({ env }) => resolutionsFor(env.LIBSQL_DB_URL),
  renderGraphiQL: renderLocalGraphiQL,
  // A timer shared by requests would belong to the one that set it: each request times its own budget.
  budgetTimers: 'per-request',
  // The same extractor as the Node CLI and server (learned tagger + static gazetteer): partners
  // ingesting on the edge get the entities the CLI would store.
  ingest: async (database, inputs) => {
    const [{ ingestArticles }, { extractMentions }] = await loadIngest();
    return ingestArticles(database, inputs, { extract: extractMentions });
  },
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
  /** The Cron Trigger (wrangler.toml [triggers]): one bounded poll run over the due sources. */
  async scheduled(_controller, env, ctx) {
    if (!env.LIBSQL_DB_URL) return;
    const db = openWebDatabase(env.LIBSQL_DB_URL, env.LIBSQL_DB_AUTH_TOKEN);
    const settings = pollSettings(env as unknown as Record<string, string | undefined>);
    ctx.waitUntil(loadPoller().then(([{ pollSources }, { extractMentions }]) => pollSources(db, { settings, extract: extractMentions, log: (line) => console.log(line) })));
  },
} satisfies ExportedHandler<Env>;
