import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { defaultDatabaseUrl, type Database, type QueryListener } from './database.ts';
import { relations } from './relations.ts';

export interface OpenDatabaseOptions {
  url?: string;
  authToken?: string;
  onQuery?: QueryListener;
}

/** Opens the database on Node: an embedded `file:`/`:memory:` database or a remote libSQL server. */
export function openDatabase(options: OpenDatabaseOptions = {}): Database {
  const url = options.url ?? process.env.LIBSQL_DB_URL ?? defaultDatabaseUrl;
  const authToken = options.authToken ?? process.env.LIBSQL_DB_AUTH_TOKEN;
  if (url.startsWith('file:')) mkdirSync(dirname(url.slice('file:'.length)), { recursive: true });
  const client = createClient({ url, authToken });
  const onQuery = options.onQuery;
  return drizzle({ client, relations, logger: onQuery ? { logQuery: onQuery } : undefined });
}
