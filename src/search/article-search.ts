import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { badUserInput } from '../graphql/errors.ts';

export const articleOrders = ['RELEVANCE', 'NEWEST', 'OLDEST'] as const;
export type ArticleOrder = (typeof articleOrders)[number];

/** A resolved article filter: entity ids, an FTS5 MATCH expression built by our own parser, dates. */
export interface ArticleCriteria {
  allOf: number[][];
  anyOf: number[][];
  noneOf: number[];
  match: string | null;
  publishedAfter: string | null;
  publishedBefore: string | null;
}

export interface PageRequest {
  first: number;
  after: string | null;
  order: ArticleOrder;
  withTotal: boolean;
}

export interface ArticleHitRow {
  id: number;
  sort: number | string;
  score: number | null;
  cursor: string;
  /** FTS5 snippet with highlightOpen/highlightClose markers, when the query had text. */
  snippet: string | null;
}

export interface ArticlePage {
  hits: ArticleHitRow[];
  hasNextPage: boolean;
  totalCount: number | null;
}

// Private-use markers survive FTS5's snippet(); the GraphQL layer swaps them for the client's tags.
export const highlightOpen = '\u{E000}';
export const highlightClose = '\u{E001}';

/** Tokens of context in a match snippet (FTS5 allows at most 64). */
const snippetTokens = 40;

/** Title hits weigh ten times body hits in bm25. */
const bm25 = sql`bm25(articles_fts, 10.0, 1.0)`;

function encodeCursor(sort: number | string, id: number): string {
  return btoa(JSON.stringify([sort, id]));
}

function decodeCursor(cursor: string, order: ArticleOrder): [number | string, number] {
  try {
    const value: unknown = JSON.parse(atob(cursor));
    if (Array.isArray(value) && value.length === 2 && Number.isInteger(value[1])) {
      const [sort, id] = value as [unknown, number];
      if ((order === 'RELEVANCE' && typeof sort === 'number') || (order !== 'RELEVANCE' && typeof sort === 'string')) return [sort, id];
    }
  } catch {
    // fall through to the error below
  }
  throw badUserInput(`Invalid cursor "${cursor}": pass an endCursor from a previous page of the same query and order.`, { argument: 'after' });
}

/** The WHERE clause every article query, facet and timeline shares. */
export function criteriaWhere(criteria: ArticleCriteria): SQL {
  const conditions: SQL[] = [sql`1`];
  if (criteria.match !== null) conditions.push(sql`a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ${criteria.match})`);
  for (const ids of criteria.allOf) conditions.push(sql`a.id IN (SELECT article_id FROM article_entities WHERE entity_id IN ${ids})`);
  for (const ids of criteria.anyOf) conditions.push(sql`a.id IN (SELECT article_id FROM article_entities WHERE entity_id IN ${ids})`);
  if (criteria.noneOf.length) conditions.push(sql`a.id NOT IN (SELECT article_id FROM article_entities WHERE entity_id IN ${criteria.noneOf})`);
  if (criteria.publishedAfter) conditions.push(sql`a.published_at >= ${criteria.publishedAfter}`);
  if (criteria.publishedBefore) conditions.push(sql`a.published_at < ${criteria.publishedBefore}`);
  return sql.join(conditions, sql` AND `);
}

/**
 * One statement for a page of matching article ids, their scores and, when asked, the total:
 * ranking and the FTS join happen here; the GraphQL layer then loads the nodes it needs.
 */
export async function findArticlePage(db: Database, criteria: ArticleCriteria, page: PageRequest): Promise<ArticlePage> {
  const order: ArticleOrder = page.order === 'RELEVANCE' && criteria.match === null ? 'NEWEST' : page.order;
  const descending = order === 'NEWEST';
  const byRank = order === 'RELEVANCE';
  const from = byRank
    ? sql`articles_fts JOIN articles a ON a.id = articles_fts.rowid`
    : sql`articles a`;
  const where = byRank ? sql`articles_fts MATCH ${criteria.match} AND ${criteriaWhere({ ...criteria, match: null })}` : criteriaWhere(criteria);
  const sortKey = byRank ? bm25 : sql`coalesce(a.published_at, '')`;
  const direction = descending ? sql`DESC` : sql`ASC`;

  let after = sql`1`;
  if (page.after) {
    const [sort, id] = decodeCursor(page.after, order);
    after = descending
      ? sql`(sort < ${sort} OR (sort = ${sort} AND id < ${id}))`
      : sql`(sort > ${sort} OR (sort = ${sort} AND id > ${id}))`;
  }
  const total = page.withTotal ? sql`(SELECT count(*) FROM matches)` : sql`NULL`;
  // The snippet is computed in the outer query so FTS5 highlights only the page, not every match.
  const snippet = criteria.match
    ? sql`(SELECT snippet(articles_fts, -1, ${highlightOpen}, ${highlightClose}, '…', ${snippetTokens})
        FROM articles_fts WHERE articles_fts MATCH ${criteria.match} AND rowid = p.id)`
    : sql`NULL`;
  const rows = await db.all<{ id: number; sort: number | string; total: number | null; snippet: string | null }>(sql`
    WITH matches AS (SELECT a.id AS id, ${sortKey} AS sort FROM ${from} WHERE ${where})
    SELECT p.id, p.sort, p.total, ${snippet} AS snippet FROM (
      SELECT id, sort, ${total} AS total FROM matches WHERE ${after}
      ORDER BY sort ${direction}, id ${direction} LIMIT ${page.first + 1}) p
    ORDER BY p.sort ${direction}, p.id ${direction}`);

  const hits = rows.slice(0, page.first).map((r) => ({
    id: r.id,
    sort: r.sort,
    score: byRank ? -Number(r.sort) : null,
    cursor: encodeCursor(r.sort, r.id),
    snippet: r.snippet,
  }));
  return {
    hits,
    hasNextPage: rows.length > page.first,
    totalCount: page.withTotal ? (rows[0]?.total ?? (page.after ? await countMatches(db, criteria) : 0)) : null,
  };
}

/** Only needed when a page past the end asks for the total: the page query had no row to carry it. */
async function countMatches(db: Database, criteria: ArticleCriteria): Promise<number> {
  const [row] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM articles a WHERE ${criteriaWhere(criteria)}`);
  return row?.n ?? 0;
}
