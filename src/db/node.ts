import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import Sqlite from 'libsql';
import { defaultDatabaseUrl, type Database, type QueryListener } from './database.ts';
import { relations } from './relations.ts';

export interface OpenDatabaseOptions {
  url?: string;
  authToken?: string;
  onQuery?: QueryListener;
}

/**
 * How long a statement on a `file:` database waits for another connection's lock before it fails
 * with SQLITE_BUSY. Short on purpose: the embedded engine waits synchronously, blocking the event
 * loop, so longer waits are left to `retryBusy` (src/db/busy.ts), which waits asynchronously.
 */
export const busyTimeoutMs = 250;

/** Opens the database on Node: an embedded `file:`/`:memory:` database or a remote libSQL server. */
export function openDatabase(options: OpenDatabaseOptions = {}): Database {
  const url = options.url ?? process.env.LIBSQL_DB_URL ?? defaultDatabaseUrl;
  const authToken = options.authToken ?? process.env.LIBSQL_DB_AUTH_TOKEN;
  const path = filePath(url);
  if (path !== null) {
    mkdirSync(dirname(path), { recursive: true });
    useWriteAheadLog(path);
  }
  const client = createClient({ url, authToken, timeout: busyTimeoutMs });
  const onQuery = options.onQuery;
  return drizzle({ client, relations, logger: onQuery ? { logQuery: onQuery } : undefined });
}

/** The file behind a `file:` URL; null for `:memory:` and remote URLs. */
function filePath(url: string): string | null {
  if (!url.startsWith('file:')) return null;
  const path = url.slice('file:'.length).split('?')[0]!;
  return path === ':memory:' || path === '' ? null : path;
}

/**
 * Switches a database file to the write-ahead log, once (the mode is stored in the file). Readers
 * then never wait for a writer, and a writer waits only for another writer: the Node server keeps
 * answering while a CLI ingest writes into the same file. Done on a connection of its own because
 * opening must stay synchronous.
 */
function useWriteAheadLog(path: string): void {
  const connection = new Sqlite(path, { timeout: busyTimeoutMs * 20 });
  try {
    connection.prepare('PRAGMA journal_mode = WAL').get();
  } finally {
    connection.close();
  }
}
