import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { forgetResolutions } from '../search/resolution-cache.ts';
import { normalizeAlias } from '../db/normalize.ts';
import { cleanText } from './clean.ts';
import type { Extraction } from './extract.ts';
import { Gazetteer, type GazetteerEntry } from './gazetteer.ts';
import { organizationGazetteerEntries } from './organizations.ts';
import { resolveCorpus } from './resolve.ts';
import { validateArticle, type ValidArticle } from './validate.ts';

export type IngestStatus = 'created' | 'updated' | 'unchanged' | 'rejected';

export interface IngestResult {
  index: number;
  status: IngestStatus;
  articleId: number | null;
  /** Why the article was rejected; null otherwise. */
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
  /**
   * Run the corpus-level linking pass (resolve.ts) after writing; default true. A caller that
   * ingests in many calls (the CLI) turns it off and runs `resolveCorpus` once at the end.
   */
  resolveCorpus?: boolean;
}

/**
 * What extraction links against: the countries' aliases (seeded static data) and the curated
 * organisations. Deliberately not the people and organisations earlier articles introduced, nor
 * the short forms seen in them: extraction is then a function of the article text alone, so "May"
 * in one article cannot become Theresa May in every other, and concurrent ingests store what one
 * ingest would. Those entities still meet across articles by slug.
 */
export async function loadGazetteer(db: Database): Promise<Gazetteer> {
  const rows = await db.all<GazetteerEntry>(sql`
    SELECT a.text AS text, a.type AS type, e.kind AS kind, e.slug AS slug, e.name AS name
    FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE e.kind = 'country' AND a.type <> 'short'`);
  const gazetteer = Gazetteer.fromEntries(rows);
  gazetteer.add(organizationGazetteerEntries());
  return gazetteer;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
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

const chunkSize = 400;
function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += chunkSize) out.push(items.slice(i, i + chunkSize));
  return out;
}

/** Statements that (re)write one article's entities, mentions and per-article entity summary. */
function linkStatements(articleId: SQL, extraction: Extraction): SQL[] {
  const statements: SQL[] = [];
  for (const part of chunks(extraction.entities)) {
    statements.push(sql`INSERT INTO entities (kind, name, slug) VALUES ${sql.join(
      part.map((e) => sql`(${e.kind}, ${e.name}, ${e.slug})`),
      sql`, `,
    )} ON CONFLICT (kind, slug) DO NOTHING`);
  }
  const aliases = extraction.entities.flatMap((e) =>
    [{ text: e.name, type: 'name' as const }, ...e.aliases]
      .filter((a) => normalizeAlias(a.text))
      .map((a) => ({ kind: e.kind, slug: e.slug, alias: normalizeAlias(a.text), text: a.text, type: a.type })),
  );
  for (const part of chunks(aliases)) {
    statements.push(sql`INSERT OR IGNORE INTO aliases (alias, entity_id, text, type)
      SELECT v.column1, e.id, v.column2, v.column3
      FROM (VALUES ${sql.join(
        part.map((a) => sql`(${a.alias}, ${a.text}, ${a.type}, ${a.kind}, ${a.slug})`),
        sql`, `,
      )}) v JOIN entities e ON e.kind = v.column4 AND e.slug = v.column5`);
  }
  for (const part of chunks(extraction.mentions)) {
    statements.push(sql`INSERT INTO mentions (article_id, entity_id, start, "end", sentence, surface)
      SELECT ${articleId}, e.id, v.column3, v.column4, v.column5, v.column6
      FROM (VALUES ${sql.join(
        part.map((m) => sql`(${m.kind}, ${m.slug}, ${m.start}, ${m.end}, ${m.sentence}, ${m.surface})`),
        sql`, `,
      )}) v JOIN entities e ON e.kind = v.column1 AND e.slug = v.column2`);
  }
  for (const part of chunks(extraction.sentences.map((range, index) => ({ ...range, index })))) {
    statements.push(sql`INSERT INTO sentences (article_id, idx, start, "end") VALUES ${sql.join(
      part.map((s) => sql`(${articleId}, ${s.index}, ${s.start}, ${s.end})`),
      sql`, `,
    )}`);
    statements.push(sql`INSERT INTO sentences_fts (rowid, text)
      SELECT s.id, v.column2 FROM (VALUES ${sql.join(
        part.map((s) => sql`(${s.index}, ${extraction.text.slice(s.start, s.end)})`),
        sql`, `,
      )}) v JOIN sentences s ON s.article_id = ${articleId} AND s.idx = v.column1`);
  }
  statements.push(sql`INSERT INTO article_entities (article_id, entity_id, mention_count, first_start)
    SELECT article_id, entity_id, count(*), min(start) FROM mentions WHERE article_id = ${articleId} GROUP BY entity_id`);
  return statements;
}

