// The statements the API ran before issue 11, kept so the bench can show them beside today's
// and tests/page-statements.test.ts can check that today's return the same rows. Not used by the API.
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../src/db/database.ts';
import { criteriaWhere, highlightClose, highlightOpen, type ArticleCriteria, type ArticleOrder } from '../../src/search/article-search.ts';
import { salienceRank, textRelevance } from '../../src/search/salience.ts';

export interface PreviousPageRow {
  id: number;
  sort: number | string;
  tie: number | string;
  total: number | null;
  snippet: string | null;
}

/**
 * The page statement as it was: every match joined to its wide `articles` row before ranking, and
 * NEWEST/OLDEST sorted from the rows. `after` is the decoded cursor ([sort, id] or [sort, tie, id]).
 */
export async function previousArticlePage(
  db: Database,
  criteria: ArticleCriteria,
  page: { first: number; order: ArticleOrder; after?: (number | string)[] | null; recencyBoost?: boolean },
): Promise<PreviousPageRow[]> {
  const groups = [...criteria.allOf, ...(criteria.about?.entityIds ?? []).map((id) => [id])];
  const order = page.order !== 'RELEVANCE' || criteria.match !== null ? page.order : groups.length ? 'SALIENCE' : 'NEWEST';
  const descending = order === 'NEWEST' || order === 'SALIENCE';
  const byRank = order === 'RELEVANCE';
  const bm25 = sql`bm25(articles_fts, 10.0, 1.0)`;
  const from = byRank ? sql`articles_fts JOIN articles a ON a.id = articles_fts.rowid` : sql`articles a`;
  const where = byRank ? sql`articles_fts MATCH ${criteria.match} AND ${criteriaWhere(criteria, { matchedByJoin: true })}` : criteriaWhere(criteria);
  const today = sql`julianday('now', 'start of day')`;
  const age = sql`max(0.0, ${today} - coalesce(julianday(a.published_at), ${today} - 3652.5)) / 365.25`;
  // Today's text ranking (bm25 scaled by salience): what is compared is the statement's shape.
  const textRank = textRelevance(bm25, sql`a.id`, groups);
  const relevance = page.recencyBoost ? sql`(${textRank} / (1.0 + ${age}))` : textRank;
  const published = sql`coalesce(a.published_at, '')`;
  const sortKey = byRank ? relevance : order === 'SALIENCE' ? salienceRank(sql`a.id`, groups) : published;
  const tieKey = order === 'SALIENCE' ? published : sql`0`;
  const direction = descending ? sql`DESC` : sql`ASC`;
  let after: SQL = sql`1`;
  if (page.after) {
    const [sort, tie, id] = page.after.length === 3 ? page.after : [page.after[0], 0, page.after[1]];
    after = sql`(sort, tie, id) ${descending ? sql`<` : sql`>`} (${sort}, ${tie}, ${id})`;
  }
  const snippet = criteria.match
    ? sql`(SELECT snippet(articles_fts, -1, ${highlightOpen}, ${highlightClose}, '…', 40)
        FROM articles_fts WHERE articles_fts MATCH ${criteria.match} AND rowid = p.id)`
    : sql`NULL`;
  return db.all<PreviousPageRow>(sql`
    WITH ranked AS MATERIALIZED (SELECT a.id AS id, ${sortKey} AS sort, ${tieKey} AS tie FROM ${from} WHERE ${where}),
    matches AS (SELECT id, sort, tie, count(*) OVER () AS total FROM ranked)
    SELECT p.id, p.sort, p.tie, p.total, ${snippet} AS snippet FROM (
      SELECT id, sort, tie, total FROM matches WHERE ${after}
      ORDER BY sort ${direction}, tie ${direction}, id ${direction} LIMIT ${page.first + 1}) p
    ORDER BY p.sort ${direction}, p.tie ${direction}, p.id ${direction}`);
}

