/**
 * A small local libSQL server speaking Hrana over HTTP (JSON encoding), backed by the embedded
 * `libsql` engine. It stands in for sqld/Turso in local development so that code using
 * `@libsql/client/web` can run unchanged against a `file:` database.
 *
 *   npx tsx src/dev/libsql-server.ts --db data/newsgraph.db --port 8080
 *
 * Endpoints: GET /v2 and GET /v3 answer 200 (version probes); GET /v3-protobuf answers 404 so that
 * a probing client falls back to JSON; POST /v2/pipeline, /v3/pipeline and /v3/cursor do the work.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'libsql';

type Db = InstanceType<typeof Database>;
type Stmt = ReturnType<Db['prepare']>;

export interface LibsqlServerOptions {
  /** Path of the SQLite file (a `file:` prefix is accepted). `:memory:` gives a throwaway database. */
  dbPath: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1: this server has no authentication. */
  host?: string;
  /** Idle streams (interactive transactions) are closed and rolled back after this long. */
  streamIdleTimeoutMs?: number;
  /** How long a statement keeps retrying while the database is locked by another connection. */
  busyTimeoutMs?: number;
}

export interface LibsqlServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Protocol structures (Hrana 3 spec, JSON encoding)

type ProtoValue =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: unknown /* a number, or raw JSON for ±Infinity */ }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };

interface ProtoError {
  message: string;
  code: string;
}

interface ProtoCol {
  name: string | null;
  decltype: string | null;
}

interface StmtResult {
  cols: ProtoCol[];
  rows: ProtoValue[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
  rows_read: number;
  rows_written: number;
  query_duration_ms: number;
}

interface BatchResult {
  step_results: (StmtResult | null)[];
  step_errors: (ProtoError | null)[];
}

type JsonObject = Record<string, unknown>;
type SqlValue = null | bigint | number | string | Buffer;

/** An error reported back to the client as a Hrana `Error` with this code. */
class HranaError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** An error that fails the whole HTTP request. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const protoFail = (message: string): never => {
  throw new HranaError(message, 'HRANA_PROTO_ERROR');
};

function toProtoError(err: unknown): ProtoError {
  if (err instanceof HranaError) return { message: err.message, code: err.code };
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    // libsql's SqliteError carries codes like SQLITE_CONSTRAINT_PRIMARYKEY; errors raised by the
    // binding layer itself (e.g. an out-of-range BigInt) have none.
    return { message: err.message, code: typeof code === 'string' && code !== '' ? code : 'SQLITE_ERROR' };
  }
  return { message: String(err), code: 'UNKNOWN' };
}

// JSON cannot spell ±Infinity (SQLite can produce it, e.g. 1e308*10); `1e999` parses back to Infinity.
const rawJSON = (JSON as unknown as { rawJSON?: (text: string) => unknown }).rawJSON;
function encodeFloat(n: number): unknown {
  if (Number.isFinite(n)) return n;
  if (rawJSON) return rawJSON(n > 0 ? '1e999' : '-1e999');
  return n > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE;
}

