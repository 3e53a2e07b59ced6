import { createServer } from 'node:http';
import { openDatabase } from './db/node.ts';
import { renderLocalGraphiQL } from './http/graphiql.ts';
import { serveGraphiQLAsset } from './http/graphiql-assets.ts';
import { nodeHttpOptions } from './http/node.ts';
import { prepareDatabase } from './ingest/prepare.ts';
import { extractMentions } from './ingest/extract.ts';
import { ingestArticles } from './ingest/ingest.ts';
import { createYogaApp } from './yoga.ts';

const port = Number(process.env.PORT ?? 4000);
const db = openDatabase();
await prepareDatabase(db);

const yoga = createYogaApp({
  database: () => db,
  // The page references GraphiQL's assets, served below from memory (as the Worker's static assets).
  renderGraphiQL: renderLocalGraphiQL,
  ingest: (database, inputs) => ingestArticles(database, inputs, { extract: extractMentions }),
  // Rate limits, response cache and persisted queries in process; settings from the environment.
  http: nodeHttpOptions(),
});
const server = createServer((request, response) => serveGraphiQLAsset(request, response) || yoga(request, response));
server.listen(port, () => {
  console.log(`newsgraph is serving GraphiQL at http://localhost:${port}${yoga.graphqlEndpoint}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
