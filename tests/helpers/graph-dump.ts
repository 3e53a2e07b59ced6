import { sql } from 'drizzle-orm';
import type { Database } from '../../src/db/database.ts';

/**
 * The stored graph with every row id replaced by what identifies it across databases: articles by
 * content hash, entities by kind and slug. Two databases that hold the same articles, entities,
 * aliases, mentions, sentences and per-article entity summaries give equal dumps, whatever order
 * (or how many processes) wrote them. Each table is a sorted list of lines.
 */
export interface GraphDump {
  articles: string[];
  entities: string[];
  aliases: string[];
  mentions: string[];
  articleEntities: string[];
  sentences: string[];
  /** The sentences the sentence index holds (it is contentless: its text cannot be read back). */
  sentenceIndex: string[];
}

const line = (row: Record<string, unknown>) => JSON.stringify(row);

export async function dumpGraph(db: Database): Promise<GraphDump> {
  const all = async (query: ReturnType<typeof sql>) => (await db.all<Record<string, unknown>>(query)).map(line).sort();
  return {
    articles: await all(sql`SELECT content_hash, url, title, body, published_at, source, language, word_count FROM articles`),
    entities: await all(sql`SELECT kind, slug, name, code, code3, official_name, article_count FROM entities`),
    aliases: await all(sql`SELECT e.kind, e.slug, a.alias, a.text, a.type FROM aliases a JOIN entities e ON e.id = a.entity_id`),
    mentions: await all(sql`
      SELECT a.content_hash, m.start, m."end", e.kind, e.slug, m.sentence, m.surface
      FROM mentions m JOIN articles a ON a.id = m.article_id JOIN entities e ON e.id = m.entity_id`),
    // Every column but the two ids, so columns added later (salience) are compared too.
    articleEntities: (
      await db.all<Record<string, unknown>>(sql`
        SELECT a.content_hash AS article_hash, e.kind AS entity_kind, e.slug AS entity_slug, ae.*
        FROM article_entities ae JOIN articles a ON a.id = ae.article_id JOIN entities e ON e.id = ae.entity_id`)
    )
      .map(({ article_id: _a, entity_id: _e, ...rest }) => line(rest))
      .sort(),
    sentences: await all(sql`SELECT a.content_hash, s.idx, s.start, s."end" FROM sentences s JOIN articles a ON a.id = s.article_id`),
    sentenceIndex: await all(sql`
      SELECT a.content_hash, s.idx FROM sentences_fts f
      LEFT JOIN sentences s ON s.id = f.rowid LEFT JOIN articles a ON a.id = s.article_id`),
  };
}

/** Throws unless the article full-text index agrees with the articles table, token for token. */
export async function checkFullTextIndex(db: Database): Promise<void> {
  await db.run(sql`INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)`);
}
