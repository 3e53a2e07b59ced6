import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../src/auth/api-keys.ts';
import { extractMentions } from '../src/ingest/extract.ts';
import { ingestArticles } from '../src/ingest/ingest.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { graphqlClient } from './helpers/graphql.ts';

let test: TestDatabase;
let execute: ReturnType<typeof graphqlClient>;
const keys = { ingest: '', read: '', revoked: '' };

beforeAll(async () => {
  test = await createTestDatabase();
  execute = graphqlClient(test.db, { ingest: (db, inputs) => ingestArticles(db, inputs, { extract: extractMentions }) });
  keys.ingest = (await createApiKey(test.db, { name: 'partner', scopes: ['ingest', 'read'] })).key;
  keys.read = (await createApiKey(test.db, { name: 'reader', scopes: ['read'] })).key;
  const revoked = await createApiKey(test.db, { name: 'old', scopes: ['ingest'] });
  await revokeApiKey(test.db, revoked.apiKey.id);
  keys.revoked = revoked.key;
});
afterAll(() => test.close());

const mutation = /* GraphQL */ `
  mutation ($input: [ArticleInput!]!) {
    ingestArticles(input: $input) {
      index
      status
      reason
      article { id title source publishedAt countries { code } }
    }
  }
`;
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const valid = { title: 'Bhutan opens its first stock index', body: 'Bhutan launched a stock index in Thimphu on Monday. India welcomed it.' };

async function articleCount(): Promise<number> {
  const [row] = await test.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM articles`);
  return row!.n;
}

describe('ingestArticles: authentication', () => {
  it('without a key: UNAUTHENTICATED, nothing stored', async () => {
    const before = await articleCount();
    const { data, errors } = await execute(mutation, { input: [valid] });
    expect(data?.ingestArticles ?? null).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(errors![0]!.message).toMatch(/Authorization: Bearer/);
    // `article` needs read as well; the mutation's own scope is the one named, as it is checked first.
    expect(errors![0]!.message).toContain('the "ingest" scope');
    expect(await articleCount()).toBe(before);
  });

  it('with a wrong, malformed, revoked or non-Bearer key: UNAUTHENTICATED', async () => {
    const wrong = keys.ingest.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    for (const authorization of [`Bearer ${wrong}`, 'Bearer nonsense', `Bearer ${keys.revoked}`, `Basic ${btoa(`user:${keys.ingest}`)}`, 'Bearer']) {
      const { errors } = await execute(mutation, { input: [valid] }, { authorization });
      expect(errors?.[0]?.extensions?.code, authorization).toBe('UNAUTHENTICATED');
    }
  });

  it('never reads a key from cookies', async () => {
    const { errors } = await execute(mutation, { input: [valid] }, { cookie: `authorization=Bearer ${keys.ingest}; apiKey=${keys.ingest}` });
    expect(errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('with a key lacking the ingest scope: FORBIDDEN naming the scope', async () => {
    const { errors } = await execute(mutation, { input: [valid] }, bearer(keys.read));
    expect(errors).toHaveLength(1);
    expect(errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'ingest' });
    expect(errors![0]!.message).toContain('"ingest"');
  });
});

describe('ingestArticles: batches', () => {
  it('a mixed batch stores the valid items and rejects the others, item by item', async () => {
    const input = [
      { ...valid, source: 'Fixture Wire', publishedAt: '2024-03-04' },
      { title: '', body: 'Untitled.' },
      { title: 'Bad link', body: 'Nepal.', url: 'ftp://example.com/x', publishedAt: 'last week' },
      { title: 'Nepal holds talks', body: 'Nepal and India held talks in Kathmandu.', url: 'https://example.com/nepal' },
      { ...valid, source: 'Fixture Wire', publishedAt: '2024-03-04' },
    ];
    const { data, errors } = await execute(mutation, { input }, bearer(keys.ingest));
    expect(errors).toBeUndefined();
    const results = data.ingestArticles;
    expect(results.map((r: { index: number; status: string }) => [r.index, r.status])).toEqual([
      [0, 'CREATED'],
      [1, 'REJECTED'],
      [2, 'REJECTED'],
      [3, 'CREATED'],
      [4, 'UNCHANGED'],
    ]);
    expect(results[0]).toMatchObject({
      reason: null,
      article: { title: valid.title, source: 'Fixture Wire', publishedAt: '2024-03-04T00:00:00.000Z', countries: [{ code: 'BT' }, { code: 'IN' }] },
    });
    expect(results[4].article.id).toBe(results[0].article.id);
    expect(results[1]).toMatchObject({ article: null, reason: expect.stringMatching(/title is required/) });
    expect(results[2].reason).toMatch(/url must be an http\(s\) URL/);
    expect(results[2].reason).toMatch(/publishedAt must be an ISO-8601 date/);
  });

  it('more than 100 articles: BAD_USER_INPUT naming the limit, nothing stored', async () => {
    const before = await articleCount();
    const input = Array.from({ length: 101 }, (_, i) => ({ title: `Item ${i}`, body: `Fiji, day ${i}.` }));
    const { data, errors } = await execute(mutation, { input }, bearer(keys.ingest));
    expect(data?.ingestArticles ?? null).toBeNull();
    expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input', limit: 100 });
    expect(errors![0]!.message).toMatch(/at most 100 articles/);
    expect(await articleCount()).toBe(before);
  });

  it('a created article is then found by its countries', async () => {
    const { data, errors } = await execute(`{ articles(where: { countries: ["Bhutan"] }) { totalCount edges { node { title } } } }`);
    expect(errors).toBeUndefined();
    expect(data.articles).toEqual({ totalCount: 1, edges: [{ node: { title: valid.title } }] });
    const nepal = await execute(`{ articles(where: { countries: ["Kathmandu"], text: "talks" }) { totalCount } }`);
    expect(nepal.data.articles.totalCount).toBe(1);
  });

  it('a server without an ingest function answers SERVICE_UNAVAILABLE, after authentication', async () => {
    const bare = graphqlClient(test.db);
    expect((await bare(mutation, { input: [valid] })).errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect((await bare(mutation, { input: [valid] }, bearer(keys.ingest))).errors![0]!.extensions!.code).toBe('SERVICE_UNAVAILABLE');
  });
});
