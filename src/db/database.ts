import type { Client } from '@libsql/client';
import type { Logger } from 'drizzle-orm';
import { LibSQLDatabase } from 'drizzle-orm/libsql/driver-core';
import { LibSQLSession } from 'drizzle-orm/libsql/session';
import type { SQLiteDialect } from 'drizzle-orm/sqlite-core';
// The web build takes any libSQL client (embedded or HTTP) and is the one the Worker can load.
import { drizzle } from 'drizzle-orm/libsql/web';
import { relations } from './relations.ts';
import { hookedClient, type StatementHook } from './statement-hook.ts';

/** The drizzle database the app runs on, whichever libSQL client (embedded file or HTTP) sits below it. */
export type Database = LibSQLDatabase<typeof relations> & {
  $client: Client;
  /**
   * This database on the same client and query listener, with `hook` told of every statement it
   * sends: how a request's SQL is timed (src/http/timing.ts). Costs a few µs (a drizzle instance on the same dialect).
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

/** The database over `client`: the one place the app builds drizzle (src/db/node.ts and web.ts open clients). */
export function databaseOn(client: Client, onQuery?: QueryListener): Database {
  return withStatementHooks(drizzle({ client, relations, logger: onQuery ? { logQuery: onQuery } : undefined }), client);
}

/**
 * `db` with `withStatementHook`, whose databases share `db`'s dialect and logger: built as drizzle's
 * own `construct` builds one (drizzle-orm 1.0.0-rc.5, pinned), but without a dialect per request
 * (its codecs).
 */
function withStatementHooks(db: LibSQLDatabase<typeof relations> & { $client: Client }, client: Client): Database {
  const { dialect, session } = db as unknown as { dialect: SQLiteDialect; session: { logger: Logger } };
  return Object.assign(db, {
    withStatementHook: (hook: StatementHook) => {
      const hooked = hookedClient(client, hook);
      const hookedSession = new LibSQLSession(hooked, dialect, relations, { logger: session.logger }, undefined);
      const hookedDb = Object.assign(new LibSQLDatabase('async', dialect, hookedSession, relations), { $client: hooked, $cache: undefined });
      return withStatementHooks(hookedDb as unknown as LibSQLDatabase<typeof relations> & { $client: Client }, hooked);
    },
  });
}
