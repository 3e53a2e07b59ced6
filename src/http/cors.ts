import type { CORSOptions, Plugin } from 'graphql-yoga';

/** Response headers browsers may read cross-origin: quotas, caching and timing. */
export const exposedHeaders = [
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'RateLimit-Policy',
  'Retry-After',
  'ETag',
  'Age',
  'Cache-Control',
  'Server-Timing',
];

/**
 * CORS from CORS_ORIGINS (`*` by default: the API is public to read). No credentials: API keys go in
 * the Authorization header, which a page must set itself (a preflighted request), and cookies are
 * never read, so a cross-site page cannot act with a partner's key; CSRF does not apply.
 *
 * With a list, a request from an origin not on it (including the opaque `null` of sandboxed
 * frames and file: pages) gets no CORS headers at all, rather than `Access-Control-Allow-Origin: null`,
 * which a `null` origin would match. Responses vary by Origin (corsVaryPlugin).
 */
export function corsOptions(origins: '*' | string[], requestOrigin: string | null = null): CORSOptions | false {
  if (origins !== '*' && (requestOrigin === null || !origins.includes(requestOrigin))) return false;
  return {
    origin: origins === '*' ? '*' : [requestOrigin!],
    credentials: false,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'Authorization', 'Accept', 'If-None-Match', 'Cache-Control'],
    exposedHeaders,
    maxAge: 86_400,
  };
}

/** `Vary: Origin` on every response: CORS headers depend on it, so shared caches must key on it. */
export function corsVaryPlugin(): Plugin {
  return {
    onResponse({ response }) {
      const vary = response.headers.get('vary') ?? '';
      if (!/(^|,)\s*origin\s*(,|$)/i.test(vary)) response.headers.append('Vary', 'Origin');
    },
  };
}
