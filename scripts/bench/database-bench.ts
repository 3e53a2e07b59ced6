// Everything measured on one database: correctness first, then the North Korea query on every path,
// then each benchmark query in-process.
import { statSync } from 'node:fs';
import http from 'node:http';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { openDatabase } from '../../src/db/node.ts';
import { createYogaApp } from '../../src/yoga.ts';
import { benchQueries, northKoreaSanctions, type BenchQuery } from '../bench-queries.ts';
import { measure, measureInProcess, profile, type CpuStats, type Stats } from './measure.ts';
import { floorNewestSql, floorQuery, previousFloorNewestSql, previousFloorSql, type BenchDatabase } from './databases.ts';
import { sideBySide, type SideBySide } from './side-by-side.ts';
import { bodyOf, checkServer, httpPost, inProcess, loadTest, parseResult, startNodeServer, startWorker } from './servers.ts';
import { log, options, probeLimit, seconds } from './settings.ts';
import { probeQueries } from './probe.ts';
import { ms } from './report.ts';

// One database

export interface Row {
  path: string;
  stats: Stats | null;
  note?: string;
  /** Several requests in flight, or answered from a cache: latency is not comparable with the floor's. */
  concurrent?: boolean;
  cached?: boolean;
}

export interface DatabaseResult {
  db: BenchDatabase;
  articles: number;
  bytes: number;
  tableBytes: { name: string; bytes: number }[];
  check: string;
  /** Correctness problems (the API, the floor and the corpus disagree): the bench then exits 1. */
  problems: string[];
  nk: Row[];
  floorP50: number;
  sideBySide: SideBySide;
  queries: { query: BenchQuery; stats: Stats | null; statements: number | null; cold: number | null; cpu: CpuStats | null; note?: string }[];
  profiles: string[];
}

export async function benchDatabase(target: BenchDatabase): Promise<DatabaseResult> {
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
  if (JSON.stringify(await floorQuery(db, false, previousFloorSql)) !== JSON.stringify(floor)) problems.push('the floor returns other rows than the previous floor');
  const newest = parseResult(await inProcess(yoga, bodyOf(northKoreaSanctions.query.replace('first: 10)', 'first: 10, orderBy: NEWEST)')))).articles as typeof api;
  const floorNewest = await floorQuery(db, false, floorNewestSql);
  if (JSON.stringify(await floorQuery(db, false, previousFloorNewestSql)) !== JSON.stringify(floorNewest)) problems.push('the newest-first floor returns other rows than the previous one');
  if (JSON.stringify(floorNewest.slice(0, 10).map((r) => r.title)) !== JSON.stringify(newest.edges.map((e) => e.node.title))) problems.push('the newest-first floor returns other articles than the API');
  if ((floorNewest[0]?.total ?? 0) !== newest.totalCount) problems.push(`newest-first floor total ${floorNewest[0]?.total} ≠ API totalCount ${newest.totalCount}`);
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

  log(`${target.label}: statements side by side, interleaved (${seconds * 8} s)…`);
  const side = await sideBySide(db, yoga, seconds * 8);

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
  return { db: target, articles, bytes: statSync(target.path).size, tableBytes, check, problems, nk, floorP50: floorStats.p50, sideBySide: side, queries, profiles };
}
