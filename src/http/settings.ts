/**
 * The partner-facing HTTP settings, read from environment variables on Node and from `[vars]`
 * on the Worker (same names). README "Configuration" and "For partners" list them.
 */
export interface HttpSettings {
  /** CACHE_TTL: seconds a read query's response is cached and may be reused (0 turns the cache off). */
  cacheTtlSeconds: number;
  /** CORS_ORIGINS: comma-separated origins browsers may call from; `*` (the default) allows any. */
  corsOrigins: '*' | string[];
  /** RATE_LIMITS: `off` disables rate limiting (benchmarks, load tests); on by default. */
  rateLimits: boolean;
  /** RATE_LIMIT_ANON_PER_MINUTE: requests a minute for a client without an API key, per IP address. */
  anonymousPerMinute: number;
  /** TRUST_PROXY (Node only): the client address is the last X-Forwarded-For hop, not the socket's. */
  trustProxy: boolean;
}

export const defaultHttpSettings: HttpSettings = {
  cacheTtlSeconds: 60,
  corsOrigins: '*',
  rateLimits: true,
  anonymousPerMinute: 60,
  trustProxy: false,
};

export class SettingsError extends Error {}

function nonNegativeInteger(name: string, value: string | undefined, fallback: number, min = 0): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new SettingsError(`${name} must be an integer ≥ ${min} (got "${value}")`);
  return n;
}

function flag(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value.trim() === '') return fallback;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'on', 'yes'].includes(v)) return true;
  if (['0', 'false', 'off', 'no'].includes(v)) return false;
  throw new SettingsError(`${name} must be on or off (got "${value}")`);
}

/** Parses the settings from a record of strings (process.env, or the Worker's env); throws SettingsError on a bad value. */
export function readHttpSettings(vars: Record<string, unknown>): HttpSettings {
  const get = (name: string) => (typeof vars[name] === 'string' ? (vars[name] as string) : undefined);
  const origins = (get('CORS_ORIGINS') ?? '*')
    .split(',')
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  return {
    cacheTtlSeconds: nonNegativeInteger('CACHE_TTL', get('CACHE_TTL'), defaultHttpSettings.cacheTtlSeconds),
    corsOrigins: !origins.length || origins.includes('*') ? '*' : origins,
    rateLimits: flag('RATE_LIMITS', get('RATE_LIMITS'), defaultHttpSettings.rateLimits),
    anonymousPerMinute: nonNegativeInteger('RATE_LIMIT_ANON_PER_MINUTE', get('RATE_LIMIT_ANON_PER_MINUTE'), defaultHttpSettings.anonymousPerMinute, 1),
    trustProxy: flag('TRUST_PROXY', get('TRUST_PROXY'), defaultHttpSettings.trustProxy),
  };
}
