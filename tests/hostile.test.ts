// Hostile input (issue 16): each class of attack or malformed request gets a 2xx/4xx with a coded
// error, before any unbounded work, and never a 500. One regression test per class. Sizes are chosen
// so that the limit checks reject them at once; nothing here asserts a duration.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/auth/api-keys.ts';
import { maxHighlightMarkerLength } from '../src/graphql/article.ts';
import { inputLimits } from '../src/graphql/input-limits.ts';
import { requestLimits, responseSizePlugin, sharedExpiry } from '../src/http/limits.ts';
import { MemoryRateLimiter } from '../src/http/rate-limit.ts';
import { extractMentions } from '../src/ingest/extract.ts';
import { ingestArticles } from '../src/ingest/ingest.ts';
import { interpretQuery } from '../src/search/natural-language.ts';
import { MAX_QUERY_CHARS } from '../src/search/query-language.ts';
import { resolutionCacheLimits } from '../src/search/resolution-cache.ts';
import { createYogaApp } from '../src/yoga.ts';
import { createTestDatabase, ingestFixtureArticles, type TestDatabase } from './helpers/database.ts';
import { partnerApp } from './helpers/http.ts';
import { errorCodes } from './helpers/request.ts';

let test: TestDatabase;
let app: ReturnType<typeof partnerApp>;

beforeAll(async () => {
  test = await createTestDatabase();
  await ingestFixtureArticles(test.db);
  // The Node server's HTTP layer (cache, APQ, CORS list), rate limits off: the attacks below stay under any per-IP limit anyway.
  app = partnerApp(test, { settings: { rateLimits: false, corsOrigins: ['https://partner.example'] } });
});
afterAll(() => test.close());

const query = (source: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => app.send({ query: source, variables }, headers);
const codes = errorCodes;

describe('the interpretation cache under attack', () => {
  it('never caches rejected input, and holds valid queries within its byte budget', async () => {
    app.resolutions.clear();
    // Oversized queries, as the attack sent (~900 KB each here 20 KB, distinct): refused before interpreting, nothing cached.
    for (let i = 0; i < 20; i++) {
      const { body, statements } = await query(`query($q: String!) { search(query: $q) { totalCount } }`, { q: `${i} ${'sanctions '.repeat(2000)}` });
      expect(codes(body)).toEqual(['BAD_USER_INPUT']);
      expect(body.errors[0].extensions).toMatchObject({ argument: 'query', limit: MAX_QUERY_CHARS });
      expect(statements).toHaveLength(0);
    }
    expect(app.resolutions.usage().entries).toBe(0);
    // Within the length limit but rejected by the query language: not cached either.
    const unbalanced = await query(`{ search(query: "sanctions NEAR(") { totalCount } }`);
    expect(codes(unbalanced.body)).toEqual(['BAD_USER_INPUT']);
    expect(app.resolutions.usage().entries).toBe(0);
    // Many distinct valid long queries: the cache keeps to its byte budget (keys are digests, not the text).
    const distinct = 2500; // ~2 KB each: more than the budget holds
    for (let i = 0; i < distinct; i++) {
      await interpretQuery(test.db, app.resolutions, `${i} ${'x'.repeat(MAX_QUERY_CHARS - 10)}`);
    }
    const usage = app.resolutions.usage();
    expect(usage.bytes).toBeLessThanOrEqual(resolutionCacheLimits.maxBytes);
    expect(usage.entries).toBeLessThan(distinct);
  });
});

describe('search(query:) checks its size before any work', () => {
  it('refuses a long query of repeated words before interpreting it, and interprets one at the limit', async () => {
    const { body, statements } = await query(`query($q: String!) { search(query: $q) { totalCount } }`, { q: 'North Korea '.repeat(10_000) });
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
    expect(statements).toHaveLength(0);
    // At the limit, a query of repeated words (the quadratic case before) is interpreted in one alias statement.
    const words = 'north korea sanctions '.repeat(Math.floor(MAX_QUERY_CHARS / 22)).trim();
    const atLimit = await query(`query($q: String!) { search(query: $q) { interpretation { entities { entity { name } } } } }`, { q: words });
    expect(atLimit.body.errors).toBeUndefined();
    expect(atLimit.body.data.search.interpretation.entities).toEqual([{ entity: { name: 'North Korea' } }]);
    expect(atLimit.statements.filter((s) => /FROM aliases/.test(s))).toHaveLength(1);
  });

  it('bounds autocomplete prefixes and entity references', async () => {
    const long = 'k'.repeat(inputLimits.maxReferenceLength + 1);
    for (const source of [`{ entities(search: "${long}") { matchedAlias } }`, `{ country(ref: "${long}") { name } }`]) {
      const { body, statements } = await query(source);
      expect(codes(body)).toEqual(['BAD_USER_INPUT']);
      expect(statements).toHaveLength(0);
    }
  });
});

describe('every request has a time budget', () => {
  it.each(['shared', 'per-request'] as const)('ends a query that outlives its budget with REQUEST_TIMEOUT and starts no SQL after it (%s timers)', async (budgetTimers) => {
    const yoga = createYogaApp({ database: () => test.db, budgets: { queryMs: 0, mutationMs: 0 }, budgetTimers });
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ articles { totalCount } }' }),
    });
    expect(response.status).toBeLessThan(500);
    const body = (await response.json()) as any;
    expect(codes(body)).toEqual(['REQUEST_TIMEOUT']);
    expect(body.errors[0].extensions.limit).toBe(0);
    // drizzle logs the statement it was about to send; Server-Timing counts those that ran: none.
    expect(response.headers.get('server-timing')).toMatch(/db;dur=[\d.]+;desc="0 statements"/);
  });

  it('times every pending execution with one shared timer: each expires unless it finished first', async () => {
    const schedule = sharedExpiry();
    const expired: string[] = [];
    const finished = schedule(5, () => expired.push('finished first'));
    schedule(5, () => expired.push('first'));
    schedule(20, () => expired.push('longer budget'));
    finished();
    // A finished head is dropped when the next one is added; the timer is armed again for the rest.
    schedule(5, () => expired.push('second'));
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(expired).toEqual(['first', 'second', 'longer budget']);
  });
});

