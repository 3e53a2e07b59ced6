import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
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
        // The Worker inside workerd, over the local libSQL server that globalSetup starts.
        extends: true,
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: { bindings: { LIBSQL_DB_URL: inject('libsqlUrl') } },
          })),
        ],
        test: {
          name: 'workerd',
          include: ['tests/worker/**/*.test.ts'],
          globalSetup: ['tests/helpers/libsql-global-setup.ts'],
        },
      },
    ],
  },
});
