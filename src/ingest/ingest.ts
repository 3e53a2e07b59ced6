import { sql, type SQL } from 'drizzle-orm';
import { isBusy, retryBusy, sqliteCode } from '../db/busy.ts';
import type { Database } from '../db/database.ts';
import { normalizeAlias } from '../db/normalize.ts';
import { sha256Hex } from '../lib/sha256.ts';
import { summarizeArticleEntities } from './article-entities.ts';
import { cleanText } from './clean.ts';
import type { Extraction } from './extract.ts';
import { Gazetteer, type GazetteerEntry } from './gazetteer.ts';
import { organizationGazetteerEntries } from './organizations.ts';
import { resolveCorpus } from './resolve.ts';
import { clusterStatements, type ClusterItem } from './stories.ts';
import { validateArticle, type ValidArticle } from './validate.ts';

export type IngestStatus = 'created' | 'updated' | 'unchanged' | 'rejected';

/** Why an article was rejected, for programs; `reason` says it for people. */
export const rejectionCodes = ['INVALID_ARTICLE', 'EMPTY_BODY', 'DUPLICATE', 'EXTRACTION_FAILED', 'STORE_BUSY', 'STORE_FAILED'] as const;
export type RejectionCode = (typeof rejectionCodes)[number];

export interface IngestResult {
  index: number;
  status: IngestStatus;
  articleId: number | null;
  /** Why the article was rejected; null otherwise. */
  code: RejectionCode | null;
  /** The same in words, never internals such as SQL (those go to `IngestOptions.log`); null unless rejected. */
  reason: string | null;
}

/**
 * Finds the entities of one article: `extractMentions` (extract.ts), on Node and in the Worker
 * alike. Injected so that tests and the API app choose it where they build the runtime.
 */
export type Extractor = (text: string, gazetteer: Gazetteer) => Extraction;

export interface IngestOptions {
  extract: Extractor;
  /** Reuse one gazetteer across calls (the CLI does); it is loaded from the database otherwise. */
  gazetteer?: Gazetteer;
  now?: number;
  /** Where the cause of a failed extraction or write goes (the server's log); console.error by default. */
  log?: (message: string, error: unknown) => void;
  /**
   * Run the corpus-level linking pass (resolve.ts) after writing; default true. A caller that
   * ingests in many calls (the CLI) turns it off and runs `resolveCorpus` once at the end.
   */
  resolveCorpus?: boolean;
  /** File new texts into duplicate groups and stories (stories.ts); default true. Off only to measure what it costs. */
  cluster?: boolean;
}

/**
 * What extraction links against: the countries' aliases (seeded static data) and the curated
 * organisations. Deliberately not the people and organisations earlier articles introduced, nor
 * the short forms seen in them: extraction is then a function of the article text alone, so "May"
 * in one article cannot become Theresa May in every other, and concurrent ingests store what one
 * ingest would. Those entities still meet across articles by slug.
 */
export async function loadGazetteer(db: Database): Promise<Gazetteer> {
  const rows = await retryBusy(() =>
    db.all<GazetteerEntry>(sql`
    SELECT a.text AS text, a.type AS type, e.kind AS kind, e.slug AS slug, e.name AS name
    FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE e.kind = 'country' AND a.type <> 'short'`),
  );
  const gazetteer = Gazetteer.fromEntries(rows);
  gazetteer.add(organizationGazetteerEntries());
  return gazetteer;
}

function wordCount(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu)?.length ?? 0;
}

interface ExistingArticle {
  id: number;
  url: string | null;
  content_hash: string;
  published_at: string | null;
  source: string | null;
  language: string;
}

/**
 * Statements that (re)write one article's entities, mentions and per-article entity summary.
 * Rows go in as one JSON array per table (`json_each`), so each statement has the same text for
 * every article: the file writer prepares it once (src/db/node.ts), where a VALUES list per row
 * count was prepared anew for most articles, and no row count can reach the parameter limit.
 */
