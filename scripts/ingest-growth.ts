/**
 * `npm run bench:ingest-growth -- [--articles 10000] [--batch 200] [--every 1000] [--no-cluster]`:
 * does the cost of ingesting one more article grow with the corpus? Ingests the bench's synthetic
 * corpus (seed 1, generated if missing) into a fresh temporary database in calls of `--batch`
 * articles, as the bench build does (corpus pass off), and prints per-call wall and CPU time
 * averaged over each `--every` articles, then the sizes of the near-duplicate and story tables.
 * A benchmark, not a test: it times things.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createReadStream } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { openDatabase } from '../src/db/node.ts';
import { prepareDatabase } from '../src/ingest/prepare.ts';
import { extractMentions } from '../src/ingest/extract.ts';
import { ingestArticles, loadGazetteer } from '../src/ingest/ingest.ts';
import { corpusVersion, generateCorpus } from './corpus.ts';

const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '10000' },
    batch: { type: 'string', default: '200' },
    every: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    'no-cluster': { type: 'boolean', default: false },
    keep: { type: 'string' },
  },
});
const [total, batchSize, every, seed] = [values.articles, values.batch, values.every, values.seed].map(Number) as [number, number, number, number];

const root = resolve(import.meta.dirname, '..');
const corpusFile = join(root, 'bench/.cache', `corpus-v${corpusVersion}-seed${seed}-${total}.jsonl`);
if (!existsSync(corpusFile)) await generateCorpus({ articles: total, seed, out: corpusFile });

const dir = mkdtempSync(join(tmpdir(), 'ng-growth-'));
const path = values.keep ?? join(dir, 'growth.db');
const db = openDatabase({ url: `file:${path}` });
await prepareDatabase(db, () => {});
const gazetteer = await loadGazetteer(db);

console.log(`${cpus()[0]?.model} · ${cpus().length} cores · Node ${process.version} · clustering ${values['no-cluster'] ? 'off' : 'on'}`);
console.log('articles  ms/call(wall)  ms/call(cpu)  articles/s(wall)  articles/cpu-s');
let batch: unknown[] = [];
let done = 0;
let window = { calls: 0, wall: 0, cpu: 0, articles: 0 };
const started = performance.now();
const startedCpu = process.cpuUsage();
async function flush() {
  const t = performance.now();
  const c = process.cpuUsage();
  await ingestArticles(db, batch, { extract: extractMentions, gazetteer, resolveCorpus: false, cluster: !values['no-cluster'] });
  const cpu = process.cpuUsage(c);
  window.calls++;
  window.wall += performance.now() - t;
  window.cpu += (cpu.user + cpu.system) / 1000;
  window.articles += batch.length;
  done += batch.length;
  batch = [];
  if (done % every === 0 || done === total) {
    const w = window;
    console.log(
      `${String(done).padStart(8)}  ${(w.wall / w.calls).toFixed(0).padStart(13)}  ${(w.cpu / w.calls).toFixed(0).padStart(12)}  ${((w.articles / w.wall) * 1000).toFixed(1).padStart(16)}  ${((w.articles / w.cpu) * 1000).toFixed(1).padStart(14)}`,
    );
    window = { calls: 0, wall: 0, cpu: 0, articles: 0 };
  }
}
for await (const line of createInterface({ input: createReadStream(corpusFile), crlfDelay: Infinity })) {
  if (!line) continue;
  batch.push(JSON.parse(line));
  if (batch.length >= batchSize) await flush();
  if (done >= total) break;
}
if (batch.length) await flush();
const cpu = process.cpuUsage(startedCpu);
const seconds = (performance.now() - started) / 1000;
console.log(`whole run: ${done} articles in ${seconds.toFixed(0)} s wall (${(done / seconds).toFixed(1)}/s), ${((cpu.user + cpu.system) / 1e6).toFixed(0)} CPU-s (${(done / ((cpu.user + cpu.system) / 1e6)).toFixed(1)} articles/CPU-s)`);

// What the near-duplicate and story tables hold, and how big the fullest LSH bucket is.
const rows = async (q: string) => (await db.$client.execute(q)).rows;
console.log('table sizes (dbstat):');
try {
  for (const r of await rows(`SELECT name, sum(pgsize) AS bytes FROM dbstat WHERE name IN ('article_signatures','signature_bands','feature_counts','stories','story_articles','story_keys','story_merges') OR name LIKE 'sqlite_autoindex_story%' OR name LIKE 'sqlite_autoindex_signature%' OR name LIKE 'story%idx' OR name LIKE 'signature%idx' OR name LIKE 'article_signatures%idx' OR name LIKE 'stories%idx' GROUP BY name ORDER BY bytes DESC`)) {
    console.log(`  ${String(r.name).padEnd(36)} ${(Number(r.bytes) / 2 ** 20).toFixed(2)} MiB`);
  }
} catch (error) {
  console.log(`  (dbstat unavailable: ${(error as Error).message})`);
}
for (const [label, q] of [
  ['largest LSH bucket', 'SELECT max(n) AS v FROM (SELECT count(*) AS n FROM signature_bands GROUP BY band)'],
  ['stories', 'SELECT count(*) AS v FROM stories WHERE merged_into IS NULL'],
  ['largest story', 'SELECT max(article_count) AS v FROM stories'],
  ['story_keys rows', 'SELECT count(*) AS v FROM story_keys'],
  ['largest story_keys key', 'SELECT max(n) AS v FROM (SELECT count(*) AS n FROM story_keys GROUP BY key)'],
  ['feature_counts rows', 'SELECT count(*) AS v FROM feature_counts'],
] as const) {
  console.log(`  ${label.padEnd(36)} ${(await rows(q))[0]!.v}`);
}
db.$client.close();
console.log(`database file ${(statSync(path).size / 2 ** 20).toFixed(1)} MiB`);
if (!values.keep) rmSync(dir, { recursive: true, force: true });
