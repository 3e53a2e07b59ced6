/**
 * `npm run bench`: the numbers behind BENCHMARKS.md, printed as Markdown tables on stdout
 * (progress goes to stderr).
 *
 *   npm run bench                      10k and 100k article databases (built once, cached)
 *   npm run bench -- --quick           10k only, shorter runs; under 3 minutes from a cold cache
 *   npm run bench -- --db file:x.db    an existing database instead of the generated ones
 *   options: --sizes 10000,50000  --seed 1  --seconds 3 (per measurement)  --rebuild  --no-worker  --no-poll
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
 * are stopped before the bench exits. The npm script sets NODE_ENV=production, as `npm run serve`
 * does and `wrangler deploy` bundles the Worker: graphql-js's development build checks every
 * failed `instanceof` for a second copy of itself (about 5 % of the GraphQL layer's CPU).
 *
 * This file runs the bench; scripts/bench/ holds its parts: settings.ts (options, folders, log),
 * measure.ts (latency and CPU), databases.ts (building and caching them, the raw-SQL floor),
 * servers.ts (requests, the Node server and the Worker), probe.ts, worker.ts (bundle and cold
 * start), database-bench.ts (everything measured on one database) and report.ts.
 */
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { cacheDir, log, options, seconds, sizes, started } from './bench/settings.ts';
import { runProbe } from './bench/probe.ts';
import { generatedDatabase, givenDatabase, sizeLabel } from './bench/databases.ts';
import { benchDatabase, type DatabaseResult } from './bench/database-bench.ts';
import { workerFigures } from './bench/worker.ts';
import { databaseReport, targets, workerReport } from './bench/report.ts';
import { pollFigures, pollReport } from './bench/poll-bench.ts';

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

// The poll row (scripts/bench/poll-bench.ts): feeds from a loopback server through the poller.
const poll = options['no-poll']
  ? null
  : await pollFigures(options.quick ? 5 : 10, options.quick ? 20 : 30, !options['no-worker']).catch((error: Error) => {
      log(`poll figures failed: ${error.message}`);
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
  '### Poll (feeds → pages → articles)',
  '',
  poll ? pollReport(poll) : 'n/a',
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
