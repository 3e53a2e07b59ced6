import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleQuery } from '../src/yoga.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { graphqlClient } from './helpers/graphql.ts';
import { northKoreaQuery } from './helpers/request.ts';

let test: TestDatabase;
let execute: ReturnType<typeof graphqlClient>;

beforeAll(async () => {
  test = await createTestDatabase();
  execute = graphqlClient(test.db);
});
afterAll(() => test.close());


describe('the North Korea + sanctions query on the seeded database', () => {
  it('GraphiQL opens with exactly this query', () => {
    expect(exampleQuery).toContain('articles(where: { countries: ["North Korea"], text: "sanctions" }, first: 10)');
  });

  it('returns the seed article with its countries and people, each person once', async () => {
    const { data, errors } = await execute(northKoreaQuery(['North Korea']));
    expect(errors).toBeUndefined();
    const { totalCount, edges, pageInfo } = data.articles;
    expect(totalCount).toBe(1);
    expect(pageInfo.hasNextPage).toBe(false);
    expect(pageInfo.endCursor).toBe(edges[0].cursor);
    const article = edges[0].node;
    expect(article.title).toBe('Shoigu meets Kim Jong Un in Pyongyang as Russia and North Korea deepen military ties');
    expect(article.publishedAt).toBe('2024-09-13T00:00:00.000Z');
    expect(article.snippet).toMatch(/<mark>sanctions?<\/mark>/i);
    const codes = article.countries.map((c: { code: string }) => c.code);
    expect(codes).toEqual(expect.arrayContaining(['KP', 'RU', 'US', 'UA', 'ZW']));
    const people: string[] = article.people.map((p: { name: string }) => p.name);
    for (const name of ['Kim Jong Un', 'Sergei Shoigu', 'Vladimir Putin', 'Sergei Markov']) {
      expect(people.filter((p) => p === name)).toHaveLength(1);
    }
    expect(people).not.toContain('Putin');
    expect(people).not.toContain('Kim');
    expect(people).not.toContain('Mr. Kim');
  });

  it('gives the same answer for "DPRK", "KP", "Pyongyang" and the slug', async () => {
    const expected = await execute(northKoreaQuery(['North Korea']));
    for (const ref of ['DPRK', 'KP', 'kp', 'Pyongyang', 'north-korea', "Democratic People's Republic of Korea"]) {
      expect(await execute(northKoreaQuery([ref])), ref).toEqual(expected);
    }
  });

  it('returns nothing for France', async () => {
    const { data, errors } = await execute(northKoreaQuery(['France']));
    expect(errors).toBeUndefined();
    expect(data.articles).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('filters by people through their short forms', async () => {
    const { data } = await execute(`{ articles(where: { people: ["Putin", "Mr. Kim"] }) { totalCount } }`);
    expect(data.articles.totalCount).toBe(1);
  });
});

describe('entity references', () => {
  it('an unknown reference is a BAD_USER_INPUT error naming it', async () => {
    const { data, errors } = await execute(northKoreaQuery(['Atlantis']));
    expect(data?.articles ?? null).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reference: 'Atlantis', kind: 'country' });
    expect(errors![0]!.message).toContain('"Atlantis"');
  });

  it('an ambiguous reference is a BAD_USER_INPUT error listing the candidates', async () => {
    // Both Congos are "Congolese".
    const { errors } = await execute(northKoreaQuery(['Congolese']));
    expect(errors).toHaveLength(1);
    const [error] = errors!;
    expect(error!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(error!.message).toMatch(/Ambiguous country "Congolese"/);
    expect(error!.extensions!.candidates.map((c: { slug: string }) => c.slug).sort()).toEqual(['dr-congo', 'republic-of-the-congo']);
  });

  it('looks entities up by any reference and round-trips global IDs through node()', async () => {
    const { data } = await execute(`{ country(ref: "dprk") { id code code3 name officialName aliases articleCount } }`);
    expect(data.country).toMatchObject({ code: 'KP', code3: 'PRK', name: 'North Korea', officialName: "Democratic People's Republic of Korea", articleCount: 1 });
    expect(data.country.aliases).toEqual(expect.arrayContaining(['DPRK', 'Pyongyang', 'North Korean']));
    const byId = await execute(`query($id: ID!) { node(id: $id) { __typename ... on Country { code } } }`, { id: data.country.id });
    expect(byId.data.node).toEqual({ __typename: 'Country', code: 'KP' });
    const person = await execute(`{ person(ref: "putin") { name slug articleCount articles(first: 5) { edges { node { title } } } } }`);
    expect(person.data.person).toMatchObject({ name: 'Vladimir Putin', slug: 'vladimir-putin', articleCount: 1 });
    expect(person.data.person.articles.edges).toHaveLength(1);
  });

  it('rejects an invalid text query and an oversized page with BAD_USER_INPUT', async () => {
    const bad = await execute(`{ articles(where: { text: "\\"unterminated" }) { totalCount } }`);
    expect(bad.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(bad.errors![0]!.message).toMatch(/position 0/);
    // Parsed texts are cached by text (src/graphql/article-filter.ts); one that fails is not, so it fails alike again.
    expect(await execute(`{ articles(where: { text: "\\"unterminated" }) { totalCount } }`)).toEqual(bad);
    const big = await execute(`{ articles(first: 1000) { totalCount } }`);
    expect(big.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
  });
});

describe('country aliases', () => {
  it('a demonym shared with a territory names the sovereign country', async () => {
    const { data, errors } = await execute(`{ american: country(ref: "American") { code } french: country(ref: "French") { code } }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({ american: { code: 'US' }, french: { code: 'FR' } });
  });
});
