import { GraphQLError, parse, specifiedRules, type ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxQueryComplexity } from '../src/graphql/builder.ts';
import { schema } from '../src/graphql/schema.ts';
import { requestLimits, validationCachePlugin } from '../src/http/limits.ts';
import { createYogaApp, exampleQuery } from '../src/yoga.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

// Each attack shape must be refused with a coded GraphQL error naming the limit, before any SQL runs.
let test: TestDatabase;
let yoga: ReturnType<typeof createYogaApp>;

beforeAll(async () => {
  test = await createTestDatabase();
  yoga = createYogaApp({ database: () => test.db });
});
afterAll(() => test.close());

async function post(body: string, headers: Record<string, string> = {}) {
  test.statements.length = 0;
  const response = await yoga.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), text, statements: test.statements.length };
}

const query = (source: string) => post(JSON.stringify({ query: source }));

function nest(depth: number): string {
  let selection = 'title';
  for (let i = 0; i < depth; i++) selection = i % 2 ? `articles(first: 1) { edges { node { ${selection} } } }` : `countries { ${selection} }`;
  return `{ articles(first: 1) { edges { node { ${selection} } } } }`;
}

describe('abuse limits', () => {
  it(`rejects a query deeper than ${requestLimits.maxDepth}`, async () => {
    const { body, statements } = await query(nest(6));
    expect(body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_DEEP', limit: requestLimits.maxDepth });
    expect(body.errors[0].message).toMatch(/depth limit of 10/);
    expect(statements).toBe(0);
  });

  it('validates a document once and answers a repeat from the cache (validationCachePlugin), with the rules armor adds', async () => {
    let validations = 0;
    const counter: Plugin = { onValidate: ({ validateFn, setValidationFn }) => setValidationFn((...args: Parameters<typeof validateFn>) => (validations++, validateFn(...args))) };
    const counted = createYogaApp({ database: () => test.db, plugins: [counter] });
    const send = async (source: string) =>
      (await counted.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: source }) })).json();
    const invalid = await send('{ articles(first: 1) { nope } }');
    expect(invalid.errors[0].message).toMatch(/Cannot query field "nope"/);
    expect(await send('{ articles(first: 1) { nope } }')).toEqual(invalid);
    await send('{ articles(first: 1) { totalCount } }');
    await send('{ articles(first: 1) { totalCount } }');
    expect(validations).toBe(2);
    // Armor's rules reject by throwing, which is never cached: refused every time.
    for (let i = 0; i < 2; i++) expect((await send(nest(6))).errors[0].extensions.code).toBe('QUERY_TOO_DEEP');
  });

  it('keys cached validations by the whole rule list: graphql\'s own rules by identity, any other rule by name', () => {
    const plugin = validationCachePlugin();
    const documentAST = parse('{ __typename }');
    /** The cached result for `rules`, or null after storing a fresh one (named after `label`). */
    const validate = (rules: readonly ValidationRule[], label: string): string | null => {
      let cached: readonly GraphQLError[] | null = null;
      const done = plugin.onValidate!({ params: { schema, documentAST, rules }, setResult: (result: readonly GraphQLError[]) => (cached = result) } as never) as
        | ((payload: { result: readonly GraphQLError[] }) => void)
        | undefined;
      if (cached) return (cached as readonly GraphQLError[])[0]!.message;
      done!({ result: [new GraphQLError(label)] });
      return null;
    };
    const extra: ValidationRule = () => ({});
    // Rules of graphql's names that are not graphql's objects (a plugin's wrappers, say).
    const lookalikes = specifiedRules.map((rule) => Object.defineProperty((context: never) => rule(context), 'name', { value: rule.name }) as ValidationRule);
    expect(validate([...specifiedRules, extra], 'specified + extra')).toBeNull();
    expect(validate([...specifiedRules, extra], 'again')).toBe('specified + extra');
    expect(validate([...specifiedRules], 'specified')).toBeNull();
    expect(validate([...specifiedRules, extra, extra], 'specified + 2 extra')).toBeNull();
    expect(validate([...lookalikes, extra], 'lookalikes + extra')).toBeNull();
    expect(validate([...lookalikes, extra], 'again')).toBe('lookalikes + extra');
    expect(validate([...specifiedRules, extra], 'again')).toBe('specified + extra');
  });

  it(`rejects more than ${requestLimits.maxAliases} aliases`, async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: entities(search: "k") { matchedAlias }`).join(' ');
    const { body, statements } = await query(`{ ${aliases} }`);
    expect(body.errors[0].extensions).toEqual({ code: 'TOO_MANY_ALIASES', limit: requestLimits.maxAliases });
    expect(statements).toBe(0);
  });

  it(`rejects documents of more than ${requestLimits.maxTokens} tokens`, async () => {
    const { body, statements } = await query(`{ ${'__typename '.repeat(requestLimits.maxTokens)} }`);
    expect(body.errors[0].extensions).toEqual({ code: 'TOO_MANY_TOKENS', limit: requestLimits.maxTokens });
    expect(statements).toBe(0);
  });

  it(`rejects more than ${requestLimits.maxDirectives} directives`, async () => {
    const { body, statements } = await query(`{ __typename ${'@include(if: true) '.repeat(requestLimits.maxDirectives + 1)} }`);
    expect(body.errors[0].extensions).toEqual({ code: 'TOO_MANY_DIRECTIVES', limit: requestLimits.maxDirectives });
    expect(statements).toBe(0);
  });

  it(`rejects nested pages whose cost exceeds ${maxQueryComplexity}`, async () => {
    const { body, statements } = await query(
      `{ articles(first: 100) { edges { node { countries { articles(first: 100) { edges { node { people { name } } } } } } } } }`,
    );
    expect(body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: maxQueryComplexity });
    expect(body.errors[0].message).toMatch(/complexity \d+ exceeds the limit of 50000/);
    expect(statements).toBe(0);
  });

  it('checks the cost of every request of a document, by its variables, after the same text passed (src/graphql/complexity.ts)', async () => {
    const source = `query Nested($outer: Int, $inner: Int) { articles(first: $outer) { edges { node { countries { articles(first: $inner) { edges { node { title } } } } } } } }`;
    const ask = (outer: number, inner: number) => post(JSON.stringify({ query: source, variables: { outer, inner } }));
    // Passes, and passes again once the passed operation is kept.
    for (let i = 0; i < 2; i++) {
      const { body } = await ask(2, 2);
      expect(body.errors).toBeUndefined();
      expect(body.data.articles.edges.length).toBeGreaterThan(0);
    }
    // The same text with other variables costs more: refused, before any SQL, every time.
    for (let i = 0; i < 2; i++) {
      const { body, statements } = await ask(100, 100);
      expect(body.errors[0].extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: maxQueryComplexity });
      expect(statements).toBe(0);
    }
    expect((await ask(2, 2)).body.errors).toBeUndefined();
  });

  it('rejects a page larger than 100 (pagination itself has no cap)', async () => {
    const { body, statements } = await query(`{ articles(first: 101) { totalCount } }`);
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first', limit: 100 });
    expect(statements).toBe(0);
    const search = await query(`{ search(query: "North Korea", first: 500) { totalCount } }`);
    expect(search.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
    expect(search.statements).toBe(0);
  });

  it(`rejects a body over ${requestLimits.maxBodyBytes} bytes with 413`, async () => {
    const big = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(requestLimits.maxBodyBytes) } });
    const { status, body, statements } = await post(big);
    expect(status).toBe(413);
    expect(body.errors[0].extensions).toEqual({ code: 'REQUEST_TOO_LARGE', limit: requestLimits.maxBodyBytes });
    expect(statements).toBe(0);
  });

  it(`answers a body streamed without a Content-Length and rejects one past ${requestLimits.maxBodyBytes} bytes, with 413`, async () => {
    const streamed = async (text: string) => {
      const bytes = new TextEncoder().encode(text);
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.subarray(i, i + 64 * 1024));
          controller.close();
        },
      });
      const response = await yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body,
        duplex: 'half',
      } as RequestInit);
      return { status: response.status, body: JSON.parse(await response.text()), statements: test.statements.length };
    };
    const under = await streamed(JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(requestLimits.maxBodyBytes - 100) } }));
    expect(under).toEqual({ status: 200, body: { data: { __typename: 'Query' } }, statements: 0 });
    test.statements.length = 0;
    const over = await streamed(JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(requestLimits.maxBodyBytes) } }));
    expect(over.status).toBe(413);
    expect(over.body.errors[0].extensions).toEqual({ code: 'REQUEST_TOO_LARGE', limit: requestLimits.maxBodyBytes });
    expect(over.statements).toBe(0);
  });

  it('refuses a Content-Length that is not one non-negative integer with 400', async () => {
    for (const length of ['12, 12', 'abc', '-1']) {
      const { status, body, statements } = await post(JSON.stringify({ query: '{ __typename }' }), { 'content-length': length });
      expect(status).toBe(400);
      expect(body.errors[0]).toEqual({ message: 'Content-Length header is invalid.', extensions: { code: 'BAD_REQUEST' } });
      expect(statements).toBe(0);
    }
  });

  it('refuses batched requests', async () => {
    const { status, body, statements } = await post(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect(status).toBe(400);
    expect(body.errors[0].message).toBeTruthy();
    expect(statements).toBe(0);
  });

  it('hides field suggestions and never returns a stack trace', async () => {
    const { text, statements } = await query(`{ articlez { totalCount } }`);
    expect(text).not.toMatch(/Did you mean/);
    expect(text).toMatch(/Suggestion hidden/);
    expect(text).not.toMatch(/stack|\.ts:\d+/);
    expect(statements).toBe(0);
  });

  it('lets ordinary queries through, including the example and a nested one', async () => {
    const example = await query(exampleQuery);
    expect(example.body.errors).toBeUndefined();
    const nested = await query(`{ articles(first: 10) { edges { node { countries { articles(first: 10) { edges { node { people { name } } } } } } } } }`);
    expect(nested.body.errors).toBeUndefined();
  });
});
