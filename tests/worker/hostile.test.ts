// Hostile input on the Worker inside workerd (issue 16): the same classes as tests/hostile.test.ts,
// through the real Worker entry. Requests carry the audit key (read scope, 6,000 a minute) so they
// are not throttled by the anonymous limit other workerd tests share; they go to their own origin,
// whose Cache API entries are separate. SQL statements are counted through Server-Timing.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { exports } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { errorCodes, readResponse, sendGraphQL } from '../helpers/request.ts';

const origin = 'http://hostile.test';
const auth = () => ({ authorization: `Bearer ${inject('auditKey')}` });

const fetchRaw = async (path: string, init: RequestInit = {}) =>
  readResponse(await exports.default.fetch(`${origin}${path}`, { ...init, headers: { ...auth(), ...(init.headers as Record<string, string>) } }));

const post = (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) =>
  sendGraphQL((url, init) => exports.default.fetch(url, init), `${origin}/graphql`, { query, variables }, { ...auth(), 'cache-control': 'no-store', ...headers });

const codes = errorCodes;

/** The statements a keyed request runs before any resolver (the key lookup): what "no SQL" means here. */
async function baseline(): Promise<number> {
  return (await post('{ __typename }')).statements;
}

describe('the Worker under hostile input', () => {
  it('answers a GraphQL syntax error with 400 GRAPHQL_PARSE_FAILED, not 500', async () => {
    for (const query of ['{ articles(', '{', 'query { a b c ) }', '"unterminated']) {
      const { status, body } = await post(query);
      expect(status).toBe(400);
      expect(codes(body)).toEqual(['GRAPHQL_PARSE_FAILED']);
    }
  });

  it('answers malformed GET parameters and deeply nested bodies with 400 BAD_REQUEST', async () => {
    for (const params of ['query={__typename}&variables={bad', 'query={__typename}&extensions=[1']) {
      const { status, body } = await fetchRaw(`/graphql?${params}`, { headers: { accept: 'application/json' } });
      expect(status).toBe(400);
      expect(codes(body)).toEqual(['BAD_REQUEST']);
    }
    const deep = `${'['.repeat(50_000)}${']'.repeat(50_000)}`;
    const nested = await fetchRaw('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"query":"{ __typename }","variables":{"v":${deep}}}` });
    expect(nested.status).toBe(400);
    expect(codes(nested.body)).toEqual(['BAD_REQUEST']);
  });

  it('refuses an oversized search query before interpreting it', async () => {
    const before = await baseline();
    const { body, statements } = await post('query($q: String!) { search(query: $q) { totalCount } }', { q: 'north korea '.repeat(10_000) });
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
    expect(body.errors[0].extensions.argument).toBe('query');
    expect(statements).toBe(before);
  });

  it('refuses long highlight markers, so aliases cannot multiply the response', async () => {
    const aliases = Array.from({ length: 12 }, (_, i) => `a${i}: articles(where: { text: "sanctions" }, first: 100) { edges { node { snippet(highlight: { open: $m, close: $m }) } } }`);
    const { text, body } = await post(`query($m: String!) { ${aliases.join(' ')} }`, { m: 'x'.repeat(20_000) });
    expect(text.length).toBeLessThan(100_000);
    expect(codes(body)).toEqual(['BAD_USER_INPUT']);
  });

  it('answers crafted cursors, missing nodes and oversized lists without an internal error', async () => {
    const cursor = await post(`{ articles(where: { text: "sanctions" }, after: "${btoa('[1e309,1]')}") { totalCount } }`);
    expect(codes(cursor.body)).toEqual(['BAD_USER_INPUT']);
    const entityCursor = await post(`{ country(ref: "North Korea") { articles(first: 1, after: "${btoa('DC:J:[{"a":1},1]')}") { edges { cursor } } } }`);
    expect(codes(entityCursor.body)).toEqual(['BAD_USER_INPUT']);
    const page = await post('{ country(ref: "North Korea") { articles(first: 101) { edges { cursor } } } }');
    expect(codes(page.body)).toEqual(['BAD_USER_INPUT']);
    const missing = await post(`{ node(id: "${encodeGlobalID('Article', 999_999)}") { id } }`);
    expect(missing.body).toEqual({ data: { node: null } });
    const country = await post('{ country(ref: "North Korea") { id } }');
    const countryId = Buffer.from(country.body.data.country.id, 'base64').toString().split(':')[1]!;
    const wrongKind = await post(`{ node(id: "${encodeGlobalID('Person', countryId)}") { id } }`);
    expect(wrongKind.body).toEqual({ data: { node: null } });
    const refs = await post('query($c: [String!]) { articles(where: { countries: $c }) { totalCount } }', { c: Array.from({ length: 999 }, () => 'France') });
    expect(codes(refs.body)).toEqual(['BAD_USER_INPUT']);
    const sources = await post('query($s: [String!]) { articles(where: { sources: $s }) { totalCount } }', { s: Array.from({ length: 40_000 }, (_, i) => `s${i}`) });
    expect(sources.status).toBe(400);
    expect(codes(sources.body)).toEqual(['BAD_REQUEST']);
  });

  it('codes every error kind, including empty 406/415 answers', async () => {
    const coercion = await post('query($n: Int) { articles(first: $n) { totalCount } }', { n: 'x' });
    expect(codes(coercion.body)).toEqual(['BAD_USER_INPUT']);
    expect(codes((await post('{ node(id: "garbage!!") { id } }')).body)).toEqual(['BAD_USER_INPUT']);
    expect(codes((await post('subscription { x }')).body)).toEqual(['OPERATION_NOT_SUPPORTED']);
    const notAcceptable = await fetchRaw('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/csv' }, body: '{"query":"{ __typename }"}' });
    expect(notAcceptable.status).toBe(406);
    expect(codes(notAcceptable.body)).toEqual(['NOT_ACCEPTABLE']);
    const unsupported = await fetchRaw('/graphql', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b' });
    expect(unsupported.status).toBe(415);
    expect(codes(unsupported.body)).toEqual(['UNSUPPORTED_MEDIA_TYPE']);
  });

  it('does not let an ingest-only key read back through ingestArticles', async () => {
    const input = [{ title: 'Worker read-back probe', body: 'Officials in Seoul spoke on Monday.', url: 'https://example.com/worker/read-back' }];
    const { body, text } = await post('mutation($input: [ArticleInput!]!) { ingestArticles(input: $input) { status article { body } } }', { input }, {
      authorization: `Bearer ${inject('ingestOnlyKey')}`,
    });
    expect(codes(body)).toEqual(['FORBIDDEN']);
    expect(text).not.toContain('Officials in Seoul');
  });

  it('varies every response by Origin', async () => {
    const { headers } = await post('{ __typename }', undefined, { origin: 'null' });
    expect(headers.get('vary')).toMatch(/\bOrigin\b/);
  });

  it('answers fuzzed bodies with 2xx/4xx and coded errors, never 5xx', async () => {
    const payload = fc.oneof(
      fc.record({ query: fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('{ __typename }', 'query($q: String!) { search(query: $q) { totalCount } }')), variables: fc.jsonValue({ maxDepth: 40 }) }, { requiredKeys: [] }),
      fc.jsonValue({ maxDepth: 40 }),
    );
    const bytes = fc.oneof(
      payload.map((p) => new TextEncoder().encode(JSON.stringify(p))),
      fc.uint8Array({ maxLength: 1000 }),
    );
    await fc.assert(
      fc.asyncProperty(bytes, fc.constantFrom('application/json', 'text/plain', 'application/graphql+json'), async (body, type) => {
        const { status, body: parsed, text } = await fetchRaw('/graphql', { method: 'POST', headers: { 'content-type': type, 'cache-control': 'no-store' }, body });
        expect(status, text.slice(0, 300)).toBeLessThan(500);
        for (const error of parsed?.errors ?? []) expect(error.extensions?.code, text.slice(0, 300)).toEqual(expect.any(String));
      }),
      { numRuns: 100, seed: 16 },
    );
  }, 120_000);
});
