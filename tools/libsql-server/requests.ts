// Hrana requests on a stream (execute, batch, sequence, describe, stored SQL, autocommit), and the
// two HTTP operations that carry them: v2/v3 pipeline and v3 cursor.
import { isBusy, isRetryableBusy, runStatement, SESSION_WORDS, sleep, TEMP_WORD, type Conn, type Stmt } from './connections.ts';
import {
  checkBatch,
  checkBody,
  evalCond,
  HranaError,
  HttpError,
  protoFail,
  toProtoError,
  type BatchResult,
  type JsonObject,
  type ProtoError,
  type StepOutcome,
  type StmtResult,
} from './protocol.ts';
import { bindArgs, sqlInfo } from './sql-analysis.ts';
import type { Stream, Streams } from './streams.ts';

export class HranaRequests {
  constructor(
    readonly streams: Streams,
    /** How long a statement keeps retrying while the database is locked by another connection. */
    readonly busyMs: number,
  ) {}

  /**
   * Prepares `sql` on the stream's connection and runs `fn` on it. While the database is locked by
   * another connection, the same statement is run again after a pause (running it again resets it),
   * so the event loop stays free for the request that will release the lock.
   */
  async runWithRetry<T>(s: Stream, sql: string, fn: (conn: Conn, stmt: Stmt) => T): Promise<T> {
    const deadline = Date.now() + this.busyMs;
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
          if (!isRetryableBusy(err) || this.streams.pool.closing || Date.now() + delay > deadline) {
            if (stmt) s.conn.poisoned = true;
            throw err;
          }
          await sleep(delay);
          delay = Math.min(delay * 2, 50);
        }
      }
    } finally {
      if (s.conn.poisoned && !s.closed && !s.conn.db.inTransaction) this.streams.replaceConn(s);
    }
  }

  resolveSql(s: Stream, obj: JsonObject): string {
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

  async execute(s: Stream, rawStmt: unknown): Promise<StmtResult> {
    if (rawStmt === null || typeof rawStmt !== 'object') protoFail('"stmt" must be an object');
    const stmt = rawStmt as JsonObject;
    const sql = this.resolveSql(s, stmt);
    const info = sqlInfo(sql);
    if (info.statements.length === 0) throw new HranaError('SQL string does not contain any statement', 'SQL_NO_STATEMENT');
    if (info.statements.length > 1) throw new HranaError('SQL string contains more than one statement', 'SQL_MANY_STATEMENTS');
    const args = bindArgs(info, stmt.args, stmt.named_args);
    const wantRows = stmt.want_rows !== false;
    return this.runWithRetry(s, sql, (conn, st) => runStatement(conn, st, args, wantRows));
  }

  async runBatch(s: Stream, steps: JsonObject[], onStep: (k: number, result: StmtResult | null, error: ProtoError | null) => void): Promise<void> {
    const outcomes: StepOutcome[] = [];
    const isAutocommit = () => !s.conn.db.inTransaction;
    for (let k = 0; k < steps.length; k++) {
      const step = steps[k]!;
      const cond = step.condition as JsonObject | null | undefined;
      if (cond != null && !evalCond(cond, outcomes, isAutocommit)) {
        outcomes.push('skipped');
        onStep(k, null, null);
        continue;
      }
      try {
        const result = await this.execute(s, step.stmt);
        outcomes.push('ok');
        onStep(k, result, null);
      } catch (err) {
        outcomes.push('error');
        onStep(k, null, toProtoError(err));
      }
    }
  }

  async sequence(s: Stream, sql: string): Promise<void> {
    for (const text of sqlInfo(sql).statements) {
      await this.runWithRetry(s, text, (_conn, stmt) => {
        if (stmt.reader) stmt.raw(true).safeIntegers(true).all([]);
        else stmt.run([]);
      });
    }
  }

  describe(s: Stream, sql: string): JsonObject {
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

  async handleRequest(s: Stream, req: JsonObject): Promise<JsonObject> {
    switch (req.type) {
      case 'close':
        this.streams.close(s);
        return { type: 'close' };
      case 'execute':
        return { type: 'execute', result: await this.execute(s, req.stmt) };
      case 'batch': {
        const steps = checkBatch(req.batch);
        const result: BatchResult = { step_results: [], step_errors: [] };
        await this.runBatch(s, steps, (_k, r, e) => {
          result.step_results.push(r);
          result.step_errors.push(e);
        });
        return { type: 'batch', result };
      }
      case 'sequence':
        await this.sequence(s, this.resolveSql(s, req));
        return { type: 'sequence' };
      case 'describe':
        return { type: 'describe', result: this.describe(s, this.resolveSql(s, req)) };
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

  /** POST v2/pipeline and v3/pipeline: the requests in order, each with its own result or error. */
  async pipeline(rawBody: unknown): Promise<JsonObject> {
    const body = checkBody(rawBody);
    const requests = body.requests;
    if (!Array.isArray(requests) || requests.some((r) => r === null || typeof r !== 'object' || Array.isArray(r))) {
      throw new HttpError(400, '"requests" must be an array of objects', 'HRANA_PROTO_ERROR');
    }
    const s = this.streams.take(body.baton);
    this.streams.active.add(s);
    const results: JsonObject[] = [];
    try {
      for (const req of requests as JsonObject[]) {
        if (s.closed) {
          results.push({ type: 'error', error: { message: 'The stream is closed', code: 'STREAM_CLOSED' } });
          continue;
        }
        try {
          results.push({ type: 'ok', response: await this.handleRequest(s, req) });
        } catch (err) {
          results.push({ type: 'error', error: toProtoError(err) });
        }
      }
    } finally {
      this.streams.active.delete(s);
    }
    return { baton: this.streams.park(s), base_url: null, results };
  }

  /** POST v3/cursor: the batch result as newline-separated JSON entries. */
  async cursor(rawBody: unknown): Promise<string> {
    const body = checkBody(rawBody);
    let steps: JsonObject[];
    try {
      steps = checkBatch(body.batch);
    } catch (err) {
      throw new HttpError(400, (err as Error).message, 'HRANA_PROTO_ERROR');
    }
    const s = this.streams.take(body.baton);
    this.streams.active.add(s);
    const entries: JsonObject[] = [];
    try {
      await this.runBatch(s, steps, (k, r, e) => {
        if (e) entries.push({ type: 'step_error', step: k, error: e });
        if (!r) return;
        entries.push({ type: 'step_begin', step: k, cols: r.cols });
        for (const row of r.rows) entries.push({ type: 'row', row });
        entries.push({ type: 'step_end', affected_row_count: r.affected_row_count, last_insert_rowid: r.last_insert_rowid });
      });
    } finally {
      this.streams.active.delete(s);
    }
    const head = { baton: this.streams.park(s), base_url: null };
    return [head, ...entries].map((x) => JSON.stringify(x)).join('\n') + '\n';
  }
}
