import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/auth/api-keys.ts';
import { ingestArticles } from '../src/ingest/ingest.ts';
import { extractMentions } from '../src/ingest/extract.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { partnerApp } from './helpers/http.ts';

// The response cache on Node (in-memory LRU), through the real app in-process; SQL statements counted.
let test: TestDatabase;
let app: ReturnType<typeof partnerApp>;
let ingestKey: string;
let readKey: string;

beforeAll(async () => {
  test = await createTestDatabase();
  app = partnerApp(test, { settings: { rateLimits: false }, ingest: (db, inputs) => ingestArticles(db, inputs, { extract: extractMentions }) });
  ingestKey = (await createApiKey(test.db, { name: 'ingester', scopes: ['ingest'] })).key;
  readKey = (await createApiKey(test.db, { name: 'reader', scopes: ['read'] })).key;
});
afterAll(() => test.close());

const northKorea = /* GraphQL */ `query NK($countries: [String!]!, $first: Int) {
  articles(where: { countries: $countries }, first: $first, orderBy: NEWEST) { totalCount edges { node { title } } }
}`;
const ingest = /* GraphQL */ `mutation($input: [ArticleInput!]!) { ingestArticles(input: $input) { status } }`;

describe('response cache (Node)', () => {
  it('answers a repeated read query from the cache: no SQL, same body, Cache-Control, ETag and Age', async () => {
    const variables = { countries: ['North Korea'], first: 5 };
    const first = await app.send({ query: northKorea, variables });
    expect(first.status).toBe(200);
    expect(first.statements.length).toBeGreaterThan(0);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(first.headers.get('server-timing')).toContain('cache;desc="miss"');

    // Same variables in another key order: the same entry.
    const second = await app.send({ query: northKorea, variables: { first: 5, countries: ['North Korea'] } });
    expect(second.statements).toEqual([]);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('etag')).toBe(etag);
    expect(second.headers.get('age')).toMatch(/^\d+$/);
    expect(second.headers.get('cache-control')).toMatch(/^public, max-age=(60|59)$/);
    expect(second.headers.get('server-timing')).toContain('cache;desc="hit"');

    // Other variables: another entry.
    expect((await app.send({ query: northKorea, variables: { countries: ['North Korea'], first: 4 } })).statements.length).toBeGreaterThan(0);
  });

  it('answers If-None-Match with the current ETag with 304 and no body, and runs no SQL', async () => {
    const variables = { countries: ['Russia'] };
    const first = await app.send({ query: northKorea, variables });
    const etag = first.headers.get('etag')!;
    const notModified = await app.send({ query: northKorea, variables }, { 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(notModified.text).toBe('');
    expect(notModified.statements).toEqual([]);
    expect(notModified.headers.get('etag')).toBe(etag);
    expect(notModified.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    // Weak comparison and lists are honoured; another tag is not.
    expect((await app.send({ query: northKorea, variables }, { 'if-none-match': `"x", W/${etag}` })).status).toBe(304);
    const other = await app.send({ query: northKorea, variables }, { 'if-none-match': '"0000"' });
    expect(other.status).toBe(200);
    expect(other.text).toBe(first.text);
  });

  it('works for GET requests too', async () => {
    const body = { query: northKorea, variables: { countries: ['Ukraine'] } };
    const first = await app.send(body, {}, 'GET');
    expect(first.status).toBe(200);
    const second = await app.send(body, {}, 'GET');
    expect(second.statements).toEqual([]);
    expect(second.text).toBe(first.text);
  });

  it('keys entries by tier: a keyed request does not get the anonymous entry, and its responses are private', async () => {
    const variables = { countries: ['United States'] };
    await app.send({ query: northKorea, variables });
    const keyed = await app.send({ query: northKorea, variables }, { authorization: `Bearer ${readKey}` });
    expect(keyed.statements.length).toBeGreaterThan(1); // the key lookup and the query
    expect(keyed.headers.get('cache-control')).toBe('private, max-age=60');
    const again = await app.send({ query: northKorea, variables }, { authorization: `Bearer ${readKey}` });
    expect(again.statements).toHaveLength(1); // only the key lookup
    expect(again.headers.get('server-timing')).toContain('cache;desc="hit"');
  });

  it('is invalidated by an ingest that changes data, and not by one that changes nothing', async () => {
    const variables = { countries: ['North Korea'], first: 10 };
    const before = await app.send({ query: northKorea, variables });
    const beforeCount = before.body.data.articles.totalCount;
    expect((await app.send({ query: northKorea, variables })).statements).toEqual([]);

    const article = { title: 'Pyongyang opens a new stock exchange', body: 'North Korea opened a stock exchange in Pyongyang on Monday.', url: 'https://example.com/cache/nk-exchange', publishedAt: '2024-11-01' };
    const created = await app.send({ query: ingest, variables: { input: [article] } }, { authorization: `Bearer ${ingestKey}` });
    expect(created.body.data.ingestArticles[0].status).toBe('CREATED');

    const after = await app.send({ query: northKorea, variables }, { 'if-none-match': before.headers.get('etag')! });
    expect(after.status).toBe(200); // the old ETag no longer matches
    expect(after.statements.length).toBeGreaterThan(0);
    expect(after.body.data.articles.totalCount).toBe(beforeCount + 1);
    expect(after.body.data.articles.edges[0].node.title).toBe(article.title);
    expect((await app.send({ query: northKorea, variables })).statements).toEqual([]);

    const unchanged = await app.send({ query: ingest, variables: { input: [article] } }, { authorization: `Bearer ${ingestKey}` });
    expect(unchanged.body.data.ingestArticles[0].status).toBe('UNCHANGED');
    expect((await app.send({ query: northKorea, variables })).statements).toEqual([]);
  });

  it('never caches mutations', async () => {
    const input = [{ title: 'Rejected', body: '' }];
    const first = await app.send({ query: ingest, variables: { input } }, { authorization: `Bearer ${ingestKey}` });
    expect(first.body.data.ingestArticles[0].status).toBe('REJECTED');
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.headers.has('etag')).toBe(false);
    const second = await app.send({ query: ingest, variables: { input } }, { authorization: `Bearer ${ingestKey}` });
    expect(second.headers.get('server-timing')).not.toContain('cache;desc="hit"');
    expect(second.headers.get('cache-control')).toBe('no-store');
  });

  it('never caches errors', async () => {
    const query = '{ articles(where: { countries: ["Atlantis"] }) { totalCount } }';
    const first = await app.send({ query });
    expect(first.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.headers.has('etag')).toBe(false);
    const second = await app.send({ query });
    expect(second.statements.length).toBeGreaterThan(0);
    expect(second.headers.get('server-timing')).not.toContain('cache;desc="hit"');
  });

  it('skips the lookup for Cache-Control: no-cache and the cache for no-store', async () => {
    const query = '{ articles(first: 3) { edges { node { title } } } }';
    await app.send({ query });
    expect((await app.send({ query })).statements).toEqual([]);
    const revalidated = await app.send({ query }, { 'cache-control': 'no-cache' });
    expect(revalidated.statements.length).toBeGreaterThan(0);
    expect(revalidated.headers.get('etag')).toMatch(/^"/);
    const bypassed = await app.send({ query }, { 'cache-control': 'no-store' });
    expect(bypassed.statements.length).toBeGreaterThan(0);
    expect(bypassed.headers.has('etag')).toBe(false);
  });

  it('expires entries after CACHE_TTL, and is off with CACHE_TTL=0', async () => {
    const short = partnerApp(test, { settings: { rateLimits: false, cacheTtlSeconds: 1 } });
    const query = '{ articles(first: 2) { totalCount } }';
    // Only "expired after the TTL" is asserted here: "still cached within 1 s" would depend on how
    // fast a loaded machine runs the next line (the cached case is covered with the default TTL).
    expect((await short.send({ query })).headers.get('cache-control')).toBe('public, max-age=1');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await short.send({ query })).statements.length).toBeGreaterThan(0);

    const off = partnerApp(test, { settings: { rateLimits: false, cacheTtlSeconds: 0 } });
    await off.send({ query });
    const again = await off.send({ query });
    expect(again.statements.length).toBeGreaterThan(0);
    expect(again.headers.has('etag')).toBe(false);
  });
});