describe('response amplification', () => {
  it(`refuses highlight markers over ${maxHighlightMarkerLength} characters, in articles and search`, async () => {
    const marker = 'x'.repeat(20_000);
    const aliases = Array.from({ length: 12 }, (_, i) => `a${i}: articles(where: { text: "sanctions" }, first: 100) { edges { node { snippet(highlight: { open: $m, close: $m }) } } }`);
    const articles = await query(`query($m: String!) { ${aliases.join(' ')} }`, { m: marker });
    expect(articles.text.length).toBeLessThan(100_000);
    expect(new Set(codes(articles.body))).toEqual(new Set(['BAD_USER_INPUT']));
    const search = await query(`query($m: String!) { search(query: "sanctions") { edges { node { snippet(highlight: { open: $m, close: "" }) } } } }`, { m: marker });
    expect(new Set(codes(search.body))).toEqual(new Set(['BAD_USER_INPUT']));
    const fine = await query(`{ search(query: "sanctions") { edges { node { snippet(highlight: { open: "[", close: "]" }) } } } }`);
    expect(fine.body.errors).toBeUndefined();
    expect(fine.body.data.search.edges[0].node.snippet).toMatch(/\[sanctions\]/i);
  });

  it('counts long bodies in the cost analysis, and caps what a response may add up to', async () => {
    const aliases = Array.from({ length: 15 }, (_, i) => `a${i}: articles(first: 100) { edges { node { body } } }`);
    const { body, statements } = await query(`{ ${aliases.join(' ')} }`);
    expect(new Set(codes(body))).toEqual(new Set(['QUERY_TOO_COMPLEX']));
    expect(statements).toHaveLength(0);
    const capped = createYogaApp({ database: () => test.db, plugins: [responseSizePlugin(200)] });
    const response = await capped.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ articles { edges { node { title body } } } }' }),
    });
    const result = (await response.json()) as any;
    expect(codes(result)).toEqual(['RESPONSE_TOO_LARGE']);
    expect(result.errors[0].extensions.limit).toBe(200);
  });
});