function encodeValue(v: unknown): ProtoValue {
  if (v === null || v === undefined) return { type: 'null' };
  if (typeof v === 'bigint') return { type: 'integer', value: v.toString() };
  // With safeIntegers on, SQLite integers arrive as bigint, so a number is always a REAL.
  if (typeof v === 'number') return { type: 'float', value: encodeFloat(v) };
  if (typeof v === 'string') return { type: 'text', value: v };
  if (v instanceof Uint8Array) return { type: 'blob', base64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  return { type: 'text', value: String(v) };
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

function decodeValue(raw: unknown): SqlValue {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) protoFail('Value must be an object');
  const v = raw as JsonObject;
  switch (v.type) {
    case 'null':
      return null;
    case 'integer': {
      const s = v.value;
      if (typeof s !== 'string' && typeof s !== 'number') return protoFail('Integer value must be a string');
      if (typeof s === 'string' && !/^[+-]?\d+$/.test(s.trim())) return protoFail(`Invalid integer value ${JSON.stringify(s)}`);
      if (typeof s === 'number' && !Number.isInteger(s)) return protoFail(`Invalid integer value ${s}`);
      const n = BigInt(typeof s === 'string' ? s.trim() : s);
      if (n < I64_MIN || n > I64_MAX) return protoFail(`Integer value ${s} does not fit in 64 bits`);
      return n;
    }
    case 'float': {
      const f = typeof v.value === 'string' ? Number(v.value) : v.value;
      if (typeof f !== 'number' || Number.isNaN(f)) return protoFail('Float value must be a number');
      return f;
    }
    case 'text':
      if (typeof v.value !== 'string') return protoFail('Text value must be a string');
      return v.value;
    case 'blob': {
      const b = v.base64 ?? '';
      if (typeof b !== 'string') return protoFail('Blob value must be base64 text');
      return Buffer.from(b, 'base64');
    }
    default:
      return protoFail(`Unknown value type ${JSON.stringify(v.type)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// SQL lexing. libsql's binding layer panics (aborting the process) when it binds an object to a
// statement with nameless parameters, and silently ignores surplus/missing arguments, so we work out
// the parameter slots ourselves and always bind a positional array. The same pass splits a script
// into statements, following sqlite3_complete() so that CREATE TRIGGER bodies stay whole.

interface SqlInfo {
  /** Statement texts that contain something besides whitespace, comments and semicolons. */
  statements: string[];
  /** Highest parameter index (SQLite numbers them from 1). */
  paramCount: number;
  /** Parameter name (with its prefix) per index; null for `?` and unused indexes. */
  paramNames: (string | null)[];
  /** Indexes that actually occur in the SQL. */
  usedParams: Set<number>;
  nameToIndex: Map<string, number>;
  /** Upper-cased first word of the first statement. */
  firstWord: string | null;
}

const isIdChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c >= 0x80;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

// Token classes and transition table of sqlite3_complete() (complete.c).
const enum Tk { Semi, Ws, Other, Explain, Create, Temp, Trigger, End }
const TRANS: readonly (readonly number[])[] = [
  /* 0 INVALID */ [1, 0, 2, 3, 4, 2, 2, 2],
  /* 1 START   */ [1, 1, 2, 3, 4, 2, 2, 2],
  /* 2 NORMAL  */ [1, 2, 2, 2, 2, 2, 2, 2],
  /* 3 EXPLAIN */ [1, 3, 3, 2, 4, 2, 2, 2],
  /* 4 CREATE  */ [1, 4, 2, 2, 2, 4, 5, 2],
  /* 5 TRIGGER */ [6, 5, 5, 5, 5, 5, 5, 5],
  /* 6 SEMI    */ [6, 6, 5, 5, 5, 5, 5, 7],
  /* 7 END     */ [1, 7, 5, 5, 5, 5, 5, 5],
];
const KEYWORDS: Record<string, Tk> = {
  EXPLAIN: Tk.Explain,
  CREATE: Tk.Create,
  TEMP: Tk.Temp,
  TEMPORARY: Tk.Temp,
  TRIGGER: Tk.Trigger,
  END: Tk.End,
};

export function analyzeSql(sql: string): SqlInfo {
  const statements: string[] = [];
  const paramNames: (string | null)[] = [];
  const usedParams = new Set<number>();
  const nameToIndex = new Map<string, number>();
  let paramCount = 0;
  let firstWord: string | null = null;
  let state = 0;
  let stmtStart = 0;
  let hasContent = false;
  const n = sql.length;
  let i = 0;

  const addParam = (name: string | null, explicitIndex?: number): void => {
    let index: number;
    if (explicitIndex !== undefined) {
      index = explicitIndex;
      paramCount = Math.max(paramCount, index);
      if (paramNames[index - 1] == null) {
        paramNames[index - 1] = name;
        if (name !== null && !nameToIndex.has(name)) nameToIndex.set(name, index);
      }
    } else if (name !== null && nameToIndex.has(name)) {
      index = nameToIndex.get(name)!;
    } else {
      index = ++paramCount;
      paramNames[index - 1] = name;
      if (name !== null) nameToIndex.set(name, index);
    }
    usedParams.add(index);
  };

  while (i < n) {
    const c = sql.charCodeAt(i);
    const start = i;
    let tk: Tk = Tk.Other;
    if (isSpace(c)) {
      while (i < n && isSpace(sql.charCodeAt(i))) i++;
      tk = Tk.Ws;
    } else if (c === 45 /* - */ && sql.charCodeAt(i + 1) === 45) {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
      tk = Tk.Ws;
    } else if (c === 47 /* / */ && sql.charCodeAt(i + 1) === 42 /* * */) {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      tk = Tk.Ws;
    } else if (c === 39 /* ' */ || c === 34 /* " */ || c === 96 /* ` */) {
      // Quoted string or identifier; a doubled quote is an escaped quote.
      const q = sql[i]!;
      i++;
      for (;;) {
        const end = sql.indexOf(q, i);
        if (end < 0) {
          i = n;
          break;
        }
        i = end + 1;
        if (sql[i] === q) i++;
        else break;
      }
    } else if (c === 91 /* [ */) {
      const end = sql.indexOf(']', i);
      i = end < 0 ? n : end + 1;
    } else if (c === 59 /* ; */) {
      i++;
      tk = Tk.Semi;
    } else if (c === 63 /* ? */) {
      i++;
      while (i < n && isDigit(sql.charCodeAt(i))) i++;
      if (i - start > 1) {
        const index = Number(sql.slice(start + 1, i));
        if (index >= 1 && index <= 32766) addParam(sql.slice(start, i), index);
      } else {
        addParam(null);
      }
    } else if (c === 58 /* : */ || c === 64 /* @ */ || c === 36 /* $ */ || c === 35 /* # */) {
      // Named parameter, including SQLite's TCL-style `$a::b` and `$a(x)` forms.
      i++;
      let idChars = 0;
      while (i < n) {
        const d = sql.charCodeAt(i);
        if (isIdChar(d)) {
          idChars++;
          i++;
        } else if (d === 40 /* ( */ && idChars > 0) {
          while (i < n && !isSpace(sql.charCodeAt(i)) && sql.charCodeAt(i) !== 41) i++;
          if (sql.charCodeAt(i) === 41) i++;
          break;
        } else if (d === 58 && sql.charCodeAt(i + 1) === 58) {
          i += 2;
        } else {
          break;
        }
      }
      if (idChars > 0) addParam(sql.slice(start, i));
    } else if (isIdChar(c) && !isDigit(c)) {
      while (i < n && isIdChar(sql.charCodeAt(i))) i++;
      const word = sql.slice(start, i).toUpperCase();
      tk = KEYWORDS[word] ?? Tk.Other;
      if (firstWord === null && statements.length === 0) firstWord = word;
    } else if (isDigit(c)) {
      while (i < n && (isIdChar(sql.charCodeAt(i)) || sql.charCodeAt(i) === 46)) i++;
    } else {
      i++;
    }

    if (tk !== Tk.Ws && tk !== Tk.Semi) hasContent = true;
    state = TRANS[state]![tk]!;
    if (tk === Tk.Semi && state === 1) {
      if (hasContent) statements.push(sql.slice(stmtStart, i));
      stmtStart = i;
      hasContent = false;
    }
  }
  if (hasContent) statements.push(sql.slice(stmtStart));
  for (let k = 0; k < paramCount; k++) paramNames[k] ??= null;
  return { statements, paramCount, paramNames, usedParams, nameToIndex, firstWord };
}

const sqlInfoCache = new Map<string, SqlInfo>();
function sqlInfo(sql: string): SqlInfo {
  let info = sqlInfoCache.get(sql);
  if (!info) {
    info = analyzeSql(sql);
    if (sqlInfoCache.size >= 1000) sqlInfoCache.delete(sqlInfoCache.keys().next().value!);
    sqlInfoCache.set(sql, info);
  }
  return info;
}

/** Lines positional and named Hrana args up with the statement's parameter slots. */
function bindArgs(info: SqlInfo, args: unknown, namedArgs: unknown): SqlValue[] {
  const values: (SqlValue | undefined)[] = new Array(info.paramCount).fill(undefined);
  if (args !== undefined && args !== null) {
    if (!Array.isArray(args)) protoFail('"args" must be an array');
    const list = args as unknown[];
    if (list.length > info.paramCount) {
      throw new HranaError(`The statement expects ${info.paramCount} argument(s), but ${list.length} were given`, 'ARGS_INVALID');
    }
    list.forEach((a, k) => (values[k] = decodeValue(a)));
  }
  if (namedArgs !== undefined && namedArgs !== null) {
    if (!Array.isArray(namedArgs)) protoFail('"named_args" must be an array');
    for (const na of namedArgs as unknown[]) {
      if (na === null || typeof na !== 'object') protoFail('Named argument must be an object');
      const { name, value } = na as JsonObject;
      if (typeof name !== 'string') return protoFail('Named argument needs a string "name"');
      // Names may come with or without their SQLite prefix (":a", "@a", "$a" or just "a").
      let index = info.nameToIndex.get(name);
      if (index === undefined && !/^[:@$#?]/.test(name)) {
        for (const prefix of [':', '@', '$', '#']) {
          index = info.nameToIndex.get(prefix + name);
          if (index !== undefined) break;
        }
      }
      if (index === undefined) throw new HranaError(`The statement has no parameter named ${JSON.stringify(name)}`, 'ARGS_INVALID');
      values[index - 1] = decodeValue(value);
    }
  }
  for (const index of info.usedParams) {
    if (values[index - 1] === undefined) {
      const name = info.paramNames[index - 1] ?? `?${index}`;
      throw new HranaError(`Missing argument for parameter ${index} (${name})`, 'ARGS_INVALID');
    }
  }
  // Slots that are never referenced (gaps left by ?NNN) are bound to NULL, which SQLite ignores.
  return values.map((v) => (v === undefined ? null : v));
}

// ---------------------------------------------------------------------------------------------
// Connections and statement execution

interface Conn {
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

const SESSION_WORDS = new Set(['PRAGMA', 'ATTACH', 'DETACH']);
const TEMP_WORD = /\bTEMP(ORARY)?\b/i;

function openConn(dbPath: string): Conn {
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

function closeConn(conn: Conn): void {
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
function runStatement(conn: Conn, stmt: Stmt, args: SqlValue[], wantRows: boolean): StmtResult {
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

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const errorCode = (err: unknown): string => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
};
const isBusy = (err: unknown): boolean => /^SQLITE_(BUSY|LOCKED)/.test(errorCode(err));
// SQLITE_BUSY_SNAPSHOT means the transaction's read snapshot is stale: waiting cannot help.
const isRetryableBusy = (err: unknown): boolean => isBusy(err) && errorCode(err) !== 'SQLITE_BUSY_SNAPSHOT';

// ---------------------------------------------------------------------------------------------
// Streams and the server

interface Stream {
  id: number;
  conn: Conn;
  sqls: Map<number, string>;
  timer: NodeJS.Timeout | undefined;
  closed: boolean;
}

export async function startLibsqlServer(options: LibsqlServerOptions): Promise<LibsqlServer> {
  const host = options.host ?? '127.0.0.1';
  const idleMs = options.streamIdleTimeoutMs ?? 10_000;
  const busyMs = options.busyTimeoutMs ?? 5_000;
  const maxBodyBytes = 64 * 1024 * 1024;

  // `:memory:` would give every stream its own empty database, so use a throwaway file instead,
  // which also gives transactions real isolation.
  let dbPath = options.dbPath.replace(/^file:(\/\/)?/, '');
  let tempDir: string | undefined;
  if (dbPath === ':memory:' || dbPath === '') {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'libsql-server-'));
    dbPath = path.join(tempDir, 'memory.db');
  }

  // Fail fast on an unusable path, and switch the file to WAL once (it is persistent) so readers
  // never block the writer.
  {
    const conn = openConn(dbPath);
    try {
      const mode = (conn.db.prepare('PRAGMA journal_mode = WAL').raw(true).all([]) as string[][])[0]?.[0];
      if (mode !== 'wal') console.warn(`[libsql-server] journal_mode is ${mode}, not wal`);
    } catch (err) {
      console.warn(`[libsql-server] could not enable WAL: ${(err as Error).message}`);
    } finally {
      closeConn(conn);
    }
  }

  let closing = false;

  // Connections are pooled: opening one is cheap, but libsql only really closes it once its
  // statements are garbage-collected, so churning through connections piles up file handles.
  const idle: Conn[] = [];
  const maxIdle = 8;
  const acquireConn = (): Conn => idle.pop() ?? openConn(dbPath);
  function releaseConn(conn: Conn): void {
    if (!conn.db.open) return;
    if (conn.poisoned || conn.dirty || closing || idle.length >= maxIdle) return closeConn(conn);
    try {
      if (conn.db.inTransaction) conn.db.exec('ROLLBACK');
    } catch {
      return closeConn(conn);
    }
    idle.push(conn);
  }

  const streams = new Map<string, Stream>();
  const active = new Set<Stream>();
  let nextStreamId = 1;

  const newBaton = (s: Stream) => `${s.id}.${randomBytes(18).toString('base64url')}`;

  function closeStream(s: Stream): void {
    if (s.closed) return;
    s.closed = true;
    if (s.timer) clearTimeout(s.timer);
    s.sqls.clear();
    releaseConn(s.conn);
  }

  /** Parks a stream between requests and hands out a fresh baton for it. */
  function park(s: Stream): string | null {
    if (s.closed || closing) {
      closeStream(s);
      return null;
    }
    const baton = newBaton(s);
    streams.set(baton, s);
    s.timer = setTimeout(() => {
      streams.delete(baton);
      closeStream(s);
    }, idleMs);
    s.timer.unref();
    return baton;
  }

  function takeStream(baton: unknown): Stream {
    if (baton === undefined || baton === null) {
      return { id: nextStreamId++, conn: acquireConn(), sqls: new Map(), timer: undefined, closed: false };
    }
    if (typeof baton !== 'string') throw new HttpError(400, '"baton" must be a string or null', 'HRANA_PROTO_ERROR');
    const s = streams.get(baton);
    if (!s) throw new HttpError(400, 'The stream has expired or the baton is invalid', 'STREAM_EXPIRED');
    streams.delete(baton);
    if (s.timer) clearTimeout(s.timer);
    s.timer = undefined;
    return s;
  }

  /**
   * Prepares `sql` on the stream's connection and runs `fn` on it. While the database is locked by
   * another connection, the same statement is run again after a pause (running it again resets it),
   * so the event loop stays free for the request that will release the lock.
   */
  async function runWithRetry<T>(s: Stream, sql: string, fn: (conn: Conn, stmt: Stmt) => T): Promise<T> {
    const deadline = Date.now() + busyMs;
    let delay = 2;
    let stmt: Stmt | undefined;
    const info = sqlInfo(sql);
    if ((info.firstWord !== null && SESSION_WORDS.has(info.firstWord)) || (info.firstWord === 'CREATE' && TEMP_WORD.test(sql))) {
      s.conn.dirty = true;
    }
    try {
      for (;;) {
        try {
          stmt ??= s.conn.db.prepare(sql);
          return fn(s.conn, stmt);
        } catch (err) {
          if (!isBusy(err)) throw err;
          if (!isRetryableBusy(err) || closing || Date.now() + delay > deadline) {
            if (stmt) s.conn.poisoned = true;
            throw err;
          }
          await sleep(delay);
          delay = Math.min(delay * 2, 50);
        }
      }
    } finally {
      if (s.conn.poisoned && !s.closed && !s.conn.db.inTransaction) replaceConn(s);
    }
  }

  function replaceConn(s: Stream): void {
    closeConn(s.conn);
    try {
      s.conn = acquireConn();
    } catch {
      closeStream(s);
    }
  }

  function resolveSql(s: Stream, obj: JsonObject): string {
    const { sql, sql_id: sqlId } = obj;
    const hasSql = sql !== undefined && sql !== null;
    const hasId = sqlId !== undefined && sqlId !== null;
    if (hasSql === hasId) protoFail('Exactly one of "sql" and "sql_id" must be given');
    if (hasSql) {
      if (typeof sql !== 'string') protoFail('"sql" must be a string');
      return sql as string;
    }
    const stored = s.sqls.get(sqlId as number);
    if (stored === undefined) throw new HranaError(`SQL text ${String(sqlId)} is not stored on this stream`, 'SQL_NOT_FOUND');
    return stored;
  }

  async function execute(s: Stream, rawStmt: unknown): Promise<StmtResult> {
    if (rawStmt === null || typeof rawStmt !== 'object') protoFail('"stmt" must be an object');
    const stmt = rawStmt as JsonObject;
    const sql = resolveSql(s, stmt);
    const info = sqlInfo(sql);
    if (info.statements.length === 0) throw new HranaError('SQL string does not contain any statement', 'SQL_NO_STATEMENT');
    if (info.statements.length > 1) throw new HranaError('SQL string contains more than one statement', 'SQL_MANY_STATEMENTS');
    const args = bindArgs(info, stmt.args, stmt.named_args);
    const wantRows = stmt.want_rows !== false;
    return runWithRetry(s, sql, (conn, st) => runStatement(conn, st, args, wantRows));
  }

  function checkCond(cond: unknown, stepIndex: number): void {
    if (cond === null || typeof cond !== 'object') protoFail('Batch condition must be an object');
    const c = cond as JsonObject;
    switch (c.type) {
      case 'ok':
      case 'error':
        if (typeof c.step !== 'number' || !Number.isInteger(c.step) || c.step < 0 || c.step >= stepIndex) {
          protoFail(`Batch condition of step ${stepIndex} refers to invalid step ${String(c.step)}`);
        }
        return;
      case 'not':
        return checkCond(c.cond, stepIndex);
      case 'and':
      case 'or':
        if (!Array.isArray(c.conds)) protoFail(`"${c.type}" condition needs "conds"`);
        for (const sub of c.conds as unknown[]) checkCond(sub, stepIndex);
        return;
      case 'is_autocommit':
        return;
      default:
        protoFail(`Unknown batch condition ${JSON.stringify(c.type)}`);
    }
  }

  function evalCond(c: JsonObject, outcomes: ('ok' | 'error' | 'skipped')[], s: Stream): boolean {
    switch (c.type) {
      case 'ok':
        return outcomes[c.step as number] === 'ok';
      case 'error':
        return outcomes[c.step as number] === 'error';
      case 'not':
        return !evalCond(c.cond as JsonObject, outcomes, s);
      case 'and':
        return (c.conds as JsonObject[]).every((x) => evalCond(x, outcomes, s));
      case 'or':
        return (c.conds as JsonObject[]).some((x) => evalCond(x, outcomes, s));
      default:
        return !s.conn.db.inTransaction;
    }
  }

  /** Checks the whole batch first so that a malformed one does not run half-way. */
  function checkBatch(rawBatch: unknown): JsonObject[] {
    if (rawBatch === null || typeof rawBatch !== 'object') protoFail('"batch" must be an object');
    const steps = (rawBatch as JsonObject).steps;
    if (!Array.isArray(steps)) protoFail('"batch.steps" must be an array');
    (steps as unknown[]).forEach((step, k) => {
      if (step === null || typeof step !== 'object') protoFail('Batch step must be an object');
      const cond = (step as JsonObject).condition;
      if (cond !== undefined && cond !== null) checkCond(cond, k);
    });
    return steps as JsonObject[];
  }

  async function runBatch(
    s: Stream,
    steps: JsonObject[],
    onStep: (k: number, result: StmtResult | null, error: ProtoError | null) => void,
  ): Promise<void> {
    const outcomes: ('ok' | 'error' | 'skipped')[] = [];
    for (let k = 0; k < steps.length; k++) {
      const step = steps[k]!;
      const cond = step.condition as JsonObject | null | undefined;
      if (cond != null && !evalCond(cond, outcomes, s)) {
        outcomes.push('skipped');
        onStep(k, null, null);
        continue;
      }
      try {
        const result = await execute(s, step.stmt);
        outcomes.push('ok');
        onStep(k, result, null);
      } catch (err) {
        outcomes.push('error');
        onStep(k, null, toProtoError(err));
      }
    }
  }

  async function sequence(s: Stream, sql: string): Promise<void> {
    for (const text of sqlInfo(sql).statements) {
      await runWithRetry(s, text, (_conn, stmt) => {
        if (stmt.reader) stmt.raw(true).safeIntegers(true).all([]);
        else stmt.run([]);
      });
    }
  }

  function describe(s: Stream, sql: string): JsonObject {
    const info = sqlInfo(sql);
    if (info.statements.length !== 1) {
      throw new HranaError(
        info.statements.length === 0 ? 'SQL string does not contain any statement' : 'SQL string contains more than one statement',
        info.statements.length === 0 ? 'SQL_NO_STATEMENT' : 'SQL_MANY_STATEMENTS',
      );
    }
    const stmt = s.conn.db.prepare(sql);
    const cols = stmt.columns().map((c) => ({ name: c.name, decltype: c.type ?? null }));
    const isExplain = info.firstWord === 'EXPLAIN';
    let isReadonly = true;
    if (!isExplain) {
      // sqlite3_stmt_readonly() is not exposed; a statement that opens a write transaction writes.
      const program = s.conn.db.prepare(`EXPLAIN ${sql}`).raw(true).all([]) as unknown[][];
      isReadonly = !program.some((op) => op[1] === 'Transaction' && Number(op[3]) !== 0);
    }
    return {
      params: info.paramNames.map((name) => ({ name })),
      cols,
      is_explain: isExplain,
      is_readonly: isReadonly,
    };
  }

  async function handleRequest(s: Stream, req: JsonObject): Promise<JsonObject> {
    switch (req.type) {
      case 'close':
        closeStream(s);
        return { type: 'close' };
      case 'execute':
        return { type: 'execute', result: await execute(s, req.stmt) };
      case 'batch': {
        const steps = checkBatch(req.batch);
        const result: BatchResult = { step_results: [], step_errors: [] };
        await runBatch(s, steps, (_k, r, e) => {
          result.step_results.push(r);
          result.step_errors.push(e);
        });
        return { type: 'batch', result };
      }
      case 'sequence':
        await sequence(s, resolveSql(s, req));
        return { type: 'sequence' };
      case 'describe':
        return { type: 'describe', result: describe(s, resolveSql(s, req)) };
      case 'store_sql': {
        const { sql_id: id, sql } = req;
        if (typeof id !== 'number' || !Number.isInteger(id)) protoFail('"sql_id" must be an integer');
        if (typeof sql !== 'string') protoFail('"sql" must be a string');
        if (s.sqls.has(id as number)) protoFail(`SQL text ${String(id)} is already stored`);
        s.sqls.set(id as number, sql as string);
        return { type: 'store_sql' };
      }
      case 'close_sql':
        s.sqls.delete(req.sql_id as number);
        return { type: 'close_sql' };
      case 'get_autocommit':
        return { type: 'get_autocommit', is_autocommit: !s.conn.db.inTransaction };
      default:
        return protoFail(`Unknown request type ${JSON.stringify(req.type)}`);
    }
  }

  function checkBody(body: unknown): JsonObject {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new HttpError(400, 'Request body must be a JSON object', 'HRANA_PROTO_ERROR');
    }
    return body as JsonObject;
  }

  async function pipeline(rawBody: unknown): Promise<JsonObject> {
    const body = checkBody(rawBody);
    const requests = body.requests;
    if (!Array.isArray(requests) || requests.some((r) => r === null || typeof r !== 'object' || Array.isArray(r))) {
      throw new HttpError(400, '"requests" must be an array of objects', 'HRANA_PROTO_ERROR');
    }
    const s = takeStream(body.baton);
    active.add(s);
    const results: JsonObject[] = [];
    try {
      for (const req of requests as JsonObject[]) {
        if (s.closed) {
          results.push({ type: 'error', error: { message: 'The stream is closed', code: 'STREAM_CLOSED' } });
          continue;
        }
        try {
          results.push({ type: 'ok', response: await handleRequest(s, req) });
        } catch (err) {
          results.push({ type: 'error', error: toProtoError(err) });
        }
      }
    } finally {
      active.delete(s);
    }
    return { baton: park(s), base_url: null, results };
  }

  /** POST v3/cursor: the batch result as newline-separated JSON entries. */
  async function cursor(rawBody: unknown): Promise<string> {
    const body = checkBody(rawBody);
    let steps: JsonObject[];
    try {
      steps = checkBatch(body.batch);
    } catch (err) {
      throw new HttpError(400, (err as Error).message, 'HRANA_PROTO_ERROR');
    }
    const s = takeStream(body.baton);
    active.add(s);
    const entries: JsonObject[] = [];
    try {
      await runBatch(s, steps, (k, r, e) => {
        if (e) entries.push({ type: 'step_error', step: k, error: e });
        if (!r) return;
        entries.push({ type: 'step_begin', step: k, cols: r.cols });
        for (const row of r.rows) entries.push({ type: 'row', row });
        entries.push({ type: 'step_end', affected_row_count: r.affected_row_count, last_insert_rowid: r.last_insert_rowid });
      });
    } finally {
      active.delete(s);
    }
    const head = { baton: park(s), base_url: null };
    return [head, ...entries].map((x) => JSON.stringify(x)).join('\n') + '\n';
  }

  function send(res: http.ServerResponse, status: number, body: string, contentType: string): void {
    if (res.headersSent || res.destroyed) return;
    // The client only parses an error body when content-type is exactly application/json.
    res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }
  const sendJson = (res: http.ServerResponse, status: number, value: unknown) =>
    send(res, status, JSON.stringify(value), 'application/json');
  const sendError = (res: http.ServerResponse, status: number, message: string, code: string) =>
    sendJson(res, status, { message, code });

  function readBody(req: http.IncomingMessage): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBodyBytes) {
          reject(new HttpError(413, 'Request body is too large', 'HRANA_PROTO_ERROR'));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on('error', reject);
      req.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (err) {
          reject(new HttpError(400, `Request body is not valid JSON: ${(err as Error).message}`, 'HRANA_PROTO_ERROR'));
        }
      });
    });
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = url.pathname.replace(/\/+$/, '') || '/';
    if (req.method === 'GET' || req.method === 'HEAD') {
      if (route === '/v2' || route === '/v3' || route === '/health' || route === '/') {
        return send(res, 200, route === '/' ? 'libsql dev server (Hrana over HTTP, JSON)\n' : 'ok\n', 'text/plain');
      }
      // Not supporting protobuf makes a probing client fall back to JSON.
      return sendError(res, 404, `Not found: ${route}`, 'NOT_FOUND');
    }
    if (req.method !== 'POST') return sendError(res, 405, `Method ${req.method} is not allowed`, 'METHOD_NOT_ALLOWED');
    if (route.startsWith('/v3-protobuf')) {
      req.resume();
      return sendError(res, 404, 'Protobuf encoding is not supported; use JSON (v2/v3)', 'NOT_FOUND');
    }
    if (route !== '/v2/pipeline' && route !== '/v3/pipeline' && route !== '/v3/cursor') {
      req.resume();
      return sendError(res, 404, `Not found: ${route}`, 'NOT_FOUND');
    }
    const body = await readBody(req);
    if (route === '/v3/cursor') return send(res, 200, await cursor(body), 'text/plain');
    return sendJson(res, 200, await pipeline(body));
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof HttpError) return sendError(res, err.status, err.message, err.code);
      // E.g. the database file could not be opened for a new stream.
      const e = toProtoError(err);
      sendError(res, 500, e.message, e.code);
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      closing = true;
      for (const s of streams.values()) closeStream(s);
      streams.clear();
      for (const conn of idle.splice(0)) closeConn(conn);
      const force = setTimeout(() => server.closeAllConnections(), 1000);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        // Requests still running (e.g. waiting for a lock) close their stream when they finish.
        for (const s of active) closeStream(s);
        for (const conn of idle.splice(0)) closeConn(conn);
        if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
        resolve();
      });
      server.closeIdleConnections();
    });
    return closed;
  };

  return { url, port, close };
}

// ---------------------------------------------------------------------------------------------
// CLI

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'data/newsgraph.db' },
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log('Usage: npx tsx src/dev/libsql-server.ts [--db data/newsgraph.db] [--port 8080] [--host 127.0.0.1]');
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port ${values.port}`);
  const server = await startLibsqlServer({ dbPath: values.db!, port, host: values.host! });
  console.log(`libsql server (Hrana over HTTP) for ${values.db} listening on ${server.url}`);
  const shutdown = (signal: string) => {
    console.log(`${signal}: closing`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
