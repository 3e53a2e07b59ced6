// Property-based fuzz of request bodies (issue 16): random JSON shapes, sizes, encodings, media types
// and query texts, thrown at the app with the Node server's HTTP layer. Every answer must be a 2xx
// or 4xx whose errors all carry extensions.code; never a 5xx, never a hang (each request is awaited
// within the test's timeout), and the in-process caches stay within their byte budgets.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolutionCacheLimits } from '../src/search/resolution-cache.ts';
import { createTestDatabase, ingestFixtureArticles, type TestDatabase } from './helpers/database.ts';
import { partnerApp } from './helpers/http.ts';

let test: TestDatabase;
let app: ReturnType<typeof partnerApp>;

beforeAll(async () => {
  test = await createTestDatabase();
  await ingestFixtureArticles(test.db);
  app = partnerApp(test, { settings: { rateLimits: false } });
});
afterAll(() => test.close());

/** Queries that reach resolvers with whatever variables the fuzz supplies. */
const operations = [
  '{ __typename }',
  'query($q: String!) { search(query: $q) { totalCount edges { node { snippet article { title } } } } }',
  'query($w: ArticleFilter, $first: Int, $after: String) { articles(where: $w, first: $first, after: $after) { totalCount edges { cursor node { title snippet } } } }',
  'query($s: String!, $first: Int) { entities(search: $s, first: $first) { matchedAlias } }',
  'query($id: ID!) { node(id: $id) { id } }',
  'query($ids: [ID!]!) { nodes(ids: $ids) { id } }',
  'query($r: String!, $after: String, $first: Int) { country(ref: $r) { articles(first: $first, after: $after) { edges { cursor } } } }',
  'query($o: String!, $c: String!) { articles(where: { text: "sanctions" }) { edges { node { snippet(highlight: { open: $o, close: $c }) } } } }',
  'mutation($input: [ArticleInput!]!) { ingestArticles(input: $input) { status } }',
  'subscription { x }',
];

const text = fc.oneof(fc.string({ maxLength: 50 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom('North Korea', 'DPRK sanctions', '"', '(', 'NEAR(', '-', 'a'.repeat(5000)));
const variableValue = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 4 }), fc.array(text, { maxLength: 150 }));
const variables = fc.oneof(
  fc.record({ q: variableValue, w: variableValue, first: variableValue, after: variableValue, s: variableValue, id: variableValue, ids: variableValue, r: variableValue, o: variableValue, c: variableValue, input: variableValue }, { requiredKeys: [] }),
  fc.jsonValue({ maxDepth: 40 }),
);
const payload = fc.oneof(
  // Shaped like a GraphQL request.
  fc.record({ query: fc.oneof(fc.constantFrom(...operations), text), variables, operationName: fc.option(text), extensions: fc.option(fc.jsonValue({ maxDepth: 5 })) }, { requiredKeys: ['query'] }),
  // Any JSON at all, including deep nesting.
  fc.jsonValue({ maxDepth: 60 }),
  fc.integer({ min: 1, max: 2000 }).map((depth) => ({ query: '{ __typename }', variables: { v: JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) } })),
);

/** The body as bytes: JSON in UTF-8, or mangled (truncated, UTF-16, random bytes). */
const body = fc.oneof(
  payload.map((p) => new TextEncoder().encode(JSON.stringify(p))),
  fc.tuple(payload, fc.nat()).map(([p, n]) => {
    const json = JSON.stringify(p);
    return new TextEncoder().encode(json.slice(0, n % (json.length + 1)));
  }),
  payload.map((p) => {
    const json = JSON.stringify(p);
    const bytes = new Uint8Array(json.length * 2);
    for (let i = 0; i < json.length; i++) bytes[2 * i] = json.charCodeAt(i) & 0xff;
    return bytes;
  }),
  fc.uint8Array({ maxLength: 2000 }),
);
const contentType = fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'application/graphql+json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '');
const accept = fc.constantFrom('application/graphql-response+json', 'application/json', '*/*', 'text/html', 'text/event-stream', '');

function expectCoded(status: number, text: string, contentTypeHeader: string | null) {
  expect(status, text.slice(0, 300)).toBeLessThan(500);
  if (!/json/.test(contentTypeHeader ?? '') || !text) return;
  const parsed = JSON.parse(text) as { errors?: { extensions?: { code?: unknown } }[] };
  for (const error of parsed.errors ?? []) expect(error.extensions?.code, text.slice(0, 300)).toEqual(expect.any(String));
  if (status >= 400) expect(parsed.errors?.length, text.slice(0, 300)).toBeGreaterThan(0);
}

describe('fuzzed requests', () => {
  it('answer POST bodies with 2xx/4xx and coded errors, never 5xx', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    await fc.assert(
      fc.asyncProperty(body, contentType, accept, async (bytes, type, acceptHeader) => {
        const headers: Record<string, string> = {};
        if (type) headers['content-type'] = type;
        if (acceptHeader) headers.accept = acceptHeader;
        const response = await app.yoga.fetch('http://localhost/graphql', { method: 'POST', headers, body: bytes });
        expectCoded(response.status, await response.text(), response.headers.get('content-type'));
      }),
      { numRuns: 400, seed: 16 },
    );
    const usage = app.resolutions.usage();
    expect(usage.bytes).toBeLessThanOrEqual(resolutionCacheLimits.maxBytes);
    // Generous: a leak per request of the 2 MB bodies some runs send would pass this many times over.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(256 * 1024 * 1024);
  }, 120_000);

  it('answer GET requests with any query parameters with 2xx/4xx and coded errors', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ query: fc.oneof(fc.constantFrom(...operations), text), variables: fc.oneof(text, variables.map((v) => JSON.stringify(v))), extensions: fc.option(text) }, { requiredKeys: [] }),
        async (params) => {
          const url = new URL('http://localhost/graphql');
          for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined) url.searchParams.set(k, v);
          const response = await app.yoga.fetch(url, { headers: { accept: 'application/graphql-response+json' } });
          expectCoded(response.status, await response.text(), response.headers.get('content-type'));
        },
      ),
      { numRuns: 200, seed: 16 },
    );
  }, 120_000);
});
