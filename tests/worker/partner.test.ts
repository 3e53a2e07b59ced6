// The partner-facing HTTP layer on the Worker inside workerd: Cloudflare's Rate Limiting bindings
// (simulated by miniflare), the Cache API for responses and persisted queries. SQL statements are
// counted through Server-Timing's db entry. Requests go to their own origin (partner.test), whose
// cache entries and data version are separate from the other Worker tests'.
import { exports } from 'cloudflare:workers';
import { describe, expect, inject, it } from 'vitest';
import { sha256Hex as sha256 } from '../../src/lib/sha256.ts';
import { sendGraphQL, type GraphQLRequestBody } from '../helpers/request.ts';

const origin = 'http://partner.test';

const send = (body: GraphQLRequestBody, headers: Record<string, string> = {}, method: 'POST' | 'GET' = 'POST') =>
  sendGraphQL((url, init) => exports.default.fetch(url, init), `${origin}/graphql`, body, headers, method);

/** Cloudflare's (and miniflare's) windows are wall-clock minutes: start a counting test well inside one. */
async function awayFromMinuteBoundary(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 8_000) await new Promise((resolve) => setTimeout(resolve, left + 200));
}

describe('rate limits on the Worker (Rate Limiting bindings)', () => {
  it('puts RateLimit headers on every response: 60 a minute for an anonymous address', async () => {
    const r = await send({ query: '{ articles(first: 1) { totalCount } }' }, { 'cf-connecting-ip': '203.0.113.1' });
    expect(r.status).toBe(200);
    expect(r.headers.get('ratelimit-limit')).toBe('60');
    expect(Number(r.headers.get('ratelimit-remaining'))).toBe(59);
    expect(Number(r.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
  });

  it("counts a key on its tier (10 a minute) and answers 429 with Retry-After and RATE_LIMITED over it", async () => {
    await awayFromMinuteBoundary();
    const auth = { authorization: `Bearer ${inject('readKey')}`, 'cf-connecting-ip': '203.0.113.2' };
    const statuses: number[] = [];
    let over: Awaited<ReturnType<typeof send>> | undefined;
    for (let i = 0; i < 11; i++) {
      const r = await send({ query: '{ articles(first: 1) { totalCount } }' }, auth);
      statuses.push(r.status);
      expect(r.headers.get('ratelimit-limit')).toBe('10');
      if (r.status === 429) over = r;
    }
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
    expect(Number(over!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over!.headers.get('ratelimit-remaining')).toBe('0');
    expect(over!.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 10 });
    expect(over!.body.errors[0].message).toMatch(/10 requests per minute for the API key "worker-reader"/);
    // The address itself is not over its anonymous limit.
    expect((await send({ query: '{ articles(first: 1) { totalCount } }' }, { 'cf-connecting-ip': '203.0.113.2' })).status).toBe(200);
  });

  it('answers a wrong key with 401 UNAUTHENTICATED', async () => {
    const r = await send({ query: '{ articles(first: 1) { totalCount } }' }, { authorization: `Bearer ng_00000000_${'0'.repeat(64)}`, 'cf-connecting-ip': '203.0.113.3' });
    expect(r.status).toBe(401);
    expect(r.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('response cache on the Worker (Cache API)', () => {
  const client = { 'cf-connecting-ip': '203.0.113.10' };
  const bhutan = /* GraphQL */ `query Bhutan { articles(where: { countries: ["Bhutan"] }, orderBy: NEWEST) { totalCount edges { node { title } } } }`;

  it('answers a repeated query from the cache with no SQL, with Cache-Control and ETag, and 304 for If-None-Match', async () => {
    const query = '{ articles(where: { countries: ["Russia"] }) { totalCount } }';
    const first = await send({ query }, client);
    expect(first.status).toBe(200);
    expect(first.statements).toBeGreaterThan(0);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);

    const second = await send({ query }, client);
    expect(second.timing).toContain('cache;desc="hit"');
    expect(second.statements).toBe(0);
    expect(second.text).toBe(first.text);
    expect(second.headers.get('etag')).toBe(etag);

    const notModified = await send({ query }, { ...client, 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(notModified.text).toBe('');
    expect(notModified.statements).toBe(0);
  });

  it('is invalidated by an ingest that adds an article (a new data version, kept in the Cache API)', async () => {
    const before = await send({ query: bhutan }, client);
    expect(before.body.data.articles.totalCount).toBe(0);
    expect((await send({ query: bhutan }, client)).statements).toBe(0);

    const mutation = /* GraphQL */ `mutation($input: [ArticleInput!]!) { ingestArticles(input: $input) { status } }`;
    const input = [{ title: 'Bhutan opens a stock index', body: 'Bhutan launched a stock index in Thimphu.', url: 'https://example.com/worker/bhutan-index', publishedAt: '2024-03-04' }];
    const ingested = await send({ query: mutation, variables: { input } }, { authorization: `Bearer ${inject('ingestKey')}` });
    expect(ingested.body.data.ingestArticles[0].status).toBe('CREATED');
    expect(ingested.headers.get('cache-control')).toBe('no-store');

    const after = await send({ query: bhutan }, { ...client, 'if-none-match': before.headers.get('etag')! });
    expect(after.status).toBe(200);
    expect(after.statements).toBeGreaterThan(0);
    expect(after.body.data.articles.totalCount).toBe(1);
    expect(after.body.data.articles.edges[0].node.title).toBe('Bhutan opens a stock index');
  });

  it('never caches mutations or errors', async () => {
    const error = '{ articles(where: { countries: ["Atlantis"] }) { totalCount } }';
    for (let i = 0; i < 2; i++) {
      const r = await send({ query: error }, client);
      expect(r.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.headers.has('etag')).toBe(false);
      expect(r.timing).not.toContain('cache;desc="hit"');
    }
    const mutation = /* GraphQL */ `mutation { ingestArticles(input: [{ title: "", body: "" }]) { status } }`;
    for (let i = 0; i < 2; i++) {
      const r = await send({ query: mutation }, { authorization: `Bearer ${inject('ingestKey')}` });
      expect(r.body.data.ingestArticles[0].status).toBe('REJECTED');
      expect(r.headers.get('cache-control')).toBe('no-store');
      expect(r.timing).not.toContain('cache;desc="hit"');
    }
  });
});

describe('automatic persisted queries on the Worker (Cache API store)', () => {
  it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, registers hash + query in the Cache API, then answers the hash alone', async () => {
    const query = '{ articles(where: { countries: ["Ukraine"] }) { totalCount } }';
    const hash = await sha256(query);
    const extensions = { persistedQuery: { version: 1, sha256Hash: hash } };
    const client = { 'cf-connecting-ip': '203.0.113.20' };

    const notFound = await send({ extensions }, client);
    expect(notFound.status).toBe(404);
    expect(notFound.body.errors[0]).toMatchObject({ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });

    const registered = await send({ query, extensions }, client);
    expect(registered.status).toBe(200);
    // Kept in the location's cache, not in isolate memory.
    const stored = await (caches as unknown as { default: Cache }).default.match(`${origin}/__newsgraph/apq/${hash}`);
    expect(await stored?.text()).toBe(query);

    const byHash = await send({ extensions }, client, 'GET');
    expect(byHash.status).toBe(200);
    expect(byHash.text).toBe(registered.text);

    const mismatch = await send({ query: '{ __typename }', extensions }, client);
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_MISMATCH');
  });
});
