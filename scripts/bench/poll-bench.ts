// The poll row: one poll run over N fixture feeds of M entries each, served by a loopback server
// from the synthetic corpus (each entry's page fetched and extracted, then ingested), on Node
// (pollSources in process) and in workerd (wrangler dev --test-scheduled on wrangler.ingest.toml:
// the ingest Worker's own scheduled() over the local libSQL server). Sources are added with
// language "en": the corpus's pseudo-words would otherwise make language detection skip entity
// extraction.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/db/node.ts';
import { prepareDatabase } from '../../src/ingest/prepare.ts';
import { extractMentions } from '../../src/ingest/extract.ts';
import { pollSources } from '../../src/sources/poller.ts';
import { pollSettings } from '../../src/sources/settings.ts';
import { addSource } from '../../src/sources/store.ts';
import { startLibsqlServer } from '../../tools/libsql-server/server.ts';
import { freePort, signalGroup, spawnInGroup, wranglerBin } from '../../tools/processes.ts';
import { generateCorpus, type CorpusArticle } from '../corpus.ts';
import { log, root } from './settings.ts';

export interface PollRun {
  runtime: 'Node' | 'workerd';
  entries: number;
  seconds: number;
  cpuSeconds: number;
  note: string;
}

export interface PollFigures {
  sources: number;
  perSource: number;
  runs: PollRun[];
  notes: string[];
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function serveFeeds(articles: CorpusArticle[], sources: number, perSource: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    const feed = /^\/feed\/(\d+)\.xml$/.exec(path);
    const page = /^\/a\/(\d+)\.html$/.exec(path);
    if (path === '/robots.txt') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n');
    if (feed && Number(feed[1]) < sources) {
      const first = Number(feed[1]) * perSource;
      const items = articles.slice(first, first + perSource).map(
        (a, i) =>
          `<item><title>${escape(a.title)}</title><link>${base}/a/${first + i}.html</link><guid>${first + i}</guid><pubDate>${new Date(a.publishedAt).toUTCString()}</pubDate><description>${escape(a.body.slice(0, 200))}</description></item>`,
      );
      return void res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Bench ${feed[1]}</title>${items.join('')}</channel></rss>`);
    }
    const article = page ? articles[Number(page[1])] : undefined;
    if (article) {
      const paragraphs = article.body.split(/\n+/).map((p) => `<p>${escape(p)}</p>`).join('');
      return void res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        .end(`<!doctype html><html lang="en"><head><title>${escape(article.title)}</title></head><body><nav><a href="/">Home</a></nav><article><h1>${escape(article.title)}</h1>${paragraphs}</article><footer>Bench</footer></body></html>`);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url: base, close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))) };
}

const unbounded = { POLL_HOST_DELAY_MS: '0', POLL_MAX_FETCHES: '1000000', POLL_MAX_ENTRIES: '1000000', POLL_TIMEOUT_MS: '30000' };

async function preparedDatabase(folder: string, name: string, feedsUrl: string, sources: number): Promise<string> {
  const path = join(folder, name);
  const db = openDatabase({ url: `file:${path}` });
  await prepareDatabase(db, () => {});
  for (let i = 0; i < sources; i++) await addSource(db, { url: `${feedsUrl}/feed/${i}.xml`, kind: 'feed', name: `Bench ${i}`, language: 'en' });
  db.$client.close();
  return path;
}

async function countStored(path: string): Promise<{ articles: number; pending: number }> {
  const db = openDatabase({ url: `file:${path}` });
  try {
    const [row] = await db.all<{ articles: number; pending: number }>(
      sql`SELECT (SELECT count(*) FROM source_entries WHERE article_id IS NOT NULL) AS articles, (SELECT count(*) FROM source_entries WHERE state = 'pending') AS pending`,
    );
    return row!;
  } finally {
    db.$client.close();
  }
}

/** CPU seconds (user + system) of every process in a process group, from /proc (Linux). */
function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      /* exited */
    }
  }
  return ticks / 100;
}

async function nodeRun(folder: string, feedsUrl: string, sources: number): Promise<PollRun> {
  const path = await preparedDatabase(folder, 'node.db', feedsUrl, sources);
  const db = openDatabase({ url: `file:${path}` });
  const cpu = process.cpuUsage();
  const t = performance.now();
  const report = await pollSources(db, { settings: pollSettings(unbounded), extract: extractMentions });
  const seconds = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  db.$client.close();
  return { runtime: 'Node', entries: report.created, seconds, cpuSeconds: (used.user + used.system) / 1e6, note: 'in process, embedded libSQL file; the CPU includes serving the fixture feeds and pages (same process)' };
}

async function workerdRun(folder: string, feedsUrl: string, sources: number, expected: number): Promise<PollRun> {
  const path = await preparedDatabase(folder, 'workerd.db', feedsUrl, sources);
  const libsql = await startLibsqlServer({ dbPath: path, port: 0 });
  const port = await freePort();
  const vars = { ...unbounded, LIBSQL_DB_URL: libsql.url };
  const wrangler = spawnInGroup(
    process.execPath,
    [wranglerBin, 'dev', '-c', 'wrangler.ingest.toml', '--ip', '127.0.0.1', '--port', String(port), '--test-scheduled', ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`])],
    { cwd: root, env: { WRANGLER_SEND_METRICS: 'false', LIBSQL_DB_AUTH_TOKEN: '' } },
  );
  let output = '';
  wrangler.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  wrangler.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  try {
    const started = Date.now();
    while (!/Ready on/.test(output)) {
      if (wrangler.exitCode !== null || Date.now() - started > 180_000) throw new Error(`wrangler dev did not start: ${output.slice(-300)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const cpu = groupCpuSeconds(wrangler.pid!);
    const t = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}/__scheduled?cron=${encodeURIComponent('*/5 * * * *')}`);
    await response.text();
    // waitUntil work may outlive the response: done when every entry has its article.
    for (;;) {
      const { articles, pending } = await countStored(path);
      if (articles >= expected && pending === 0) break;
      if (performance.now() - t > 600_000) throw new Error(`workerd stored ${articles} of ${expected} in 10 minutes`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (performance.now() - t) / 1000;
    return {
      runtime: 'workerd',
      entries: expected,
      seconds,
      cpuSeconds: groupCpuSeconds(wrangler.pid!) - cpu,
      note: 'the ingest Worker in wrangler dev --test-scheduled; CPU of the wrangler + workerd processes, not of the libSQL server',
    };
  } finally {
    const exited = new Promise((r) => wrangler.once('exit', r));
    signalGroup(wrangler, 'SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    signalGroup(wrangler, 'SIGKILL');
    await libsql.close();
  }
}

export async function pollFigures(sources: number, perSource: number, withWorker: boolean): Promise<PollFigures> {
  const folder = mkdtempSync(join(tmpdir(), 'newsgraph-poll-bench-'));
  const figures: PollFigures = { sources, perSource, runs: [], notes: [] };
  const corpus = join(folder, 'corpus.jsonl');
  await generateCorpus({ articles: sources * perSource, seed: 1, out: corpus });
  const articles = readFileSync(corpus, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as CorpusArticle);
  const feeds = await serveFeeds(articles, sources, perSource);
  try {
    log(`poll: ${sources} feeds × ${perSource} entries on Node…`);
    figures.runs.push(await nodeRun(folder, feeds.url, sources));
    if (withWorker) {
      log('poll: the same in workerd (the ingest Worker, wrangler dev --test-scheduled)…');
      try {
        figures.runs.push(await workerdRun(folder, feeds.url, sources, sources * perSource));
      } catch (error) {
        figures.notes.push(`workerd poll failed: ${(error as Error).message.slice(0, 200)}`);
      }
    }
  } finally {
    await feeds.close();
    rmSync(folder, { recursive: true, force: true });
  }
  return figures;
}

export function pollReport(p: PollFigures): string {
  const rows = p.runs.map(
    (r) =>
      `| ${r.runtime} | ${p.sources} × ${p.perSource} | ${r.entries} | ${r.seconds.toFixed(1)} | ${(r.entries / r.seconds).toFixed(1)} | ${((r.cpuSeconds * 1000) / r.entries).toFixed(1)} | ${r.note} |`,
  );
  return [
    '| runtime | feeds × entries | articles stored | wall s | entries/s | CPU ms/entry | how |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    ...p.notes.map((n) => `\n${n}`),
  ].join('\n');
}
