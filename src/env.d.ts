/// <reference types="@cloudflare/workers-types" />

// The Worker's bindings (wrangler.toml [vars], secrets and .dev.vars). Type-checked by tsconfig.worker.json.
declare namespace Cloudflare {
  interface Env {
    /** libSQL database over HTTP: `libsql://<db>-<org>.turso.io` in production, the local dev server under `npm start`. */
    LIBSQL_DB_URL: string;
    /** Turso auth token (a secret); unset for the local server. */
    LIBSQL_DB_AUTH_TOKEN?: string;
    /** `[vars]` in wrangler.toml: "development" or "production". */
    ENVIRONMENT: string;
    /** `[vars]`: response cache TTL in seconds (0: off), CORS origins, anonymous limit, "off" to disable limits (src/http/settings.ts). */
    CACHE_TTL?: string;
    CORS_ORIGINS?: string;
    RATE_LIMIT_ANON_PER_MINUTE?: string;
    RATE_LIMITS?: string;
    /** `[[ratelimits]]` tiers: n requests a minute each (src/http/rate-limit.ts). */
    RATE_LIMIT_10: RateLimit;
    RATE_LIMIT_60: RateLimit;
    RATE_LIMIT_300: RateLimit;
    RATE_LIMIT_600: RateLimit;
    RATE_LIMIT_1200: RateLimit;
    RATE_LIMIT_6000: RateLimit;
  }
  interface GlobalProps {
    mainModule: typeof import('./worker.ts');
  }
}

interface Env extends Cloudflare.Env {}
