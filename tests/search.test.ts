import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, ingestFixtureArticles, type TestDatabase } from './helpers/database.ts';
import { graphqlClient } from './helpers/graphql.ts';

// The seed article plus four short fixture articles written for these tests (tests/fixtures/articles.json).
// Expected counts below were worked out by reading those texts.
let test: TestDatabase;
let execute: ReturnType<typeof graphqlClient>;
const seedTitle = 'Shoigu meets Kim Jong Un in Pyongyang as Russia and North Korea deepen military ties';
const unTitle = 'UN tightens sanctions on North Korea after missile test';

beforeAll(async () => {
  test = await createTestDatabase();
  const results = await ingestFixtureArticles(test.db);
  expect(results.map((r) => r.status)).toEqual(['created', 'created', 'created', 'created']);
  execute = graphqlClient(test.db);
});
afterAll(() => test.close());

const searchQuery = /* GraphQL */ `
  query ($q: String!, $first: Int) {
    search(query: $q, first: $first) {
      interpretation { description text terms entities { words role kind entity { name } } }
      totalCount
      edges { node { score snippet article { title } matchedEntities { name } } }
    }
  }
`;

async function search(q: string, first = 10) {
  const { data, errors } = await execute(searchQuery, { q, first });
  expect(errors).toBeUndefined();
  return data.search;
}

describe('natural-language search', () => {
  it('"articles mentioning North Korea and sanctions" is North Korea (country) + "sanctions"', async () => {
    const result = await search('articles mentioning North Korea and sanctions');
    expect(result.interpretation).toEqual({
      description: "Searching for articles mentioning North Korea (country), matching 'sanctions'",
      text: 'sanctions',
      terms: ['sanctions'],
      entities: [{ words: 'North Korea', role: 'ALL', kind: 'COUNTRY', entity: { name: 'North Korea' } }],
    });
    // The seed article and the UN article both mention North Korea and sanctions; the Seoul article has no sanctions.
    expect(result.totalCount).toBe(2);
    expect(result.edges.map((e: any) => e.node.article.title).sort()).toEqual([seedTitle, unTitle].sort());
    for (const edge of result.edges) {
      expect(edge.node.matchedEntities).toEqual([{ name: 'North Korea' }]);
      expect(edge.node.snippet).toMatch(/<mark>sanction/i);
      expect(edge.node.score).toBeGreaterThan(0);
    }
  });

  it('"news about Putin and Kim Jong Un in Pyongyang" is three entities and no text', async () => {
    const result = await search('news about Putin and Kim Jong Un in Pyongyang');
    expect(result.interpretation.entities).toEqual([
      { words: 'Putin', role: 'ALL', kind: 'PERSON', entity: { name: 'Vladimir Putin' } },
      { words: 'Kim Jong Un', role: 'ALL', kind: 'PERSON', entity: { name: 'Kim Jong Un' } },
      { words: 'Pyongyang', role: 'ALL', kind: 'COUNTRY', entity: { name: 'North Korea' } },
    ]);
    expect(result.interpretation.text).toBeNull();
    expect(result.edges.map((e: any) => e.node.article.title)).toEqual([seedTitle]);
  });

  it('"DPRK sanctions" finds the same articles as the long form', async () => {
    const result = await search('DPRK sanctions');
    expect(result.interpretation.entities.map((e: any) => [e.words, e.entity.name])).toEqual([['DPRK', 'North Korea']]);
    expect(result.interpretation.terms).toEqual(['sanctions']);
    expect(result.edges.map((e: any) => e.node.article.title).sort()).toEqual([seedTitle, unTitle].sort());
  });

  it('honours or and without', async () => {
    const either = await search('France or Ukraine');
    expect(either.interpretation.entities.map((e: any) => e.role)).toEqual(['ANY', 'ANY']);
    // France: UN article and France–Germany article; Ukraine: seed and Ukraine article.
    expect(either.totalCount).toBe(4);
    const without = await search('France or Ukraine without Germany');
    expect(without.interpretation.entities.map((e: any) => [e.entity.name, e.role])).toEqual([
      ['France', 'ANY'],
      ['Ukraine', 'ANY'],
      ['Germany', 'NONE'],
    ]);
    expect(without.totalCount).toBe(2);
    const words = await search('sanctions or trade');
    expect(words.interpretation.text).toBe('sanctions OR trade');
    // sanction*: UN, France–Germany ("does not involve sanctions"), Ukraine, seed; trade: Seoul article and seed.
    expect(words.totalCount).toBe(5);
  });

  it('a query naming no known entity is plain full text', async () => {
    const result = await search('semiconductor trade');
    expect(result.interpretation.entities).toEqual([]);
    expect(result.interpretation.text).toBe('semiconductor trade');
    expect(result.edges.map((e: any) => e.node.article.title)).toEqual(['Seoul and Tokyo discuss trade']);
  });
});

