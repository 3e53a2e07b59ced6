import { createClient, type InStatement } from '@libsql/client';
import Sqlite from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchQueries } from '../scripts/bench-queries.ts';
import { databaseOn, rowsAsArrays } from '../src/db/database.ts';
import { createYogaApp } from '../src/yoga.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

// src/db/node.ts runs reads on a connection of its own with cached prepared statements: what they
// return must be what @libsql/client itself returns, row shape included, and writes must not go there.
let test: TestDatabase;
let plain: ReturnType<typeof createClient>;

beforeAll(async () => {
  test = await createTestDatabase();
  plain = createClient({ url: test.url });
});
afterAll(() => {
  plain.close();
  test.close();
});

const rowShape = (rows: unknown[]) =>
  rows.map((row) => {
    const r = row as Record<string, unknown> & { length: number };
    return { keys: Object.keys(r), json: JSON.stringify(r), length: r.length, byIndex: Array.prototype.slice.call(r) };
  });

describe('Node reads through cached statements', () => {
  it('answer every benchmark query byte for byte as the plain client does, twice (prepared, then cached)', async () => {
    const cached = createYogaApp({ database: () => test.db });
    const reference = createYogaApp({ database: () => databaseOn(plain) });
    for (const { query } of benchQueries) {
      const body = JSON.stringify({ query });
      const ask = async (yoga: typeof cached) => (await yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text();
      const expected = await ask(reference);
      expect(expected).not.toMatch(/"errors"/);
      expect(await ask(cached)).toBe(expected);
      expect(await ask(cached)).toBe(expected);
    }
  });

  it('build rows like the client: by name and index, duplicate names, blobs, nulls, columns', async () => {
    const sql = "SELECT value AS a, 'v' || value AS a, NULL AS n, x'0102' AS b, 2.5 AS f FROM json_each('[1, 2, 3]') WHERE value > ? ORDER BY value";
    const ours = await test.db.$client.execute({ sql, args: [0] });
    const theirs = await plain.execute({ sql, args: [0] });
    expect(ours.rows.length).toBe(3);
    expect(rowShape(ours.rows)).toEqual(rowShape(theirs.rows));
    expect(ours.columns).toEqual(theirs.columns);
    expect(ours.columnTypes).toEqual(theirs.columnTypes);
    expect(new Uint8Array(ours.rows[0]!.b as ArrayBuffer)).toEqual(new Uint8Array(theirs.rows[0]!.b as ArrayBuffer));
  });

  it('give a statement marked rowsAsArrays each row as a plain array of the values the client holds by index', async () => {
    const sql = "SELECT value AS a, 'v' || value AS a, NULL AS n, x'0102' AS b, 2.5 AS f FROM json_each('[1, 2, 3]') WHERE value > ? ORDER BY value";
    const arrays = await test.db.$client.execute({ sql, args: [0], [rowsAsArrays]: true } as InStatement);
    const theirs = await plain.execute({ sql, args: [0], [rowsAsArrays]: true } as InStatement);
    expect(arrays.rows.every((row) => Array.isArray(row))).toBe(true);
    expect(arrays.rows).toEqual(theirs.rows.map((row) => Array.prototype.slice.call(row)));
    expect(arrays.columns).toEqual(theirs.columns);
  });

  it('see writes made since a statement was cached, and let writes that return rows through', async () => {
    await test.db.$client.batch(['CREATE TABLE node_reads (name TEXT)']);
    const count = 'SELECT count(*) AS n FROM node_reads WHERE name LIKE ?';
    expect(Number((await test.db.$client.execute({ sql: count, args: ['a%'] })).rows[0]!.n)).toBe(0);
    const inserted = await test.db.$client.execute({ sql: 'WITH s(name) AS (SELECT ?) INSERT INTO node_reads SELECT name FROM s RETURNING name', args: ['ab'] });
    expect(inserted.rows.map((r) => r.name)).toEqual(['ab']);
    expect(Number((await test.db.$client.execute({ sql: count, args: ['a%'] })).rows[0]!.n)).toBe(1);
    await test.db.$client.batch([{ sql: 'INSERT INTO node_reads VALUES (?)', args: ['ac'] }]);
    expect(Number((await test.db.$client.execute({ sql: count, args: ['a%'] })).rows[0]!.n)).toBe(2);
  });

  it('keep a statement in use prepared however many one-off texts pass through', async () => {
    const prepared: string[] = [];
    const prototype = Sqlite.prototype as unknown as { prepare: (sql: string) => unknown };
    const prepare = prototype.prepare;
    prototype.prepare = function (this: unknown, sql: string) {
      prepared.push(sql);
      return prepare.call(this, sql);
    };
    try {
      const hot = 'SELECT count(*) AS n FROM articles WHERE id > ?';
      for (let i = 0; i < 300; i++) {
        if (i % 10 === 0) expect(Number((await test.db.$client.execute({ sql: hot, args: [0] })).rows[0]!.n)).toBeGreaterThan(0);
        await test.db.$client.execute({ sql: `SELECT ${i} AS one_off`, args: [] });
      }
      expect(prepared.filter((sql) => sql === hot)).toHaveLength(1);
      expect(prepared.filter((sql) => sql.startsWith('SELECT 0 AS one_off'))).toHaveLength(1);
    } finally {
      prototype.prepare = prepare;
    }
  });

  it('fail as the client fails', async () => {
    const unsafe = 'SELECT 9007199254740993 AS big';
    await expect(test.db.$client.execute(unsafe)).rejects.toThrow(RangeError);
    await expect(plain.execute(unsafe)).rejects.toThrow(RangeError);
    const error = (client: { execute: (sql: string) => Promise<unknown> }) => client.execute('SELECT nope FROM articles').catch((e: Error) => `${e.name} ${e.message}`);
    expect(await error(test.db.$client)).toBe(await error(plain));
  });
});