function linkStatements(articleId: SQL, extraction: Extraction): SQL[] {
  const rows = (values: unknown[][]) => JSON.stringify(values);
  const aliases = extraction.entities.flatMap((e) =>
    [{ text: e.name, type: 'name' as const }, ...e.aliases].flatMap((a) => {
      const alias = normalizeAlias(a.text);
      return alias ? [[alias, a.text, a.type, e.kind, e.slug]] : [];
    }),
  );
  const sentences = extraction.sentences.map((s, index) => [index, s.start, s.end, extraction.text.slice(s.start, s.end)]);
  // CROSS JOIN: json_each's rows outside, each looked up by index (SQLite keeps that join order)
  return [
    // WHERE true: SQLite needs it to read ON CONFLICT after INSERT … SELECT
    sql`INSERT INTO entities (kind, name, slug)
      SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(${rows(extraction.entities.map((e) => [e.kind, e.name, e.slug]))}) WHERE true
      ON CONFLICT (kind, slug) DO NOTHING`,
    sql`INSERT OR IGNORE INTO aliases (alias, entity_id, text, type)
      SELECT v.value ->> 0, e.id, v.value ->> 1, v.value ->> 2
      FROM json_each(${rows(aliases)}) v CROSS JOIN entities e ON e.kind = v.value ->> 3 AND e.slug = v.value ->> 4`,
    sql`INSERT INTO mentions (article_id, entity_id, start, "end", sentence, surface)
      SELECT ${articleId}, e.id, v.value ->> 2, v.value ->> 3, v.value ->> 4, v.value ->> 5
      FROM json_each(${rows(extraction.mentions.map((m) => [m.kind, m.slug, m.start, m.end, m.sentence, m.surface]))}) v
      CROSS JOIN entities e ON e.kind = v.value ->> 0 AND e.slug = v.value ->> 1`,
    sql`INSERT INTO sentences (article_id, idx, start, "end")
      SELECT ${articleId}, value ->> 0, value ->> 1, value ->> 2 FROM json_each(${rows(sentences)})`,
    sql`INSERT INTO sentences_fts (rowid, text)
      SELECT s.id, v.value ->> 3 FROM json_each(${rows(sentences)}) v
      CROSS JOIN sentences s ON s.article_id = ${articleId} AND s.idx = v.value ->> 0`,
    summarizeArticleEntities(articleId),
  ];
}

/** A valid input with the key idempotency is decided on: the hash of title and cleaned body. */
interface Prepared {
  index: number;
  article: ValidArticle;
  contentHash: string;
}

/** One article's statements; committed all together or not at all. */
interface Write {
  item: Prepared;
  status: 'created' | 'updated';
  statements: SQL[];
  /** A new text to file into a duplicate group and a story (stories.ts); its statements join the write's. */
  cluster?: ClusterItem;
}

/**
 * Articles per lookup and per write batch. One transaction per article made the database the
 * bottleneck of the BBC load (a commit each); 50 keeps a batch well under request-size limits
 * over HTTP.
 */
const groupSize = 50;

const rejected = (index: number, code: RejectionCode, reason: string): IngestResult => ({ index, status: 'rejected', articleId: null, code, reason });

/** A failed lookup or write as a client may see it: what happened and what to do, not the SQL. */
function storeFailure(index: number, error: unknown): IngestResult {
  return isBusy(error)
    ? rejected(index, 'STORE_BUSY', 'the database stayed busy with other writes, so nothing was stored; send the article again later')
    : rejected(index, 'STORE_FAILED', 'the article could not be stored, so nothing was stored; the server logged the cause');
}

/**
 * True when a write lost a race: another writer stored an article with the same text or url since
 * we looked. Looking again turns it into `unchanged` or an update, as if ingested after the other.
 */
function isArticleRace(error: unknown): boolean {
  if (sqliteCode(error) !== 'SQLITE_CONSTRAINT_UNIQUE') return false;
  for (let e = error; e instanceof Error; e = e.cause) if (/articles\.(?:content_hash|url)\b/.test(e.message)) return true;
  return false;
}

/** Looks at an article again at most this often after losing a race for it. */
const maxRaces = 3;

/** Lets other work on the event loop (a server's reads) run between articles: extraction is CPU-bound. */
const { setImmediate } = globalThis as { setImmediate?: (callback: () => void) => void };
const yieldToEventLoop = () => new Promise<void>((resolve) => (setImmediate ? setImmediate(resolve) : setTimeout(resolve, 0)));

/**
 * Writes articles with their linked mentions and reports on each, in input order.
 *
 * - Idempotent: the same url or the same title and cleaned text updates in place (or is
 *   `unchanged`) instead of duplicating; unchanged text is recognised by its hash before any
 *   extraction runs, so a re-run costs a lookup per 50 articles.
 * - Atomic per article: articles are written in batches of up to 50 (`db.batch` is one
 *   transaction, over a local file or HTTP alike); when a batch fails, its articles are redone
 *   one per batch, so the article at fault is rejected alone and stored nowhere, and the others
 *   are stored whole.
 * - One bad item never blocks the rest: invalid input, an extractor error or a failed write
 *   rejects that item with a reason.
 * - Ordered: an item that shares a url, hash or stored article with an earlier item of the same
 *   call is written after it, so results are those of ingesting one by one.
 * - Safe beside other writers (processes or calls): a write that finds the database busy is
 *   retried with backoff, and an article another writer stored since the lookup is looked up
 *   again (unchanged or an update), so concurrent ingests store each article once.
 * - Yields to the event loop before each article's extraction, so a server keeps answering.
 * - Rejections carry a code and words for the client; causes (SQL, engine messages) go to `log`.
 */
