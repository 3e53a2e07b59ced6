/**
 * `npm run bench`: the numbers behind BENCHMARKS.md, printed as Markdown tables on stdout
 * (progress goes to stderr).
 *
 *   npm run bench                      10k and 100k article databases (built once, cached)
 *   npm run bench -- --quick           10k only, shorter runs; under 3 minutes from a cold cache
 *   npm run bench -- --db file:x.db    an existing database instead of the generated ones
 *   options: --sizes 10000,50000  --seed 1  --seconds 3 (per measurement)  --rebuild  --no-worker
 *            --profile (writes a .cpuprofile of each in-process query to bench/.cache/profiles)
 *
 * Databases are built from `npm run corpus` output through the real ingest path (prepareDatabase,
 * then ingestArticles with extractMentions and one shared gazetteer, 200 articles a call, as
 * `npm run ingest` does) and cached in bench/.cache/ (git-ignored) under a key that changes with
 * the corpus generator and the ingest and seed code; --rebuild forces a new build. Pending
 * migrations are applied to a cached database before measuring.
 *
 * Method: every latency figure is a closed loop with one request in flight (after a warm-up),
 * timed per request; p50/p99 are of those times and req/s is requests over wall time. The
 * autocannon rows keep 8 connections busy instead. All servers listen on 127.0.0.1 only and
 * are stopped before the bench exits.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { Session } from 'node:inspector/promises';
import autocannon from 'autocannon';
import LibsqlDatabase from 'libsql';
import type { Database } from '../src/db/database.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { openDatabase } from '../src/db/node.ts';
import { prepareDatabase } from '../src/db/prepare.ts';
import { extractMentions } from '../src/ingest/extract.ts';
import { ingestArticles, loadGazetteer } from '../src/ingest/ingest.ts';
import { forgetResolutions } from '../src/search/resolution-cache.ts';
import { createYogaApp } from '../src/yoga.ts';
import { freePort, runProcess, signalGroup, spawnInGroup, startProcess, type RunningProcess } from '../tools/processes.ts';
import { benchQueries, northKoreaSanctions, type BenchQuery } from './bench-queries.ts';
import { corpusUrlPrefix, corpusVersion, generateCorpus, type CorpusMeta } from './corpus.ts';

const usage = `Usage: npm run bench -- [--quick] [--db file:path] [--sizes 10000,100000] [--seed 1] [--seconds 3] [--rebuild] [--no-worker] [--profile]`;

const { values: options } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    db: { type: 'string' },
    sizes: { type: 'string' },
    seed: { type: 'string', default: '1' },
    seconds: { type: 'string' },
    rebuild: { type: 'boolean', default: false },
    'no-worker': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    /** Internal: run each benchmark query once against this database and print its time (see probeQueries). */
    probe: { type: 'string' },
    'probe-keys': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (options.help) {
  console.log(usage);
  process.exit(0);
}

