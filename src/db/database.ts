import type { Client } from '@libsql/client';
import type { LibSQLDatabase } from 'drizzle-orm/libsql/driver-core';
import type { relations } from './relations.ts';

/** The drizzle database the app runs on, whichever libSQL client (embedded file or HTTP) sits below it. */
export type Database = LibSQLDatabase<typeof relations> & { $client: Client };

/** Observes every SQL statement drizzle sends; tests and benchmarks count them. */
export type QueryListener = (sql: string, params: unknown[]) => void;

export const defaultDatabaseUrl = 'file:data/newsgraph.db';

const viewBases = new WeakMap<Database, Database>();

/** Records that `view` runs on `base`'s client (a per-request view, as src/http/timing.ts makes). */
export function registerDatabaseView(view: Database, base: Database): void {
  viewBases.set(view, baseDatabase(base));
}

/** The database a per-request view was made from (or `db` itself): what per-database caches key on. */
export function baseDatabase(db: Database): Database {
  return viewBases.get(db) ?? db;
}