describe('malformed requests are 4xx with a code, never 500', () => {
  const get = async (params: string) => {
    const response = await app.yoga.fetch(`http://localhost/graphql?${params}`, { headers: { accept: 'application/json' } });
    return { status: response.status, body: (await response.json()) as any };
  };

  it('answers GET with malformed variables or extensions with 400 BAD_REQUEST', async () => {
    for (const params of ['query={__typename}&variables={bad', 'query={__typename}&extensions=[1', 'query={__typename}&variables=42']) {
      const { status, body } = await get(params);
      expect(status).toBe(400);
      expect(codes(body)).toEqual(['BAD_REQUEST']);
    }
  });

  it('answers a deeply nested JSON body with 400 BAD_REQUEST', async () => {
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    for (const variables of [deep, `{"a":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`]) {
      const response = await app.yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"query":"{ __typename }","variables":{"v":${variables}}}`,
      });
      expect(response.status).toBe(400);
      expect(codes((await response.json()) as any)).toEqual(['BAD_REQUEST']);
    }
  });

  it('answers a syntax error with GRAPHQL_PARSE_FAILED', async () => {
    const { status, body } = await query('{ articles(');
    expect(status).toBe(400);
    expect(codes(body)).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  it('gives 406 and 415 a coded body', async () => {
    const notAcceptable = await app.yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/csv' },
      body: '{"query":"{ __typename }"}',
    });
    expect(notAcceptable.status).toBe(406);
    expect(codes((await notAcceptable.json()) as any)).toEqual(['NOT_ACCEPTABLE']);
    const unsupported = await app.yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b' });
    expect(unsupported.status).toBe(415);
    expect(codes((await unsupported.json()) as any)).toEqual(['UNSUPPORTED_MEDIA_TYPE']);
  });
});

describe('the client’s mistakes are BAD_USER_INPUT, not INTERNAL_SERVER_ERROR', () => {
  it('refuses cursors whose values SQL cannot take', async () => {
    const cursors = [btoa('[1e309,1]'), btoa('[1,1e400]'), btoa('[1,1.5]'), btoa(`["${'9'.repeat(100)}",1]`), 'x'.repeat(10_000)];
    for (const after of cursors) {
      const { body } = await query(`query($after: String) { articles(where: { text: "sanctions" }, after: $after) { totalCount } }`, { after });
      expect(codes(body)).toEqual(['BAD_USER_INPUT']);
    }
  });

  it('refuses crafted Entity.articles cursors and pages over 100', async () => {
    const crafted = ['DC:J:[{"a":1},1]', 'DC:J:[[1,2],[3]]', 'DC:J:{"x":1}', 'DC:J:["2024",1e400]', 'DC:N:abc', 'DC:T:[]', 'garbage'].map((c) => btoa(c));
    for (const after of crafted) {
      const { body } = await query(`query($after: String) { country(ref: "North Korea") { articles(first: 1, after: $after) { edges { cursor } } } }`, { after });
      expect(codes(body)).toEqual(['BAD_USER_INPUT']);
    }
    const page = await query(`{ country(ref: "North Korea") { articles(first: 101) { edges { cursor } } } }`);
    expect(codes(page.body)).toEqual(['BAD_USER_INPUT']);
    expect(page.body.errors[0].extensions).toMatchObject({ argument: 'first', limit: 100 });
    // A real cursor still pages.
    const first = await query(`{ country(ref: "North Korea") { articles(first: 1) { edges { cursor } } } }`);
    const after = first.body.data.country.articles.edges[0].cursor;
    const next = await query(`query($after: String) { country(ref: "North Korea") { articles(first: 1, after: $after) { edges { cursor } } } }`, { after });
    expect(next.body.errors).toBeUndefined();
  });

  it('answers node/nodes with null for rows that do not exist or are of another kind', async () => {
    const [country] = await test.db.all<{ id: number }>(sql`SELECT id FROM entities WHERE kind = 'country' LIMIT 1`);
    const [article] = await test.db.all<{ id: number }>(sql`SELECT id FROM articles LIMIT 1`);
    const missing = await query(`{ node(id: "${encodeGlobalID('Article', 999_999)}") { id } }`);
    expect(missing.body).toEqual({ data: { node: null } });
    const wrongKind = await query(`{ node(id: "${encodeGlobalID('Person', country!.id)}") { id __typename } }`);
    expect(wrongKind.body).toEqual({ data: { node: null } });
    const rightKind = await query(`{ node(id: "${encodeGlobalID('Country', country!.id)}") { __typename } }`);
    expect(rightKind.body).toEqual({ data: { node: { __typename: 'Country' } } });
    const list = await query(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename } }`, {
      ids: [encodeGlobalID('Article', 999_999), encodeGlobalID('Article', article!.id), encodeGlobalID('Organization', country!.id)],
    });
    expect(list.body).toEqual({ data: { nodes: [null, { __typename: 'Article' }, null] } });
    const tooMany = await query(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: Array.from({ length: 101 }, () => encodeGlobalID('Article', 1)) });
    expect(codes(tooMany.body)).toEqual(['BAD_USER_INPUT']);
  });

  it('checks list sizes before SQL: 999+ entity references, 40,000 sources', async () => {
    const refs = await query(`query($c: [String!]) { articles(where: { countries: $c }) { totalCount } }`, { c: Array.from({ length: 999 }, () => 'France') });
    expect(codes(refs.body)).toEqual(['BAD_USER_INPUT']);
    expect(refs.body.errors[0].extensions.limit).toBe(inputLimits.maxEntityRefs);
    expect(refs.statements).toHaveLength(0);
    const sources = await query(`query($s: [String!]) { articles(where: { sources: $s }) { totalCount } }`, { s: Array.from({ length: 150 }, (_, i) => `s${i}`) });
    expect(codes(sources.body)).toEqual(['BAD_USER_INPUT']);
    expect(sources.statements).toHaveLength(0);
    // Past any list argument's size, a list in variables is refused before GraphQL coerces its items.
    const flood = await query(`query($s: [String!]) { articles(where: { sources: $s }) { totalCount } }`, { s: Array.from({ length: 40_000 }, (_, i) => `s${i}`) });
    expect(flood.status).toBe(400);
    expect(codes(flood.body)).toEqual(['BAD_REQUEST']);
    expect(flood.body.errors[0].extensions.limit).toBe(requestLimits.maxJsonListItems);
    expect(flood.statements).toHaveLength(0);
  });

  it('codes every error kind: variable coercion, global IDs, relay arguments, subscriptions', async () => {
    const cases: [string, Record<string, unknown> | undefined, string][] = [
      ['query($n: Int) { articles(first: $n) { totalCount } }', { n: 'x' }, 'BAD_USER_INPUT'],
      ['{ node(id: "garbage!!") { id } }', undefined, 'BAD_USER_INPUT'],
      [`{ node(id: "${btoa('Nope:1')}") { id } }`, undefined, 'BAD_USER_INPUT'],
      ['{ country(ref: "North Korea") { articles(first: 1, last: 1) { edges { cursor } } } }', undefined, 'BAD_USER_INPUT'],
      ['subscription { articles { totalCount } }', undefined, 'OPERATION_NOT_SUPPORTED'],
    ];
    for (const [source, variables, code] of cases) {
      const { status, body } = await query(source, variables);
      expect(status, source).toBeLessThan(500);
      expect(codes(body), source).toEqual([code]);
    }
  });
});

