import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultHttpSettings, readHttpSettings, SettingsError } from '../src/http/settings.ts';

describe('HTTP settings (environment on Node, [vars] on the Worker)', () => {
  it('defaults: 60 s cache, any origin, limits on, 60 anonymous requests a minute', () => {
    expect(readHttpSettings({})).toEqual(defaultHttpSettings);
    expect(defaultHttpSettings).toMatchObject({ cacheTtlSeconds: 60, corsOrigins: '*', rateLimits: true, anonymousPerMinute: 60 });
  });

  it('reads every variable and refuses bad values', () => {
    expect(
      readHttpSettings({ CACHE_TTL: '0', CORS_ORIGINS: 'https://a.example/, https://b.example', RATE_LIMITS: 'off', RATE_LIMIT_ANON_PER_MINUTE: '10', TRUST_PROXY: '1' }),
    ).toEqual({ cacheTtlSeconds: 0, corsOrigins: ['https://a.example', 'https://b.example'], rateLimits: false, anonymousPerMinute: 10, trustProxy: true });
    expect(readHttpSettings({ CORS_ORIGINS: 'https://a.example,*' }).corsOrigins).toBe('*');
    expect(() => readHttpSettings({ CACHE_TTL: '-1' })).toThrow(SettingsError);
    expect(() => readHttpSettings({ RATE_LIMIT_ANON_PER_MINUTE: '0' })).toThrow(/RATE_LIMIT_ANON_PER_MINUTE/);
    expect(() => readHttpSettings({ RATE_LIMITS: 'maybe' })).toThrow(/RATE_LIMITS/);
  });

  it('wrangler.toml: each RATE_LIMIT_<n> binding allows n requests per 60 s, and the anonymous limit is a tier', () => {
    const toml = readFileSync(new URL('../wrangler.toml', import.meta.url), 'utf8');
    const bindings = [...toml.matchAll(/\[\[ratelimits\]\]\s*name = "(\w+)"\s*namespace_id = "(\d+)"\s*simple = \{ limit = (\d+), period = (\d+) \}/g)];
    expect(bindings.length).toBeGreaterThanOrEqual(2);
    expect(new Set(bindings.map((b) => b[2])).size).toBe(bindings.length);
    for (const [, name, , limit, period] of bindings) {
      expect(name).toBe(`RATE_LIMIT_${limit}`);
      expect(period).toBe('60');
    }
    const anonymous = /^RATE_LIMIT_ANON_PER_MINUTE = "(\d+)"/m.exec(toml)![1];
    expect(bindings.map((b) => b[3])).toContain(anonymous);
    expect(/^CACHE_TTL = "(\d+)"/m.exec(toml)![1]).toBe('60');
  });
});
