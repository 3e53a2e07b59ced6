/**
 * The poller: one module for the Worker's Cron Trigger (src/worker.ts `scheduled`) and Node's
 * `npm run poll [--watch]`. A run:
 *
 * 1. claims the sources that are due (or have entries left from an earlier run) with a lease, so
 *    overlapping runs never poll one source twice;
 * 2. fetches each due source (conditional GET, per-host politeness) and stores what it lists as
 *    entries, new or changed ones `pending`, in one transaction with the source's new ETag: a run
 *    that dies here has either stored both or neither;
 * 3. turns pending entries into articles: the entry's page, extracted (robots.txt permitting),
 *    else the feed's own content; through `ingestArticles`, so dedup and extraction apply as for
 *    any ingest; then marks the entries done. A crash between ingest and marking re-ingests them
 *    next run, which ingest reports as unchanged: nothing is lost or duplicated;
 * 4. stops at its budget of fetches and entries, leaving the rest due for the next run.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { sourceEntries, sources } from '../db/schema.ts';
import { cleanText } from '../ingest/clean.ts';
import { sha256Hex } from '../lib/sha256.ts';
import { ingestArticles, type Extractor, type IngestResult } from '../ingest/ingest.ts';
import { splitSentences } from '../ingest/sentences.ts';
import { maxBodyBytes, parseIsoDate, type ArticleInput } from '../ingest/validate.ts';
import { parseFeedEntries, type FeedEntry } from './feed.ts';
import { decodeBody, FetchFailure, HostLimiter, politeFetch, type Fetched, type Fetcher } from './fetch.ts';
import { extractPage, htmlToText } from './html.ts';
import { detectLanguage, taggerSupports } from './language.ts';
import { RobotsCache } from './robots.ts';
import type { PollSettings } from './settings.ts';

export interface PollOptions {
  settings: PollSettings;
  /** Entity extraction for languages the tagger supports (extractMentions). */
  extract: Extractor;
  fetcher?: Fetcher;
  now?: () => number;
  log?: (line: string) => void;
  /** Reused across runs by a long-running poller, so robots.txt is read once an hour, not once a run. */
  robots?: RobotsCache;
}

export interface PollReport {
  sourcesPolled: number;
  notModified: number;
  sourceFailures: number;
  entriesNew: number;
  entriesChanged: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Entries stored from the feed's content because their page could not be fetched or extracted. */
  fromFeedContent: number;
  entryFailures: number;
  fetches: number;
  /** True when the run stopped at its budget with work left: the next run resumes it. */
  more: boolean;
}

type SourceRow = typeof sources.$inferSelect;
type EntryRow = typeof sourceEntries.$inferSelect;

const iso = (ms: number) => new Date(ms).toISOString();
const dayMs = 86_400_000;

/** Stores an article's text without entities: for languages the English tagger would only garble. */
const noEntities: Extractor = (raw) => {
  const text = cleanText(raw);
  return { text, sentences: splitSentences(text), entities: [], mentions: [] };
};

/** Cuts text to ingest's body limit at a paragraph boundary (a huge page still gives an article). */
function fitBody(text: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= maxBodyBytes) return text;
  const kept: string[] = [];
  let bytes = 0;
  for (const paragraph of text.split('\n\n')) {
    bytes += encoder.encode(paragraph).length + 2;
    if (bytes > maxBodyBytes) break;
    kept.push(paragraph);
  }
  // One paragraph over the limit: a quarter of the limit in characters always fits (≤ 4 bytes each).
  return kept.length ? kept.join('\n\n') : text.slice(0, maxBodyBytes / 4);
}

/** A publishedAt ingest accepts: a real date, not more than a day ahead; otherwise none. */
function acceptableDate(value: string | null | undefined, now: number): string | null {
  const parsed = value ? (parseIsoDate(value) ?? (Number.isNaN(Date.parse(value)) ? null : iso(Date.parse(value)))) : null;
  return parsed && Date.parse(parsed) <= now + dayMs ? parsed : null;
}

/** One run's state, shared by its steps: the budget, the report, the per-host limiter's fetch. */
interface PollRun {
  db: Database;
  options: PollOptions;
  settings: PollSettings;
  now: number;
  log: (line: string) => void;
  report: PollReport;
  /** Takes one fetch from the budget; false (and `more`) when it is spent. */
  takeFetch: () => boolean;
  get: (url: string, conditional?: Parameters<typeof politeFetch>[2]) => Promise<Fetched>;
  robots: RobotsCache;
}

