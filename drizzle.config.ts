import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'turso',
  schema: './src/db/schema.ts',
  out: './migrations',
  dbCredentials: {
    url: process.env.LIBSQL_DB_URL ?? 'file:data/newsgraph.db',
    authToken: process.env.LIBSQL_DB_AUTH_TOKEN,
  },
});
