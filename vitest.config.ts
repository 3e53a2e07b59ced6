import { dirname } from 'node:path';
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { configDefaults, defineConfig } from 'vitest/config';
import { unstable_readConfig } from 'wrangler';

// The ingest Worker as deployed (wrangler.ingest.toml): its date and vars, beside the API Worker.
const ingestConfig = unstable_readConfig({ config: './wrangler.ingest.toml' });

export default defineConfig({
  test: {
    // Hang guards, not speed checks: a Worker's first request (model parse, cold isolate) ran past 30 s
    // on a 2-core machine at load average 13.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        resolve: {
          // graphql 16 ships CJS (main) and ESM (module) without an exports map: Node loads the CJS
          // build for yoga, so our code must get the same copy or `instanceof GraphQLError` fails.
          alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
        },
        test: {
          name: 'node',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'tests/worker/**'],
        },
      },
      {
        // The API Worker inside workerd, over the local libSQL server that globalSetup starts, with
        // the ingest Worker (built by globalSetup) behind its INGEST service binding.
        extends: true,
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: { LIBSQL_DB_URL: inject('libsqlUrl') },
              workers: [
                {
                  name: ingestConfig.name,
                  modules: true,
                  // Module names are paths below rootPath: the bundle's own folder (a temp folder).
                  rootPath: dirname(inject('ingestWorkerScript')),
                  scriptPath: inject('ingestWorkerScript'),
                  compatibilityDate: ingestConfig.compatibility_date,
                  bindings: {
                    ...ingestConfig.vars,
                    LIBSQL_DB_URL: inject('libsqlUrl'),
                    // The poller against the loopback fixture server: no politeness pause, small caps.
                    POLL_HOST_DELAY_MS: '0',
                    POLL_TIMEOUT_MS: '60000', // a hang guard, not a speed check
                    POLL_MAX_BYTES: '300000',
                    POLL_MAX_FETCHES: '100',
                    POLL_MAX_ENTRIES: '100',
                  },
                },
              ],
            },
          })),
        ],
        test: {
          name: 'workerd',
          include: ['tests/worker/**/*.test.ts'],
          globalSetup: ['tests/helpers/libsql-global-setup.ts', 'tests/helpers/feed-global-setup.ts', 'tests/helpers/ingest-worker-global-setup.ts'],
        },
      },
    ],
  },
});
