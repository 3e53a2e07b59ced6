// Throwaway (issue 11, layer10): main's app (a git archive copy in BASE) against this branch's, on one
// database copy: status, headers (Server-Timing's durations blanked) and body of each request, three
// times each; prints the differences.
// DB=file:/tmp/layer10-100k.db BASE=/tmp/layer10-base NODE_ENV=production npx tsx scripts/bench/layer10/compare.ts
import { openDatabase } from '../../../src/db/node.ts';
import { createYogaApp, exampleQuery } from '../../../src/yoga.ts';
import { benchQueries } from '../../bench-queries.ts';

const base = process.env.BASE ?? '/tmp/layer10-base';
const mainYoga = (await import(`${base}/src/yoga.ts`)) as typeof import('../../../src/yoga.ts');
const mainNode = (await import(`${base}/src/db/node.ts`)) as typeof import('../../../src/db/node.ts');
const db = openDatabase({ url: process.env.DB });
const dbMain = mainNode.openDatabase({ url: process.env.DB });
const js = mainYoga.createYogaApp({ database: () => dbMain });
const jit = createYogaApp({ database: () => db });
type Req = { method?: string; url?: string; headers?: Record<string, string>; body?: string };
const raw = async (app: typeof js, req: Req) => {
  const r = await app.fetch(req.url ?? 'http://localhost/graphql', { method: req.method ?? 'POST', headers: req.headers ?? { 'content-type': 'application/json', accept: 'application/graphql-response+json' }, body: req.body });
  const hs = [...r.headers].map(([k, v]) => `${k}: ${k === 'server-timing' ? v.replace(/dur=[0-9.]+/g, 'dur=_') : v}`).join('\n');
  return `${r.status}\n${hs}\n${await r.text()}`;
};
const send = (app: typeof js, body: unknown) => raw(app, { body: JSON.stringify(body) });
const first = JSON.parse((await send(js, { query: '{ articles(first: 2) { edges { cursor node { id countries { id } } } pageInfo { endCursor } } }' })).split('\n').at(-1)!);
const articleId = first.data.articles.edges[0].node.id;
const countryId = first.data.articles.edges[0].node.countries?.[0]?.id ?? 'x';
const cursor = first.data.articles.pageInfo.endCursor;
type Case = { name: string; query: string; variables?: Record<string, unknown>; operationName?: string };
const cases: Case[] = [
  { name: 'example', query: exampleQuery },
  { name: 'newest', query: exampleQuery.replace('first: 10)', 'first: 10, orderBy: NEWEST)') },
  ...benchQueries.map((q) => ({ name: q.key, query: q.query })),
  { name: 'aliases', query: '{ a: articles(first: 2) { edges { node { t: title title } } } b: articles(first: 1, orderBy: NEWEST) { totalCount n: totalCount } }' },
  { name: 'fragments', query: 'query($id: ID!) { node(id: $id) { id __typename ...A ... on Country { name code } } } fragment A on Article { title countries { ...C } people { name } } fragment C on Country { name }', variables: { id: articleId } },
  { name: 'fragment-country', query: 'query($id: ID!) { node(id: $id) { id __typename ...A ... on Country { name code } } } fragment A on Article { title }', variables: { id: countryId } },
  { name: 'nodes', query: 'query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Article { title } } }', variables: { ids: [articleId, countryId, 'bogus', 'QXJ0aWNsZTo5OTk5OTk5OQ=='] } },
  { name: 'variables-defaults', query: 'query($n: Int = 3, $t: String) { articles(first: $n, where: { text: $t }) { totalCount edges { node { title snippet(length: 50) } } } }', variables: { t: 'oil' } },
  { name: 'variables-bad-type', query: 'query($n: Int!) { articles(first: $n) { totalCount } }', variables: { n: 'x' } },
  { name: 'variables-missing', query: 'query($n: Int!) { articles(first: $n) { totalCount } }', variables: {} },
  { name: 'variables-null-nonnull', query: 'query($n: Int!) { articles(first: $n) { totalCount } }', variables: { n: null } },
  { name: 'variables-float-for-int', query: 'query($n: Int!) { articles(first: $n) { totalCount } }', variables: { n: 2.5 } },
  { name: 'variables-enum-bad', query: 'query($o: ArticleOrder) { articles(first: 1, orderBy: $o) { totalCount } }', variables: { o: 'SIDEWAYS' } },
  { name: 'variables-input-extra', query: 'query($w: ArticleFilter) { articles(first: 1, where: $w) { totalCount } }', variables: { w: { countries: ['North Korea'], bogus: 1 } } },
  { name: 'variables-list-coercion', query: 'query($w: ArticleFilter) { articles(first: 1, where: $w) { totalCount } }', variables: { w: { countries: 'North Korea' } } },
  { name: 'cursor-next', query: 'query($c: String) { articles(first: 2, after: $c) { edges { cursor node { title } } pageInfo { hasNextPage hasPreviousPage endCursor startCursor } } }', variables: { c: cursor } },
  { name: 'cursor-bad', query: '{ articles(first: 2, after: "garbage") { edges { node { title } } } }' },
  { name: 'first-negative', query: '{ articles(first: -1) { totalCount } }' },
  { name: 'first-huge', query: '{ articles(first: 100000) { totalCount } }' },
  { name: 'country-unknown', query: '{ country(ref: "Atlantis") { name } }' },
  { name: 'country-partial-error', query: '{ a: country(ref: "North Korea") { name } b: articles(first: 1, after: "bad") { totalCount } c: person(ref: "Vladimir Putin") { name } }' },
  { name: 'unknown-entity-filter', query: '{ articles(where: { countries: ["Atlantis"] }, first: 1) { totalCount } }' },
  { name: 'text-syntax-error', query: '{ articles(where: { text: "\\"unbalanced" }, first: 1) { totalCount } }' },
  { name: 'text-only-not', query: '{ articles(where: { text: "NOT oil" }, first: 1) { totalCount } }' },
  { name: 'highlight-long', query: '{ articles(first: 1, where: { text: "oil" }) { edges { node { snippet(highlight: { open: "' + 'x'.repeat(200) + '" }) } } } }' },
  { name: 'highlight-ok', query: '{ articles(first: 2, where: { text: "oil" }) { edges { node { snippet(highlight: { open: "[", close: "]" }) } } } }' },
  { name: 'skip-include', query: 'query($s: Boolean!) { articles(first: 2) { totalCount @skip(if: $s) edges @include(if: $s) { node { title @skip(if: true) id } } } }', variables: { s: true } },
  { name: 'skip-include-2', query: 'query($s: Boolean!) { articles(first: 2) { totalCount @skip(if: $s) edges @include(if: $s) { node { title @skip(if: true) id } } } }', variables: { s: false } },
  { name: 'typename-root', query: '{ __typename a: __typename }' },
  { name: 'introspection-type', query: '{ __type(name: "Article") { name kind fields { name type { name kind ofType { name } } } } }' },
  { name: 'introspection-schema', query: '{ __schema { queryType { name } mutationType { name } types { name kind } directives { name locations } } }' },
  { name: 'multi-op-A', query: 'query A { articles(first: 1) { totalCount } } query B { country(ref: "France") { name } }', operationName: 'A' },
  { name: 'multi-op-B', query: 'query A { articles(first: 1) { totalCount } } query B { country(ref: "France") { name } }', operationName: 'B' },
  { name: 'multi-op-none', query: 'query A { articles(first: 1) { totalCount } } query B { country(ref: "France") { name } }' },
  { name: 'mutation-unauth', query: 'mutation { ingestArticles(input: [{ title: "x", body: "y" }]) { status } }' },
  { name: 'entities', query: '{ entities(search: "kor", first: 5) { __typename } }' },
  { name: 'entities-bad-first', query: '{ entities(search: "kor", first: 500) { __typename } }' },
  { name: 'search', query: '{ search(query: "oil prices in Russia", first: 3) { interpretation { description } totalCount edges { node { score article { title } } } } }' },
  { name: 'search-empty', query: '{ search(query: "", first: 3) { totalCount } }' },
  { name: 'article-entities', query: '{ articles(first: 3) { edges { score node { entities(first: 3) { entity { __typename name } mentionCount inTitle salience } mentions { __typename } story { title } duplicateGroup { __typename } } } } }' },
  { name: 'facets-text', query: '{ articles(where: { countries: ["North Korea"], text: "sanctions" }, first: 1) { facets { countries { entity { name } count } sources { source count } } timeline(interval: YEAR) { start count } } }' },
  { name: 'deep', query: '{ articles(first: 2) { edges { node { story { articles(first: 2) { edges { node { story { title } countries { name related(first: 2) { entity { name } } } } } } } } } } }' },
  { name: 'validation-error', query: '{ articles(first: 1) { nope } }' },
  { name: 'syntax-error', query: '{ articles(first: 1) { ' },
];

