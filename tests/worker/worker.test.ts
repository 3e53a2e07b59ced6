// The Worker inside workerd (@cloudflare/vitest-plugin), over the local libSQL server: the same
// answers as the Node server gives (tests/articles.test.ts, tests/server.test.ts).
import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { exampleQuery } from '../../src/yoga.ts';
import { northKoreaQuery, sendGraphQL } from '../helpers/request.ts';

const graphql = (query: string) => sendGraphQL((url, init) => exports.default.fetch(url, init), 'http://newsgraph.test/graphql', { query });

describe('the Worker', () => {
  it('answers the North Korea + sanctions query with the seed article, its countries and people', async () => {
    const { status, body } = await graphql(northKoreaQuery(['North Korea']));
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const { totalCount, edges, pageInfo } = body.data.articles;
    expect(totalCount).toBe(1);
    expect(pageInfo).toEqual({ hasNextPage: false, endCursor: edges[0].cursor });
    const article = edges[0].node;
    expect(article.title).toBe('Shoigu meets Kim Jong Un in Pyongyang as Russia and North Korea deepen military ties');
    expect(article.publishedAt).toBe('2024-09-13T00:00:00.000Z');
    expect(article.snippet).toMatch(/<mark>sanctions?<\/mark>/i);
    expect(article.countries.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(['KP', 'RU', 'US', 'UA', 'ZW']));
    const people: string[] = article.people.map((p: { name: string }) => p.name);
    for (const name of ['Kim Jong Un', 'Sergei Shoigu', 'Vladimir Putin', 'Sergei Markov']) {
      expect(people.filter((p) => p === name), name).toHaveLength(1);
    }
  });

  it('serves stories over libSQL: the seed article opened one, with its countries and articles', async () => {
    const { status, body } = await graphql(`{
      stories(where: { countries: ["DPRK"], text: "Shoigu" }, orderBy: SIZE) {
        totalCount
        edges { node { title articleCount firstPublishedAt countries(first: 10) { entity { name } count } articles(first: 2) { edges { node { title duplicateGroup { size } story { title } } } } } }
      }
    }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.stories.totalCount).toBe(1);
    const story = body.data.stories.edges[0].node;
    expect(story).toMatchObject({ articleCount: 1, firstPublishedAt: '2024-09-13T00:00:00.000Z' });
    expect(story.title).toMatch(/^Shoigu meets Kim Jong Un/);
    expect(story.countries.map((c: { entity: { name: string } }) => c.entity.name)).toContain('North Korea');
    expect(story.articles.edges).toEqual([{ node: { title: story.title, duplicateGroup: null, story: { title: story.title } } }]);
  });

  it('gives the same answer for "DPRK" and nothing for France', async () => {
    const expected = await graphql(northKoreaQuery(['North Korea']));
    expect((await graphql(northKoreaQuery(['DPRK']))).body).toEqual(expected.body);
    const france = await graphql(northKoreaQuery(['France']));
    expect(france.body.data.articles.totalCount).toBe(0);
  });

  it('reports an unknown country as BAD_USER_INPUT, without a stack trace', async () => {
    const { body } = await graphql(northKoreaQuery(['Atlantis']));
    expect(body.data?.articles ?? null).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reference: 'Atlantis', kind: 'country' });
    expect(JSON.stringify(body)).not.toMatch(/at \S+ \(|stack/);
  });

  it('serves GraphiQL to browsers, with the example query and local assets only', async () => {
    const response = await exports.default.fetch('http://newsgraph.test/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain(JSON.stringify(exampleQuery).slice(1, 60));
    expect(html).toContain('<script src="/graphiql/graphiql.js"></script>');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('redirects / to GraphiQL and answers 404 elsewhere', async () => {
    const root = await exports.default.fetch('http://newsgraph.test/', { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('http://newsgraph.test/graphql');
    expect((await exports.default.fetch('http://newsgraph.test/nope')).status).toBe(404);
  });
});

describe('ingest through the Worker (the ingest Worker, the same extractor as Node)', () => {
  // The API Worker hands ingests to the ingest Worker (src/ingest-worker.ts) over its INGEST service
  // binding; these are the first of the run, and both arrive before the ingest Worker has answered any.
  it('serves ingests that arrive together on a cold ingest Worker, each with its own results', async () => {
    const { inject } = await import('vitest');
    const mutation = /* GraphQL */ `mutation($input: [ArticleInput!]!) { ingestArticles(input: $input) { status article { countries { code } people { name } } } }`;
    const ingest = (input: object) =>
      exports.default.fetch('http://newsgraph.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${inject('ingestKey')}` },
        body: JSON.stringify({ query: mutation, variables: { input: [input] } }),
      });
    const responses = await Promise.all([
      ingest({ title: 'Merkel visits Warsaw', url: 'https://example.com/worker/cold-1', body: 'Angela Merkel met Polish leaders in Warsaw on Monday.' }),
      ingest({ title: 'Obama in Nairobi', url: 'https://example.com/worker/cold-2', body: 'Barack Obama arrived in Kenya on Friday for talks in Nairobi.' }),
    ]);
    const [first, second] = (await Promise.all(responses.map((r) => r.json()))) as any[];
    expect(first.errors).toBeUndefined();
    expect(second.errors).toBeUndefined();
    expect(first.data.ingestArticles[0]).toMatchObject({ status: 'CREATED', article: { countries: [{ code: 'PL' }], people: [{ name: 'Angela Merkel' }] } });
    expect(second.data.ingestArticles[0]).toMatchObject({ status: 'CREATED', article: { countries: [{ code: 'KE' }], people: [{ name: 'Barack Obama' }] } });
  });

  it('stores an article with a key that has the ingest scope, links known entities, and rejects a missing key', async () => {
    const { inject } = await import('vitest');
    const mutation = /* GraphQL */ `mutation($input: [ArticleInput!]!) {
      ingestArticles(input: $input) { index status reason article { title countries { code } people { name } } }
    }`;
    const input = [
      {
        title: 'Putin and Kim meet again in Pyongyang',
        url: 'https://example.com/worker/putin-kim',
        publishedAt: '2024-10-01',
        body: 'Vladimir Putin met Kim Jong Un in Pyongyang on Tuesday. Washington said new sanctions would follow.',
      },
      { title: '', body: 'no title' },
    ];
    const send = (authorization?: string) =>
      exports.default.fetch('http://newsgraph.test/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ query: mutation, variables: { input } }),
      });
    const anonymous = (await (await send()).json()) as any;
    expect(anonymous.errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const body = (await (await send(`Bearer ${inject('ingestKey')}`)).json()) as any;
    expect(body.errors).toBeUndefined();
    const [created, rejected] = body.data.ingestArticles;
    expect(created.status).toBe('CREATED');
    expect(created.article.countries.map((c: { code: string }) => c.code).sort()).toEqual(['KP', 'US']);
    expect(created.article.people.map((p: { name: string }) => p.name).sort()).toEqual(['Kim Jong Un', 'Vladimir Putin']);
    expect(rejected).toMatchObject({ status: 'REJECTED', article: null });
    expect(rejected.reason).toMatch(/title/);
  });

  it('ingests articles written in the query itself, not in variables (graphql-js gives those no prototype; RPC must still carry them)', async () => {
    const { inject } = await import('vitest');
    const response = await exports.default.fetch('http://newsgraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${inject('ingestKey')}` },
      body: JSON.stringify({
        query: 'mutation { ingestArticles(input: [{ title: "Kenyatta in Addis Ababa", url: "https://example.com/worker/literal", body: "Uhuru Kenyatta flew to Ethiopia on Sunday." }]) { status article { countries { code } } } }',
      }),
    });
    const body = (await response.json()) as any;
    expect(body.errors).toBeUndefined();
    expect(body.data.ingestArticles[0]).toMatchObject({ status: 'CREATED', article: { countries: expect.arrayContaining([{ code: 'ET' }]) } });
  });

  it('extracts the same entities as Node from the same article', async () => {
    const { inject } = await import('vitest');
    const mutation = /* GraphQL */ `mutation($input: [ArticleInput!]!) {
      ingestArticles(input: $input) { status reason article { countries { name } people { name } organizations { name } } }
    }`;
    const response = await exports.default.fetch('http://newsgraph.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${inject('ingestKey')}` },
      body: JSON.stringify({ query: mutation, variables: { input: [inject('parityArticle')] } }),
    });
    const body = (await response.json()) as any;
    expect(body.errors).toBeUndefined();
    const [result] = body.data.ingestArticles;
    expect(result.status).toBe('CREATED');
    const { countries, people, organizations } = result.article;
    const stored = [
      ...countries.map((e: { name: string }) => `country:${e.name}`),
      ...people.map((e: { name: string }) => `person:${e.name}`),
      ...organizations.map((e: { name: string }) => `organization:${e.name}`),
    ].sort();
    expect(stored).toEqual(inject('nodeEntities'));
    // and what Node finds is what the article says
    expect(stored).toEqual(expect.arrayContaining(['person:Rick Wagoner', 'organization:Securities and Exchange Commission', 'country:Türkiye', 'country:North Korea']));
  });
});

