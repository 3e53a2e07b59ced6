import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { entityKinds, type EntityKind } from '../db/schema.ts';
import { criteriaWhere, type ArticleCriteria } from './article-search.ts';

export interface EntityRow {
  id: number;
  kind: EntityKind;
  name: string;
  slug: string;
  code: string | null;
  code3: string | null;
  officialName: string | null;
}

const entityColumns = sql`e.id AS id, e.kind AS kind, e.name AS name, e.slug AS slug, e.code AS code, e.code3 AS code3, e.official_name AS officialName`;

/** True when the criteria match every article, so precomputed per-entity counts answer facets. */
function matchesAll(criteria: ArticleCriteria): boolean {
  return (
    !criteria.allOf.length && !criteria.noneOf.length && criteria.match === null && !criteria.sources.length &&
    !criteria.publishedAfter && !criteria.publishedBefore
  );
}

/** The most a facet returns per kind (GraphQL `first` is at most this). */
export const maxFacetSize = 100;

/**
 * The most-mentioned entities of every kind across every article matching the criteria (not just
 * a page), up to maxFacetSize per kind, in one statement: one pass over the matching articles'
 * entity links serves the countries, people and organisations facets together.
 */
export async function entityFacets(db: Database, criteria: ArticleCriteria) {
  if (matchesAll(criteria)) {
    // Every article: the per-entity counts kept by triggers answer, read down the (kind, count) index.
    const topOfKind = (kind: EntityKind) => sql`SELECT * FROM (
      SELECT ${entityColumns}, e.article_count AS count FROM entities e
      WHERE e.kind = ${kind} AND e.article_count > 0 ORDER BY e.article_count DESC, e.name LIMIT ${maxFacetSize})`;
    return db.all<EntityRow & { count: number }>(sql.join(entityKinds.map(topOfKind), sql` UNION ALL `));
  }
  return db.all<EntityRow & { count: number }>(sql`
    SELECT ${entityColumns}, f.count AS count FROM (
      SELECT ae.entity_id AS entity_id, count(*) AS count,
        row_number() OVER (PARTITION BY e.kind ORDER BY count(*) DESC, e.name) AS position
      FROM article_entities ae JOIN entities e ON e.id = ae.entity_id
      WHERE ae.article_id IN (SELECT a.id FROM articles a WHERE ${criteriaWhere(criteria)})
      GROUP BY ae.entity_id) f
    JOIN entities e ON e.id = f.entity_id
    WHERE f.position <= ${maxFacetSize}
    ORDER BY e.kind, f.position`);
}

export async function sourceFacet(db: Database, criteria: ArticleCriteria, first: number) {
  return db.all<{ source: string; count: number }>(sql`
    SELECT a.source AS source, count(*) AS count FROM articles a
    WHERE a.source IS NOT NULL AND ${criteriaWhere(criteria)}
    GROUP BY a.source ORDER BY count DESC, a.source LIMIT ${first}`);
}

export const timelineIntervals = ['DAY', 'WEEK', 'MONTH', 'YEAR'] as const;
export type TimelineInterval = (typeof timelineIntervals)[number];

/** Start of the bucket each publishedAt falls in; weeks start on Monday (ISO 8601). */
const bucketStart: Record<TimelineInterval, ReturnType<typeof sql>> = {
  DAY: sql`date(a.published_at)`,
  WEEK: sql`date(a.published_at, '-6 days', 'weekday 1')`,
  MONTH: sql`date(a.published_at, 'start of month')`,
  YEAR: sql`date(a.published_at, 'start of year')`,
};

/** Matching articles per period. Articles without a date are left out. */
export async function timeline(db: Database, criteria: ArticleCriteria, interval: TimelineInterval) {
  return db.all<{ start: string; count: number }>(sql`
    SELECT ${bucketStart[interval]} AS start, count(*) AS count FROM articles a
    WHERE a.published_at IS NOT NULL AND ${criteriaWhere(criteria)}
    GROUP BY start ORDER BY start`);
}

export interface RelatedRow extends EntityRow {
  entityId: number;
  count: number;
  pmi: number;
}

/**
 * The entities most often mentioned in the same articles as each given entity, with pointwise
 * mutual information log(P(x,y) / P(x)P(y)) over articles. One statement for all given entities,
 * so `related` under a list of entities does not fan out.
 */
export async function relatedEntities(db: Database, entityIds: readonly number[], kind: EntityKind | null, first: number) {
  return db.all<RelatedRow>(sql`
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
    SELECT r.entity_id AS entityId, ${entityColumns}, r.count AS count,
      ln(r.count * (SELECT n FROM total) * 1.0 / ((SELECT article_count FROM entities WHERE id = r.entity_id) * e.article_count)) AS pmi
    FROM ranked r JOIN entities e ON e.id = r.other_id
    WHERE r.position <= ${first}
    ORDER BY r.entity_id, r.count DESC, pmi DESC`);
}

export interface EntityHitRow extends EntityRow {
  matchedAlias: string;
  articleCount: number;
}

/** Prefix autocomplete over names and aliases: one hit per entity, the most-mentioned first. */
export async function searchEntities(db: Database, prefix: string, kinds: EntityKind[], first: number) {
  return db.all<EntityHitRow>(sql`
    WITH hits AS (
      SELECT a.entity_id AS entity_id, min(a.text) AS matched FROM aliases a
      WHERE a.alias >= ${prefix} AND a.alias < ${`${prefix}\u{10FFFF}`}
      GROUP BY a.entity_id)
    SELECT ${entityColumns}, h.matched AS matchedAlias, e.article_count AS articleCount
    FROM hits h JOIN entities e ON e.id = h.entity_id
    ${kinds.length ? sql`WHERE e.kind IN ${kinds}` : sql``}
    ORDER BY articleCount DESC, length(e.name), e.name LIMIT ${first}`);
}
