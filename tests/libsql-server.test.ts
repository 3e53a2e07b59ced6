/**
 * Conformance suite for tools/libsql-server. The real `@libsql/client/web` (Hrana over HTTP) is
 * the judge; a few protocol details the client never exercises are checked with raw fetch.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, LibsqlError, type Client } from '@libsql/client/web';
import { openHttp } from '@libsql/hrana-client';
import { analyzeSql } from '../tools/libsql-server/sql-analysis.ts';
import { startLibsqlServer, type LibsqlServer } from '../tools/libsql-server/server.ts';

let dir: string;
let server: LibsqlServer;
const clients: Client[] = [];

function client(intMode: 'number' | 'bigint' = 'number'): Client {
  const c = createClient({ url: server.url, intMode });
  clients.push(c);
  return c;
}

async function pipeline(body: unknown, route = '/v2/pipeline', base = server.url): Promise<{ status: number; json: any }> {
  const res = await fetch(base + route, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'libsql-server-test-'));
  server = await startLibsqlServer({ dbPath: path.join(dir, 'test.db'), port: 0 });
});

afterAll(async () => {
  for (const c of clients) c.close();
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('libsql dev server', () => {
  it('binds 127.0.0.1 on a free port', () => {
    const url = new URL(server.url);
    expect(url.protocol).toBe('http:');
    expect(url.hostname).toBe('127.0.0.1');
    expect(server.port).toBeGreaterThan(0);
    expect(Number(url.port)).toBe(server.port);
  });

  it('answers the version probes so that clients fall back to JSON', async () => {
    expect((await fetch(server.url + '/v2')).status).toBe(200);
    expect((await fetch(server.url + '/v3')).status).toBe(200);
    expect((await fetch(server.url + '/v3-protobuf')).status).toBe(404);
    // The hrana client probes v3-protobuf when asked for protocol 3 and must settle on JSON.
    const hrana = openHttp(server.url, undefined, undefined, undefined, 3);
    try {
      expect(await hrana.getVersion()).toBe(2);
      const stream = hrana.openStream();
      const row = await stream.queryRow('SELECT 40 + 2 AS answer');
      stream.close();
      expect(row.row?.answer).toBe(42);
    } finally {
      hrana.close();
    }
  });

  it('executes with positional and named arguments', async () => {
    const c = client();
    await c.execute('CREATE TABLE args (id INTEGER PRIMARY KEY, a TEXT, b INTEGER)');
    const ins = await c.execute({ sql: 'INSERT INTO args (a, b) VALUES (?, ?)', args: ['one', 1] });
    expect(ins.rowsAffected).toBe(1);
    expect(ins.lastInsertRowid).toBe(1n);
    await c.execute({ sql: 'INSERT INTO args (a, b) VALUES (:a, :b)', args: { a: 'two', b: 2 } });
    await c.execute({ sql: 'INSERT INTO args (a, b) VALUES (@a, $b)', args: { '@a': 'three', $b: 3 } });
    await c.execute({ sql: 'INSERT INTO args (a, b) VALUES (?2, ?1)', args: [4, 'four'] });
    const rs = await c.execute({ sql: 'SELECT a, b FROM args WHERE b >= :min ORDER BY b', args: { min: 2 } });
    expect(rs.rows.map((r) => [r.a, r.b])).toEqual([
      ['two', 2],
      ['three', 3],
      ['four', 4],
    ]);
    // Named parameters can be repeated, and a `?` inside a string literal is not a parameter.
    const rep = await c.execute({ sql: "SELECT :v + :v AS twice, '?' AS q", args: { v: 21 } });
    expect(rep.rows[0]).toMatchObject({ twice: 42, q: '?' });
  });

  it('reports argument mismatches as errors', async () => {
    const c = client();
    await expect(c.execute({ sql: 'SELECT ?, ?', args: [1] })).rejects.toBeInstanceOf(LibsqlError);
    await expect(c.execute({ sql: 'SELECT ?', args: [1, 2] })).rejects.toBeInstanceOf(LibsqlError);
    await expect(c.execute({ sql: 'SELECT :a', args: { nope: 1 } })).rejects.toMatchObject({ code: 'ARGS_INVALID' });
  });

  it('round-trips every value type', async () => {
    const c = client('bigint');
    await c.execute('CREATE TABLE vals (id INTEGER PRIMARY KEY, i INTEGER, f REAL, t TEXT, b BLOB, n, any)');
    const big = 2n ** 62n + 12345n;
    const blob = new Uint8Array([0, 1, 2, 253, 254, 255]);
    const text = 'Zürich – 東京 – 🚀 – "quoted" \\ back\nslash';
    await c.execute({ sql: 'INSERT INTO vals (i, f, t, b, n, any) VALUES (?, ?, ?, ?, ?, ?)', args: [big, 1.5, text, blob, null, 2.0] });
    await c.execute({
      sql: 'INSERT INTO vals (i, f, t, b, n, any) VALUES (?, ?, ?, ?, ?, ?)',
      args: [-(2n ** 63n), -0.25, '', new Uint8Array(0).buffer, null, 9_007_199_254_740_993n],
    });
    await c.execute({ sql: 'INSERT INTO vals (i, f, t, b) VALUES (?, ?, ?, ?)', args: [2n ** 63n - 1n, 1e300, 'x', blob.buffer] });

    const rs = await c.execute('SELECT i, f, t, b, n, any, typeof(any) AS anytype FROM vals ORDER BY id');
    expect(rs.columns).toEqual(['i', 'f', 't', 'b', 'n', 'any', 'anytype']);
    expect(rs.columnTypes.slice(0, 4)).toEqual(['INTEGER', 'REAL', 'TEXT', 'BLOB']);
    const [r1, r2, r3] = rs.rows;
    expect(r1!.i).toBe(big);
    expect(r1!.f).toBe(1.5);
    expect(r1!.t).toBe(text);
    expect(r1!.b).toBeInstanceOf(ArrayBuffer);
    expect(new Uint8Array(r1!.b as ArrayBuffer)).toEqual(blob);
    expect(r1!.n).toBeNull();
    // A JS number is sent as a float and stays a REAL in an untyped column.
    expect(r1!.any).toBe(2);
    expect(r1!.anytype).toBe('real');
    expect(r2!.i).toBe(-(2n ** 63n));
    expect(r2!.f).toBe(-0.25);
    expect(r2!.t).toBe('');
    expect(new Uint8Array(r2!.b as ArrayBuffer).byteLength).toBe(0);
    expect(r2!.any).toBe(9_007_199_254_740_993n);
    expect(r2!.anytype).toBe('integer');
    expect(r3!.i).toBe(2n ** 63n - 1n);
    expect(r3!.f).toBe(1e300);

    // Without intMode 'bigint', small integers arrive as numbers; floats keep their fraction.
    const plain = await client().execute('SELECT 7 AS seven, 7.5 AS half, 1e308 * 10 AS inf, NULL AS nil');
    expect(plain.rows[0]).toMatchObject({ seven: 7, half: 7.5, inf: Infinity, nil: null });
  });

  it('names the columns of expressions like SQLite does', async () => {
    const c = client();
    const rs = await c.execute("SELECT 1 + 1, upper('a') AS up, count(*), 'x' || 'y' FROM args");
    expect(rs.columns).toEqual(['1 + 1', 'up', 'count(*)', "'x' || 'y'"]);
    expect(rs.columnTypes).toEqual(['', '', '', '']);
    expect(rs.rows[0]![0]).toBe(2);
    expect(rs.rows[0]!['up']).toBe('A');
  });

  it('makes a batch atomic: one failing statement rolls back all of it', async () => {
    const c = client();
    await c.execute('CREATE TABLE acct (id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL)');
    const ok = await c.batch(
      [
        { sql: 'INSERT INTO acct (name) VALUES (?)', args: ['ann'] },
        { sql: 'INSERT INTO acct (name) VALUES (?)', args: ['bob'] },
        'SELECT count(*) AS n FROM acct',
      ],
      'write',
    );
    expect(ok).toHaveLength(3);
    expect(ok[2]!.rows[0]!.n).toBe(2);

    const failing = c.batch(
      [
        { sql: 'INSERT INTO acct (name) VALUES (?)', args: ['cat'] },
        { sql: 'INSERT INTO acct (name) VALUES (?)', args: ['ann'] }, // UNIQUE violation
        { sql: 'INSERT INTO acct (name) VALUES (?)', args: ['dan'] },
      ],
      'write',
    );
    await expect(failing).rejects.toBeInstanceOf(LibsqlError);
    await expect(failing).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_CONSTRAINT/) });
    const names = await c.execute('SELECT name FROM acct ORDER BY name');
    expect(names.rows.map((r) => r.name)).toEqual(['ann', 'bob']);
  });

  it('commits one interactive transaction and rolls back another', async () => {
    const c = client();
    const other = client();
    await c.execute('CREATE TABLE tx (v TEXT)');

    const t1 = await c.transaction('write');
    await t1.execute({ sql: 'INSERT INTO tx VALUES (?)', args: ['kept'] });
    expect((await t1.execute('SELECT count(*) AS n FROM tx')).rows[0]!.n).toBe(1);
    // Not visible to another connection before COMMIT.
    expect((await other.execute('SELECT count(*) AS n FROM tx')).rows[0]!.n).toBe(0);
    await t1.commit();
    expect(t1.closed).toBe(true);

    const t2 = await c.transaction('write');
    await t2.batch([
      { sql: 'INSERT INTO tx VALUES (?)', args: ['gone'] },
      { sql: 'DELETE FROM tx WHERE v = ?', args: ['kept'] },
    ]);
    expect((await t2.execute('SELECT count(*) AS n FROM tx')).rows[0]!.n).toBe(1);
    await t2.rollback();

    const rs = await other.execute('SELECT v FROM tx');
    expect(rs.rows.map((r) => r.v)).toEqual(['kept']);
  });

  it('lets a second writer wait for the first one instead of failing or blocking the server', async () => {
    const c = client();
    await c.execute('CREATE TABLE queue (v INTEGER)');
    const first = await c.transaction('write');
    await first.execute('INSERT INTO queue VALUES (1)');
    // BEGIN IMMEDIATE of the second transaction finds the database locked and is retried.
    const secondDone = (async () => {
      const second = await c.transaction('write');
      await second.execute('INSERT INTO queue VALUES (2)');
      await second.commit();
    })();
    await new Promise((r) => setTimeout(r, 100));
    // The server still answers readers while the writer waits.
    expect((await c.execute('SELECT count(*) AS n FROM queue')).rows[0]!.n).toBe(0);
    await first.commit();
    await secondDone;
    expect((await c.execute('SELECT group_concat(v) AS vs FROM queue')).rows[0]!.vs).toBe('1,2');
  });

  it('turns a syntax error into a LibsqlError and keeps serving', async () => {
    const c = client();
    const err = await c.execute('SELEC 1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LibsqlError);
    expect((err as LibsqlError).code).toBe('SQLITE_ERROR');
    expect((err as LibsqlError).message).toMatch(/syntax error/);
    await expect(c.execute('SELECT * FROM no_such_table')).rejects.toBeInstanceOf(LibsqlError);
    expect((await c.execute('SELECT 1 AS one')).rows[0]!.one).toBe(1);
  });

  it('runs a script with executeMultiple, trigger bodies included', async () => {
    const c = client();
    await c.executeMultiple(`
      CREATE TABLE src (v TEXT); -- a comment; with a semicolon
      CREATE TABLE log (msg TEXT);
      CREATE TRIGGER src_ai AFTER INSERT ON src BEGIN
        INSERT INTO log VALUES ('added ' || new.v);
        INSERT INTO log VALUES ('twice; really');
      END;
      INSERT INTO src VALUES ('a;b');
    `);
    const rs = await c.execute('SELECT msg FROM log ORDER BY rowid');
    expect(rs.rows.map((r) => r.msg)).toEqual(['added a;b', 'twice; really']);
    await expect(c.executeMultiple('INSERT INTO src VALUES (1); SELEC 2; INSERT INTO src VALUES (3)')).rejects.toBeInstanceOf(
      LibsqlError,
    );
    expect((await c.execute('SELECT count(*) AS n FROM src')).rows[0]!.n).toBe(2);
  });

  it('does not carry connection state from one stream to the next', async () => {
    const c = client();
    // libsql turns foreign keys on for every new connection.
    await c.execute('PRAGMA foreign_keys = OFF');
    await c.execute('CREATE TEMP TABLE scratch (x)');
    expect((await c.execute('PRAGMA foreign_keys')).rows[0]![0]).toBe(1);
    await expect(c.execute('SELECT * FROM temp.scratch')).rejects.toThrow(/no such table/);
    // last_insert_rowid is only reported for statements that changed something.
    expect((await c.execute('SELECT 1')).lastInsertRowid).toBeUndefined();
  });

  it('serves concurrent clients', async () => {
    await client().execute('CREATE TABLE hits (client INTEGER, n INTEGER)');
    const writers = Array.from({ length: 5 }, (_, k) => {
      const c = client();
      return Promise.all(
        Array.from({ length: 20 }, (_, n) => c.execute({ sql: 'INSERT INTO hits VALUES (?, ?)', args: [k, n] })),
      );
    });
    await Promise.all(writers);
    const rs = await client().execute('SELECT client, count(*) AS n FROM hits GROUP BY client ORDER BY client');
    expect(rs.rows.map((r) => [r.client, r.n])).toEqual([0, 1, 2, 3, 4].map((k) => [k, 20]));
  });

  it('supports FTS5 with the porter tokenizer, MATCH and snippet()', async () => {
    const c = client();
    await c.batch(
      [
        "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='porter unicode61')",
        { sql: 'INSERT INTO docs (title, body) VALUES (?, ?)', args: ['Elections', 'Voters were running to the polls in Zürich.'] },
        { sql: 'INSERT INTO docs (title, body) VALUES (?, ?)', args: ['Markets', 'Stocks fell sharply on Monday.'] },
      ],
      'write',
    );
    const rs = await c.execute({
      sql: "SELECT title, snippet(docs, 1, '[', ']', '…', 10) AS snip, bm25(docs) AS score FROM docs WHERE docs MATCH ? ORDER BY rank",
      args: ['run AND zurich'],
    });
    expect(rs.rows).toHaveLength(1);
    expect(rs.rows[0]!.title).toBe('Elections');
    expect(rs.rows[0]!.snip).toContain('[running]');
    expect(rs.rows[0]!.snip).toContain('[Zürich]');
    expect(typeof rs.rows[0]!.score).toBe('number');
  });

  it('answers malformed HTTP bodies with a JSON 400 and stays up', async () => {
    for (const body of ['{not json', '[]', '{"requests": 5}', '{"requests": [null]}', '{"baton": 7, "requests": []}']) {
      const { status, json } = await pipeline(body);
      expect(status, body).toBe(400);
      expect(typeof json.message).toBe('string');
    }
    const expired = await pipeline({ baton: 'nope', requests: [{ type: 'close' }] });
    expect(expired.status).toBe(400);
    expect(expired.json.code).toBe('STREAM_EXPIRED');
    // Bad requests inside a valid body fail one by one, as protocol errors.
    const { status, json } = await pipeline({
      requests: [{ type: 'frobnicate' }, { type: 'execute', stmt: { sql: 'SELECT 1', args: [{ type: 'integer', value: 'abc' }] } }, { type: 'execute', stmt: { sql: 'SELECT 2' } }, { type: 'close' }],
    });
    expect(status).toBe(200);
    expect(json.results.map((r: any) => r.type)).toEqual(['error', 'error', 'ok', 'ok']);
    expect(json.results[2].response.result.rows).toEqual([[{ type: 'integer', value: '2' }]]);
    expect(json.baton).toBeNull();
    expect((await client().execute('SELECT 1 AS ok')).rows[0]!.ok).toBe(1);
  });

  it('speaks the pipeline protocol: batons, store_sql, conditions, autocommit, describe', async () => {
    const first = await pipeline(
      {
        baton: null,
        requests: [
          { type: 'store_sql', sql_id: 1, sql: 'SELECT ? * 2 AS doubled' },
          { type: 'execute', stmt: { sql_id: 1, args: [{ type: 'integer', value: '4611686018427387904' }] } },
          { type: 'execute', stmt: { sql: 'BEGIN' } },
          { type: 'get_autocommit' },
          { type: 'describe', sql: 'SELECT name, :x AS y FROM acct WHERE id = ?' },
        ],
      },
      '/v3/pipeline',
    );
    expect(first.status).toBe(200);
    const r = first.json.results;
    expect(r.every((x: any) => x.type === 'ok')).toBe(true);
    // 2^62 * 2 overflows to a float in SQLite, but the argument itself arrived intact.
    expect(r[1].response.result.rows[0][0]).toEqual({ type: 'float', value: 2 ** 63 });
    expect(r[1].response.result.cols).toEqual([{ name: 'doubled', decltype: null }]);
    expect(r[3].response.is_autocommit).toBe(false);
    expect(r[4].response.result).toEqual({
      params: [{ name: ':x' }, { name: null }],
      cols: [
        { name: 'name', decltype: 'TEXT' },
        { name: 'y', decltype: null },
      ],
      is_explain: false,
      is_readonly: true,
    });
    expect(typeof first.json.baton).toBe('string');
    expect(first.json.base_url).toBeNull();

    const second = await pipeline(
      {
        baton: first.json.baton,
        requests: [
          {
            type: 'batch',
            batch: {
              steps: [
                { stmt: { sql: 'SELECT 1' }, condition: { type: 'not', cond: { type: 'is_autocommit' } } },
                { stmt: { sql: 'SELEC 2' } },
                { stmt: { sql: 'SELECT 3' }, condition: { type: 'ok', step: 1 } },
                { stmt: { sql: 'SELECT 4' }, condition: { type: 'and', conds: [{ type: 'error', step: 1 }, { type: 'ok', step: 0 }] } },
                { stmt: { sql: 'SELECT 5' }, condition: { type: 'or', conds: [{ type: 'ok', step: 2 }, { type: 'is_autocommit' }] } },
              ],
            },
          },
          { type: 'close_sql', sql_id: 1 },
          { type: 'execute', stmt: { sql_id: 1 } },
          { type: 'execute', stmt: { sql: 'ROLLBACK', want_rows: false } },
          { type: 'get_autocommit' },
          { type: 'describe', sql: 'INSERT INTO acct (name) VALUES (?)' },
          { type: 'close' },
          { type: 'execute', stmt: { sql: 'SELECT 1' } },
        ],
      },
      '/v3/pipeline',
    );
    expect(second.status).toBe(200);
    expect(second.json.baton).toBeNull();
    const [batch, closeSql, stale, rollback, auto, desc, close, afterClose] = second.json.results;
    const b = batch.response.result;
    expect(b.step_results.map((x: any) => (x ? x.rows[0][0].value : null))).toEqual(['1', null, null, '4', null]);
    expect(b.step_errors.map((x: any) => (x ? x.code : null))).toEqual([null, 'SQLITE_ERROR', null, null, null]);
    expect(closeSql.type).toBe('ok');
    expect(stale.type).toBe('error');
    expect(rollback.type).toBe('ok');
    expect(auto.response.is_autocommit).toBe(true);
    expect(desc.response.result.is_readonly).toBe(false);
    expect(close.response.type).toBe('close');
    expect(afterClose.type).toBe('error');
    // A baton is single-use.
    expect((await pipeline({ baton: first.json.baton, requests: [] })).status).toBe(400);
  });

  it('serves the v3 cursor endpoint as JSON lines', async () => {
    const res = await fetch(server.url + '/v3/cursor', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ baton: null, batch: { steps: [{ stmt: { sql: 'SELECT 1 AS a UNION ALL SELECT 2' } }, { stmt: { sql: 'SELEC' } }] } }),
    });
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ base_url: null });
    expect(lines.slice(1).map((e) => e.type)).toEqual(['step_begin', 'row', 'row', 'step_end', 'step_error']);
    if (lines[0].baton) await pipeline({ baton: lines[0].baton, requests: [{ type: 'close' }] });
  });

  it('closes idle streams and rolls back their transaction', async () => {
    const short = await startLibsqlServer({ dbPath: path.join(dir, 'test.db'), streamIdleTimeoutMs: 150, busyTimeoutMs: 2000 });
    const c = createClient({ url: short.url });
    try {
      const tx = await c.transaction('write');
      await tx.execute("INSERT INTO tx VALUES ('abandoned')");
      await new Promise((r) => setTimeout(r, 400));
      await expect(tx.execute('SELECT 1')).rejects.toBeInstanceOf(LibsqlError);
      // The write lock went with the stream: another writer gets through at once.
      await c.execute("INSERT INTO tx VALUES ('after')");
      const rs = await c.execute('SELECT v FROM tx ORDER BY rowid');
      expect(rs.rows.map((r) => r.v)).toEqual(['kept', 'after']);
    } finally {
      c.close();
      await short.close();
    }
  });

  it('gives up on a held lock after busyTimeoutMs, and a stale snapshot does not spoil the stream', async () => {
    const srv = await startLibsqlServer({ dbPath: path.join(dir, 'busy.db'), busyTimeoutMs: 200 });
    const c = createClient({ url: srv.url });
    try {
      await c.execute('CREATE TABLE b (v INTEGER)');
      const holder = await c.transaction('write');
      await holder.execute('INSERT INTO b VALUES (1)');
      await expect(c.execute('INSERT INTO b VALUES (2)')).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
      await holder.commit();
      await c.execute('INSERT INTO b VALUES (3)');

      // A deferred transaction reads, someone else commits, then its first write cannot succeed.
      const open = await pipeline({ requests: [{ type: 'execute', stmt: { sql: 'BEGIN' } }, { type: 'execute', stmt: { sql: 'SELECT count(*) FROM b' } }] }, '/v2/pipeline', srv.url);
      await c.execute('INSERT INTO b VALUES (4)');
      const sql = (text: string) => ({ type: 'execute', stmt: { sql: text } });
      const rest = await pipeline(
        {
          baton: open.json.baton,
          requests: [sql('INSERT INTO b VALUES (5)'), sql('ROLLBACK'), sql('BEGIN IMMEDIATE'), sql('INSERT INTO b VALUES (6)'), sql('COMMIT'), { type: 'close' }],
        },
        '/v2/pipeline',
        srv.url,
      );
      expect(rest.json.results.map((r: any) => r.type)).toEqual(['error', 'ok', 'ok', 'ok', 'ok', 'ok']);
      expect(rest.json.results[0].error.code).toBe('SQLITE_BUSY_SNAPSHOT');
      expect((await c.execute('SELECT group_concat(v) AS vs FROM b')).rows[0]!.vs).toBe('1,3,4,6');
    } finally {
      c.close();
      await srv.close();
    }
  });

  it('serves a throwaway :memory: database shared by all streams', async () => {
    const mem = await startLibsqlServer({ dbPath: ':memory:' });
    const c = createClient({ url: mem.url });
    try {
      await c.execute('CREATE TABLE m (v)');
      await c.batch(['INSERT INTO m VALUES (1)', 'INSERT INTO m VALUES (2)'], 'write');
      expect((await c.execute('SELECT count(*) AS n FROM m')).rows[0]!.n).toBe(2);
    } finally {
      c.close();
      await mem.close();
    }
  });
});

describe('analyzeSql', () => {
  it('numbers parameters like SQLite and ignores quoted text and comments', () => {
    const info = analyzeSql("SELECT ?, :a, ?5, @b, :a, '?', \"x?\", [y?] -- ?\n /* :c */, ?, $d::e(f)");
    expect(info.paramCount).toBe(8);
    expect(info.paramNames).toEqual([null, ':a', null, null, '?5', '@b', null, '$d::e(f)']);
    expect([...info.usedParams].sort()).toEqual([1, 2, 5, 6, 7, 8]);
    expect(info.statements).toHaveLength(1);
  });

  it('splits scripts on semicolons but keeps trigger bodies whole', () => {
    const info = analyzeSql(
      "CREATE TEMP TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; SELECT CASE WHEN 1 THEN 2 END; END; ; SELECT ';' ; -- done;",
    );
    expect(info.statements.map((s) => s.trim())).toEqual([
      'CREATE TEMP TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; SELECT CASE WHEN 1 THEN 2 END; END;',
      "SELECT ';' ;",
    ]);
  });
});
