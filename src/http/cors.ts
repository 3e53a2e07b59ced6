import type { CORSOptions } from 'graphql-yoga';

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
 */
export function corsOptions(origins: '*' | string[]): CORSOptions {
  return {
    origin: origins,
    credentials: false,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'Authorization', 'Accept', 'If-None-Match', 'Cache-Control'],
    exposedHeaders,
    maxAge: 86_400,
  };
}