const root = resolve(import.meta.dirname, '..');
const cacheDir = join(root, 'bench/.cache');
const seed = Number(options.seed);
const sizes = (options.sizes ?? (options.quick ? '10000' : '10000,100000')).split(',').map(Number);
/** Wall time each latency measurement may take (at least `minIterations` requests are made anyway). */
const seconds = Number(options.seconds ?? (options.quick ? 2 : 4));
const minIterations = 10;
/** A benchmark query whose single request takes longer than this is reported, not measured. */
const probeLimit = options.quick ? 10 : 30;
if (!Number.isInteger(seed) || sizes.some((n) => !Number.isInteger(n) || n < 1) || !(seconds > 0)) {
  console.error(usage);
  process.exit(2);
}
mkdirSync(cacheDir, { recursive: true });
const started = performance.now();
const log = (line: string) => console.error(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

// Every child process (servers, wrangler, probes) is stopped on the way out, whatever happens
// (tools/processes.ts does it on exit: SIGTERM to its process group, so that scripts/start.ts still
// stops wrangler and workerd); a signal exits through there too.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));

// ---------------------------------------------------------------------------------------------
// Measuring

interface Stats {
  n: number;
  p50: number;
  p99: number;
  mean: number;
  rps: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function summarize(times: number[], wallMs: number): Stats {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    n: times.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    mean: times.reduce((a, b) => a + b, 0) / times.length,
    rps: (times.length / wallMs) * 1000,
  };
}

/**
 * A closed loop, one request in flight: warm up, then time each call for `budget` seconds (at
 * least minIterations calls, or 3 when one call takes over a second).
 */
async function measure(fn: () => Promise<unknown>, budget = seconds, onMeasuring?: () => void): Promise<Stats> {
  const first = performance.now();
  await fn();
  const firstMs = performance.now() - first;
  const warmUntil = performance.now() + Math.min(500, budget * 150);
  for (let i = 1; firstMs < 250 && (i < 3 || performance.now() < warmUntil); i++) await fn();
  const min = firstMs > 1000 ? 3 : minIterations;
  onMeasuring?.();
  const times: number[] = [];
  const begin = performance.now();
  const end = begin + budget * 1000;
  while (times.length < min || (performance.now() < end && times.length < 100_000)) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return summarize(times, performance.now() - begin);
}

// ---------------------------------------------------------------------------------------------
// Databases

interface BuildInfo {
  articles: number;
  corpusArticles: number;
  rejected: number;
  ingestSeconds: number;
  articlesPerSecond: number;
  corpusSeconds: number | null;
  builtAt: string;
  node: string;
  key: string;
}

interface BenchDatabase {
  label: string;
  path: string;
  url: string;
  build: (BuildInfo & { cached: boolean }) | null;
  corpus: CorpusMeta | null;
}

/** Changes whenever what ends up in the database could: the generator, ingest, extraction, seeds. */
function cacheKey(): string {
  const hash = createHash('sha256').update(`corpus v${corpusVersion}\n`);
  const files = [
    ...readdirSync(join(root, 'src/ingest')).filter((f) => f.endsWith('.ts')).map((f) => `src/ingest/${f}`),
    'src/db/countries.ts',
    'src/db/normalize.ts',
    'src/db/seed.ts',
    'scripts/corpus.ts',
    ...readdirSync(join(root, 'data/sample')).map((f) => `data/sample/${f}`),
  ].sort();
  for (const file of files) hash.update(`${file}\n`).update(readFileSync(join(root, file)));
  return hash.digest('hex').slice(0, 10);
}

const sizeLabel = (n: number) => (n % 1000 === 0 ? `${n / 1000}k` : String(n));

function removeDatabaseFiles(path: string) {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

async function corpusFor(size: number): Promise<{ file: string; meta: CorpusMeta; seconds: number | null }> {
  const file = join(cacheDir, `corpus-v${corpusVersion}-seed${seed}-${size}.jsonl`);
  if (existsSync(file) && existsSync(`${file}.meta.json`)) {
    return { file, meta: JSON.parse(readFileSync(`${file}.meta.json`, 'utf8')) as CorpusMeta, seconds: null };
  }
  log(`generating a ${sizeLabel(size)} article corpus (seed ${seed})…`);
  const t = performance.now();
  const meta = await generateCorpus({ articles: size, seed, out: file });
  const s = (performance.now() - t) / 1000;
  log(`corpus: ${(meta.bytes / 2 ** 20).toFixed(0)} MiB in ${s.toFixed(1)} s`);
  return { file, meta, seconds: s };
}

async function generatedDatabase(size: number): Promise<BenchDatabase> {
  const key = cacheKey();
  const path = join(cacheDir, `newsgraph-${sizeLabel(size)}-seed${seed}-${key}.db`);
  const infoFile = `${path}.json`;
  const corpus = await corpusFor(size);
  if (!options.rebuild && existsSync(path) && existsSync(infoFile)) {
    log(`${sizeLabel(size)}: cached database ${path}`);
    const build = JSON.parse(readFileSync(infoFile, 'utf8')) as BuildInfo;
    return { label: sizeLabel(size), path, url: `file:${path}`, build: { ...build, cached: true }, corpus: corpus.meta };
  }

  // Databases of this size and seed built by older code go: they would only fill the disk.
  for (const file of readdirSync(cacheDir)) {
    if (file.startsWith(`newsgraph-${sizeLabel(size)}-seed${seed}-`) && !file.startsWith(`newsgraph-${sizeLabel(size)}-seed${seed}-${key}.`)) rmSync(join(cacheDir, file), { force: true });
  }
  // Built under a temporary name: an interrupted build never looks like a cached database.
  const building = `${path}.building`;
  removeDatabaseFiles(building);
  const db = openDatabase({ url: `file:${building}` });
  await prepareDatabase(db, () => {});
  const gazetteer = await loadGazetteer(db);
  log(`${sizeLabel(size)}: ingesting ${size} articles with full extraction…`);
  let created = 0;
  let rejected = 0;
  let batch: unknown[] = [];
  let lastLog = performance.now();
  const t = performance.now();
  const flush = async () => {
    const results = await ingestArticles(db, batch, { extract: extractMentions, gazetteer });
    batch = [];
    for (const r of results) {
      if (r.status === 'created') created++;
      else if (r.status === 'rejected') rejected++;
    }
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      const rate = created / ((lastLog - t) / 1000);
      log(`${sizeLabel(size)}: ${created}/${size} articles, ${rate.toFixed(0)} articles/s, ETA ${Math.round((size - created) / rate)} s`);
    }
  };
  for await (const line of createInterface({ input: createReadStream(corpus.file), crlfDelay: Infinity })) {
    if (!line) continue;
    batch.push(JSON.parse(line));
    if (batch.length >= 200) await flush();
  }
  if (batch.length) await flush();
  const ingestSeconds = (performance.now() - t) / 1000;
  const [{ n }] = (await db.$client.execute('SELECT count(*) AS n FROM articles')).rows as unknown as [{ n: number }];
  await db.$client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  db.$client.close();
  for (const suffix of ['-wal', '-shm']) if (existsSync(`${building}${suffix}`)) renameSync(`${building}${suffix}`, `${path}${suffix}`);
  renameSync(building, path);
  const build: BuildInfo = {
    articles: Number(n),
    corpusArticles: created,
    rejected,
    ingestSeconds,
    articlesPerSecond: created / ingestSeconds,
    corpusSeconds: corpus.seconds,
    builtAt: new Date().toISOString(),
    node: process.version,
    key,
  };
  writeFileSync(infoFile, `${JSON.stringify(build, null, 2)}\n`);
  log(`${sizeLabel(size)}: ingested ${created} articles in ${ingestSeconds.toFixed(0)} s (${build.articlesPerSecond.toFixed(0)}/s), ${rejected} rejected`);
  return { label: sizeLabel(size), path, url: `file:${path}`, build: { ...build, cached: false }, corpus: corpus.meta };
}

function givenDatabase(url: string): BenchDatabase {
  if (!url.startsWith('file:')) throw new Error(`--db must be a file: URL (got ${url})`);
  const path = resolve(url.slice('file:'.length));
  if (!existsSync(path)) throw new Error(`${path} does not exist`);
  return { label: 'given', path, url: `file:${path}`, build: null, corpus: null };
}

// ---------------------------------------------------------------------------------------------
// The raw-SQL floor: the North Korea + sanctions page with countries and people in one statement.
// The fastest shape found: the total as a window over the matches (a second `count(*)` subquery
// scans the FTS matches again, ~25 % slower at 10k), snippets and entity lists for the page only.

const floorSql = `
WITH matches AS (
  SELECT a.id AS id, bm25(articles_fts, 10.0, 1.0) AS sort
  FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
  WHERE articles_fts MATCH ?1
    AND a.id IN (SELECT ae.article_id FROM article_entities ae WHERE ae.entity_id IN (
      SELECT al.entity_id FROM aliases al JOIN entities e ON e.id = al.entity_id WHERE al.alias = ?2 AND e.kind = 'country'))
    AND ?4),
page AS (SELECT id, sort, count(*) OVER () AS total FROM matches ORDER BY sort, id LIMIT ?3)
SELECT p.id AS id, p.sort AS sort, p.total AS total, a.title AS title, a.published_at AS publishedAt,
  (SELECT snippet(articles_fts, -1, '<mark>', '</mark>', '…', 40) FROM articles_fts WHERE articles_fts MATCH ?1 AND rowid = p.id) AS snippet,
  (SELECT json_group_array(json_object('code', code, 'name', name)) FROM (
     SELECT e.code AS code, e.name AS name FROM article_entities ae JOIN entities e ON e.id = ae.entity_id
     WHERE ae.article_id = p.id AND e.kind = 'country' ORDER BY e.name)) AS countries,
  (SELECT json_group_array(json_object('name', name)) FROM (
     SELECT e.name AS name FROM article_entities ae JOIN entities e ON e.id = ae.entity_id
     WHERE ae.article_id = p.id AND e.kind = 'person' ORDER BY e.name)) AS people
FROM page p JOIN articles a ON a.id = p.id
ORDER BY p.sort, p.id`;

async function floorQuery(db: Database, corpusOnly = false) {
  const { rows } = await db.$client.execute({
    sql: floorSql.replace('?4', corpusOnly ? `a.url LIKE '${corpusUrlPrefix}%'` : '1'),
    args: ['"sanctions"', 'north korea', 11],
  });
  return rows.map((r) => ({
    id: Number(r.id),
    total: Number(r.total),
    title: String(r.title),
    publishedAt: r.publishedAt,
    snippet: r.snippet,
    countries: JSON.parse(String(r.countries)) as { code: string; name: string }[],
    people: JSON.parse(String(r.people)) as { name: string }[],
  }));
}

// ---------------------------------------------------------------------------------------------
// Requests

const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
const bodyOf = (query: string) => JSON.stringify({ query });

type Yoga = ReturnType<typeof createYogaApp>;

async function inProcess(yoga: Yoga, body: string): Promise<string> {
  // A fresh headers object each time: the fetch implementation under yoga.fetch adds a
  // content-length to a plain object it is given (counted in UTF-16 units, wrong for the '…' in
  // the exampleQuery), which would then leak into the HTTP clients' requests.
  const response = await yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { ...headers }, body });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
  return text;
}

