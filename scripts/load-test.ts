/**
 * `npm run test:load`: the Node server under load, on a synthetic corpus, loopback only.
 *
 *   npm run test:load                          60 s, 64 connections, 2,000 articles
 *   npm run test:load -- --seconds 10 --connections 16 --articles 500
 *
 * Builds a database from `npm run corpus` output through the real ingest path, starts
 * `src/server.ts` on it (RATE_LIMITS=off, CACHE_TTL=0: the load measures queries, not the cache
 * or one client's quota), and sends a mix of the search queries with autocannon. Prints p50/p99,
 * throughput, errors and the server's memory before and after; exits 1 on any error, timeout or
 * non-2xx response.
 *
 * SERVER_NODE_OPTIONS passes flags to the server process: with `--max-old-space-size=100` the RSS
 * stays flat and nothing fails, which shows that the growth of an uncapped run is V8 sizing its
 * heap under load, not a leak (BENCHMARKS.md).
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openDatabase } from '../src/db/node.ts';
import { prepareDatabase } from '../src/db/prepare.ts';
import { extractMentions } from '../src/ingest/extract.ts';
import { ingestArticles, loadGazetteer } from '../src/ingest/ingest.ts';
import { freePort, startProcess } from '../tools/processes.ts';
import { benchQueries } from './bench-queries.ts';
import { generateCorpus } from './corpus.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '64' },
    articles: { type: 'string', default: '2000' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const articles = Number(values.articles);

/** The mix: the benchmark queries plus natural-language searches, autocomplete and deeper pages. */
const mix: { label: string; query: string; variables?: Record<string, unknown> }[] = [
  ...benchQueries.map(({ key, query }) => ({ label: key, query })),
  { label: 'search DPRK sanctions', query: `{ search(query: "DPRK sanctions", first: 20) { totalCount edges { node { score snippet article { title } } } } }` },
  { label: 'search or/without', query: `{ search(query: "Russia or Ukraine without China", first: 10) { totalCount edges { node { article { title } } } } }` },
  { label: 'autocomplete', query: `{ entities(search: "nor", first: 5) { matchedAlias articleCount entity { name } } }` },
  {
    label: 'same sentence',
    query: `{ articles(where: { countries: ["North Korea"], text: "sanction*", sameSentence: true }, first: 5) { totalCount edges { node { title } } } }`,
  },
  { label: 'page 2 newest', query: `{ articles(first: 50, orderBy: NEWEST) { edges { cursor node { title countries { code } } } pageInfo { endCursor } } }` },
];

function rssMiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return line ? Number(line[1]) / 1024 : Number.NaN;
}

const folder = mkdtempSync(join(tmpdir(), 'newsgraph-load-'));
const url = `file:${join(folder, 'load.db')}`;
let server: Awaited<ReturnType<typeof startProcess>> | undefined;
try {
  console.error(`building a ${articles}-article database…`);
  const corpus = join(folder, 'corpus.jsonl');
  await generateCorpus({ articles, seed: 7, out: corpus });
  const db = openDatabase({ url });
  await prepareDatabase(db, () => {});
  const gazetteer = await loadGazetteer(db);
  const lines = readFileSync(corpus, 'utf8').split('\n').filter(Boolean);
  for (let i = 0; i < lines.length; i += 200) {
    await ingestArticles(db, lines.slice(i, i + 200).map((line) => JSON.parse(line)), { extract: extractMentions, gazetteer });
  }
  db.$client.close();

  const port = await freePort();
  server = await startProcess(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { PORT: String(port), LIBSQL_DB_URL: url, RATE_LIMITS: 'off', CACHE_TTL: '0', NODE_OPTIONS: process.env.SERVER_NODE_OPTIONS ?? '' },
    ready: /serving GraphiQL/,
  });
  const pid = server.child.pid!;
  const requests = mix.map(({ query, variables }) => ({
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  }));
  // Warm-up, so that memory growth measures the steady state rather than first-use allocations.
  await autocannon({ url: `http://127.0.0.1:${port}`, connections: 8, duration: 3, requests });
  const rssBefore = rssMiB(pid);
  console.error(`load: ${seconds} s at ${connections} connections, ${mix.length} queries in rotation…`);
  // Sampled through the run: growth that levels off is heap sizing under load, a climb to the end is a leak.
  const samples: number[] = [];
  const sampler = setInterval(() => samples.push(rssMiB(pid)), 1000);
  const result = await autocannon({ url: `http://127.0.0.1:${port}`, connections, duration: seconds, requests });
  clearInterval(sampler);
  const rssAfter = rssMiB(pid);
  const atFraction = (f: number) => samples[Math.min(samples.length - 1, Math.floor(samples.length * f))] ?? Number.NaN;
  const fiveXx = result.statusCodeStats ? Object.entries(result.statusCodeStats).filter(([code]) => code.startsWith('5')).reduce((n, [, s]) => n + s.count, 0) : 0;

  const rows = [
    ['requests', String(result.requests.total)],
    ['throughput', `${result.requests.average.toFixed(0)} req/s`],
    ['latency p50', `${result.latency.p50} ms`],
    ['latency p99', `${result.latency.p99} ms`],
    ['errors / timeouts', `${result.errors} / ${result.timeouts}`],
    ['non-2xx (5xx)', `${result.non2xx} (${fiveXx})`],
    ['server RSS before → after', `${rssBefore.toFixed(0)} → ${rssAfter.toFixed(0)} MiB (${rssAfter - rssBefore >= 0 ? '+' : ''}${(rssAfter - rssBefore).toFixed(0)} MiB)`],
    ['server RSS at 25 / 50 / 75 / 100 % of the run', [0.25, 0.5, 0.75, 1].map((f) => atFraction(f).toFixed(0)).join(' / ') + ' MiB'],
  ];
  console.log(`\n## Load test: Node server, ${articles} articles, ${seconds} s at ${connections} connections\n`);
  console.log('| measure | value |\n|---|---|');
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
  console.log(`\nQueries in rotation: ${mix.map((m) => m.label).join(', ')}.`);
  if (!result.requests.total || result.errors || result.timeouts || result.non2xx) {
    console.error('FAILED: the server answered with errors, timeouts or non-2xx responses.');
    process.exitCode = 1;
  }
} finally {
  await server?.stop();
  rmSync(folder, { recursive: true, force: true });
}
