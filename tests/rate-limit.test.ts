import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../src/auth/api-keys.ts';
import { BindingRateLimiter, MemoryRateLimiter, type RateLimitBinding } from '../src/http/rate-limit.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { partnerApp } from './helpers/http.ts';

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.close());

const query = '{ articles(first: 1) { totalCount } }';

describe('MemoryRateLimiter (the Node server)', () => {
  it('counts a fixed one-minute window per bucket and resets after it', async () => {
    let now = 1_000_000;
    const limiter = new MemoryRateLimiter({ now: () => now });
    expect(await limiter.limit('a', 2)).toEqual({ allowed: true, limit: 2, remaining: 1, resetSeconds: 60 });
    now += 30_000;
    expect(await limiter.limit('a', 2)).toEqual({ allowed: true, limit: 2, remaining: 0, resetSeconds: 30 });
    expect(await limiter.limit('a', 2)).toEqual({ allowed: false, limit: 2, remaining: 0, resetSeconds: 30 });
    expect((await limiter.limit('b', 2)).allowed).toBe(true);
    now += 30_000;
    expect(await limiter.limit('a', 2)).toEqual({ allowed: true, limit: 2, remaining: 1, resetSeconds: 60 });
  });
});

describe('BindingRateLimiter (the Worker)', () => {
  function fakeBinding(limit: number, calls: string[]): RateLimitBinding {
    const counts = new Map<string, number>();
    return {
      async limit({ key }) {
        calls.push(`${limit}:${key}`);
        const n = (counts.get(key) ?? 0) + 1;
        counts.set(key, n);
        return { success: n <= limit };
      },
    };
  }

  it('finds RATE_LIMIT_<n> bindings in env and counts a request on the largest tier not above its allowance', async () => {
    const calls: string[] = [];
    const env = { RATE_LIMIT_10: fakeBinding(10, calls), RATE_LIMIT_600: fakeBinding(600, calls), RATE_LIMIT_60: fakeBinding(60, calls), CACHE_TTL: '60' };
    const limiter = BindingRateLimiter.fromEnv(env)!;
    expect(limiter.tiers.map((t) => t.limit)).toEqual([10, 60, 600]);
    expect(limiter.tierFor(60).limit).toBe(60);
    expect(limiter.tierFor(599).limit).toBe(60);
    expect(limiter.tierFor(100_000).limit).toBe(600);
    expect(limiter.tierFor(3).limit).toBe(10); // below every tier: the smallest
    const first = await limiter.limit('key:7', 700);
    expect(first).toMatchObject({ allowed: true, limit: 600, remaining: 599 });
    expect(calls).toEqual(['600:key:7']);
    expect(BindingRateLimiter.fromEnv({ CACHE_TTL: '60' })).toBeUndefined();
  });

  it('reports remaining 0 once the binding denies, whatever the local count says', async () => {
    const limiter = new BindingRateLimiter([{ limit: 60, binding: { limit: async () => ({ success: false }) } }]);
    const decision = await limiter.limit('ip:x', 60);
    expect(decision).toMatchObject({ allowed: false, limit: 60, remaining: 0 });
    expect(decision.resetSeconds).toBeGreaterThanOrEqual(1);
    expect(decision.resetSeconds).toBeLessThanOrEqual(60);
  });
});

