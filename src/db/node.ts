import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createClient, type Client, type InArgs, type InStatement, type ResultSet } from '@libsql/client';
import Sqlite from 'libsql';
import { LRUCache } from 'lru-cache';
import { databaseOn, defaultDatabaseUrl, rowsAsArrays, type Database, type QueryListener } from './database.ts';

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

/**
 * Up to 64 MiB of pages per connection, the writer's and the reader's (SQLite's default is 2 MiB);
 * allocated only as pages are read, so a small database never uses it. Reads at 100k articles whose
 * pages outgrew 2 MiB were read back from the OS on every request: the related-entities statements
 * 40 % faster, timeline and facets of every article, salience ranking and stories of a country
 * 10–20 %; the headline page fits either way (at 1M it is 10 % faster too). Memory-mapping the
 * file instead (mmap_size) was 3–6 % slower: each page read through the map is set up anew, where
 * a cached one is only looked up.
 */
const pageCache = 'PRAGMA cache_size = -65536';

/** Opens the database on Node: an embedded `file:`/`:memory:` database or a remote libSQL server. */
export function openDatabase(options: OpenDatabaseOptions = {}): Database {
  const url = options.url ?? process.env.LIBSQL_DB_URL ?? defaultDatabaseUrl;
  const authToken = options.authToken ?? process.env.LIBSQL_DB_AUTH_TOKEN;
  const client = createClient({ url, authToken, timeout: readBusyTimeoutMs });
  const path = filePath(url);
  if (path !== null) {
    mkdirSync(dirname(path), { recursive: true });
    writeThroughOwnConnection(client, path);
    readThroughCachedStatements(client, path);
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
 * Switches the file to WAL. Processes opening a new file at once race for this switch, and SQLite
 * answers the loser SQLITE_BUSY at once, without its busy handler (it will not wait while holding a
 * lock another waiter needs), so the wait is written here; synchronously, as opening is (`retryBusy`
 * is async). `exec` finalizes the statement, so a busy try leaves the connection usable (see below).
 */
function enableWriteAheadLog(writer: InstanceType<typeof Sqlite>): void {
  const deadline = Date.now() + readBusyTimeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      writer.exec('PRAGMA journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.min(5 * attempt, 100));
    }
  }
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
  enableWriteAheadLog(writer);
  // An ingest touches a dozen tables and their indexes per article, and with SQLite's default cache
  // pages evicted between articles were read back from the OS each time.
  writer.exec(pageCache);
  // Ingest sends the same statement text for every article (the per-article summary); preparing
  // it once instead of per article saves a few percent of ingest. Dropped after any failure,
  // so a statement that failed is never run again (libsql may leave it in progress, see above).
  const cached = new LRUCache<string, Statement>({ max: 64 });
  const prepareCached = (text: string) => {
    let statement = cached.get(text);
    if (!statement) cached.set(text, (statement = writer.prepare(text)));
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

type Statement = ReturnType<InstanceType<typeof Sqlite>['prepare']>;

/** A read statement prepared once: its column names and the prototype its rows share. */
interface CachedRead {
  statement: Statement;
  columns: string[];
  columnTypes: string[];
  /** The name each value is stored under, null for a repeated name: the first of two same-named columns names the value, as in the client's rows. */
  names: (string | null)[];
  rowPrototype: object;
}

const rowValues = Symbol('rowValues');
/** What the read cache keeps for a text that is not a plain read (lru-cache keeps no null). */
const notRead = Symbol('notRead');

/**
 * The prototype of rows as @libsql/client builds them (each value by column name, enumerable, and
 * by index, not, with a non-enumerable `length`): the index and `length` are getters here, shared
 * by every row of a statement, instead of a defineProperty per value and row.
 */
function rowPrototypeFor(columns: string[]): object {
  const prototype: PropertyDescriptorMap = { length: { get: () => columns.length } };
  columns.forEach((_, i) => {
    prototype[i] = {
      get(this: { [rowValues]: unknown[] }) {
        return this[rowValues][i];
      },
    };
  });
  return Object.create(Object.prototype, prototype);
}

const safeInteger = (value: bigint) => value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Reads on Node without preparing each statement anew: @libsql/client prepares every statement
 * per call (about a millisecond of SQLite's time for the page statement), so reads (SELECT and
 * WITH that SQLite calls readers) run on one connection of their own whose prepared statements
 * are kept by SQL text. That connection is query_only, so nothing can write through it. Anything
 * else — writes, named arguments, unusual values, transactions, batches — and any read that
 * fails takes the client's own path (a failed read is retried there, so errors are the client's).
 * The rows are the client's (intMode "number"), or for a statement marked `rowsAsArrays` each
 * row's values as a plain array; the Worker's HTTP client is not touched (Turso caches statement
 * text per stream itself).
 */
function readThroughCachedStatements(client: Client, path: string): void {
  const reader = new Sqlite(path, { timeout: readBusyTimeoutMs });
  reader.exec('PRAGMA query_only = 1');
  reader.exec(pageCache);
  // Least recently used dropped first: a busy server's frequent statements stay prepared however
  // many one-off texts pass through. Texts that are not reads are kept too (as notRead), so they
  // are not parsed again.
  const reads = new LRUCache<string, CachedRead | typeof notRead>({ max: 128 });
  const prepareRead = (text: string): CachedRead | null => {
    const kept = reads.get(text);
    if (kept !== undefined) return kept === notRead ? null : kept;
    let read: CachedRead | null = null;
    if (/^\s*(select|with)\b/i.test(text)) {
      const statement = reader.prepare(text);
      if (statement.reader) {
        statement.safeIntegers(true).raw(true);
        const described = statement.columns() as { name: string; type: string | null }[];
        const columns = described.map((c) => c.name);
        const names = columns.map((name, i) => (columns.indexOf(name) === i ? name : null));
        read = { statement, columns, columnTypes: described.map((c) => c.type ?? ''), names, rowPrototype: rowPrototypeFor(columns) };
      }
    }
    reads.set(text, read ?? notRead);
    return read;
  };
  const readFast = (sql: string, args: InArgs | undefined, asArrays: boolean): ResultSet | undefined => {
    if (args !== undefined && !Array.isArray(args)) return undefined;
    if (args?.some((a) => !(typeof a === 'string' || a === null || (typeof a === 'number' && Number.isFinite(a))))) return undefined;
    const read = prepareRead(sql);
    if (!read) return undefined;
    const { names, rowPrototype } = read;
    const raw = read.statement.all(args ?? []) as unknown[][];
    const rows = raw.map((values) => {
      for (let i = 0; i < values.length; i++) {
        const value = values[i];
        if (typeof value === 'bigint') {
          if (!safeInteger(value)) throw new RangeError('Received integer which cannot be safely represented as a JavaScript number');
          values[i] = Number(value);
        } else if (value instanceof Buffer) values[i] = value.buffer;
      }
      if (asArrays) return values;
      const row = Object.create(rowPrototype) as Record<string | symbol, unknown>;
      for (let i = 0; i < values.length; i++) {
        const name = names[i];
        if (name != null) row[name] = values[i];
      }
      row[rowValues] = values;
      return row;
    });
    return { ...resultSet([], 0, undefined, read.columns, read.columnTypes), rows: rows as unknown as ResultSet['rows'] };
  };
  const execute = client.execute.bind(client);
  client.execute = (async (statement: InStatement | string, args?: InArgs) => {
    if (!client.closed) {
      const sql = typeof statement === 'string' ? statement : statement.sql;
      const statementArgs = typeof statement === 'string' ? args : statement.args;
      const asArrays = typeof statement === 'object' && (statement as { [rowsAsArrays]?: boolean })[rowsAsArrays] === true;
      try {
        const result = readFast(sql, statementArgs, asArrays);
        if (result) return result;
      } catch {
        reads.delete(sql);
      }
    }
    return typeof statement === 'string' ? execute(statement, args) : execute(statement);
  }) as Client['execute'];
  const close = client.close.bind(client);
  client.close = () => {
    reads.clear();
    reader.close();
    close();
  };
}

function resultSet(rows: Record<string, unknown>[], rowsAffected: number, lastInsertRowid: bigint | undefined, columns = rows[0] ? Object.keys(rows[0]) : [], columnTypes = columns.map(() => '')): ResultSet {
  return {
    columns,
    columnTypes,
    rows: rows as unknown as ResultSet['rows'],
    rowsAffected,
    lastInsertRowid,
    toJSON: () => ({ columns, rows, rowsAffected, lastInsertRowid: lastInsertRowid?.toString() }),
  };
}
