import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createClient, type Client, type InArgs, type InStatement, type ResultSet } from '@libsql/client';
import Sqlite from 'libsql';
import { databaseOn, defaultDatabaseUrl, type Database, type QueryListener } from './database.ts';

export interface OpenDatabaseOptions {
  url?: string;
  authToken?: string;
  onQuery?: QueryListener;
}

/**
 * How long a write on a `file:` database waits for another process's write lock before it fails
 * with SQLITE_BUSY. The embedded engine waits synchronously, blocking the event loop, so this is
 * short; `retryBusy` (src/db/busy.ts) waits longer, asynchronously, between tries.
 */
export const writeBusyTimeoutMs = 250;
/**
 * The same for reads, which in WAL mode wait only in rare moments (recovering the log after a
 * crash). Long, because a read that fails busy would leave its connection unusable (see below).
 */
const readBusyTimeoutMs = 5000;

/** Opens the database on Node: an embedded `file:`/`:memory:` database or a remote libSQL server. */
export function openDatabase(options: OpenDatabaseOptions = {}): Database {
  const url = options.url ?? process.env.LIBSQL_DB_URL ?? defaultDatabaseUrl;
  const authToken = options.authToken ?? process.env.LIBSQL_DB_AUTH_TOKEN;
  const client = createClient({ url, authToken, timeout: readBusyTimeoutMs });
  const path = filePath(url);
  if (path !== null) {
    mkdirSync(dirname(path), { recursive: true });
    writeThroughOwnConnection(client, path);
  }
  return databaseOn(client, options.onQuery);
}

/** The file behind a `file:` URL; null for `:memory:` and remote URLs. */
function filePath(url: string): string | null {
  if (!url.startsWith('file:')) return null;
  const path = url.slice('file:'.length).split('?')[0]!;
  return path === ':memory:' || path === '' ? null : path;
}

/**
 * Makes a file database safe for several writing processes at once (a server and CLI ingests):
 *
 * - The write-ahead log (stored in the file, so set once): readers never wait for a writer, and a
 *   writer waits only for another writer.
 * - Batches and migrations (every write of this app) run on a connection of their own, in a
 *   transaction that takes the write lock first (BEGIN IMMEDIATE): a deferred one reads first and
 *   fails with SQLITE_BUSY_SNAPSHOT when another process commits in between, which no wait cures.
 * - That BEGIN goes through `exec`. libsql 0.5.29 leaves a prepared statement that failed with
 *   SQLITE_BUSY in progress until garbage collection, and every later transaction on its connection
 *   then fails too (tursodatabase/libsql-client-ts#352; the fix, libsql-js#238, is unreleased), so
 *   a busy BEGIN through @libsql/client would poison a pooled connection. `exec` finalizes its
 *   statement, and inside the write lock no statement can be busy.
 */
function writeThroughOwnConnection(client: Client, path: string): void {
  const writer = new Sqlite(path, { timeout: writeBusyTimeoutMs });
  writer.prepare('PRAGMA journal_mode = WAL').all();
  // Up to 64 MiB of pages (SQLite's default is 2 MiB): an ingest touches a dozen tables and their
  // indexes per article, and pages evicted between articles were read back from the OS each time.
  writer.exec('PRAGMA cache_size = -65536');
  // Ingest sends the same statement text for every article (the per-article summary); preparing
  // it once instead of per article saves a few percent of ingest. Dropped after any failure,
  // so a statement that failed is never run again (libsql may leave it in progress, see above).
  const cached = new Map<string, ReturnType<typeof writer.prepare>>();
  const prepareCached = (text: string) => {
    let statement = cached.get(text);
    if (statement === undefined) {
      statement = writer.prepare(text);
      if (cached.size >= 64) cached.delete(cached.keys().next().value!);
      cached.set(text, statement);
    }
    return statement;
  };
  const inWriteTransaction = (statements: (InStatement | [string, InArgs?])[]): ResultSet[] => {
    writer.exec('BEGIN IMMEDIATE');
    try {
      const results = statements.map((statement) => {
        const { sql, args = [] } = typeof statement === 'string' ? { sql: statement } : Array.isArray(statement) ? { sql: statement[0], args: statement[1] } : statement;
        const prepared = prepareCached(sql);
        if (prepared.reader) return resultSet(prepared.all(args) as Record<string, unknown>[], 0, undefined);
        const info = prepared.run(args);
        return resultSet([], info.changes, BigInt(info.lastInsertRowid));
      });
      writer.exec('COMMIT');
      return results;
    } catch (error) {
      cached.clear();
      if (writer.inTransaction) writer.exec('ROLLBACK');
      throw error;
    }
  };
  client.batch = async (statements) => inWriteTransaction(statements);
  client.migrate = async (statements) => {
    // As @libsql/client's own migrate does: table rebuilds must not trip foreign keys.
    writer.exec('PRAGMA foreign_keys = off');
    try {
      return inWriteTransaction(statements);
    } finally {
      writer.exec('PRAGMA foreign_keys = on');
    }
  };
  const close = client.close.bind(client);
  client.close = () => {
    writer.close();
    close();
  };
}

function resultSet(rows: Record<string, unknown>[], rowsAffected: number, lastInsertRowid: bigint | undefined): ResultSet {
  const columns = rows[0] ? Object.keys(rows[0]) : [];
  return {
    columns,
    columnTypes: columns.map(() => ''),
    rows: rows as unknown as ResultSet['rows'],
    rowsAffected,
    lastInsertRowid,
    toJSON: () => ({ columns, rows, rowsAffected, lastInsertRowid: lastInsertRowid?.toString() }),
  };
}