export async function pollSources(db: Database, options: PollOptions): Promise<PollReport> {
  const { settings } = options;
  const now = options.now?.() ?? Date.now();
  const log = options.log ?? (() => {});
  const limiter = new HostLimiter(settings.perHostConcurrency, settings.hostDelayMs);
  const report: PollReport = {
    sourcesPolled: 0,
    notModified: 0,
    sourceFailures: 0,
    entriesNew: 0,
    entriesChanged: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    fromFeedContent: 0,
    entryFailures: 0,
    fetches: 0,
    more: false,
  };
  /** Takes one fetch from the budget; false (and `more`) when it is spent. */
  const takeFetch = () => {
    if (report.fetches >= settings.maxFetches) {
      report.more = true;
      return false;
    }
    report.fetches++;
    return true;
  };
  const get = (url: string, conditional: Parameters<typeof politeFetch>[2] = {}) =>
    limiter.run(url, () => politeFetch(url, settings.fetch, conditional, options.fetcher));
  const robots =
    options.robots ??
    new RobotsCache((url) => {
      if (!takeFetch()) return Promise.reject(new FetchFailure('no fetches left in this run for robots.txt'));
      return get(url, { accept: 'text/plain' });
    });

  const run: PollRun = { db, options, settings, now, log, report, takeFetch, get, robots };

  const claimed = await claimSources(db, now, settings);
  if (!claimed.length) return report;
  try {
    const due = claimed.filter((s) => s.nextPollAt <= iso(now));
    await Promise.all(due.map((source) => pollSource(run, source)));

    const pending = await db
      .select()
      .from(sourceEntries)
      .where(
        and(
          eq(sourceEntries.state, 'pending'),
          inArray(
            sourceEntries.sourceId,
            claimed.map((s) => s.id),
          ),
        ),
      )
      .orderBy(sourceEntries.id)
      .limit(settings.maxEntries + 1);
    if (pending.length > settings.maxEntries) report.more = true;
    const byId = new Map(claimed.map((s) => [s.id, s]));
    const prepared = await Promise.all(pending.slice(0, settings.maxEntries).map((entry) => prepareEntry(run, entry, byId.get(entry.sourceId)!)));
    await storeEntries(run, prepared.filter((p): p is Prepared => p !== null));
  } finally {
    await db.update(sources).set({ leaseUntil: null }).where(inArray(sources.id, claimed.map((s) => s.id)));
  }
  log(
    `poll: ${report.sourcesPolled} sources polled (${report.notModified} not modified, ${report.sourceFailures} failed), ` +
      `${report.entriesNew} new and ${report.entriesChanged} changed entries; articles ${report.created} created, ${report.updated} updated, ` +
      `${report.unchanged} unchanged (${report.fromFeedContent} from feed content), ${report.entryFailures} entries failed; ` +
      `${report.fetches} fetches${report.more ? '; more work left for the next run' : ''}`,
  );
  return report;
}

