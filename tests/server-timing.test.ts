import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { partnerApp } from './helpers/http.ts';

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.close());

/** `Server-Timing: a;dur=1.00, b;dur=2.00;desc="x"` → { a: { dur: 1 }, b: { dur: 2, desc: 'x' } } */
function parseServerTiming(header: string | null): Record<string, { dur?: number; desc?: string }> {
  const out: Record<string, { dur?: number; desc?: string }> = {};
  for (const metric of (header ?? '').split(',')) {
    const [name, ...params] = metric.trim().split(';');
    const entry: { dur?: number; desc?: string } = {};
    for (const p of params) {
      const [k, v] = p.split('=');
      if (k === 'dur') entry.dur = Number(v);
      if (k === 'desc') entry.desc = v!.replace(/^"|"$/g, '');
    }
    out[name!] = entry;
  }
  return out;
}

describe('Server-Timing', () => {
  it('reports parse, validate, execute, db (time and statement count) and total', async () => {
    const { send } = partnerApp(test, { settings: { cacheTtlSeconds: 0 } });
    const r = await send({ query: '{ articles(where: { countries: ["North Korea"], text: "sanctions" }) { totalCount edges { node { title countries { name } } } } }' });
    expect(r.status).toBe(200);
    const timing = parseServerTiming(r.headers.get('server-timing'));
    for (const phase of ['parse', 'validate', 'execute', 'db', 'total']) {
      expect(timing[phase]?.dur, phase).toBeGreaterThanOrEqual(0);
    }
    expect(timing.db!.desc).toBe(`${r.statements.length} statement${r.statements.length === 1 ? '' : 's'}`);
    expect(r.statements.length).toBeGreaterThan(0);
    expect(timing.db!.dur).toBeGreaterThan(0);
    expect(timing.execute!.dur).toBeGreaterThanOrEqual(timing.db!.dur! * 0.5);
    expect(timing.total!.dur).toBeGreaterThanOrEqual(timing.execute!.dur!);
  });

  it('shows a cache hit with no parse, validate or execute and no statements', async () => {
    const { send } = partnerApp(test);
    const query = '{ articles(first: 2) { edges { node { title } } } }';
    await send({ query });
    const hit = parseServerTiming((await send({ query })).headers.get('server-timing'));
    expect(hit.cache!.desc).toBe('hit');
    expect(hit.db!.desc).toBe('0 statements');
    expect(hit.parse).toBeUndefined();
    expect(hit.execute).toBeUndefined();
  });

  it('appears on every GraphQL response, errors included', async () => {
    const { send } = partnerApp(test);
    const r = await send({ query: '{ articles(where: { countries: ["Atlantis"] }) { totalCount } }' });
    expect(r.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(parseServerTiming(r.headers.get('server-timing')).db!.desc).toMatch(/^\d+ statements?$/);
  });
});

describe('CORS', () => {
  it('allows any origin by default, without credentials, and exposes the quota, cache and timing headers', async () => {
    const { yoga } = partnerApp(test);
    const preflight = await yoga.fetch('http://localhost/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://anyone.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://anyone.example');
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/If-None-Match/);
    expect(preflight.headers.has('access-control-allow-credentials')).toBe(false);
    expect(preflight.headers.has('ratelimit-limit')).toBe(false); // preflights are not counted
    const post = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { origin: 'https://anyone.example', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    const exposed = post.headers.get('access-control-expose-headers') ?? '';
    for (const header of ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'Retry-After', 'ETag', 'Server-Timing']) expect(exposed).toContain(header);
  });

  it('allows only CORS_ORIGINS when set', async () => {
    const { yoga } = partnerApp(test, { settings: { corsOrigins: ['https://partner.example', 'https://news.example'] } });
    const preflight = (origin: string) =>
      yoga.fetch('http://localhost/graphql', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
    expect((await preflight('https://partner.example')).headers.get('access-control-allow-origin')).toBe('https://partner.example');
    expect((await preflight('https://news.example')).headers.get('access-control-allow-origin')).toBe('https://news.example');
    // No `Access-Control-Allow-Origin: null` for a refused origin: a sandboxed page's `Origin: null` would match it.
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight('null')).headers.get('access-control-allow-origin')).toBeNull();
  });
});
