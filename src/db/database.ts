import type { Client } from '@libsql/client';
import type { LibSQLDatabase } from 'drizzle-orm/libsql/driver-core';
import type { relations } from './relations.ts';

/** The drizzle database the app runs on, whichever libSQL client (embedded file or HTTP) sits below it. */
export type Database = LibSQLDatabase<typeof relations> & { $client: Client };

/** Observes every SQL statement drizzle sends; tests and benchmarks count them. */
export type QueryListener = (sql: string, params: unknown[]) => void;

export const defaultDatabaseUrl = 'file:data/newsgraph.db';