describe('rate limits over the API', () => {
  it('gives anonymous clients the anonymous limit per address, with RateLimit headers on every response, then 429 before any SQL', async () => {
    const { send } = partnerApp(test, { settings: { anonymousPerMinute: 3, cacheTtlSeconds: 0 } });
    const client = { 'x-test-client': '198.51.100.7' };
    for (let i = 1; i <= 3; i++) {
      const r = await send({ query }, client);
      expect(r.status).toBe(200);
      expect(r.headers.get('ratelimit-limit')).toBe('3');
      expect(r.headers.get('ratelimit-remaining')).toBe(String(3 - i));
      expect(Number(r.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
      expect(r.headers.get('ratelimit-policy')).toBe('3;w=60');
    }
    const over = await send({ query }, client);
    expect(over.status).toBe(429);
    expect(over.statements).toEqual([]);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over.headers.get('ratelimit-remaining')).toBe('0');
    expect(over.headers.get('content-type')).toContain('application/graphql-response+json');
    expect(over.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 3, period: 60 });
    expect(over.body.errors[0].message).toMatch(/Rate limit exceeded: 3 requests per minute for anonymous clients/);
    // Another address has its own window.
    expect((await send({ query }, { 'x-test-client': '198.51.100.8' })).status).toBe(200);
  });

  it("gives a keyed client its key's per-minute limit, counted before any SQL but the key lookup", async () => {
    const { key } = await createApiKey(test.db, { name: 'limited reader', scopes: ['read'], perMinute: 2 });
    const { send } = partnerApp(test, { settings: { anonymousPerMinute: 1, cacheTtlSeconds: 0 } });
    const auth = { authorization: `Bearer ${key}`, 'x-test-client': '198.51.100.9' };
    for (let i = 1; i <= 2; i++) {
      const r = await send({ query }, auth);
      expect(r.status).toBe(200);
      expect(r.headers.get('ratelimit-limit')).toBe('2');
      expect(r.headers.get('ratelimit-remaining')).toBe(String(2 - i));
    }
    const over = await send({ query }, auth);
    expect(over.status).toBe(429);
    expect(over.statements).toHaveLength(1);
    expect(over.statements[0]).toMatch(/from "api_keys"/);
    expect(over.body.errors[0].message).toBe(
      `Rate limit exceeded: 2 requests per minute for the API key "limited reader". Retry in ${over.headers.get('retry-after')} s.`,
    );
  });

  it('answers a wrong or revoked key with 401 UNAUTHENTICATED instead of serving it as anonymous, and counts it against the address', async () => {
    const { key, apiKey } = await createApiKey(test.db, { name: 'to revoke', scopes: ['read'] });
    await revokeApiKey(test.db, apiKey.id);
    const { send } = partnerApp(test, { settings: { anonymousPerMinute: 5, cacheTtlSeconds: 0 } });
    for (const authorization of [`Bearer ${key}`, `Bearer ng_00000000_${'0'.repeat(64)}`, 'Bearer nonsense', 'Basic dXNlcjpwdw==']) {
      const r = await send({ query }, { authorization, 'x-test-client': '198.51.100.10' });
      expect(r.status, authorization).toBe(401);
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(r.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(r.body.data).toBeUndefined();
      expect(r.statements.every((s) => /from "api_keys"/.test(s))).toBe(true);
    }
    const fifth = await send({ query }, { authorization: 'Bearer nonsense', 'x-test-client': '198.51.100.10' });
    expect(fifth.headers.get('ratelimit-remaining')).toBe('0');
    expect((await send({ query }, { authorization: 'Bearer nonsense', 'x-test-client': '198.51.100.10' })).status).toBe(429);
  });

  it('refuses queries with a key that lacks the read scope (FORBIDDEN), before any SQL but the key lookup', async () => {
    const { key } = await createApiKey(test.db, { name: 'ingest only', scopes: ['ingest'] });
    const { send } = partnerApp(test);
    const r = await send({ query }, { authorization: `Bearer ${key}` });
    expect(r.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'read' });
    expect(r.body.errors[0].message).toMatch(/"ingest only" lacks the "read" scope/);
    expect(r.statements).toHaveLength(1);
  });

  it('is off with RATE_LIMITS=off: no headers, no 429', async () => {
    const { send } = partnerApp(test, { settings: { rateLimits: false, anonymousPerMinute: 1, cacheTtlSeconds: 0 } });
    for (let i = 0; i < 3; i++) {
      const r = await send({ query });
      expect(r.status).toBe(200);
      expect(r.headers.has('ratelimit-limit')).toBe(false);
    }
  });
});