function httpPost(agent: http.Agent, port: number, body: string, onHeaders?: (headers: http.IncomingHttpHeaders) => void): Promise<string> {
  return new Promise((resolvePost, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (response) => {
        onHeaders?.(response.headers);
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if (response.statusCode === 200) resolvePost(text);
          else reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 300)}`));
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function parseResult(text: string): any {
  const result = JSON.parse(text) as { data?: any; errors?: { message: string }[] };
  if (result.errors?.length) throw new Error(`GraphQL errors: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.data;
}

/**
 * Servers get RATE_LIMITS=off and CACHE_TTL=0 (src/http/settings.ts): the bench measures queries,
 * not the response cache, and one client may exceed a partner's rate. This checks that they took
 * effect: a repeated request is not answered from the cache (no Age header) nor rate-limited.
 */
async function checkServer(agent: http.Agent, port: number, body: string, expectCache = false): Promise<void> {
  parseResult(await httpPost(agent, port, body));
  let headers: http.IncomingHttpHeaders = {};
  parseResult(await httpPost(agent, port, body, (h) => (headers = h)));
  if (!expectCache && headers.age !== undefined) throw new Error('the response came from the response cache although CACHE_TTL=0');
  if (expectCache && headers.age === undefined) throw new Error('no response cache (no Age header on a repeated request)');
  if (headers['ratelimit-limit'] !== undefined) throw new Error('rate limits are on although RATE_LIMITS=off');
}

/** What servers get so that the bench measures queries: no rate limits, no response cache (src/http/settings.ts). */
const serverEnv = { RATE_LIMITS: 'off', CACHE_TTL: '0' };

async function loadTest(port: number, query: string, connections: number, duration: number) {
  const result = await autocannon({ url: `http://127.0.0.1:${port}/graphql`, method: 'POST', headers: { ...headers }, body: bodyOf(query), connections, duration });
  if (!result.requests.total) throw new Error('autocannon: no response');
  if (result.errors || result.non2xx || result.timeouts) throw new Error(`autocannon: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts`);
  return { n: result.requests.total, p50: result.latency.p50, p99: result.latency.p99, mean: result.latency.average, rps: result.requests.average };
}

// ---------------------------------------------------------------------------------------------
// Servers

/** Starts a server in its own process group; resolves once its output matches `ready`, else stops it and rejects. */
function launch(args: string[], env: Record<string, string>, ready: RegExp, timeoutMs: number): Promise<RunningProcess> {
  return startProcess(process.execPath, args, { cwd: root, env, ready, timeoutMs });
}

async function startNodeServer(db: BenchDatabase, env: Record<string, string> = serverEnv): Promise<{ port: number; process: RunningProcess }> {
  const port = await freePort();
  const server = await launch(['--import', 'tsx', 'src/server.ts'], { ...env, PORT: String(port), LIBSQL_DB_URL: db.url }, /serving GraphiQL at/, 60_000);
  return { port, process: server };
}

/** `npm start`'s stack (scripts/start.ts): wrangler dev with the Worker, on the local libSQL server over this database. */
async function startWorker(db: BenchDatabase): Promise<{ port: number; process: RunningProcess } | string> {
  for (const file of ['src/worker.ts', 'wrangler.toml', 'scripts/start.ts']) if (!existsSync(join(root, file))) return `n/a (worker not ready: no ${file})`;
  try {
    const worker = await launch(
      ['--import', 'tsx', 'scripts/start.ts', '--db', db.path, '--port', '0', '--libsql-port', '0', '--persist-to', join(cacheDir, 'wrangler-state')],
      // CLOUDFLARE_INCLUDE_PROCESS_ENV: wrangler dev passes our environment (serverEnv) to the Worker as
      // vars, unless a .dev.vars file exists (then set RATE_LIMITS and CACHE_TTL there); checkServer tells.
      { ...serverEnv, CLOUDFLARE_INCLUDE_PROCESS_ENV: 'true', WRANGLER_SEND_METRICS: 'false', LIBSQL_DB_URL: '' },
      /serving GraphiQL at http:\/\/localhost:\d+/,
      150_000,
    );
    const port = Number(/serving GraphiQL at http:\/\/localhost:(\d+)/.exec(worker.output())![1]);
    return { port, process: worker };
  } catch (error) {
    const message = (error as Error).message.split('\n').find((l) => /error|Error|✘/.test(l)) ?? (error as Error).message.split('\n')[0]!;
    return `n/a (worker not ready: ${message.trim().slice(0, 120)})`;
  }
}

// ---------------------------------------------------------------------------------------------
// CPU in the GraphQL layer

/**
 * The embedded libSQL engine (the `libsql` package under @libsql/client) runs each statement
 * synchronously on this thread, so process.cpuUsage() around a request counts SQLite's work too.
 * While measuring, the engine's synchronous entry points (prepare, exec, and a statement's run,
 * get and all, which steps through the rows) are timed and that time is subtracted: what
 * remains is the CPU the request costs outside SQLite — what a Worker spends with the database
 * remote: Yoga's Request/Response handling, parsing, validation, execution, Pothos/drizzle query
 * building, the client's row conversion and result mapping, JSON serialisation. (Timing the
 * client's async execute() instead would not do: concurrent resolvers' calls overlap there.)
 */
function timeSqlite(): { ms: () => number; restore: () => void } {
  const scratch = new LibsqlDatabase(':memory:');
  const statementPrototype = Object.getPrototypeOf(scratch.prepare('SELECT 1')) as Record<string, unknown>;
  scratch.close();
  let total = 0;
  let depth = 0;
  let outerStart = 0;
  const restores: (() => void)[] = [];
  const wrap = (target: Record<string, unknown>, name: string) => {
    const original = target[name] as (...args: unknown[]) => unknown;
    target[name] = function (this: unknown, ...args: unknown[]) {
      if (depth++ === 0) outerStart = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        if (--depth === 0) total += performance.now() - outerStart;
      }
    };
    restores.push(() => (target[name] = original));
  };
  for (const name of ['prepare', 'exec']) wrap(LibsqlDatabase.prototype as unknown as Record<string, unknown>, name);
  for (const name of ['run', 'get', 'all']) wrap(statementPrototype, name);
  return { ms: () => total, restore: () => restores.forEach((r) => r()) };
}

