import { createClient } from '@libsql/client/web';
import { databaseOn, type Database, type QueryListener } from './database.ts';

/** Opens a libSQL database over HTTP (Turso, or the local dev server): the only kind a Worker can reach. */
export function openWebDatabase(url: string, authToken?: string, onQuery?: QueryListener): Database {
  return databaseOn(createClient({ url, authToken }), onQuery);
}
