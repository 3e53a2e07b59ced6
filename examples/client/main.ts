// `npx tsx examples/client/main.ts [url]`: the typed client against a running server
// (`npm run serve` → http://localhost:4000/graphql, the default; `npm start` → http://localhost:8787/graphql).
import { createNewsClient, findArticles, search } from './client.ts';

const url = process.argv[2] ?? 'http://localhost:4000/graphql';
const client = createNewsClient(url);

const articles = await findArticles(client, { countries: ['North Korea'], text: 'sanctions', first: 5 });
console.log(`${articles?.totalCount ?? 0} articles mention North Korea and match "sanctions":`);
for (const edge of articles?.edges ?? []) {
  const countries = edge.node?.countries?.map((country) => country.code).join(', ');
  console.log(`- ${edge.node?.title} (${edge.node?.publishedAt ?? 'undated'}; ${countries})`);
}

const results = await search(client, { query: 'articles mentioning North Korea and sanctions', first: 5 });
console.log(`\n${results?.interpretation?.description}`);
for (const edge of results?.edges ?? []) console.log(`- ${edge.node?.article?.title}: ${edge.node?.snippet}`);
