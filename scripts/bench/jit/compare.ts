// Throwaway (issue 11, jit9): graphql-js vs graphql-jit responses over representative queries; prints the differences.
// DB=file:<copy of a bench database> NODE_ENV=production npx tsx scripts/bench/jit/compare.ts
import { openDatabase } from '../../../src/db/node.ts';
import { migrateDatabase } from '../../../src/db/migrate.ts';
import { createYogaApp, exampleQuery } from '../../../src/yoga.ts';
import { compiledExecutorPlugin } from '../../../src/graphql/compiled-executor.ts';
import { benchQueries } from '../../bench-queries.ts';

const db = openDatabase({ url: process.env.DB ?? 'file:/tmp/jit9-10k.db' });
await migrateDatabase(db);
const js = createYogaApp({ database: () => db });
const jit = createYogaApp({ database: () => db, executor: compiledExecutorPlugin() });
const send = async (app: typeof js, body: unknown) => {
  const r = await app.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' }, body: JSON.stringify(body) });
  return `${r.status} ${await r.text()}`;
};
const first = JSON.parse((await send(js, { query: '{ articles(first: 2) { edges { cursor node { id countries { id } } } pageInfo { endCursor } } }' })).slice(4));
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
let differ = 0;
for (const c of cases) {
  const body = { query: c.query, variables: c.variables, operationName: c.operationName };
  const [a, b] = [await send(js, body), await send(jit, body)];
  // twice: the second hits the compiled cache
  const [a2, b2] = [await send(js, body), await send(jit, body)];
  const same = a === b && a2 === b2;
  if (!same) differ++;
  console.log(`${same ? 'same ' : 'DIFF '} ${c.name}: ${a.slice(0, 150).replace(/\n/g, ' ')}`);
  if (!same) console.log(`   jit: ${b.slice(0, 400)}\n   js : ${a.slice(0, 400)}${b2 !== b ? `\n   jit2: ${b2.slice(0, 300)}` : ''}`);
}
console.log(`${differ} of ${cases.length} differ`);
process.exit(0);
