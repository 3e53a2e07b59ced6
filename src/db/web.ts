import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import type { Database, QueryListener } from './database.ts';
import { relations } from './relations.ts';

/** Opens a libSQL database over HTTP (Turso, or the local dev server): the only kind a Worker can reach. */
export function openWebDatabase(url: string, authToken?: string, onQuery?: QueryListener): Database {
  const client = createClient({ url, authToken });
  return drizzle({ client, relations, logger: onQuery ? { logQuery: onQuery } : undefined });
}
