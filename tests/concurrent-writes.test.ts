import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import Sqlite from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../scripts/corpus.ts';
import { createApiKey } from '../src/auth/api-keys.ts';
import { openDatabase } from '../src/db/node.ts';
import { extractMentions } from '../src/ingest/extract.ts';
import { ingestArticles } from '../src/ingest/ingest.ts';
import { freePort, startProcess, type RunningProcess } from '../tools/processes.ts';
import { createTestDatabase } from './helpers/database.ts';
import { checkFullTextIndex, dumpGraph, type GraphDump } from './helpers/graph-dump.ts';

// Several processes writing into one database file at once, as real processes: CLI ingests, the
// Node server with clients reading and ingesting through the API. Whatever the interleaving,
// nothing may be rejected or fail, and the stored graph must be the one a single ingest stores.
const root = fileURLToPath(new URL('..', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'newsgraph-concurrent-'));
const corpus = join(folder, 'corpus.jsonl');
const servers: RunningProcess[] = [];

beforeAll(async () => {
  // Under 50 articles: one CLI process extracts them all in one group (see the second test).
  await generateCorpus({ articles: 20, seed: 16, out: corpus });
});
afterAll(async () => {
  for (const server of servers) await server.stop();
  rmSync(folder, { recursive: true, force: true });
});

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry point in its own Node process (tsx), as `npm run` does. */
function run(args: string[], env: Record<string, string>): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function dump(url: string): Promise<GraphDump> {
  const db = openDatabase({ url });
  try {
    await checkFullTextIndex(db);
    return await dumpGraph(db);
  } finally {
    db.$client.close();
  }
}

const writer = (url: string, callSize: number, order: string) =>
  run(['tests/helpers/ingest-process.ts', corpus, String(callSize), order], { LIBSQL_DB_URL: url });