async function pollSource(run: PollRun, source: SourceRow): Promise<void> {
  const { db, report, now, get, takeFetch } = run;
  if (!takeFetch()) return;
  report.sourcesPolled++;
  let fetched: Fetched;
  try {
    fetched = await get(source.url, {
      etag: source.etag,
      lastModified: source.lastModified,
      accept:
        source.kind === 'feed'
          ? 'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5'
          : 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5',
    });
  } catch (error) {
    const failure = error instanceof FetchFailure ? error : new FetchFailure(String(error));
    return recordFailure(run, source, failure.status, failure.message);
  }
  const success = {
    lastFetchedAt: iso(now),
    lastStatus: fetched.status,
    lastError: null,
    consecutiveFailures: 0,
    nextPollAt: iso(now + source.pollEverySeconds * 1000),
  };
  if (fetched.status === 304) {
    report.notModified++;
    await db.update(sources).set(success).where(eq(sources.id, source.id));
    return;
  }
  const validators = { etag: fetched.headers.get('etag'), lastModified: fetched.headers.get('last-modified') };
  let listed: (FeedEntry & { fetchPage: boolean; language: string | null })[];
  try {
    listed = source.kind === 'feed' ? readFeed(fetched) : [readPage(fetched, source, now)];
  } catch (error) {
    return recordFailure(run, source, fetched.status, error instanceof Error ? error.message : String(error));
  }
  const fingerprints = await Promise.all(
    listed.map((e) => sha256Hex(JSON.stringify([e.url, e.title, e.author, e.publishedAt, e.updatedAt, e.summary, e.content]))),
  );
  const keys = listed.map((e) => e.key);
  const known = keys.length
    ? await db
        .select({ key: sourceEntries.key, fingerprint: sourceEntries.fingerprint })
        .from(sourceEntries)
        .where(and(eq(sourceEntries.sourceId, source.id), inArray(sourceEntries.key, keys)))
    : [];
  const knownFingerprint = new Map(known.map((k) => [k.key, k.fingerprint]));
  const writes = [];
  const seen = new Set<string>();
  for (const [i, entry] of listed.entries()) {
    if (seen.has(entry.key)) continue;
    seen.add(entry.key);
    const fingerprint = fingerprints[i]!;
    const previous = knownFingerprint.get(entry.key);
    if (previous === fingerprint) continue;
    if (previous === undefined) report.entriesNew++;
    else report.entriesChanged++;
    const values = {
      url: entry.url,
      title: entry.title,
      author: entry.author,
      publishedAt: entry.publishedAt,
      content: entry.content ?? entry.summary,
      fetchPage: entry.fetchPage,
      language: entry.language,
      fingerprint,
      state: 'pending' as const,
      attempts: 0,
      lastError: null,
      updatedAt: iso(now),
    };
    writes.push(
      db
        .insert(sourceEntries)
        .values({ sourceId: source.id, key: entry.key, ...values })
        .onConflictDoUpdate({ target: [sourceEntries.sourceId, sourceEntries.key], set: values }),
    );
  }
  // The entries and the validators that say we have seen them: together or not at all.
  await db.batch([db.update(sources).set({ ...success, ...validators }).where(eq(sources.id, source.id)), ...writes]);
}

function readFeed(fetched: Fetched) {
  let feed;
  try {
    feed = parseFeedEntries(decodeBody(fetched), fetched.url);
  } catch (error) {
    throw new Error(`not a readable RSS, Atom, RDF or JSON feed (${error instanceof Error ? error.message : String(error)})`.slice(0, 300));
  }
  return feed.entries.map((entry) => ({ ...entry, fetchPage: entry.url !== null, language: feed.language }));
}

/** A page source's one entry: extracted now (its body is in hand), keyed by the source URL. */
function readPage(fetched: Fetched, source: SourceRow, now: number) {
  const page = extractPage(decodeBody(fetched), fetched.url);
  if (!page) throw new Error('no article could be extracted from the page');
  return {
    key: source.url,
    url: source.url,
    title: page.title,
    author: page.byline,
    publishedAt: acceptableDate(page.publishedAt, now),
    updatedAt: null,
    summary: null,
    content: page.text,
    fetchPage: false,
    language: page.lang,
  };
}

async function recordFailure(run: PollRun, source: SourceRow, status: number | null, reason: string): Promise<void> {
  const { db, report, now, log, settings } = run;
  report.sourceFailures++;
  const failures = source.consecutiveFailures + 1;
  const disable = failures >= settings.maxFailures;
  // Back off: each failure in a row doubles the wait, up to a day.
  const wait = Math.min(source.pollEverySeconds * 1000 * 2 ** Math.min(failures, 10), dayMs);
  log(`poll: source ${source.id} (${source.url}) failed: ${reason}${disable ? '; disabled' : ''}`);
  await db
    .update(sources)
    .set({
      lastFetchedAt: iso(now),
      lastStatus: status,
      lastError: reason,
      consecutiveFailures: failures,
      nextPollAt: iso(now + wait),
      ...(disable ? { enabled: false, disabledReason: `failed ${failures} times in a row; last: ${reason}` } : {}),
    })
    .where(eq(sources.id, source.id));
}

