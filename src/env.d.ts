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
  }
  interface GlobalProps {
    mainModule: typeof import('./worker.ts');
  }
}

interface Env extends Cloudflare.Env {}