interface CpuStats {
  /** CPU outside SQLite per request (ms). */
  layerP50: number;
  layerP99: number;
  /** All CPU per request (ms). */
  totalP50: number;
}

/** `measure` of in-process requests, with each request's CPU split into SQLite and the rest. */
async function measureInProcess(yoga: Yoga, body: string): Promise<{ stats: Stats; cpu: CpuStats }> {
  const layer: number[] = [];
  const total: number[] = [];
  let counting = false;
  const sqlite = timeSqlite();
  try {
    const stats = await measure(async () => {
      const cpu = process.cpuUsage();
      const inSqlite = sqlite.ms();
      await inProcess(yoga, body);
      const used = process.cpuUsage(cpu);
      if (!counting) return;
      const cpuMs = (used.user + used.system) / 1000;
      total.push(cpuMs);
      layer.push(cpuMs - (sqlite.ms() - inSqlite));
    }, seconds, () => (counting = true));
    layer.sort((a, b) => a - b);
    total.sort((a, b) => a - b);
    return { stats, cpu: { layerP50: percentile(layer, 50), layerP99: percentile(layer, 99), totalP50: percentile(total, 50) } };
  } finally {
    sqlite.restore();
  }
}

/** A CPU profile of `runs` in-process requests, and the functions with the most self time. */
async function profile(yoga: Yoga, query: BenchQuery, label: string, runs = 300): Promise<string> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const body = bodyOf(query.query);
  for (let i = 0; i < runs; i++) await inProcess(yoga, body);
  const { profile: cpuProfile } = await session.post('Profiler.stop');
  session.disconnect();
  const dir = join(cacheDir, 'profiles');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${label}-${query.key}.cpuprofile`);
  writeFileSync(file, JSON.stringify(cpuProfile));
  const self = new Map<string, number>();
  const nodes = cpuProfile.nodes;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const deltas = cpuProfile.timeDeltas ?? [];
  (cpuProfile.samples ?? []).forEach((id, i) => {
    const node = byId.get(id)!;
    const where = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*node_modules\//, '').replace(`file://${root}/`, '')}:${node.callFrame.lineNumber + 1}`;
    self.set(where, (self.get(where) ?? 0) + (deltas[i] ?? 0));
  });
  const totalUs = [...self.values()].reduce((a, b) => a + b, 0);
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 12);
  return `Profile ${file} (${runs} requests):\n${top.map(([f, us]) => `  ${((us / totalUs) * 100).toFixed(1).padStart(5)} %  ${f}`).join('\n')}`;
}

// ---------------------------------------------------------------------------------------------
// Worker bundle and cold start

const wranglerBin = join(dirname(createRequire(import.meta.url).resolve('wrangler/package.json')), 'bin/wrangler.js');

function run(command: string, args: string[], timeoutMs: number, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return runProcess(command, args, { cwd: root, env, timeoutMs });
}

interface WorkerFigures {
  bundle: string;
  bundleBytes: number | null;
  gzipBytes: number | null;
  coldStartBundleMs: number | null;
  coldStartSrcMs: number | null;
  workerdFirstResponseMs: number | null;
  workerdTrivialMs: number | null;
  notes: string[];
}

/** Median of `times` fresh Node processes, each printing how long its imports took. */
async function coldStart(script: string, args: string[], times = 5): Promise<number | null> {
  const results: number[] = [];
  for (let i = 0; i < times; i++) {
    const { code, output } = await run(process.execPath, [...args, '--input-type=module', '-e', script], 60_000);
    const ms = /COLD ([\d.]+)/.exec(output);
    if (code !== 0 || !ms) throw new Error(output.split('\n').slice(0, 5).join(' '));
    results.push(Number(ms[1]));
  }
  return percentile(results.sort((a, b) => a - b), 50);
}

const workerdBin = join(dirname(createRequire(import.meta.url).resolve('workerd/package.json')), 'bin/workerd');