async function prepareEntry(run: PollRun, entry: EntryRow, source: SourceRow): Promise<Prepared | null> {
  const { report, now, get, takeFetch, robots, settings } = run;
  let page: ReturnType<typeof extractPage> = null;
  let pageProblem: string | null = null;
  if (entry.fetchPage && entry.url) {
    // Budget spent: the entry stays pending for the next run (rather than robots.txt failing
    // for want of a fetch and the feed's content being stored instead of the page).
    if (report.fetches >= settings.maxFetches) {
      report.more = true;
      return null;
    }
    const refusal = await robots.refusal(entry.url);
    if (refusal) pageProblem = refusal;
    else if (!takeFetch()) return null; // budget spent: stays pending for the next run
    else {
      try {
        const fetched = await get(entry.url, { accept: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5' });
        page = extractPage(decodeBody(fetched), fetched.url);
        if (!page) pageProblem = 'no article could be extracted from the page';
      } catch (error) {
        pageProblem = error instanceof Error ? error.message : String(error);
      }
    }
  }
  const fallback = entry.content ? (entry.fetchPage ? htmlToText(entry.content) : entry.content) : '';
  const body = page?.text ?? fallback;
  const title = entry.title ?? page?.title ?? null;
  if (!body || !title) {
    const reason = pageProblem ? `page: ${pageProblem}; the feed has no ${title ? 'content' : 'title'} to fall back on` : `the entry has no ${title ? 'content' : 'title'}`;
    return { entry, source, input: null, problem: reason, fromFeed: false };
  }
  const language = source.language ?? detectLanguage(body, [page?.lang, entry.language]);
  const input: ArticleInput = {
    title: cleanText(title).slice(0, 1000),
    body: fitBody(body),
    url: entry.url ?? undefined,
    publishedAt: acceptableDate(entry.publishedAt, now) ?? acceptableDate(page?.publishedAt, now),
    source: source.name,
    language,
  };
  return { entry, source, input, problem: pageProblem, fromFeed: page === null && entry.fetchPage };
}

async function storeEntries(run: PollRun, prepared: Prepared[]): Promise<void> {
  const { db, report, now, settings, options } = run;
  const ready = prepared.filter((p): p is Prepared & { input: ArticleInput } => p.input !== null);
  const results = new Map<Prepared, IngestResult>();
  for (const tagged of [true, false]) {
    const group = ready.filter((p) => taggerSupports(p.input.language ?? 'en') === tagged);
    if (!group.length) continue;
    const out = await ingestArticles(
      db,
      group.map((p) => p.input),
      { extract: tagged ? options.extract : noEntities },
    );
    out.forEach((result, i) => results.set(group[i]!, result));
  }
  const updates = prepared.map((p) => {
    const result = results.get(p);
    // Only if the entry is still what we read: a newer version stays pending for the next run.
    const where = and(eq(sourceEntries.id, p.entry.id), eq(sourceEntries.fingerprint, p.entry.fingerprint));
    if (result && result.status !== 'rejected') {
      report[result.status]++;
      if (p.fromFeed) report.fromFeedContent++;
      return db
        .update(sourceEntries)
        .set({ state: 'done', articleId: result.articleId, lastError: p.problem ? `page not used: ${p.problem}` : null, updatedAt: iso(now) })
        .where(where);
    }
    report.entryFailures++;
    const reason = result ? `${result.code}: ${result.reason}` : p.problem!;
    const attempts = p.entry.attempts + 1;
    // A busy database is no fault of the entry: try again next run without counting it.
    const retry = result?.code === 'STORE_BUSY' || attempts < settings.maxEntryAttempts;
    return db
      .update(sourceEntries)
      .set({ state: retry ? 'pending' : 'failed', attempts: result?.code === 'STORE_BUSY' ? p.entry.attempts : attempts, lastError: reason, updatedAt: iso(now) })
      .where(where);
  });
  const [first, ...rest] = updates;
  if (first) await db.batch([first, ...rest]);
}

interface Prepared {
  entry: EntryRow;
  source: SourceRow;
  input: ArticleInput | null;
  /** Why the page was not used (or, without input, why the entry failed). */
  problem: string | null;
  fromFeed: boolean;
}

/** Claims due sources, and those with entries left pending, for this run (a lease, not a lock: it lapses). */
async function claimSources(db: Database, now: number, settings: PollSettings): Promise<SourceRow[]> {
  const nowIso = iso(now);
  return db.all<SourceRow>(sql`
    UPDATE sources SET lease_until = ${iso(now + settings.leaseMs)}
    WHERE id IN (
      SELECT id FROM sources
      WHERE enabled = 1 AND (lease_until IS NULL OR lease_until < ${nowIso})
        AND (next_poll_at <= ${nowIso} OR EXISTS (SELECT 1 FROM source_entries e WHERE e.source_id = sources.id AND e.state = 'pending'))
      ORDER BY next_poll_at LIMIT ${Math.max(settings.maxFetches, 1)})
    RETURNING id, url, kind, name, language, poll_every_seconds AS pollEverySeconds, enabled, disabled_reason AS disabledReason,
      etag, last_modified AS lastModified, last_fetched_at AS lastFetchedAt, last_status AS lastStatus, last_error AS lastError,
      consecutive_failures AS consecutiveFailures, next_poll_at AS nextPollAt, lease_until AS leaseUntil, created_at AS createdAt`);
}