describe('concurrent writers into one database file', () => {
  it('an ingest that meets another process holding the write lock waits and stores its article; reads go on meanwhile', async () => {
    const test = await createTestDatabase();
    const db = test.db;
    // Another connection to the file: to SQLite's locks, the same as another process.
    const other = new Sqlite(test.url.slice('file:'.length));
    // Counts the write transactions the ingest tries.
    const batch = db.$client.batch.bind(db.$client);
    let tries = 0;
    db.$client.batch = (statements, mode) => {
      tries++;
      return batch(statements, mode);
    };
    try {
      other.exec('BEGIN IMMEDIATE');
      let settled = false;
      const ingest = ingestArticles(db, [{ title: 'Locked out', body: 'Peru and Chile met in Lima.' }], { extract: extractMentions }).finally(
        () => (settled = true),
      );
      const [read] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM articles`);
      expect(read!.n).toBeGreaterThan(0);
      // Held until the first try has failed busy and another is under way (or the ingest gave up).
      while (tries < 2 && !settled) await new Promise((resolve) => setTimeout(resolve, 10));
      other.exec('COMMIT');
      expect(await ingest).toEqual([expect.objectContaining({ status: 'created', code: null, reason: null })]);
      expect(tries).toBeGreaterThanOrEqual(2);
    } finally {
      other.close();
      test.close();
    }
  }, 120_000);

  it('three processes ingesting the same corpus in different orders, a few articles per call, store exactly the graph of one ingest', async () => {
    // Extraction in these processes is a pure function of the text, so any difference is the write path's.
    const sequentialUrl = `file:${join(folder, 'sequential.db')}`;
    const sequential = await writer(sequentialUrl, 100, '0');
    expect(sequential.code, sequential.stderr).toBe(0);

    const concurrentUrl = `file:${join(folder, 'concurrent.db')}`;
    const exits = await Promise.all([writer(concurrentUrl, 2, '0'), writer(concurrentUrl, 2, 'reverse'), writer(concurrentUrl, 3, '11')]);
    for (const exit of exits) expect(exit.code, exit.stdout + exit.stderr).toBe(0);
    // Each article was created by exactly one process; the others found it stored.
    const counts = exits.map((exit) => JSON.parse(exit.stdout) as Record<string, number>);
    expect(counts.reduce((sum, c) => sum + (c.created ?? 0), 0)).toBe(20);
    for (const c of counts) expect((c.created ?? 0) + (c.unchanged ?? 0)).toBe(20);

    expect(await dump(concurrentUrl)).toEqual(await dump(sequentialUrl));
  }, 240_000);

  it('CLI ingests into the file the server serves, while clients read and ingest through the API: nothing rejected, no read fails, the graph of one ingest', async () => {
    // Country-only texts: their extraction cannot depend on what the CLI stored before them.
    const apiArticles = [
      ['Fisheries pact', 'Peru and Chile signed a fisheries pact on Monday.'],
      ['Grain deal', 'Ukraine and Egypt agreed a grain deal.'],
      ['Border talks', 'India and Nepal resumed border talks.'],
      ['Rail link', 'Kenya and Uganda opened a rail link.'],
      ['Gas pipeline', 'Norway and Poland opened a gas pipeline.'],
      ['Power line', 'Laos and Thailand finished a power line.'],
    ].map(([title, body]) => ({ title, body, source: 'Partner Wire' }));
    // One ingest of the partner's articles and the corpus (a folder: one CLI run).
    const inputs = join(folder, 'inputs');
    mkdirSync(inputs);
    writeFileSync(join(inputs, 'api-articles.json'), JSON.stringify(apiArticles));
    copyFileSync(corpus, join(inputs, 'corpus.jsonl'));
    const sequentialUrl = `file:${join(folder, 'cli-sequential.db')}`;
    const sequential = await run(['scripts/ingest.ts', inputs], { LIBSQL_DB_URL: sequentialUrl });
    expect(sequential.code, sequential.stderr).toBe(0);

    const url = `file:${join(folder, 'served.db')}`;
    const port = await freePort();
    const server = await startProcess(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { PORT: String(port), LIBSQL_DB_URL: url, CACHE_TTL: '0', RATE_LIMITS: 'off' },
      ready: /serving GraphiQL at/,
      timeoutMs: 120_000,
    });
    servers.push(server);
    const db = openDatabase({ url });
    const key = (await createApiKey(db, { name: 'partner', scopes: ['ingest', 'read'] })).key;
    db.$client.close();
    const post = async (query: string, variables: Record<string, unknown> = {}) => {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] } };
    };

    let writing = true;
    const cli = Promise.all([run(['scripts/ingest.ts', corpus], { LIBSQL_DB_URL: url }), run(['scripts/ingest.ts', corpus], { LIBSQL_DB_URL: url })]).finally(
      () => (writing = false),
    );
    const reads: { status: number; codes: (string | undefined)[] }[] = [];
    const reader = (async () => {
      for (let i = 0; writing; i++) {
        const { status, body } = await post(`query ($n: Int) { articles(first: $n, where: { countries: ["France"] }) { totalCount edges { node { title countries { name } } } } }`, {
          n: 1 + (i % 20),
        });
        reads.push({ status, codes: body.errors?.map((e) => e.extensions?.code) ?? [] });
      }
    })();
    const ingests: unknown[] = [];
    const partner = (async () => {
      for (let i = 0; i < apiArticles.length; i += 2) {
        const { body } = await post(`mutation ($input: [ArticleInput!]!) { ingestArticles(input: $input) { status code reason } }`, {
          input: apiArticles.slice(i, i + 2),
        });
        ingests.push(...(body.data?.ingestArticles ?? [body.errors]));
      }
    })();
    const [exits] = await Promise.all([cli, reader, partner]);

    for (const exit of exits) expect(exit.code, exit.stdout + exit.stderr).toBe(0);
    expect(ingests).toEqual(apiArticles.map(() => ({ status: 'CREATED', code: null, reason: null })));
    // Reads went on while the CLI processes wrote, and every one was answered.
    expect(reads.length).toBeGreaterThan(2);
    expect(reads.filter((r) => r.status !== 200 || r.codes.length)).toEqual([]);

    await server.stop();
    expect(await dump(url)).toEqual(await dump(sequentialUrl));
  }, 300_000);
});
