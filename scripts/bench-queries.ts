/**
 * The GraphQL requests `npm run bench` measures, with the SQL statements each takes today.
 * tests/bench-statements.test.ts asserts those counts, so a change that adds a statement fails
 * `npm test`, and one that removes a statement must lower the number here (and in BENCHMARKS.md).
 * The floor is 1 statement a query, 2 where a count is asked for.
 *
 * Entity references ("North Korea") are cached per database once resolved (src/search/entity-refs.ts),
 * so a query costs one statement more the first time a process (or Worker isolate) sees its
 * references: `cold` counts that first request, `statements` every one after it.
 */
import { exampleQuery } from '../src/yoga.ts';

export interface BenchQuery {
  /** Short key, used on the command line and in JSON output. */
  key: string;
  label: string;
  query: string;
  /** SQL statements per request today once references are cached (the steady state), and what each is. */
  statements: number;
  /** The first request in a process, before its references are cached. */
  cold: number;
  why: string;
}

export const northKoreaSanctions: BenchQuery = {
  key: 'nk',
  label: 'North Korea + sanctions, countries and people nested (exampleQuery)',
  query: exampleQuery,
  statements: 1,
  cold: 2,
  why: 'the ranked page (with total and snippets) and its nodes with countries and people; cold, one more resolves "North Korea"',
};

/** Facet counts for a filter, without a page: `first: 0`. */
const facetSelection = 'facets { countries { entity { name } count } people { entity { name } count } sources { source count } }';

export const benchQueries: BenchQuery[] = [
  northKoreaSanctions,
  {
    key: 'search',
    label: 'search("articles mentioning North Korea and sanctions")',
    query: /* GraphQL */ `{
  search(query: "articles mentioning North Korea and sanctions", first: 10) {
    interpretation { description }
    totalCount
    edges { node { score snippet article { title publishedAt countries { code name } people { name } } } }
  }
}`,
    statements: 1,
    cold: 2,
    why: 'the ranked page and its nodes; cold, one more interprets the words through the alias table',
  },
  {
    key: 'salience-nk',
    label: 'countries: ["North Korea"] without text, ranked by salience, with each article\'s top entities',
    query: /* GraphQL */ `{
  articles(where: { countries: ["North Korea"] }, first: 10) {
    edges { score node { title entities(first: 5) { entity { name } mentionCount inTitle salience } } }
  }
}`,
    statements: 1,
    cold: 2,
    why: 'the page ranked by salience and its nodes with their entities; cold, one more resolves "North Korea"',
  },
  {
    key: 'facets-nk',
    label: 'facets { countries people sources } of countries: ["North Korea"]',
    query: `{ articles(where: { countries: ["North Korea"] }, first: 0) { ${facetSelection} } }`,
    statements: 1,
    cold: 2,
    why: 'every facet over the materialised matching ids, with the entity rows Pothos resolves from; cold, one more resolves the reference',
  },
  {
    key: 'facets-all',
    label: 'facets { countries people sources } of every article',
    query: `{ articles(first: 0) { ${facetSelection} } }`,
    statements: 1,
    cold: 1,
    why: 'every facet, from the precomputed per-entity counts and the source index',
  },
  {
    key: 'facets-common',
    label: 'facets { countries people sources } of text: "said" (a word most articles contain)',
    query: `{ articles(where: { text: "said" }, first: 0) { ${facetSelection} } }`,
    statements: 1,
    cold: 1,
    why: 'every facet, counted as the kept counts less those of the few articles the text misses',
  },
  {
    key: 'timeline-nk',
    label: 'timeline(interval: MONTH) of countries: ["North Korea"]',
    query: `{ articles(where: { countries: ["North Korea"] }, first: 0) { timeline(interval: MONTH) { start count } } }`,
    statements: 1,
    cold: 2,
    why: 'the timeline; cold, one more resolves the reference',
  },
  {
    key: 'timeline-all',
    label: 'timeline(interval: MONTH) of every article',
    query: `{ articles(first: 0) { timeline(interval: MONTH) { start count } } }`,
    statements: 1,
    cold: 1,
    why: 'the timeline',
  },
  {
    key: 'related',
    label: 'country(ref: "North Korea") { related }',
    query: `{ country(ref: "North Korea") { name related(first: 10) { entity { name } count pmi } } }`,
    statements: 2,
    cold: 3,
    why: 'the country node, the related entities with their rows; cold, one more resolves the reference',
  },
  {
    key: 'stories',
    label: 'stories(orderBy: SIZE) with span and top countries and people',
    query: /* GraphQL */ `{
  stories(orderBy: SIZE, first: 10) {
    totalCount
    edges { node { title articleCount firstPublishedAt lastPublishedAt countries(first: 3) { entity { name } count } people(first: 3) { entity { name } count } } }
  }
}`,
    statements: 2,
    cold: 2,
    why: 'the page of stories with the total and their fields, then the entities of every story together',
  },
  {
    key: 'stories-nk',
    label: 'stories(where: { countries: ["North Korea"] }, orderBy: RECENT) with articles',
    query: /* GraphQL */ `{
  stories(where: { countries: ["North Korea"] }, orderBy: RECENT, first: 10) {
    edges { node { title articleCount lastPublishedAt articles(first: 3) { edges { node { title publishedAt } } } } }
  }
}`,
    statements: 1,
    cold: 2,
    why: 'the page of stories with their fields and articles; cold, one more resolves "North Korea"',
  },
];