/** Median over `times` runs of: spawn workerd serving `module` on 127.0.0.1, until GET / answers. */
async function workerdStart(dir: string, module: string, times = 5): Promise<number> {
  const toml = readFileSync(join(root, 'wrangler.toml'), 'utf8');
  const compatibilityDate = /compatibility_date\s*=\s*"([^"]+)"/.exec(toml)?.[1] ?? '2026-11-02';
  const results: number[] = [];
  for (let i = 0; i < times; i++) {
    const port = await freePort();
    const config = join(dir, `${module}.capnp`);
    writeFileSync(
      config,
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .w) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ]
);
const w :Workerd.Worker = (
  modules = [ (name = "${module}", esModule = embed "${module}") ],
  compatibilityDate = "${compatibilityDate}",
  bindings = [ (name = "LIBSQL_DB_URL", text = "http://127.0.0.1:9") ],
);
`,
    );
    const t = performance.now();
    const child = spawnInGroup(workerdBin, ['serve', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    try {
      for (;;) {
        if (child.exitCode !== null) throw new Error(`workerd exited: ${stderr.slice(0, 200)}`);
        if (performance.now() - t > 20_000) throw new Error('workerd did not answer within 20 s');
        const status = await new Promise<number>((done) => {
          http
            .get({ host: '127.0.0.1', port, path: '/' }, (res) => {
              res.resume();
              done(res.statusCode ?? 0);
            })
            .on('error', () => done(0));
        });
        if (status === 302) break;
        await new Promise((r) => setTimeout(r, 2));
      }
      results.push(performance.now() - t);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      signalGroup(child, 'SIGKILL');
      await exited;
    }
  }
  return percentile(results.sort((a, b) => a - b), 50);
}

async function workerFigures(): Promise<WorkerFigures> {
  const outdir = join(cacheDir, 'worker-dist');
  const bundle = join(outdir, 'worker.js');
  const figures: WorkerFigures = { bundle, bundleBytes: null, gzipBytes: null, coldStartBundleMs: null, coldStartSrcMs: null, workerdFirstResponseMs: null, workerdTrivialMs: null, notes: [] };
  log('worker bundle: wrangler deploy --dry-run…');
  rmSync(outdir, { recursive: true, force: true });
  const build = await run(process.execPath, [wranglerBin, 'deploy', '--dry-run', '--outdir', outdir], 180_000, { WRANGLER_SEND_METRICS: 'false' });
  if (build.code === 0 && existsSync(bundle)) {
    const code = readFileSync(bundle);
    figures.bundleBytes = code.length;
    figures.gzipBytes = gzipSync(code, { level: 9 }).length;
    try {
      // What an isolate does before its first request: evaluate the bundle, which builds the schema and the Yoga app.
      figures.coldStartBundleMs = await coldStart(
        `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(bundle).href)}); console.log('COLD', performance.now() - t);`,
        [],
      );
    } catch (error) {
      figures.notes.push(`bundle import in Node failed: ${(error as Error).message.slice(0, 200)}`);
    }
    try {
      // workerd itself (the runtime wrangler dev and Cloudflare use), from spawn to the first
      // response to GET / (a redirect; no database), for the bundle and for a trivial Worker:
      // the difference is what our module costs an isolate on a cold start.
      writeFileSync(join(outdir, 'trivial.js'), `export default { fetch() { return new Response(null, { status: 302 }); } };\n`);
      const ours = await workerdStart(outdir, 'worker.js');
      const trivial = await workerdStart(outdir, 'trivial.js');
      figures.workerdFirstResponseMs = ours;
      figures.workerdTrivialMs = trivial;
    } catch (error) {
      figures.notes.push(`workerd start failed: ${(error as Error).message.slice(0, 200)}`);
    }
  } else {
    figures.notes.push(`wrangler deploy --dry-run failed: ${build.output.split('\n').filter((l) => /rror|✘/.test(l)).slice(0, 2).join(' ').slice(0, 200)}`);
  }
  try {
    figures.coldStartSrcMs = await coldStart(
      `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(join(root, 'src/graphql/schema.ts')).href)}); await import(${JSON.stringify(
        pathToFileURL(join(root, 'src/yoga.ts')).href,
      )}); console.log('COLD', performance.now() - t);`,
      ['--import', 'tsx'],
    );
  } catch (error) {
    figures.notes.push(`src import under tsx failed: ${(error as Error).message.slice(0, 200)}`);
  }
  return figures;
}

// ---------------------------------------------------------------------------------------------
// Probing: a query that takes minutes must not take the bench down with it

/**
 * Runs each benchmark query once in a child process (`--probe`), allowing `limitSeconds` each: a
 * synchronous SQLite statement cannot be interrupted in-process, a child can be killed. Returns
 * each query's time in ms, or null when it did not finish in time (those are not measured).
 */
interface Probe {
  ms: number;
  /** Statements of the first request in a fresh process (references not cached yet) and of the second. */
  cold: number;
  statements: number;
}

async function probeQueries(url: string, limitSeconds: number): Promise<Map<string, Probe | null>> {
  const times = new Map<string, Probe | null>();
  let remaining = benchQueries.map((q) => q.key);
  while (remaining.length) {
    const child = spawnInGroup(process.execPath, ['--import', 'tsx', join(root, 'scripts/bench.ts'), '--probe', url, '--probe-keys', remaining.join(',')], { cwd: root });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    let first: { ms: number; cold: number } | null = null;
    const timedOut = await new Promise<boolean>((done) => {
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          signalGroup(child, 'SIGKILL');
          done(true);
        }, limitSeconds * 1000);
      };
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const cold = /^COLD (\S+) ([\d.]+) (\d+)$/.exec(line);
        const warm = /^WARM (\S+) (\d+)$/.exec(line);
        if (line === 'READY') arm();
        else if (cold) {
          first = { ms: Number(cold[2]), cold: Number(cold[3]) };
          arm();
        } else if (warm && first) {
          times.set(warm[1]!, { ...first, statements: Number(warm[2]) });
          remaining = remaining.filter((k) => k !== warm[1]);
          first = null;
          arm();
        }
      });
      child.on('exit', () => {
        clearTimeout(timer);
        done(false);
      });
    });
    if (timedOut) {
      const [stuck, ...rest] = remaining;
      times.set(stuck!, null);
      log(`${stuck}: one request took over ${limitSeconds} s; not measured`);
      remaining = rest;
    } else if (remaining.length) {
      throw new Error(`probe failed on ${remaining[0]}: ${stderr.slice(-500)}`);
    }
  }
  return times;
}

/**
 * The child's side: each query twice, printing the first request's time and the statements of both
 * (counted with onQuery): the first with its entity references not yet cached, the second warm.
 */
async function runProbe(url: string, keys: string[]) {
  let statements = 0;
  const db = openDatabase({ url, onQuery: () => statements++ });
  const yoga = createYogaApp({ database: () => db });
  console.log('READY');
  for (const key of keys) {
    const query = benchQueries.find((q) => q.key === key)!;
    forgetResolutions(db);
    statements = 0;
    const t = performance.now();
    parseResult(await inProcess(yoga, bodyOf(query.query)));
    console.log(`COLD ${key} ${(performance.now() - t).toFixed(3)} ${statements}`);
    statements = 0;
    parseResult(await inProcess(yoga, bodyOf(query.query)));
    console.log(`WARM ${key} ${statements}`);
  }
  db.$client.close();
}

// ---------------------------------------------------------------------------------------------
// One database

interface Row {
  path: string;
  stats: Stats | null;
  note?: string;
  /** Several requests in flight, or answered from a cache: latency is not comparable with the floor's. */
  concurrent?: boolean;
  cached?: boolean;
}

interface DatabaseResult {
  db: BenchDatabase;
  articles: number;
  bytes: number;
  tableBytes: { name: string; bytes: number }[];
  check: string;
  /** Correctness problems (the API, the floor and the corpus disagree): the bench then exits 1. */
  problems: string[];
  nk: Row[];
  floorP50: number;
  queries: { query: BenchQuery; stats: Stats | null; statements: number | null; cold: number | null; cpu: CpuStats | null; note?: string }[];
  profiles: string[];
}

async function benchDatabase(target: BenchDatabase): Promise<DatabaseResult> {
  const db = openDatabase({ url: target.url });
  await migrateDatabase(db);
  const [{ n }] = (await db.$client.execute('SELECT count(*) AS n FROM articles')).rows as unknown as [{ n: number }];
  const articles = Number(n);
  let tableBytes: { name: string; bytes: number }[] = [];
  try {
    const { rows } = await db.$client.execute('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC');
    tableBytes = rows.map((r) => ({ name: String(r.name), bytes: Number(r.bytes) }));
  } catch {
    // dbstat is not compiled in: the file size alone is reported
  }
  const yoga = createYogaApp({ database: () => db });
  const nkBody = bodyOf(northKoreaSanctions.query);

  // Correctness first: the API, the floor and the corpus agree.
  const api = parseResult(await inProcess(yoga, nkBody)).articles as { totalCount: number; edges: { node: { title: string } }[] };
  const floor = await floorQuery(db);
  const floorTitles = floor.slice(0, 10).map((r) => r.title);
  const apiTitles = api.edges.map((e) => e.node.title);
  const problems: string[] = [];
  if (JSON.stringify(floorTitles) !== JSON.stringify(apiTitles)) problems.push('the raw-SQL floor returns other articles than the API');
  if ((floor[0]?.total ?? 0) !== api.totalCount) problems.push(`floor total ${floor[0]?.total} ≠ API totalCount ${api.totalCount}`);
  let check = `North Korea + sanctions: totalCount ${api.totalCount}`;
  if (target.corpus) {
    const corpusTotal = (await floorQuery(db, true))[0]?.total ?? 0;
    const expected = target.corpus.expected.northKoreaSanctions;
    check += ` = ${corpusTotal} corpus articles (expected ${expected}) + ${api.totalCount - corpusTotal} sample`;
    if (corpusTotal !== expected) problems.push(`the corpus expects ${expected} North Korea + sanctions articles, the database has ${corpusTotal}`);
  }
  check += problems.length ? ` — MISMATCH: ${problems.join('; ')}` : ' ✓';
  log(`${target.label}: ${check}`);

  log(`${target.label}: probing each benchmark query once (limit ${probeLimit} s)…`);
  const probe = await probeQueries(target.url, probeLimit);
  log(`${target.label}: first requests: ${[...probe].map(([k, v]) => `${k} ${v === null ? 'timed out' : `${ms(v.ms)} ms`}`).join(', ')}`);

  const nk: Row[] = [];
  log(`${target.label}: NK query — raw SQL, in-process…`);
  const floorStats = await measure(() => floorQuery(db));
  nk.push({ path: 'raw SQL, one hand-written statement (libSQL client, embedded)', stats: floorStats });
  const nkInProcess = await measureInProcess(yoga, nkBody);
  nk.push({ path: 'in-process `yoga.fetch`', stats: nkInProcess.stats });

  log(`${target.label}: NK query — HTTP, Node server…`);
  const node = await startNodeServer(target);
  try {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    await checkServer(agent, node.port, nkBody);
    nk.push({ path: 'HTTP, Node server (`src/server.ts`), 1 connection', stats: await measure(() => httpPost(agent, node.port, nkBody)) });
    agent.destroy();
    nk.push({ path: 'HTTP, Node server, 8 connections (autocannon)', stats: await loadTest(node.port, northKoreaSanctions.query, 8, Math.max(2, Math.round(seconds))), concurrent: true });
  } catch (error) {
    nk.push({ path: 'HTTP, Node server', stats: null, note: `failed: ${(error as Error).message.slice(0, 160)}` });
  } finally {
    await node.process.stop();
  }

  // What a repeated query costs with the response cache on (the default, CACHE_TTL=60), for comparison.
  const cached = await startNodeServer(target, { RATE_LIMITS: 'off', CACHE_TTL: '60' });
  try {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    await checkServer(agent, cached.port, nkBody, true);
    nk.push({ path: 'HTTP, Node server, response cache on (CACHE_TTL=60): the same query repeated', stats: await measure(() => httpPost(agent, cached.port, nkBody)), cached: true });
    agent.destroy();
  } catch (error) {
    nk.push({ path: 'HTTP, Node server, response cache on', stats: null, note: `n/a: ${(error as Error).message.slice(0, 160)}` });
  } finally {
    await cached.process.stop();
  }

  if (options['no-worker']) {
    nk.push({ path: 'HTTP, Worker (wrangler dev → local libSQL server)', stats: null, note: 'skipped (--no-worker)' });
  } else {
    log(`${target.label}: NK query — HTTP, Worker (starting wrangler dev)…`);
    const worker = await startWorker(target);
    if (typeof worker === 'string') {
      nk.push({ path: 'HTTP, Worker (wrangler dev → local libSQL server)', stats: null, note: worker });
    } else {
      try {
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        await checkServer(agent, worker.port, nkBody);
        nk.push({ path: 'HTTP, Worker (wrangler dev → local libSQL server), 1 connection', stats: await measure(() => httpPost(agent, worker.port, nkBody)) });
        agent.destroy();
        nk.push({ path: 'HTTP, Worker, 8 connections (autocannon)', stats: await loadTest(worker.port, northKoreaSanctions.query, 8, Math.max(2, Math.round(seconds))), concurrent: true });
      } catch (error) {
        nk.push({ path: 'HTTP, Worker (wrangler dev → local libSQL server)', stats: null, note: `failed: ${(error as Error).message.slice(0, 160)}` });
      } finally {
        await worker.process.stop();
      }
    }
  }

  const queries: DatabaseResult['queries'] = [];
  const profiles: string[] = [];
  for (const query of benchQueries) {
    if (probe.get(query.key) === null) {
      queries.push({ query, stats: null, statements: null, cold: null, cpu: null, note: `> ${probeLimit} s (one request did not finish in time; not measured)` });
      continue;
    }
    log(`${target.label}: ${query.key}…`);
    const body = bodyOf(query.query);
    parseResult(await inProcess(yoga, body));
    const { stats, cpu } = query === northKoreaSanctions ? nkInProcess : await measureInProcess(yoga, body);
    const { statements, cold } = probe.get(query.key)!;
    queries.push({ query, stats, statements, cold, cpu });
    if (options.profile) profiles.push(await profile(yoga, query, target.label, Math.max(20, Math.min(300, Math.round(2000 / stats.p50)))));
  }
  db.$client.close();
  return { db: target, articles, bytes: statSync(target.path).size, tableBytes, check, problems, nk, floorP50: floorStats.p50, queries, profiles };
}

// ---------------------------------------------------------------------------------------------
// Report

const ms = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
const int = (x: number) => Math.round(x).toLocaleString('en-US');
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function databaseReport(r: DatabaseResult): string {
  const out: string[] = [];
  out.push(`### ${r.db.label === 'given' ? r.db.path : `${r.db.label} articles`}: ${int(r.articles)} articles, ${mib(r.bytes)} (${kib(r.bytes / r.articles)} per article)`);
  out.push('');
  out.push(`Check: ${r.check}`);
  out.push('');
  out.push(`**North Korea + sanctions** (\`exampleQuery\`: page of 10 with totalCount, snippet, countries and people)`);
  out.push('');
  out.push(
    table(
      ['path', 'p50 ms', 'p99 ms', 'req/s', 'p50 ÷ floor', 'requests'],
      r.nk.map((row) =>
        row.stats
          ? [row.path, ms(row.stats.p50), ms(row.stats.p99), int(row.stats.rps), row.concurrent || row.cached ? '—' : `${(row.stats.p50 / r.floorP50).toFixed(2)}×`, int(row.stats.n)]
          : [row.path, row.note ?? 'n/a', '', '', '', ''],
      ),
    ),
  );
  out.push('');
  out.push(
    '**Benchmark queries**, in-process `yoga.fetch`. SQL statements: counted with `openDatabase({ onQuery })`, once entity references are cached (the first request of a process, \"cold\", resolves them with one more). GraphQL-layer CPU: `process.cpuUsage()` per request minus the time spent inside the embedded SQLite engine (its synchronous prepare/step calls, timed) — the CPU a Worker would spend with the database remote.',
  );
  out.push('');
  out.push(
    table(
      ['query', 'p50 ms', 'p99 ms', 'req/s', 'SQL statements', 'GraphQL-layer CPU p50 / p99 ms', 'total CPU p50 ms'],
      r.queries.map(({ query, stats, statements, cold, cpu, note }) =>
        stats && cpu
          ? [query.label, ms(stats.p50), ms(stats.p99), int(stats.rps), cold === statements ? String(statements) : `${statements} (${cold} cold)`, `${ms(cpu.layerP50)} / ${ms(cpu.layerP99)}`, ms(cpu.totalP50)]
          : [query.label, note ?? 'n/a', '', '', '', '', ''],
      ),
    ),
  );
  out.push('');
  const b = r.db.build;
  if (b) {
    out.push(
      `**Ingest**: ${int(b.corpusArticles)} corpus articles in ${b.ingestSeconds.toFixed(0)} s = **${b.articlesPerSecond.toFixed(0)} articles/s** with full extraction` +
        ` (${b.rejected} rejected; ${b.cached ? `measured when the cached database was built, ${b.builtAt}` : 'measured in this run'}); ${kib(r.bytes / r.articles)} of database per article.`,
    );
  } else out.push('**Ingest**: n/a (given database)');
  if (r.tableBytes.length) {
    const top = r.tableBytes.slice(0, 8).map((t) => `${t.name} ${mib(t.bytes)}`);
    out.push('');
    out.push(`Largest tables and indexes: ${top.join(', ')}.`);
  }
  for (const p of r.profiles) out.push('', '```', p, '```');
  return out.join('\n');
}