describe('SQL statements per request on the Worker (counted by Server-Timing: db;desc="N statements")', () => {
  const statementsOf = (response: Response) => {
    const count = /db;[^,]*desc="(\d+) statements?"/.exec(response.headers.get('server-timing') ?? '')?.[1];
    expect(count, 'Server-Timing reports the statements').toBeDefined();
    return Number(count);
  };
  const post = (query: string) =>
    exports.default.fetch('http://newsgraph.test/graphql', {
      method: 'POST',
      // no-store: past the response cache, so every request runs its statements
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', 'cache-control': 'no-store' },
      body: JSON.stringify({ query }),
    });

  it('resolves an entity reference once per isolate, not once per request: each request opens its own database object', async () => {
    // A reference no other test of this file names, so the first request is the isolate's first.
    const query = northKoreaQuery(['ZWE']);
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await post(query);
      expect(((await response.json()) as any).data.articles.totalCount).toBe(1);
      counts.push(statementsOf(response));
    }
    // the reference, then the ranked page with its total and its nodes; then only the page
    expect(counts).toEqual([2, 1, 1]);
  });

  it('sends as many statements as Node for each benchmark query once references are resolved', async () => {
    const { benchQueries } = await import('../../scripts/bench-queries.ts');
    for (const { key, query, statements } of benchQueries) {
      await (await post(query)).json(); // resolves the query's references in this isolate
      const response = await post(query);
      const body = (await response.json()) as any;
      expect(body.errors, key).toBeUndefined();
      expect(statementsOf(response), key).toBe(statements);
    }
  });
});