export async function ingestArticles(db: Database, inputs: readonly unknown[], options: IngestOptions): Promise<IngestResult[]> {
  const log = options.log ?? ((message, error) => console.error(message, error));
  const gazetteer = options.gazetteer ?? (await loadGazetteer(db));
  const results: IngestResult[] = [];
  const queue: Prepared[] = [];
  for (const [index, input] of inputs.entries()) {
    const checked = validateArticle(input, options.now);
    if ('errors' in checked) {
      results[index] = rejected(index, 'INVALID_ARTICLE', checked.errors.join('; '));
      continue;
    }
    const { article } = checked;
    const body = cleanText(article.body);
    if (!body) results[index] = rejected(index, 'EMPTY_BODY', 'body has no text once link lines ("Read more: …") are removed');
    else queue.push({ index, article, contentHash: await sha256Hex(`${article.title}\n${body}`) });
  }

  const races = new Map<number, number>();
  const now = new Date(options.now ?? Date.now()).toISOString();
  while (queue.length) {
    const candidates = queue.slice(0, groupSize);
    let existing: ExistingArticle[];
    try {
      existing = await retryBusy(() => findExisting(db, candidates));
    } catch (error) {
      log('ingest: could not look up stored articles', error);
      for (const item of queue.splice(0, candidates.length)) results[item.index] = storeFailure(item.index, error);
      continue;
    }
    // Stop the group before an item that touches what an earlier one does; it leads the next.
    const claimed = new Set<string>();
    const group: { item: Prepared; byHash?: ExistingArticle; byUrl?: ExistingArticle }[] = [];
    for (const item of candidates) {
      const byHash = existing.find((row) => row.content_hash === item.contentHash);
      const byUrl = item.article.url === null ? undefined : existing.find((row) => row.url === item.article.url);
      const keys = [`hash:${item.contentHash}`, `url:${item.article.url}`, `id:${byHash?.id}`, `id:${byUrl?.id}`].filter(
        (key) => !key.endsWith(':null') && !key.endsWith(':undefined'),
      );
      if (group.length && keys.some((key) => claimed.has(key))) break;
      for (const key of keys) claimed.add(key);
      group.push({ item, byHash, byUrl });
    }
    queue.splice(0, group.length);

    const writes: Write[] = [];
    for (const { item, byHash, byUrl } of group) {
      await yieldToEventLoop();
      try {
        const planned = plan(item, byHash, byUrl, gazetteer, options.extract, now);
        if ('statements' in planned) writes.push(planned);
        else results[item.index] = planned;
      } catch (error) {
        log(`ingest: could not extract the entities of item ${item.index}`, error);
        results[item.index] = rejected(item.index, 'EXTRACTION_FAILED', 'could not extract the entities of this text, so nothing was stored; the server logged the cause');
      }
    }
    try {
      const toFile = options.cluster === false ? [] : writes.filter((w) => w.cluster);
      const filed = await retryBusy(() => clusterStatements(db, toFile.map((w) => w.cluster!)));
      toFile.forEach((write, i) => write.statements.push(...filed[i]!));
    } catch (error) {
      log('ingest: could not look up duplicates and stories', error);
      for (const write of writes.splice(0)) results[write.item.index] = storeFailure(write.item.index, error);
    }
    const { stored, failed } = await commitEach(db, writes);
    for (const result of stored) results[result.index] = result;
    const again: Prepared[] = [];
    for (const { write, error } of failed) {
      const count = (races.get(write.item.index) ?? 0) + 1;
      if (isArticleRace(error) && count <= maxRaces) {
        races.set(write.item.index, count);
        again.push(write.item);
      } else {
        log(`ingest: could not store item ${write.item.index}`, error);
        results[write.item.index] = storeFailure(write.item.index, error);
      }
    }
    // Looked at again first, before later items that may share its url or text.
    queue.unshift(...again);
  }
  if (results.some((r) => r.status === 'created' || r.status === 'updated')) {
    // only created articles: the pass reads just the surnames and acronyms they use
    const created = results.filter((r) => r.status === 'created').map((r) => r.articleId!);
    const onlyCreated = results.every((r) => r.status !== 'updated') && created.every((id) => id !== null);
    if (options.resolveCorpus !== false) await resolveCorpus(db, onlyCreated ? { created } : {});
  }
  return results;
}