interface Target {
  goal: string;
  measured: string;
  met: boolean | null;
}

function targets(results: DatabaseResult[], worker: WorkerFigures | null): string {
  const largest = results.at(-1)!;
  const at = largest.db.label === '100k' ? '' : ` (at ${largest.db.label === 'given' ? int(largest.articles) : largest.db.label}; the target is for 100k)`;
  const q = (key: string) => largest.queries.find((x) => x.query.key === key)!;
  const nkQuery = q('nk');
  const list: Target[] = [];
  const timedOut = (key: string) => q(key).note ?? 'n/a';
  if (nkQuery.stats) {
    list.push({ goal: 'NK + sanctions in-process p50 ≤ 5 ms at 100k', measured: `${ms(nkQuery.stats.p50)} ms${at}`, met: nkQuery.stats.p50 <= 5 });
    const ratio = nkQuery.stats.p50 / largest.floorP50;
    list.push({ goal: 'NK + sanctions in-process ÷ raw-SQL floor ≤ 1.5', measured: `${ratio.toFixed(2)}× (${ms(nkQuery.stats.p50)} vs ${ms(largest.floorP50)} ms)${at}`, met: ratio <= 1.5 });
  }
  for (const { query, statements } of largest.queries) {
    const floor = /totalCount/.test(query.query) ? 2 : 1;
    list.push({ goal: `${query.key}: ≤ ${floor} SQL statement${floor > 1 ? 's' : ''}`, measured: statements === null ? timedOut(query.key) : String(statements), met: statements === null ? false : statements <= floor });
  }
  // Where SQLite takes 100 ms or more, the difference of two large CPU figures is mostly noise.
  const measured = largest.queries.filter((x) => x.cpu && x.cpu.totalP50 < 100);
  const worst = measured.reduce((a, b) => (b.cpu!.layerP50 > a.cpu!.layerP50 ? b : a));
  list.push({
    goal: 'GraphQL-layer CPU ≤ 2 ms a request (p50)',
    measured: `NK ${ms(nkQuery.cpu?.layerP50)} ms; worst ${worst.query.key} ${ms(worst.cpu!.layerP50)} ms (queries under 100 ms of CPU)`,
    met: worst.cpu!.layerP50 <= 2,
  });
  for (const key of ['facets-nk', 'facets-all', 'timeline-nk', 'timeline-all']) {
    const stats = q(key).stats;
    list.push({ goal: `${key} p50 ≤ 50 ms at 100k`, measured: stats ? `${ms(stats.p50)} ms${at}` : timedOut(key), met: stats ? stats.p50 <= 50 : false });
  }
  const built = results.filter((r) => r.db.build);
  if (built.length) {
    const rate = Math.min(...built.map((r) => r.db.build!.articlesPerSecond));
    list.push({ goal: 'ingest ≥ 100 articles/s', measured: `${rate.toFixed(0)}/s`, met: rate >= 100 });
  }
  if (worker) {
    list.push({ goal: 'Worker bundle ≤ 1 MiB gzip', measured: worker.gzipBytes === null ? 'n/a' : kib(worker.gzipBytes), met: worker.gzipBytes === null ? null : worker.gzipBytes <= 2 ** 20 });
    // Two views of one figure: the bundle's import in Node, and what it adds to workerd's start over a trivial Worker.
    const workerd = worker.workerdFirstResponseMs !== null && worker.workerdTrivialMs !== null ? worker.workerdFirstResponseMs - worker.workerdTrivialMs : null;
    const figures = [worker.coldStartBundleMs, workerd].filter((x): x is number => x !== null);
    list.push({
      goal: 'cold start ≤ 100 ms (module evaluation + schema build)',
      measured: `${ms(worker.coldStartBundleMs)} ms importing the bundle in Node; ${ms(workerd)} ms added to workerd's first response`,
      met: figures.length ? Math.max(...figures) <= 100 : null,
    });
  }
  return table(
    ['target', 'measured', 'met'],
    list.map((t) => [t.goal, t.measured, t.met === null ? 'n/a' : t.met ? 'yes' : '**no**']),
  );
}