describe('snippets belong to the field that matched', () => {
  it('two text queries in one request each highlight their own terms', async () => {
    // The UN article matches both "sanctions" and "missile"; each alias must show its own match.
    const { data, errors } = await execute(/* GraphQL */ `{
      a: articles(where: { text: "sanctions" }) { edges { node { title snippet } } }
      b: articles(where: { text: "missile" }) { edges { node { title snippet } } }
      c: search(query: "sanctions") { edges { node { snippet article { title snippet } } } }
      d: search(query: "missile") { edges { node { snippet article { title snippet } } } }
    }`);
    expect(errors).toBeUndefined();
    const snippets = (edges: any[]) => edges.map((e) => e.node.snippet ?? e.node.article.snippet);
    for (const field of ['a', 'c']) {
      const found = snippets(data[field].edges);
      expect(found.length).toBeGreaterThan(0);
      for (const s of found) expect(s).toMatch(/<mark>sanction/i);
      for (const s of found) expect(s).not.toMatch(/<mark>missile/i);
    }
    for (const field of ['b', 'd']) {
      const found = snippets(data[field].edges);
      expect(found.length).toBeGreaterThan(0);
      for (const s of found) expect(s).toMatch(/<mark>missile/i);
      for (const s of found) expect(s).not.toMatch(/<mark>sanction/i);
    }
    for (const edge of data.c.edges) expect(edge.node.article.snippet).toMatch(/<mark>sanction/i);
    for (const edge of data.d.edges) expect(edge.node.article.snippet).toMatch(/<mark>missile/i);
  });
});

describe('entity filters with boolean logic', () => {
  it('any / none lists beside the all-of lists', async () => {
    const { data } = await execute(`{
      articles(where: { any: { countries: ["France", "Ukraine"] }, none: { countries: ["Germany"] } }, orderBy: OLDEST) {
        totalCount edges { node { title } }
      }
    }`);
    expect(data.articles.edges.map((e: any) => e.node.title)).toEqual([unTitle, seedTitle]);
  });

  it('sameSentence requires the entities and the words in one sentence', async () => {
    const sentence = await execute(`{
      a: articles(where: { countries: ["China"], text: "sanctions", sameSentence: true }) { totalCount }
      b: articles(where: { countries: ["China"], text: "sanctions" }) { totalCount }
      c: articles(where: { countries: ["North Korea"], text: "sanctions", sameSentence: true }) { totalCount }
      d: articles(where: { countries: ["France", "Germany"], sameSentence: true }) { totalCount }
      e: articles(where: { countries: ["Germany", "United States"], sameSentence: true }) { totalCount }
    }`);
    // The UN article names China ("China abstained.") and sanctions, but in different sentences.
    expect(sentence.data).toEqual({
      a: { totalCount: 0 },
      b: { totalCount: 1 },
      c: { totalCount: 2 },
      d: { totalCount: 1 },
      e: { totalCount: 1 },
    });
  });
});