cases.push(
  { name: 'oldest', query: exampleQuery.replace('first: 10)', 'first: 10, orderBy: OLDEST)') },
  { name: 'relevance', query: exampleQuery.replace('first: 10)', 'first: 10, orderBy: RELEVANCE)') },
  { name: 'example-5', query: exampleQuery.replace('first: 10)', 'first: 5)') },
  { name: 'example-vars', query: 'query Q($c: [String!], $t: String, $n: Int, $o: ArticleOrder) { articles(where: { countries: $c, text: $t }, first: $n, orderBy: $o) { totalCount edges { cursor node { id title publishedAt snippet countries { code name } people { name } } } pageInfo { hasNextPage endCursor } } }', variables: { c: ['North Korea'], t: 'sanctions', n: 10, o: 'NEWEST' }, operationName: 'Q' },
  { name: 'example-vars-where', query: 'query Q($w: ArticleFilter) { articles(where: $w, first: 3) { totalCount edges { node { title } } } }', variables: { w: { countries: ['North Korea'], text: 'sanctions' } } },
  { name: 'example-frag', query: '{ articles(where: { countries: ["North Korea"], text: "sanctions" }, first: 10) { totalCount edges { cursor node { ...N } } pageInfo { hasNextPage endCursor } } } fragment N on Article { id title publishedAt snippet countries { code name } people { name } }' },
  { name: 'snippet-args', query: '{ articles(where: { text: "oil" }, first: 3) { edges { node { snippet(length: 80, highlight: { open: "<b>", close: "</b>" }) s2: snippet } } } }' },
  { name: 'not-a-field-arg', query: '{ articles(first: 1, bogus: 1) { totalCount } }' },
  { name: 'too-deep', query: '{ articles(first: 1) { edges { node { story { articles(first: 1) { edges { node { story { articles(first: 1) { edges { node { title } } } } } } } } } } } }' },
  { name: 'too-many-aliases', query: '{ ' + Array.from({ length: 20 }, (_, i) => `a${i}: __typename`).join(' ') + ' }' },
  { name: 'cost', query: '{ a: articles(first: 100) { edges { node { entities(first: 100) { entity { name } } } } } }' },
  { name: 'subscription', query: 'subscription { x }' },
  { name: 'empty-query', query: '' },
  { name: 'ids', query: '{ articles(first: 5, where: { text: "minister" }) { edges { node { id story { id articles(first: 2) { edges { node { id } } } } people { id } organizations { id } countries { id } entities(first: 3) { entity { id __typename } } } } } stories(first: 3) { edges { node { id } } } }' },
  { name: 'entity-ids', query: '{ entities(search: "a", first: 10) { entity { __typename ... on Node { id } } } country(ref: "France") { id related(first: 3) { entity { id } } } person(ref: "Vladimir Putin") { id } }' },
);
const extra: { name: string; req: Req }[] = [
  { name: 'GET example', req: { method: 'GET', url: 'http://localhost/graphql?query=' + encodeURIComponent(exampleQuery), headers: { accept: 'application/graphql-response+json' } } },
  { name: 'GET vars', req: { method: 'GET', url: 'http://localhost/graphql?query=' + encodeURIComponent('query($n: Int) { articles(first: $n) { totalCount } }') + '&variables=' + encodeURIComponent('{"n":2}'), headers: { accept: 'application/json' } } },
  { name: 'GET bad vars', req: { method: 'GET', url: 'http://localhost/graphql?query=' + encodeURIComponent('{ __typename }') + '&variables=[1]' } },
  { name: 'GET mutation', req: { method: 'GET', url: 'http://localhost/graphql?query=' + encodeURIComponent('mutation { ingestArticles(input: []) { status } }') } },
  { name: 'GET no accept', req: { method: 'GET', url: 'http://localhost/graphql?query=' + encodeURIComponent('{ __typename }') } },
  { name: 'POST json accept', req: { body: JSON.stringify({ query: exampleQuery }), headers: { 'content-type': 'application/json', accept: 'application/json' } } },
  { name: 'POST no accept', req: { body: JSON.stringify({ query: exampleQuery }), headers: { 'content-type': 'application/json' } } },
  { name: 'POST graphql+json', req: { body: JSON.stringify({ query: '{ __typename }' }), headers: { 'content-type': 'application/graphql+json' } } },
  { name: 'POST origin', req: { body: JSON.stringify({ query: '{ __typename }' }), headers: { 'content-type': 'application/json', origin: 'https://example.com' } } },
  { name: 'OPTIONS preflight', req: { method: 'OPTIONS', headers: { origin: 'https://example.com', 'access-control-request-method': 'POST' } } },
  { name: 'bad json', req: { body: '{"query": ' } },
  { name: 'json array', req: { body: '[{"query":"{ __typename }"}]' } },
  { name: 'json null', req: { body: 'null' } },
  { name: 'json string', req: { body: '"x"' } },
  { name: 'deep json', req: { body: '{"query":"{ __typename }","variables":' + '{"a":'.repeat(40) + '1' + '}'.repeat(41) } },
  { name: 'long list', req: { body: JSON.stringify({ query: 'query($c: [String!]) { articles(first: 1, where: { countries: $c }) { totalCount } }', variables: { c: Array(1001).fill('x') } }) } },
  { name: 'too large', req: { body: JSON.stringify({ query: '{ __typename }', x: 'y'.repeat(1024 * 1024) }) } },
  { name: 'bad content-length', req: { body: JSON.stringify({ query: '{ __typename }' }), headers: { 'content-type': 'application/json', 'content-length': '1, 2' } } },
  { name: 'no query', req: { body: '{}' } },
  { name: 'query not string', req: { body: '{"query": 1}' } },
  { name: 'text/plain', req: { body: JSON.stringify({ query: '{ __typename }' }), headers: { 'content-type': 'text/plain' } } },
  { name: 'wrong path', req: { url: 'http://localhost/nope', body: '{}' } },
  { name: 'PUT', req: { method: 'PUT', body: JSON.stringify({ query: '{ __typename }' }) } },
  { name: 'auth bad key', req: { body: JSON.stringify({ query: '{ __typename }' }), headers: { 'content-type': 'application/json', authorization: 'Bearer nope' } } },
];
let differ = 0;
const show = (s: string, n = 300) => s.slice(0, n).replace(/\n/g, ' | ');
const check = async (name: string, req: Req) => {
  const outs: string[] = [];
  for (let i = 0; i < 3; i++) outs.push(await raw(js, req), await raw(jit, req));
  // Per round (the first request of a text warms caches, so later rounds may differ from it).
  const same = [0, 2, 4].every((i) => outs[i] === outs[i + 1]);
  if (!same) differ++;
  console.log(`${same ? 'same ' : 'DIFF '} ${name}: ${show(outs[0]!, 160)}`);
  if (!same) for (let i = 0; i < 6; i++) console.log(`   ${i & 1 ? 'branch' : 'main  '}${i >> 1}: ${show(outs[i]!, 600)}`);
};
for (const c of cases) await check(c.name, { body: JSON.stringify({ query: c.query, variables: c.variables, operationName: c.operationName }) });
for (const e of extra) await check(e.name, e.req);
console.log(`${differ} of ${cases.length + extra.length} differ`);
process.exit(0);
