import type { Client } from '@libsql/client';
import type { LibSQLDatabase } from 'drizzle-orm/libsql/driver-core';
// The web build takes any libSQL client (embedded or HTTP) and is the one the Worker can load.
import { drizzle } from 'drizzle-orm/libsql/web';
import { relations } from './relations.ts';
import { hookedClient, type StatementHook } from './statement-hook.ts';

/** The drizzle database the app runs on, whichever libSQL client (embedded file or HTTP) sits below it. */
export type Database = LibSQLDatabase<typeof relations> & {
  $client: Client;
  /**
   * This database on the same client and query listener, with `hook` told of every statement it
   * sends: how a request's SQL is timed (src/http/timing.ts). Costs about 1 µs (a drizzle instance).
   */
  withStatementHook(hook: StatementHook): Database;
};

/**
 * Set on a statement object passed to `execute`, asks for rows as plain arrays of their values
 * (what drizzle's array mode copies out of the client's row objects): the Node reader
 * (src/db/node.ts) builds them so; another client ignores it and returns its usual rows.
 */
export const rowsAsArrays = Symbol('rowsAsArrays');

/** Observes every SQL statement drizzle sends; tests and benchmarks count them. */
export type QueryListener = (sql: string, params: unknown[]) => void;

export const defaultDatabaseUrl = 'file:data/newsgraph.db';

/**
 * The database over `client`: the one place the app builds drizzle (src/db/node.ts and web.ts open clients).
 * `jit`: drizzle compiles a row mapper per relational query (a plain loop instead of its generic
 * one, which a planned node query keeps); Node only, as a Worker may not compile code at run time.
 */
export function databaseOn(client: Client, onQuery?: QueryListener, options: { jit?: boolean } = {}): Database {
  const db = drizzle({ client, relations, jit: options.jit, logger: onQuery ? { logQuery: onQuery } : undefined });
  return Object.assign(db, { withStatementHook: (hook: StatementHook) => databaseOn(hookedClient(client, hook), onQuery, options) });
}
