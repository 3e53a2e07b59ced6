import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import type { EntityRow } from './aggregations.ts';
import { countUpTo, textMatchIds } from './article-search.ts';
import { InvalidCursorError } from './errors.ts';

/** Stories matching every condition (criteria already resolved: entity ids, an FTS5 match expression). */
export interface StoryCriteria {
  /** Entities that must each be mentioned by some article of the story. */
  entityIds: number[];
  /** An FTS5 expression some article of the story must match. */
  match: string | null;
  /** The story's span must reach into [from, to). */
  from: string | null;
  to: string | null;
}

export const storyOrders = ['SIZE', 'RECENT'] as const;
export type StoryOrder = (typeof storyOrders)[number];

export interface StoryPage {
  hits: { id: number; cursor: string }[];
  hasNextPage: boolean;
  totalCount: number | null;
}

/** A cursor is [sort value, id]: the article count under SIZE, the last publication time under RECENT. */
function decodeCursor(cursor: string, order: StoryOrder): [number | string, number] {
  let value: unknown = null;
  try {
    value = cursor.length <= 200 ? JSON.parse(atob(cursor)) : null;
  } catch {
    // refused below
  }
  if (Array.isArray(value) && value.length === 2 && Number.isSafeInteger(value[1])) {
    const [sort] = value;
    if (order === 'SIZE' && Number.isSafeInteger(sort)) return [sort as number, value[1] as number];
    if (order === 'RECENT' && typeof sort === 'string' && sort.length <= 40) return [sort, value[1] as number];
  }
  throw new InvalidCursorError(cursor);
}

const encodeCursor = (sort: number | string, id: number) => btoa(JSON.stringify([sort, id]));

function criteriaWhere(criteria: StoryCriteria): SQL {
  const parts: SQL[] = [sql`s.merged_into IS NULL`];
  // The entity's stories, one range of story_entities (kept by triggers), not its articles' stories.
  for (const id of criteria.entityIds) {
    parts.push(sql`s.id IN (SELECT story_id FROM story_entities WHERE entity_id = ${id})`);
  }
  if (criteria.match !== null) {
    parts.push(sql`s.id IN (SELECT sa.story_id FROM story_articles sa WHERE sa.article_id IN ${textMatchIds(criteria.match)})`);
  }
  if (criteria.from !== null) parts.push(sql`s.last_published_at >= ${criteria.from}`);
  if (criteria.to !== null) parts.push(sql`s.first_published_at < ${criteria.to}`);
  return sql.join(parts, sql` AND `);
}

export interface StoryPageOptions {
  first: number;
  after: string | null;
  order: StoryOrder;
}

/** The column a story order sorts on (descending, then id descending), as a key of the `stories` table. */
export const storySortColumn = (order: StoryOrder): 'articleCount' | 'lastPublishedAt' => (order === 'SIZE' ? 'articleCount' : 'lastPublishedAt');

/**
 * A page of stories as SQL pieces, so that the caller can load the page's rows in the same
 * statement as whatever else it selects: `ids` lists the page's story ids (one more than `first`,
 * to tell whether a next page exists), `total` counts every match.
 */
export function storyPageSql(criteria: StoryCriteria, options: StoryPageOptions): { ids: SQL; total: SQL } {
  const sort = options.order === 'SIZE' ? sql`s.article_count` : sql`s.last_published_at`;
  const where = [criteriaWhere(criteria)];
  if (options.after) {
    const [value, id] = decodeCursor(options.after, options.order);
    where.push(sql`(${sort} < ${value} OR (${sort} = ${value} AND s.id < ${id}))`);
  }
  return {
    ids: sql`SELECT s.id FROM stories s WHERE ${sql.join(where, sql` AND `)} ORDER BY ${sort} DESC, s.id DESC LIMIT ${options.first + 1}`,
    total: storyCount(criteria),
  };
}

/**
 * How many stories match. Entities and nothing else: their story_entities rows joined on the
 * story, less any merged story still holding rows (a merge moves the articles, so none should),
 * where testing every story against each entity's stories cost 30 ms for the United States at
 * 100k, 56 ms with China too.
 */
function storyCount(criteria: StoryCriteria): SQL {
  const [first, ...others] = criteria.entityIds;
  if (criteria.match !== null) return textStoryCount(criteria, criteria.match);
  if (first === undefined || criteria.from !== null || criteria.to !== null) {
    return sql`(SELECT count(*) FROM stories s WHERE ${criteriaWhere(criteria)})`;
  }
  const alsoNamed = sql.join(
    others.map((id, i) => {
      const e = sql.raw(`e${i + 1}`);
      return sql` JOIN story_entities ${e} ON ${e}.story_id = e0.story_id AND ${e}.entity_id = ${id}`;
    }),
  );
  return sql`((SELECT count(*) FROM story_entities e0${alsoNamed} WHERE e0.entity_id = ${first})
    - (SELECT count(*) FROM stories s INDEXED BY stories_recent_idx JOIN story_entities e0 ON e0.story_id = s.id AND e0.entity_id = ${first}${alsoNamed}
      WHERE s.merged_into IS NOT NULL))`;
}

/**
 * How many stories match criteria with text. Testing every story against the lists of the text's
 * stories and each entity's costs the same whatever the text (100k, "sanctions" with the United
 * States: 64 ms); when the text matches fewer articles than a third of the stories (counted up to
 * that bound), the stories are counted from its matches instead, each story's row and entities
 * sought (15 ms). A common word keeps the first way, which is then the cheaper.
 */