/** The facets as they were: the entity facets over `SELECT a.id FROM articles a WHERE …` (a wide-row seek per match), and the sources facet in a statement of its own. */
export async function previousFacets(db: Database, criteria: ArticleCriteria): Promise<unknown[][]> {
  const entities = await db.all(sql`
    SELECT e.id AS id, e.kind AS kind, e.name AS name, e.slug AS slug, f.count AS count FROM (
      SELECT ae.entity_id AS entity_id, count(*) AS count,
        row_number() OVER (PARTITION BY e.kind ORDER BY count(*) DESC, e.name) AS position
      FROM article_entities ae JOIN entities e ON e.id = ae.entity_id
      WHERE ae.article_id IN (SELECT a.id FROM articles a WHERE ${criteriaWhere(criteria)})
      GROUP BY ae.entity_id) f
    JOIN entities e ON e.id = f.entity_id
    WHERE f.position <= 100
    ORDER BY e.kind, f.position`);
  const sources = await db.all(sql`
    SELECT a.source AS source, count(*) AS count FROM articles a
    WHERE a.source IS NOT NULL AND ${criteriaWhere(criteria)}
    GROUP BY a.source ORDER BY count DESC, a.source LIMIT 10`);
  return [entities, sources];
}

/** The monthly timeline as it was: dates read from the wide article rows. */
export async function previousTimeline(db: Database, criteria: ArticleCriteria): Promise<unknown[]> {
  return db.all(sql`
    SELECT date(a.published_at, 'start of month') AS start, count(*) AS count FROM articles a
    WHERE a.published_at IS NOT NULL AND ${criteriaWhere(criteria)}
    GROUP BY start ORDER BY start`);
}

/** `related` as it was: the entity's articles joined with their other entities and counted, per request. */
export async function previousRelated(db: Database, entityIds: readonly number[], kind: string | null, first: number): Promise<unknown[]> {
  return db.all(sql`
    WITH total AS (SELECT max(1, count(*)) AS n FROM articles),
    pairs AS (
      SELECT ae1.entity_id AS entity_id, ae2.entity_id AS other_id, count(*) AS count
      FROM article_entities ae1
      JOIN article_entities ae2 ON ae2.article_id = ae1.article_id AND ae2.entity_id != ae1.entity_id
      ${kind ? sql`JOIN entities k ON k.id = ae2.entity_id AND k.kind = ${kind}` : sql``}
      WHERE ae1.entity_id IN ${entityIds}
      GROUP BY ae1.entity_id, ae2.entity_id),
    ranked AS (
      SELECT p.*, row_number() OVER (PARTITION BY p.entity_id ORDER BY p.count DESC, p.other_id) AS position FROM pairs p)
    SELECT r.entity_id AS entityId, e.id AS id, e.kind AS kind, e.name AS name, e.slug AS slug, e.code AS code, e.code3 AS code3,
      e.official_name AS officialName, e.article_count AS articleCount, r.count AS count,
      ln(r.count * (SELECT n FROM total) * 1.0 / ((SELECT article_count FROM entities WHERE id = r.entity_id) * e.article_count)) AS pmi
    FROM ranked r JOIN entities e ON e.id = r.other_id
    WHERE r.position <= ${first}
    ORDER BY r.entity_id, r.count DESC, pmi DESC`);
}

/**
 * The articles where the single-entity groups of `criteria` and its text meet in one sentence, as
 * the sameSentence condition found them before it could start from the text's sentences: each
 * mention of the first entity looked up among the text's sentences.
 */
export async function previousSameSentenceArticles(db: Database, criteria: ArticleCriteria): Promise<number[]> {
  const [first, ...rest] = criteria.allOf.filter((group) => group.length === 1).map(([id]) => id!);
  const together = rest.map(
    (id) => sql` AND EXISTS (SELECT 1 FROM mentions m WHERE m.article_id = m0.article_id AND m.sentence = m0.sentence AND m.entity_id = ${id})`,
  );
  const rows = await db.all<{ id: number }>(sql`SELECT DISTINCT m0.article_id AS id FROM mentions m0 WHERE m0.entity_id = ${first!}${sql.join(together)}
    AND EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = m0.article_id AND s.idx = m0.sentence
      AND s.id IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ${criteria.match})) ORDER BY id`);
  return rows.map((r) => r.id);
}
