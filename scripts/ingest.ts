/**
 * `npm run ingest -- <file|folder|-> [--source NAME]`: loads articles into LIBSQL_DB_URL (migrated
 * and seeded first), with full entity extraction. Formats: see src/ingest/sources.ts. Progress
 * goes to stderr (a bar with rate and ETA on a terminal, a line every few seconds otherwise), the
 * summary to stdout. Exits 1 if any article was rejected, 2 on a usage error.
 */
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { openDatabase } from '../src/db/node.ts';
import { prepareDatabase } from '../src/ingest/prepare.ts';
import { extractMentions } from '../src/ingest/extract.ts';
import { ingestArticles, loadGazetteer, type IngestStatus } from '../src/ingest/ingest.ts';
import { resolveCorpus } from '../src/ingest/resolve.ts';
import { optimizeSearchIndexes } from '../src/db/search-indexes.ts';
import { openSource, type SourceItem } from '../src/ingest/sources.ts';

const usage = `Usage: npm run ingest -- <file|folder|-> [--source NAME]

  file     JSON Lines (.jsonl), a JSON array, a .json object, or a .txt article (first line = title)
  folder   every .txt/.json/.jsonl/.ndjson file in it, recursively
  -        JSON Lines or a JSON array on stdin
  --source the publisher for articles that name none (e.g. --source BBC)`;

/** Items per ingestArticles call; the library writes them in transactions of up to 50. */
const callSize = 100;
const maxListedRejections = 20;

let args;
try {
  args = parseArgs({ allowPositionals: true, options: { source: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
} catch (error) {
  console.error(`${(error as Error).message}\n\n${usage}`);
  process.exit(2);
}
if (args.values.help) {
  console.log(usage);
  process.exit(0);
}
if (args.positionals.length !== 1) {
  console.error(usage);
  process.exit(2);
}
const [path] = args.positionals as [string];
const defaultSource = args.values.source ?? null;

let source;
try {
  source = await openSource(path);
} catch (error) {
  console.error(`Cannot read ${path}: ${(error as Error).message}`);
  process.exit(2);
}

const db = openDatabase();
await prepareDatabase(db, (line) => console.error(line));
// Once per run: static data (country seeds, curated organisations), the same for every article.
const gazetteer = await loadGazetteer(db);

const counts: Record<IngestStatus, number> = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
const rejections: string[] = [];
const started = performance.now();
const done = () => counts.created + counts.updated + counts.unchanged + counts.rejected;
const rate = () => done() / Math.max((performance.now() - started) / 1000, 1e-3);
const progress = createProgress(source.totalBytes);

let stopping = false;
process.once('SIGINT', () => {
  // Let the current call finish: every article is stored whole or not at all anyway.
  stopping = true;
});

let batch: SourceItem[] = [];
const flush = async () => {
  const items = batch;
  batch = [];
  const readable = items.flatMap((item, i) => ('value' in item ? [{ i, value: withSource(item.value) }] : []));
  const inputs = readable.map((r) => r.value);
  const results = await ingestArticles(db, inputs, { extract: extractMentions, gazetteer, resolveCorpus: false });
  const reasons = new Map<number, string>();
  for (const [i, item] of items.entries()) if ('error' in item) reasons.set(i, item.error);
  for (const [k, result] of results.entries()) {
    counts[result.status]++;
    if (result.reason) reasons.set(readable[k]!.i, result.reason);
  }
  counts.rejected += items.length - readable.length;
  for (const [i, reason] of [...reasons].sort((a, b) => a[0] - b[0])) {
    if (rejections.length < maxListedRejections) rejections.push(`${items[i]!.label}: ${reason}`);
  }
  progress.update(source.bytesRead());
};

for await (const item of source.items) {
  batch.push(item);
  if (batch.length >= callSize) await flush();
  if (stopping) break;
}
if (batch.length) await flush();
// corpus-level linking ("Mr Blair" alone, "SEC" alone) once for the whole run, as one ingest call would
if (counts.created + counts.updated) await resolveCorpus(db);
// A bulk load leaves the FTS indexes in many segments; merging them rewrites each whole index, so
// only after a run that added many articles.
if (counts.created + counts.updated >= 1000) await optimizeSearchIndexes(db);
progress.stop();
db.$client.close();

const seconds = (performance.now() - started) / 1000;
// CPU time of the whole process (start-up and migrations included): the per-core rate, which a
// shared machine's load does not inflate the way it does wall time
const cpu = process.cpuUsage();
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const written = counts.created + counts.updated;
for (const line of rejections) console.error(`rejected ${line}`);
if (counts.rejected > rejections.length) console.error(`… and ${counts.rejected - rejections.length} more rejected`);
console.log(
  `${stopping ? 'Interrupted after' : 'Ingested'} ${done()} articles in ${seconds.toFixed(1)} s (${rate().toFixed(1)} articles/s): ` +
    `${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.rejected} rejected.` +
    ` CPU ${cpuSeconds.toFixed(1)} s (${(written / cpuSeconds).toFixed(1)} written articles per CPU-second).`,
);
process.exit(stopping ? 130 : counts.rejected ? 1 : 0);

function withSource(value: unknown): unknown {
  if (defaultSource === null || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const article = value as Record<string, unknown>;
  return article.source ? article : { ...article, source: defaultSource };
}

/** A bar with rate and ETA on a terminal; elsewhere (CI, pipes, logs) a plain line every 5 s. */
function createProgress(totalBytes: number | null): { update(bytes: number): void; stop(): void } {
  const line = (bytes: number) => {
    const share = totalBytes ? bytes / totalBytes : null;
    const elapsed = (performance.now() - started) / 1000;
    const eta = share ? ` ${Math.round(share * 100)}%, ETA ${Math.round((elapsed / share) * (1 - share))} s,` : '';
    return `ingest:${eta} ${done()} articles (${counts.rejected} rejected), ${rate().toFixed(1)} articles/s`;
  };
  if (process.stderr.isTTY && totalBytes) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: 'ingest {bar} {percentage}% | {articles} articles, {rejected} rejected | {rate} articles/s | ETA {eta_formatted}',
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(totalBytes, 0, { articles: 0, rejected: 0, rate: '0.0' });
    return {
      update: (bytes) => bar.update(bytes, { articles: done(), rejected: counts.rejected, rate: rate().toFixed(1) }),
      stop: () => bar.stop(),
    };
  }
  let last = performance.now();
  return {
    update: (bytes) => {
      if (performance.now() - last < 5000) return;
      last = performance.now();
      console.error(line(bytes));
    },
    stop: () => {},
  };
}