function textStoryCount(criteria: StoryCriteria, match: string): SQL {
  const bound = sql`(SELECT coalesce(max(rowid), 0) / 3 FROM stories)`;
  const fewMatches = sql`${countUpTo(sql`articles_fts WHERE articles_fts MATCH ${match}`, bound)} < ${bound}`;
  const conditions = [
    sql`s.merged_into IS NULL`,
    ...criteria.entityIds.map((id) => sql`EXISTS (SELECT 1 FROM story_entities e WHERE e.story_id = s.id AND e.entity_id = ${id})`),
    ...(criteria.from !== null ? [sql`s.last_published_at >= ${criteria.from}`] : []),
    ...(criteria.to !== null ? [sql`s.first_published_at < ${criteria.to}`] : []),
  ];
  return sql`(CASE WHEN ${fewMatches}
    THEN (SELECT count(DISTINCT sa.story_id) FROM articles_fts CROSS JOIN story_articles sa ON sa.article_id = articles_fts.rowid
      CROSS JOIN stories s ON s.id = sa.story_id WHERE articles_fts MATCH ${match} AND ${sql.join(conditions, sql` AND `)})
    ELSE (SELECT count(*) FROM stories s WHERE ${criteriaWhere(criteria)}) END)`;
}

/** The cursor of a story row under an order. */
export function storyCursor(order: StoryOrder, story: { id: number; articleCount: number; lastPublishedAt: string }): string {
  return encodeCursor(order === 'SIZE' ? story.articleCount : story.lastPublishedAt, story.id);
}

/** How many stories match, in one statement (when a page came back empty and could not carry it). */
export async function countStories(db: Database, criteria: StoryCriteria): Promise<number> {
  return (await db.all<{ n: number }>(sql`SELECT ${storyCount(criteria)} AS n`))[0]!.n;
}

/** One page of story ids in one statement (with the total when asked), for callers that need no story columns. */
export async function findStoryPage(db: Database, criteria: StoryCriteria, options: StoryPageOptions & { withTotal: boolean }): Promise<StoryPage> {
  const page = storyPageSql(criteria, options);
  const rows = await db.all<{ id: number; articleCount: number; lastPublishedAt: string; total: number | null }>(sql`
    SELECT s.id AS id, s.article_count AS articleCount, s.last_published_at AS lastPublishedAt, ${options.withTotal ? page.total : sql`NULL`} AS total
    FROM stories s WHERE s.id IN (${page.ids})
    ORDER BY ${options.order === 'SIZE' ? sql`s.article_count` : sql`s.last_published_at`} DESC, s.id DESC`);
  const hits = rows.slice(0, options.first).map((r) => ({ id: r.id, cursor: storyCursor(options.order, r) }));
  const totalCount = options.withTotal ? (rows[0]?.total ?? (await countStories(db, criteria))) : null;
  return { hits, hasNextPage: rows.length > options.first, totalCount };
}

export interface StoryEntityRow extends EntityRow {
  storyId: number;
  count: number;
}

/** The most-mentioned entities of each kind in each story, up to `first` per kind: one statement for every story of a page. */
export async function storyEntities(db: Database, storyIds: readonly number[], first: number): Promise<StoryEntityRow[]> {
  return db.all<StoryEntityRow>(sql`
    SELECT f.story_id AS storyId, e.id AS id, e.kind AS kind, e.name AS name, e.slug AS slug, e.code AS code, e.code3 AS code3,
      e.official_name AS officialName, f.count AS count
    FROM (
      SELECT sa.story_id AS story_id, ae.entity_id AS entity_id, count(*) AS count,
        row_number() OVER (PARTITION BY sa.story_id, e.kind ORDER BY count(*) DESC, sum(ae.salience) DESC, e.name) AS position
      FROM story_articles sa JOIN article_entities ae ON ae.article_id = sa.article_id JOIN entities e ON e.id = ae.entity_id
      WHERE sa.story_id IN (SELECT value FROM json_each(${JSON.stringify(storyIds)}))
      GROUP BY sa.story_id, ae.entity_id) f
    JOIN entities e ON e.id = f.entity_id
    WHERE f.position <= ${first}
    ORDER BY f.story_id, e.kind, f.position`);
}

export interface DuplicateGroupRow {
  articleId: number;
  groupId: number;
  size: number;
  canonicalId: number;
}

/**
 * The duplicate group of each article, with its size and canonical article: the earliest
 * published member (the original a copy was made from; ingest time stands in for an unknown
 * date), the lowest id among equals. Articles alone in their group are left out. One statement.
 */
export async function duplicateGroups(db: Database, articleIds: readonly number[]): Promise<DuplicateGroupRow[]> {
  return db.all<DuplicateGroupRow>(sql`
    WITH mine AS (SELECT article_id, group_id FROM article_signatures WHERE article_id IN (SELECT value FROM json_each(${JSON.stringify(articleIds)}))),
    members AS (
      SELECT s.group_id AS group_id, s.article_id AS article_id, count(*) OVER (PARTITION BY s.group_id) AS size,
        row_number() OVER (PARTITION BY s.group_id ORDER BY coalesce(a.published_at, a.created_at), a.id) AS position
      FROM article_signatures s JOIN articles a ON a.id = s.article_id
      WHERE s.group_id IN (SELECT group_id FROM mine))
    SELECT m.article_id AS articleId, m.group_id AS groupId, c.size AS size, c.article_id AS canonicalId
    FROM mine m JOIN members c ON c.group_id = m.group_id AND c.position = 1
    WHERE c.size > 1`);
}
