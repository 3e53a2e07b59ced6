import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/auth/api-keys.ts';
import { extractMentions } from '../src/ingest/extract.ts';
import { ingestArticles } from '../src/ingest/ingest.ts';
import { parseIsoDate } from '../src/ingest/validate.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { graphqlClient } from './helpers/graphql.ts';

let test: TestDatabase;
let execute: ReturnType<typeof graphqlClient>;
let ingestKey = '';
beforeAll(async () => {
  test = await createTestDatabase();
  execute = graphqlClient(test.db, { ingest: (db, inputs) => ingestArticles(db, inputs, { extract: extractMentions }) });
  ingestKey = (await createApiKey(test.db, { name: 'partner', scopes: ['ingest', 'read'] })).key;
});
afterAll(() => test.close());

const ingest = (inputs: unknown[]) => ingestArticles(test.db, inputs, { extract: extractMentions });
const impossibleDates = [
  '2024-02-30',
  '2023-02-29',
  '2100-02-29',
  '2024-04-31',
  '2024-13-01',
  '2024-00-10',
  '2024-09-00',
  '2024-09-13T24:00:00Z',
  '2024-09-13T08:60:00Z',
  '2024-09-13T08:00:60Z',
  '2024-09-13T08:00:00+24:00',
  '2024-09-13T08:00:00+02:75',
];

describe('dates: one validation for ingest and the DateTime scalar', () => {
  it('reads real dates as UTC, whatever the spelling', () => {
    expect(parseIsoDate('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
    expect(parseIsoDate('2000-02-29')).toBe('2000-02-29T00:00:00.000Z');
    expect(parseIsoDate('2024-09-13 08:00')).toBe('2024-09-13T08:00:00.000Z');
    expect(parseIsoDate('2024-09-13T08:00:00.1234Z')).toBe('2024-09-13T08:00:00.123Z');
    expect(parseIsoDate('2024-09-13T01:30:00+02:00')).toBe('2024-09-12T23:30:00.000Z');
    expect(parseIsoDate('2024-09-13T23:30:00-0130')).toBe('2024-09-14T01:00:00.000Z');
    expect(parseIsoDate('0050-01-01')).toBe('0050-01-01T00:00:00.000Z');
  });

  it('gives back every real moment it is shown (property)', () => {
    const moments = fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true });
    fc.assert(fc.property(moments, (date) => parseIsoDate(date.toISOString()) === date.toISOString()));
  });

  it('rejects impossible dates instead of rolling them over', () => {
    for (const text of [...impossibleDates, '13/09/2024', '2024-9-13', 'yesterday', '']) expect(parseIsoDate(text), text).toBeNull();
  });

  it('ingest rejects an impossible publishedAt with a coded reason and stores nothing', async () => {
    const results = await ingest(impossibleDates.map((publishedAt, i) => ({ title: `Dated ${i}`, body: 'France and Chile met.', publishedAt })));
    for (const result of results) {
      expect(result).toMatchObject({ status: 'rejected', code: 'INVALID_ARTICLE', reason: expect.stringMatching(/publishedAt must be an ISO-8601 date/) });
    }
    const [row] = await test.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM articles WHERE title LIKE 'Dated %'`);
    expect(row!.n).toBe(0);
  });

  it('a filter with an impossible date is BAD_USER_INPUT, as a literal and as a variable', async () => {
    for (const date of ['2024-02-30', '2024-09-13T24:00:00Z']) {
      const literal = await execute(`{ articles(first: 1, where: { publishedAfter: ${JSON.stringify(date)} }) { totalCount } }`);
      expect(literal.data ?? null, date).toBeNull();
      expect(literal.errors?.[0]?.extensions?.code, date).toBe('BAD_USER_INPUT');
      expect(literal.errors?.[0]?.message).toMatch(/DateTime/);
      const variable = await execute(`query ($d: DateTime) { articles(first: 1, where: { publishedBefore: $d }) { totalCount } }`, { d: date });
      expect(variable.data ?? null, date).toBeNull();
      expect(variable.errors?.[0]?.extensions?.code, date).toBe('BAD_USER_INPUT');
    }
    const leapDay = await execute(`{ articles(first: 1, where: { publishedAfter: "2024-02-29" }) { totalCount } }`);
    expect(leapDay.errors).toBeUndefined();
  });
});

describe('control characters', () => {
  const query = /* GraphQL */ `
    query ($id: ID!) {
      node(id: $id) {
        ... on Article { title body mentions { surface start end } }
      }
    }
  `;

  it('are removed from title and body before storage, so reads, mentions and the index see the same text', async () => {
    const body = 'Talks in Oslo\u0000 ended.\u0007 Later, Norway and Chile\u001b signed a fisheries pact\u0085 in Santiago.';
    const { data } = await execute(
      `mutation ($input: [ArticleInput!]!) { ingestArticles(input: $input) { status code reason article { id } } }`,
      { input: [{ title: 'Fish\u0000eries pact', body }] },
      { authorization: `Bearer ${ingestKey}` },
    );
    const [result] = data.ingestArticles;
    expect(result).toMatchObject({ status: 'CREATED', code: null, reason: null });

    const read = await execute(query, { id: result.article.id });
    const article = read.data.node;
    expect(article.title).toBe('Fisheries pact');
    expect(article.body).toBe('Talks in Oslo ended. Later, Norway and Chile signed a fisheries pact in Santiago.');
    const mentions = article.mentions as { surface: string; start: number; end: number }[];
    // Which capitals link is the extractor's business; what matters here is offsets into the stored body.
    expect(mentions.map((m) => m.surface)).toEqual(expect.arrayContaining(['Norway', 'Chile']));
    for (const m of mentions) expect(article.body.slice(m.start, m.end)).toBe(m.surface);

    // The full-text index holds the same text: a word after the first NUL is found.
    const found = await execute(`{ articles(first: 5, where: { text: "fisheries" }) { edges { node { id } } } }`);
    expect(found.data.articles.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(result.article.id);
  });

  it('a body of nothing but control characters is rejected, and so are control characters in url, source or language', async () => {
    const results = await ingest([
      { title: 'Empty', body: '\u0000\u0001\u0002' },
      { title: 'Bad url', body: 'Peru.', url: 'https://example.com/a\u0000b' },
      { title: 'Bad source', body: 'Peru.', source: 'Wire\u0000' },
      { title: 'Bad language', body: 'Peru.', language: 'en\u0000' },
    ]);
    expect(results.map((r) => r.code)).toEqual(['INVALID_ARTICLE', 'INVALID_ARTICLE', 'INVALID_ARTICLE', 'INVALID_ARTICLE']);
    expect(results[0]!.reason).toMatch(/body is required/);
    expect(results[1]!.reason).toMatch(/url must not contain control characters/);
    expect(results[2]!.reason).toMatch(/source must not contain control characters/);
    expect(results[3]!.reason).toMatch(/language must not contain control characters/);
  });
});