/** Stored articles that share a content hash or a url with any of the items, in one statement. */
async function findExisting(db: Database, items: Prepared[]): Promise<ExistingArticle[]> {
  const hashes = items.map((i) => sql`${i.contentHash}`);
  const urls = items.flatMap((i) => (i.article.url === null ? [] : [sql`${i.article.url}`]));
  return db.all<ExistingArticle>(sql`
    SELECT id, url, content_hash, published_at, source, language FROM articles
    WHERE content_hash IN (${sql.join(hashes, sql`, `)})${urls.length ? sql` OR url IN (${sql.join(urls, sql`, `)})` : sql``}`);
}

/** What one item needs: nothing (unchanged, or a reason to reject), or the statements that store it. */
function plan(
  item: Prepared,
  byHash: ExistingArticle | undefined,
  byUrl: ExistingArticle | undefined,
  gazetteer: Gazetteer,
  extract: Extractor,
  now: string,
): IngestResult | Write {
  const { index, article, contentHash } = item;
  if (byHash) {
    if (byUrl && byUrl.id !== byHash.id) {
      return rejected(
        index,
        'DUPLICATE',
        `its text is already stored as article ${byHash.id}, but its url is article ${byUrl.id}'s; one of them would be a duplicate`,
      );
    }
    // Same text: fill in metadata we did not have, never erase what we had.
    const url = byHash.url ?? article.url;
    const publishedAt = article.publishedAt ?? byHash.published_at;
    const source = article.source ?? byHash.source;
    if (url === byHash.url && publishedAt === byHash.published_at && source === byHash.source && article.language === byHash.language) {
      return { index, status: 'unchanged', articleId: byHash.id, code: null, reason: null };
    }
    return {
      item,
      status: 'updated',
      statements: [
        sql`UPDATE articles SET url = ${url}, published_at = ${publishedAt}, source = ${source},
          language = ${article.language}, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ${byHash.id}`,
      ],
    };
  }

  const extraction = extract(article.body, gazetteer);
  const body = extraction.text;
  const words = wordCount(body);
  const articleId = sql`(SELECT id FROM articles WHERE content_hash = ${contentHash})`;
  const statements: SQL[] = byUrl
    ? [
        sql`DELETE FROM mentions WHERE article_id = ${byUrl.id}`,
        sql`DELETE FROM sentences WHERE article_id = ${byUrl.id}`,
        sql`DELETE FROM article_entities WHERE article_id = ${byUrl.id}`,
        sql`UPDATE articles SET title = ${article.title}, body = ${body}, published_at = ${article.publishedAt ?? byUrl.published_at},
          source = ${article.source ?? byUrl.source}, language = ${article.language}, content_hash = ${contentHash},
          word_count = ${words}, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ${byUrl.id}`,
      ]
    : [
        sql`INSERT INTO articles (url, title, body, published_at, source, language, content_hash, word_count)
          VALUES (${article.url}, ${article.title}, ${body}, ${article.publishedAt}, ${article.source}, ${article.language}, ${contentHash}, ${words})`,
      ];
  statements.push(...linkStatements(articleId, extraction));
  const time = article.publishedAt ?? byUrl?.published_at ?? now;
  const cluster = { contentHash, title: article.title, extraction, time, replaces: byUrl?.id ?? null };
  return { item, status: byUrl ? 'updated' : 'created', statements, cluster };
}

/**
 * Commits the writes in one batch; if that fails, one batch per article, so only the articles that
 * fail alone fail. A batch that found the database busy is retried whole (it was rolled back whole).
 */
async function commitEach(db: Database, writes: Write[]): Promise<{ stored: IngestResult[]; failed: { write: Write; error: unknown }[] }> {
  const stored: IngestResult[] = [];
  const failed: { write: Write; error: unknown }[] = [];
  if (!writes.length) return { stored, failed };
  try {
    stored.push(...(await retryBusy(() => commit(db, writes))));
  } catch (error) {
    if (writes.length === 1) failed.push({ write: writes[0]!, error });
    else {
      for (const write of writes) {
        try {
          stored.push(...(await retryBusy(() => commit(db, [write]))));
        } catch (alone) {
          failed.push({ write, error: alone });
        }
      }
    }
  }
  return { stored, failed };
}

async function commit(db: Database, writes: Write[]): Promise<IngestResult[]> {
  const [first, ...rest] = writes.flatMap((w) => w.statements).map((statement) => db.run(statement));
  const ids = db.all<{ id: number; content_hash: string }>(
    sql`SELECT id, content_hash FROM articles WHERE content_hash IN (${sql.join(
      writes.map((w) => sql`${w.item.contentHash}`),
      sql`, `,
    )})`,
  );
  const results = await db.batch([first!, ...rest, ids]);
  const idByHash = new Map((results.at(-1) as { id: number; content_hash: string }[]).map((row) => [row.content_hash, row.id]));
  return writes.map((w) => ({
    index: w.item.index,
    status: w.status,
    articleId: idByHash.get(w.item.contentHash) ?? null,
    code: null,
    reason: null,
  }));
}
