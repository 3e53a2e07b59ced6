// libsql connections: opening, closing, pooling, running one statement, and telling lock errors apart.
import Database from 'libsql';
import { encodeValue, type ProtoCol, type ProtoValue, type SqlValue, type StmtResult } from './protocol.ts';

type Db = InstanceType<typeof Database>;
export type Stmt = ReturnType<Db['prepare']>;

export interface Conn {
  db: Db;
  totalChanges: Stmt;
  meta: Stmt;
  /**
   * A statement that failed with SQLITE_BUSY stays active (holding its read snapshot) until it is
   * reset, and libsql only resets a statement by running it again. Such a connection cannot commit
   * or start a write, so it is replaced as soon as it is outside a transaction.
   */
  poisoned: boolean;
  /** Ran something that may leave per-connection state behind (PRAGMA, ATTACH, temp objects). */
  dirty: boolean;
}

export const SESSION_WORDS = new Set(['PRAGMA', 'ATTACH', 'DETACH']);
export const TEMP_WORD = /\bTEMP(ORARY)?\b/i;

export function openConn(dbPath: string): Conn {
  const db = new Database(dbPath);
  try {
    // A busy handler would block the event loop, and with it the request that would release the
    // lock (e.g. the COMMIT of an interactive transaction): we retry asynchronously instead.
    db.exec('PRAGMA busy_timeout = 0');
    db.exec('PRAGMA synchronous = NORMAL');
    return {
      db,
      totalChanges: db.prepare('SELECT total_changes()').raw(true).safeIntegers(true),
      meta: db.prepare('SELECT changes(), last_insert_rowid(), total_changes()').raw(true).safeIntegers(true),
      poisoned: false,
      dirty: false,
    };
  } catch (err) {
    db.close();
    throw err;
  }
}

export function closeConn(conn: Conn): void {
  if (!conn.db.open) return;
  try {
    // libsql keeps the underlying connection alive until its statements are garbage-collected, so
    // close() alone would leave an open transaction (and its write lock) behind.
    if (conn.db.inTransaction) conn.db.exec('ROLLBACK');
  } catch {
    /* nothing to roll back */
  }
  try {
    conn.db.close();
  } catch {
    /* already closed */
  }
}

/** Runs one prepared statement synchronously. */
export function runStatement(conn: Conn, stmt: Stmt, args: SqlValue[], wantRows: boolean): StmtResult {
  const started = performance.now();
  const before = (conn.totalChanges.all([]) as bigint[][])[0]![0]!;
  let cols: ProtoCol[] = [];
  let rows: ProtoValue[][] = [];
  // `raw()` throws for statements that return no columns, so `reader` decides how to run it.
  if (stmt.reader) {
    stmt.raw(true).safeIntegers(true);
    cols = stmt.columns().map((c) => ({ name: c.name, decltype: c.type ?? null }));
    const raw = stmt.all(args) as unknown[][];
    if (wantRows) rows = raw.map((r) => r.map(encodeValue));
  } else {
    stmt.run(args);
  }
  const [changes, lastRowid, after] = (conn.meta.all([]) as bigint[][])[0]!;
  return {
    cols,
    rows,
    // changes() keeps the count of the last INSERT/UPDATE/DELETE, so only report it when this
    // statement actually changed something.
    affected_row_count: after !== before ? Number(changes) : 0,
    // Connections are reused, so an unchanged last_insert_rowid() may belong to an earlier stream.
    last_insert_rowid: after !== before && lastRowid !== undefined ? lastRowid.toString() : null,
    rows_read: 0,
    rows_written: 0,
    query_duration_ms: performance.now() - started,
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const errorCode = (err: unknown): string => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
};
export const isBusy = (err: unknown): boolean => /^SQLITE_(BUSY|LOCKED)/.test(errorCode(err));
// SQLITE_BUSY_SNAPSHOT means the transaction's read snapshot is stale: waiting cannot help.
export const isRetryableBusy = (err: unknown): boolean => isBusy(err) && errorCode(err) !== 'SQLITE_BUSY_SNAPSHOT';

/**
 * Connections are pooled: opening one is cheap, but libsql only really closes it once its
 * statements are garbage-collected, so churning through connections piles up file handles.
 */
export class ConnectionPool {
  /** Set when the server closes: released connections are closed instead of kept. */
  closing = false;
  readonly #idle: Conn[] = [];

  constructor(
    readonly dbPath: string,
    readonly maxIdle = 8,
  ) {}

  acquire(): Conn {
    return this.#idle.pop() ?? openConn(this.dbPath);
  }

  release(conn: Conn): void {
    if (!conn.db.open) return;
    if (conn.poisoned || conn.dirty || this.closing || this.#idle.length >= this.maxIdle) return closeConn(conn);
    try {
      if (conn.db.inTransaction) conn.db.exec('ROLLBACK');
    } catch {
      return closeConn(conn);
    }
    this.#idle.push(conn);
  }

  closeIdle(): void {
    for (const conn of this.#idle.splice(0)) closeConn(conn);
  }
}