/** A valid input with the key idempotency is decided on: the hash of title and cleaned body. */
interface Prepared {
  index: number;
  article: ValidArticle;
  contentHash: string;
}

/** One article's statements; committed all together or not at all. */
interface Write {
  index: number;
  status: 'created' | 'updated';
  contentHash: string;
  statements: SQL[];
}

/**
 * Articles per lookup and per write batch. One transaction per article made the database the
 * bottleneck of the BBC load (a commit each); 50 keeps a batch well under request-size limits
 * over HTTP.
 */
const groupSize = 50;

const rejected = (index: number, reason: string): IngestResult => ({ index, status: 'rejected', articleId: null, reason });
const storeFailure = (error: unknown) => `could not store the article: ${(error as Error).message}`;

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
 */
export async function ingestArticles(db: Database, inputs: readonly unknown[], options: IngestOptions): Promise<IngestResult[]> {
  const gazetteer = options.gazetteer ?? (await loadGazetteer(db));
  const results: IngestResult[] = [];
  const prepared: Prepared[] = [];
  for (const [index, input] of inputs.entries()) {
    const checked = validateArticle(input, options.now);
    if ('errors' in checked) {
      results[index] = rejected(index, checked.errors.join('; '));
      continue;
    }
    const { article } = checked;
    const body = cleanText(article.body);
    if (!body) results[index] = rejected(index, 'body has no text once link lines ("Read more: …") are removed');
    else prepared.push({ index, article, contentHash: await sha256Hex(`${article.title}\n${body}`) });
  }

  for (let next = 0; next < prepared.length; ) {
    const candidates = prepared.slice(next, next + groupSize);
    let existing: ExistingArticle[];
    try {
      existing = await findExisting(db, candidates);
    } catch (error) {
      for (const item of candidates) results[item.index] = rejected(item.index, storeFailure(error));
      next += candidates.length;
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
    next += group.length;

    const writes: Write[] = [];
    for (const { item, byHash, byUrl } of group) {
      try {
        const planned = plan(item, byHash, byUrl, gazetteer, options.extract);
        if ('statements' in planned) writes.push(planned);
        else results[item.index] = planned;
      } catch (error) {
        results[item.index] = rejected(item.index, `could not extract entities: ${(error as Error).message}`);
      }
    }
    for (const result of await commitEach(db, writes)) results[result.index] = result;
  }
  if (results.some((r) => r.status === 'created' || r.status === 'updated')) {
    if (options.resolveCorpus !== false) await resolveCorpus(db);
    // New entities and aliases can make a cached reference ambiguous or resolvable.
    forgetResolutions(db);
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
): IngestResult | Write {
  const { index, article, contentHash } = item;
  if (byHash) {
    if (byUrl && byUrl.id !== byHash.id) {
      return rejected(index, `its text is already stored as article ${byHash.id}, but its url is article ${byUrl.id}'s; one of them would be a duplicate`);
    }
    // Same text: fill in metadata we did not have, never erase what we had.
    const url = byHash.url ?? article.url;
    const publishedAt = article.publishedAt ?? byHash.published_at;
    const source = article.source ?? byHash.source;
    if (url === byHash.url && publishedAt === byHash.published_at && source === byHash.source && article.language === byHash.language) {
      return { index, status: 'unchanged', articleId: byHash.id, reason: null };
    }
    return {
      index,
      status: 'updated',
      contentHash,
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
  return { index, status: byUrl ? 'updated' : 'created', contentHash, statements };
}

/** Commits the writes in one batch; if that fails, one batch per article, rejecting only those that fail alone. */
async function commitEach(db: Database, writes: Write[]): Promise<IngestResult[]> {
  if (!writes.length) return [];
  try {
    return await commit(db, writes);
  } catch (error) {
    if (writes.length === 1) return [rejected(writes[0]!.index, storeFailure(error))];
    const results: IngestResult[] = [];
    for (const write of writes) {
      try {
        results.push(...(await commit(db, [write])));
      } catch (alone) {
        results.push(rejected(write.index, storeFailure(alone)));
      }
    }
    return results;
  }
}

async function commit(db: Database, writes: Write[]): Promise<IngestResult[]> {
  const [first, ...rest] = writes.flatMap((w) => w.statements).map((statement) => db.run(statement));
  const ids = db.all<{ id: number; content_hash: string }>(
    sql`SELECT id, content_hash FROM articles WHERE content_hash IN (${sql.join(
      writes.map((w) => sql`${w.contentHash}`),
      sql`, `,
    )})`,
  );
  const results = await db.batch([first!, ...rest, ids]);
  const idByHash = new Map((results.at(-1) as { id: number; content_hash: string }[]).map((row) => [row.content_hash, row.id]));
  return writes.map((w) => ({ index: w.index, status: w.status, articleId: idByHash.get(w.contentHash) ?? null, reason: null }));
}
