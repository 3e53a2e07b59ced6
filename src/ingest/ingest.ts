import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { normalizeAlias } from '../db/normalize.ts';
import type { EntityKind } from '../db/schema.ts';
import { extractMentions, type Extraction } from './extract.ts';
import { Gazetteer, type GazetteerEntry } from './gazetteer.ts';
import { validateArticle, type ValidArticle } from './validate.ts';

export type IngestStatus = 'created' | 'updated' | 'unchanged' | 'rejected';

export interface IngestResult {
  index: number;
  status: IngestStatus;
  articleId: number | null;
  /** Why the article was rejected; null otherwise. */
  reason: string | null;
}

export interface IngestOptions {
  /** Reuse one gazetteer across calls (the CLI does); it is loaded from the database otherwise. */
  gazetteer?: Gazetteer;
  now?: number;
}

/** Every alias of every known entity, for the extractor to link against. */
export async function loadGazetteer(db: Database): Promise<Gazetteer> {
  const rows = await db.all<GazetteerEntry>(sql`
    SELECT a.text AS text, a.type AS type, e.kind AS kind, e.slug AS slug, e.name AS name
    FROM aliases a JOIN entities e ON e.id = a.entity_id`);
  return Gazetteer.fromEntries(rows);
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

const entityId = (kind: EntityKind, slug: string) => sql`(SELECT id FROM entities WHERE kind = ${kind} AND slug = ${slug})`;

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
  statements.push(sql`INSERT INTO article_entities (article_id, entity_id, mention_count, first_start)
    SELECT article_id, entity_id, count(*), min(start) FROM mentions WHERE article_id = ${articleId} GROUP BY entity_id`);
  return statements;
}

/**
 * Writes articles with their linked mentions. Each article is one atomic `db.batch`, so an
 * article is stored whole or not at all, over a local file or HTTP alike. Idempotent: the same
 * url or content hash updates in place instead of duplicating.
 */
export async function ingestArticles(db: Database, inputs: unknown[], options: IngestOptions = {}): Promise<IngestResult[]> {
  const gazetteer = options.gazetteer ?? (await loadGazetteer(db));
  const results: IngestResult[] = [];
  for (const [index, input] of inputs.entries()) {
    const checked = validateArticle(input, options.now);
    if ('errors' in checked) {
      results.push({ index, status: 'rejected', articleId: null, reason: checked.errors.join('; ') });
      continue;
    }
    try {
      results.push({ index, ...(await ingestOne(db, checked.article, gazetteer)), reason: null });
    } catch (error) {
      results.push({ index, status: 'rejected', articleId: null, reason: `could not store the article: ${(error as Error).message}` });
    }
  }
  return results;
}

async function ingestOne(
  db: Database,
  article: ValidArticle,
  gazetteer: Gazetteer,
): Promise<{ status: Exclude<IngestStatus, 'rejected'>; articleId: number }> {
  const extraction = extractMentions(article.body, gazetteer);
  const body = extraction.text;
  const contentHash = await sha256Hex(`${article.title}\n${body}`);
  const existing = await db.all<ExistingArticle>(sql`
    SELECT id, url, content_hash, published_at, source, language FROM articles
    WHERE content_hash = ${contentHash} OR (${article.url} IS NOT NULL AND url = ${article.url})
    ORDER BY (url IS ${article.url}) DESC LIMIT 1`);
  const found = existing[0];

  if (found && found.content_hash === contentHash) {
    // Same text: fill in metadata we did not have, never erase what we had.
    const url = found.url ?? article.url;
    const publishedAt = article.publishedAt ?? found.published_at;
    const source = article.source ?? found.source;
    if (url === found.url && publishedAt === found.published_at && source === found.source && article.language === found.language) {
      return { status: 'unchanged', articleId: found.id };
    }
    await db.run(sql`UPDATE articles SET url = ${url}, published_at = ${publishedAt}, source = ${source},
      language = ${article.language}, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ${found.id}`);
    return { status: 'updated', articleId: found.id };
  }

  const values = {
    url: article.url,
    title: article.title,
    body,
    publishedAt: article.publishedAt,
    source: article.source,
    language: article.language,
    contentHash,
    wordCount: wordCount(body),
  };
  const articleId = sql`(SELECT id FROM articles WHERE content_hash = ${contentHash})`;
  const write: SQL[] = found
    ? [
        sql`DELETE FROM mentions WHERE article_id = ${found.id}`,
        sql`DELETE FROM article_entities WHERE article_id = ${found.id}`,
        sql`UPDATE articles SET title = ${values.title}, body = ${values.body}, published_at = ${values.publishedAt ?? found.published_at},
          source = ${values.source ?? found.source}, language = ${values.language}, content_hash = ${contentHash},
          word_count = ${values.wordCount}, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ${found.id}`,
      ]
    : [
        sql`INSERT INTO articles (url, title, body, published_at, source, language, content_hash, word_count)
          VALUES (${values.url}, ${values.title}, ${values.body}, ${values.publishedAt}, ${values.source}, ${values.language}, ${contentHash}, ${values.wordCount})`,
      ];
  write.push(...linkStatements(articleId, extraction));
  const [first, ...rest] = write.map((statement) => db.run(statement));
  const results = await db.batch([first!, ...rest, db.all<{ id: number }>(sql`SELECT id FROM ${articleId}`)]);
  gazetteer.add(
    extraction.entities.flatMap((e) =>
      [{ text: e.name, type: 'name' as const }, ...e.aliases].map((a) => ({ ...a, kind: e.kind, slug: e.slug, name: e.name })),
    ),
  );
  const [row] = results.at(-1) as { id: number }[];
  return { status: found ? 'updated' : 'created', articleId: row!.id };
}
