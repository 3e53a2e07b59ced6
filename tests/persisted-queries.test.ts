import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { partnerApp } from './helpers/http.ts';

// Automatic persisted queries on Node (LRU store), through the real app in-process.
let test: TestDatabase;
let app: ReturnType<typeof partnerApp>;
beforeAll(async () => {
  test = await createTestDatabase();
  app = partnerApp(test, { settings: { rateLimits: false } });
});
afterAll(() => test.close());

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

describe('automatic persisted queries (Node)', () => {
  const query = '{ articles(where: { countries: ["DPRK"] }) { totalCount edges { node { title } } } }';
  const hash = sha256(query);

  it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, before any SQL', async () => {
    const r = await app.send({ extensions: persisted(hash) });
    expect(r.status).toBe(404);
    expect(r.statements).toEqual([]);
    expect(r.body.errors[0]).toMatchObject({ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });
    expect(r.headers.get('cache-control')).toBe('no-store');
  });

  it('registers hash + query, then answers the hash alone (POST and GET), from the response cache too', async () => {
    const registered = await app.send({ query, extensions: persisted(hash) });
    expect(registered.status).toBe(200);
    expect(registered.body.data.articles.totalCount).toBe(1);

    const byHash = await app.send({ extensions: persisted(hash) });
    expect(byHash.status).toBe(200);
    expect(byHash.text).toBe(registered.text);
    expect(byHash.statements).toEqual([]); // the same cache entry as the full query

    const byGet = await app.send({ extensions: persisted(hash) }, {}, 'GET');
    expect(byGet.status).toBe(200);
    expect(byGet.text).toBe(registered.text);
    expect(byGet.headers.get('etag')).toBe(registered.headers.get('etag'));
  });

  it('passes variables with a persisted query', async () => {
    const withVariables = 'query($c: [String!]!) { articles(where: { countries: $c }) { totalCount } }';
    const h = sha256(withVariables);
    await app.send({ query: withVariables, variables: { c: ['France'] }, extensions: persisted(h) });
    const r = await app.send({ variables: { c: ['North Korea'] }, extensions: persisted(h) });
    expect(r.body).toEqual({ data: { articles: { totalCount: 1 } } });
  });

  it('refuses a hash that is not the SHA-256 of the query (PERSISTED_QUERY_MISMATCH) and does not store it', async () => {
    const wrong = sha256('something else');
    const r = await app.send({ query, extensions: persisted(wrong) });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_MISMATCH');
    expect((await app.send({ extensions: persisted(wrong) })).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('still answers a request with neither query nor hash as yoga does: 400 "Must provide query string."', async () => {
    const r = await app.send({});
    expect(r.status).toBe(400);
    expect(r.body.errors[0].message).toBe('Must provide query string.');
  });
});