describe('access and CORS', () => {
  it('does not let an ingest-only key read through the mutation’s result', async () => {
    const { key } = await createApiKey(test.db, { name: 'ingest-only', scopes: ['ingest'] });
    const ingestApp = partnerApp(test, {
      settings: { rateLimits: false },
      ingest: (db, inputs) => ingestArticles(db, inputs, { extract: extractMentions }),
    });
    const input = [{ title: 'Hostile read-back probe', body: 'Officials in Seoul spoke on Monday.', url: 'https://example.com/hostile/read-back' }];
    const reading = await ingestApp.send(
      { query: 'mutation($input: [ArticleInput!]!) { ingestArticles(input: $input) { status article { title body } } }', variables: { input } },
      { authorization: `Bearer ${key}` },
    );
    expect(codes(reading.body)).toEqual(['FORBIDDEN']);
    expect(reading.text).not.toContain('Officials in Seoul');
    const [stored] = await test.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM articles WHERE url = 'https://example.com/hostile/read-back'`);
    expect(stored!.n).toBe(0); // refused before any write
    const writing = await ingestApp.send(
      { query: 'mutation($input: [ArticleInput!]!) { ingestArticles(input: $input) { status } }', variables: { input } },
      { authorization: `Bearer ${key}` },
    );
    expect(writing.body).toEqual({ data: { ingestArticles: [{ status: 'CREATED' }] } });
  });

  it('gives a refused Origin (including null) no CORS headers, and every response varies by Origin', async () => {
    for (const origin of ['null', 'https://evil.example']) {
      const { headers } = await query('{ __typename }', undefined, { origin });
      expect(headers.get('access-control-allow-origin')).toBeNull();
      expect(headers.get('vary')).toMatch(/\bOrigin\b/);
    }
    const allowed = await query('{ __typename }', undefined, { origin: 'https://partner.example' });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://partner.example');
    expect((await query('{ __typename }')).headers.get('vary')).toMatch(/\bOrigin\b/);
  });
});

describe('request limits stay in force', () => {
  it(`refuses a variables object nested deeper than ${requestLimits.maxJsonDepth}`, async () => {
    let nested: unknown = 1;
    for (let i = 0; i <= requestLimits.maxJsonDepth; i++) nested = { a: nested };
    const { status, body } = await query('{ __typename }', { nested });
    expect(status).toBe(400);
    expect(codes(body)).toEqual(['BAD_REQUEST']);
  });
});

describe('in-process stores stay bounded', () => {
  it('keeps at most maxBuckets rate-limit windows, however many addresses send', () => {
    const limiter = new MemoryRateLimiter({ maxBuckets: 1000 });
    for (let i = 0; i < 5000; i++) limiter.count(`ip:2001:db8::${i.toString(16)}`, 60);
    expect(limiter.size).toBe(1000);
    // The newest clients are still counted exactly.
    expect(limiter.count('ip:2001:db8::1387', 60).remaining).toBe(58);
  });
});