function workerReport(w: WorkerFigures): string {
  const rows = [
    ['bundle (`wrangler deploy --dry-run`, worker.js)', w.bundleBytes === null ? 'n/a' : `${kib(w.bundleBytes)}, gzip -9 **${kib(w.gzipBytes!)}**`],
    ['cold start: `import()` of the bundle in a fresh Node process (module evaluation + schema build)', `${ms(w.coldStartBundleMs)} ms (median of 5)`],
    ['cold start: `import()` of src/graphql/schema.ts + src/yoga.ts under tsx (includes transpiling)', `${ms(w.coldStartSrcMs)} ms (median of 5)`],
    [
      'workerd (the runtime itself) from spawn to the first response to `GET /`: our bundle / a trivial Worker',
      `${ms(w.workerdFirstResponseMs)} / ${ms(w.workerdTrivialMs)} ms (median of 5; difference ${ms((w.workerdFirstResponseMs ?? NaN) - (w.workerdTrivialMs ?? NaN))} ms)`,
    ],
  ];
  return [table(['Worker', 'value'], rows), ...w.notes.map((n) => `\nNote: ${n}`)].join('\n');
}

// ---------------------------------------------------------------------------------------------

if (options.probe) {
  await runProbe(options.probe, (options['probe-keys'] ?? '').split(',').filter(Boolean));
  process.exit(0);
}