describe('aggregations', () => {
  it('facets count over the whole result set, not the page', async () => {
    const { data, errors } = await execute(`{
      articles(where: { countries: ["North Korea"] }, first: 1) {
        totalCount
        facets { countries(first: 4) { entity { name } count } sources { source count } }
      }
    }`);
    expect(errors).toBeUndefined();
    // North Korea: UN, Seoul and seed articles. Japan: UN, Seoul. South Korea: Seoul, seed. United States: UN, seed.
    expect(data.articles.totalCount).toBe(3);
    expect(data.articles.facets.countries).toEqual([
      { entity: { name: 'North Korea' }, count: 3 },
      { entity: { name: 'Japan' }, count: 2 },
      { entity: { name: 'South Korea' }, count: 2 },
      { entity: { name: 'United States' }, count: 2 },
    ]);
    expect(data.articles.facets.sources).toEqual([
      { source: 'Fixture Wire', count: 2 },
      { source: 'newsgraph sample', count: 1 },
    ]);
  });

  it('facets return what each selection asks for: aliases with their own first, a variable first, fragments, an out-of-range first refused', async () => {
    const { data, errors } = await execute(
      `query ($n: Int) {
        articles(where: { countries: ["North Korea"] }, first: 0) {
          facets { top: countries(first: 1) { entity { name } count } all: countries(first: 4) { entity { name } count } ...more }
        }
      }
      fragment more on ArticleFacets { sources(first: $n) { source count } }`,
      { n: 1 },
    );
    expect(errors).toBeUndefined();
    expect(data.articles.facets.top).toEqual([{ entity: { name: 'North Korea' }, count: 3 }]);
    expect(data.articles.facets.all.map((c: { entity: { name: string } }) => c.entity.name)).toEqual(['North Korea', 'Japan', 'South Korea', 'United States']);
    expect(data.articles.facets.sources).toEqual([{ source: 'Fixture Wire', count: 2 }]);
    const refused = await execute(`{ articles(first: 0) { facets { people(first: 101) { count } } } }`);
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('timeline buckets by month, week and year', async () => {
    const { data } = await execute(`{
      articles { month: timeline(interval: MONTH) { start count } year: timeline(interval: YEAR) { start count } }
      nk: articles(where: { countries: ["North Korea"] }) { week: timeline(interval: WEEK) { start count } }
    }`);
    expect(data.articles.month).toEqual([
      { start: '2023-11-01T00:00:00.000Z', count: 1 },
      { start: '2024-03-01T00:00:00.000Z', count: 2 },
      { start: '2024-06-01T00:00:00.000Z', count: 1 },
      { start: '2024-09-01T00:00:00.000Z', count: 1 },
    ]);
    expect(data.articles.year).toEqual([
      { start: '2023-01-01T00:00:00.000Z', count: 1 },
      { start: '2024-01-01T00:00:00.000Z', count: 4 },
    ]);
    // 2024-03-02 is a Saturday (week of Monday 26 Feb), 2024-03-15 a Friday (week of 11 Mar), 2024-09-13 a Friday (week of 9 Sep).
    expect(data.nk.week).toEqual([
      { start: '2024-02-26T00:00:00.000Z', count: 1 },
      { start: '2024-03-11T00:00:00.000Z', count: 1 },
      { start: '2024-09-09T00:00:00.000Z', count: 1 },
    ]);
  });

  it('related entities with co-mention count and PMI', async () => {
    const { data } = await execute(`{ country(ref: "North Korea") { related(kind: COUNTRY, first: 4) { entity { name } count pmi } } }`);
    // 5 articles; North Korea in 3. Japan in 2 (both with NK): ln(2·5 / (3·2)). United States in 3 (UN, Ukraine, seed; 2 with NK): ln(2·5 / (3·3)).
    const related = data.country.related;
    expect(related.map((r: any) => [r.entity.name, r.count])).toEqual([
      ['Japan', 2],
      ['South Korea', 2],
      ['United States', 2],
      ['China', 1],
    ]);
    expect(related[0].pmi).toBeCloseTo(Math.log(10 / 6), 10);
    expect(related[2].pmi).toBeCloseTo(Math.log(10 / 9), 10);
  });

  it('entity autocomplete by prefix of names and aliases', async () => {
    const { data } = await execute(`{
      dprk: entities(search: "dprk") { kind matchedAlias articleCount entity { name } }
      pyong: entities(search: "pyong") { matchedAlias entity { name } }
      kim: entities(search: "kim j", kinds: [PERSON]) { matchedAlias entity { name } }
    }`);
    expect(data.dprk).toEqual([{ kind: 'COUNTRY', matchedAlias: 'DPRK', articleCount: 3, entity: { name: 'North Korea' } }]);
    expect(data.pyong).toEqual([{ matchedAlias: 'Pyongyang', entity: { name: 'North Korea' } }]);
    expect(data.kim.map((h: any) => h.entity.name).sort()).toEqual(['Kim Jong Il', 'Kim Jong Un']);
  });
});

describe('statements per request stay fixed whatever the page size', () => {
  async function count(query: string, variables?: Record<string, unknown>) {
    test.statements.length = 0;
    const { errors } = await execute(query, variables);
    expect(errors).toBeUndefined();
    return test.statements.length;
  }

  it('search with facets, timeline and related under every hit', async () => {
    const query = (first: number) => `{
      search(query: "North Korea sanctions", first: ${first}) {
        totalCount
        edges { node { snippet article { title countries { name related(first: 3) { entity { name } count } } } } }
        facets { countries { count } people { count } sources { count } }
        timeline(interval: MONTH) { count }
      }
    }`;
    execute.resolutions.clear();
    const one = await count(query(1));
    execute.resolutions.clear();
    const two = await count(query(2));
    expect(two).toBe(one);
    // interpretation, the page with its nodes, related (batched, with its entities' rows), facets (entities and sources together), timeline
    expect(one).toBe(5);
  });
});

describe('facets and related hand the entity rows they read to the GraphQL fields', () => {
  async function run(query: string) {
    await execute(query); // references resolved and cached
    test.statements.length = 0;
    const { data, errors } = await execute(query);
    expect(errors).toBeUndefined();
    return { data, statements: test.statements.length };
  }
  const entityFields = 'id name slug kind articleCount ... on Country { code code3 officialName }';

  it('facets: one statement when the entity fields are columns, the same values a lookup gives', async () => {
    const { data, statements } = await run(`{
      articles(where: { countries: ["North Korea"] }, first: 0) {
        facets { countries(first: 2) { entity { ${entityFields} } count } people(first: 2) { entity { ${entityFields} } count } sources { source count } }
      }
    }`);
    expect(statements).toBe(1);
    const { countries, people } = data.articles.facets;
    expect(countries.map((c: any) => c.entity.name)).toEqual(['North Korea', 'Japan']);
    expect(people.length).toBeGreaterThan(0);
    const lookedUp = await execute(`{ country(ref: "North Korea") { ${entityFields} } }`);
    expect(countries[0].entity).toEqual(lookedUp.data.country);
    expect(countries[0].entity).toMatchObject({ code: 'KP', code3: 'PRK', kind: 'COUNTRY' });
  });

  it('facets: a selection that needs more than columns (aliases) is loaded in one more statement', async () => {
    const { data, statements } = await run(`{
      articles(where: { countries: ["North Korea"] }, first: 0) { facets { countries(first: 2) { entity { name aliases } count } } }
    }`);
    expect(statements).toBe(2);
    expect(data.articles.facets.countries[0].entity.name).toBe('North Korea');
    expect(data.articles.facets.countries[0].entity.aliases).toEqual(expect.arrayContaining(['DPRK', 'Pyongyang']));
  });

  it('related: the country and its related entities, two statements, with the same values a lookup gives', async () => {
    const { data, statements } = await run(`{ country(ref: "North Korea") { related(first: 5) { entity { ${entityFields} ... on Person { name } } count } } }`);
    expect(statements).toBe(2);
    const first = data.country.related[0].entity;
    const lookedUp = await execute(`{ node(id: "${first.id}") { ... on Entity { ${entityFields} } } }`);
    expect(first).toEqual(lookedUp.data.node);
  });
});

describe('bad input never becomes a server error', () => {
  it('random text queries end in a result or BAD_USER_INPUT (fast-check, through GraphQL)', async () => {
    const tokens = fc.constantFrom('"', '(', ')', '*', '-', 'OR', 'NOT', 'AND', 'NEAR(', ',', '5', 'korea', 'sanction', ' ', 'or', 'without', 'DPRK', "'", '|', ':', '^');
    const input = fc.oneof(fc.string({ maxLength: 40 }), fc.array(tokens, { maxLength: 12 }).map((parts) => parts.join(' ')));
    await fc.assert(
      fc.asyncProperty(input, async (text) => {
        const { data, errors } = await execute(
          `query($text: String!) { articles(where: { text: $text }) { totalCount } search(query: $text) { totalCount } }`,
          { text },
        );
        if (errors) {
          for (const error of errors) expect(error.extensions?.code).toBe('BAD_USER_INPUT');
        } else {
          expect(typeof data.articles.totalCount).toBe('number');
        }
      }),
      { numRuns: 300 },
    );
  });
});