const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}, ${process.platform}`;
log(`${machine}; ${options.db ? options.db : `sizes ${sizes.map(sizeLabel).join(', ')}`}, ${seconds} s per measurement`);

const results: DatabaseResult[] = [];
if (options.db) {
  results.push(await benchDatabase(givenDatabase(options.db)));
} else {
  for (const size of sizes) {
    const target = await generatedDatabase(size);
    results.push(await benchDatabase(target));
  }
}
const worker = await workerFigures().catch((error: Error) => {
  log(`worker figures failed: ${error.message}`);
  return null;
});

const totalSeconds = (performance.now() - started) / 1000;
const report = [
  `## \`npm run bench${process.argv.slice(2).length ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\``,
  '',
  `${new Date().toISOString().slice(0, 10)} · ${machine} · ${seconds} s per latency measurement · total run ${totalSeconds.toFixed(0)} s`,
  '',
  ...results.flatMap((r) => [databaseReport(r), '']),
  '### Worker',
  '',
  worker ? workerReport(worker) : 'n/a',
  '',
  '### Targets',
  '',
  targets(results, worker),
  '',
].join('\n');
console.log(report);
writeFileSync(join(cacheDir, 'last-report.md'), report);
log(`done in ${totalSeconds.toFixed(0)} s (report also in bench/.cache/last-report.md)`);
const problems = results.flatMap((r) => r.problems);
if (problems.length) log(`FAILED: ${problems.join('; ')}`);
process.exit(problems.length ? 1 : 0);
