import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { entityKinds, type EntityKind } from '../db/schema.ts';
import { highestArticleId, matchesEveryArticle, matchingArticles, narrowArticles, singleEntity, textMatchIds, type ArticleCriteria } from './article-search.ts';

export interface EntityRow {
  id: number;
  kind: EntityKind;
  name: string;
  slug: string;
  code: string | null;
  code3: string | null;
  officialName: string | null;
  articleCount: number;
}

/** Every column of an entity, named as drizzle names them: enough for the GraphQL fields that read only columns. */
const entityColumns = sql`e.id AS id, e.kind AS kind, e.name AS name, e.slug AS slug, e.code AS code, e.code3 AS code3,
  e.official_name AS officialName, e.article_count AS articleCount`;

/** The most a facet returns per kind (GraphQL `first` is at most this). */
export const maxFacetSize = 100;

export type FacetRow = { facet: 'entity'; entity: EntityRow; count: number } | { facet: 'source'; source: string; count: number };

/** How many rows each facet needs (what the GraphQL fields ask for): maxFacetSize when not given, none at 0. */
export type FacetSizes = Partial<Record<EntityKind | 'source', number>>;

/**
 * Entity facets (the most-mentioned entities of each kind, up to its size in `sizes`) and the
 * source facet across every article matching the criteria, not just a page, in one statement.
 * The matching ids are materialised once (from articles_fts alone when there is text) and both
 * facets group them: entity links through article_entities' primary key, sources through the narrow
 * index or the entity row a text match joined, so no wide article row is read. With no criteria, the per-entity counts kept by triggers
 * and the source index answer; with one entity and nothing else, co_mentions gives the entity
 * counts (the same numbers: articles mentioning both) without grouping the entity's links, and
 * the sources copied into article_entities give the source counts from one index range, so no
 * matching id is materialised. Text matching most articles is counted by its complement (see
 * mostlyMatching); other criteria matching many articles, for the likeliest entities only (see
 * candidateCounts).
 */
export async function articleFacets(
  db: Database,
  criteria: ArticleCriteria,
  parts: { entities: boolean; sources: boolean },
  sizes: FacetSizes = {},
): Promise<FacetRow[]> {
  const size = (facet: EntityKind | 'source') => Math.min(sizes[facet] ?? maxFacetSize, maxFacetSize);
  const kinds = parts.entities ? entityKinds.filter((kind) => size(kind) > 0) : [];
  const sources = parts.sources && size('source') > 0;
  if (!kinds.length && !sources) return [];
  const every = matchesEveryArticle(criteria);
  const single = singleEntity(criteria);
  const most = mostlyMatching(criteria, 'source', 1 / 2);
  const arms: SQL[] = [];
  let counted = sql``;
  let candidates: ReturnType<typeof candidateCounts> | null = null;
  if (kinds.length && every) {
    // Read down the (kind, article_count) index.
    for (const kind of kinds) {
      arms.push(sql`SELECT * FROM (SELECT 'entity' AS facet, ${entityColumns}, NULL AS source, e.article_count AS count FROM entities e
        WHERE e.kind = ${kind} AND e.article_count > 0 ORDER BY e.article_count DESC, e.name LIMIT ${size(kind)})`);
    }
  } else if (kinds.length) {
    // The count per entity, with the kind and name it is ranked by, once; then per kind the top
    // rows (a bounded sort) and only those rows' entities read whole.
    candidates = single === null ? candidateCounts(kinds, size) : null;
    const fromMatches = sql`SELECT * FROM (SELECT ae.entity_id AS entity_id, count(*) AS count FROM matches m JOIN article_entities ae ON ae.article_id = m.id
      GROUP BY ae.entity_id${candidates ? candidates.unlessChosen : sql``})`;
    const perEntity =
      single !== null
        ? baseEntityCounts(single)
        : most
          ? sql`${fromMatches} UNION ALL ${most.subtracted(
              baseEntityCounts(most.base, most.ifChosen),
              sql`SELECT ae.entity_id AS entity_id, count(*) AS count FROM rest CROSS JOIN article_entities ae ON ae.article_id = rest.id GROUP BY ae.entity_id`,
              'entity_id',
            )}`
          : fromMatches;
    counted = sql`counted AS MATERIALIZED (SELECT c.entity_id AS entity_id, c.count AS count, e.kind AS kind, e.name AS name
      FROM (${perEntity}) c CROSS JOIN entities e ON e.id = c.entity_id${candidates ? sql` UNION ALL ${candidates.rows}` : sql``})`;
    for (const kind of kinds) {
      arms.push(sql`SELECT * FROM (SELECT 'entity' AS facet, ${entityColumns}, NULL AS source, c.count AS count FROM (
        SELECT entity_id, count FROM counted WHERE kind = ${kind} ORDER BY count DESC, name LIMIT ${size(kind)}) c
        CROSS JOIN entities e ON e.id = c.entity_id)`);
    }
  }
  if (sources) {
    const fromMatches = sql`SELECT m.source AS source, count(*) AS count FROM matches m WHERE m.source IS NOT NULL GROUP BY m.source`;
    const bySource = every
      ? baseSourceCounts(null)
      : single !== null
        ? baseSourceCounts(single)
        : most
          ? sql`${fromMatches} UNION ALL ${most.subtracted(
              baseSourceCounts(most.base, most.ifChosen),
              sql`SELECT rest.value AS source, count(*) AS count FROM rest WHERE rest.value IS NOT NULL GROUP BY rest.value`,
              'source',
            )}`
          : fromMatches;
    arms.push(sql`SELECT * FROM (SELECT 'source' AS facet, NULL AS id, NULL AS kind, NULL AS name, NULL AS slug, NULL AS code, NULL AS code3,
      NULL AS officialName, NULL AS articleCount, s.source AS source, s.count AS count FROM (${bySource}) s
      ORDER BY s.count DESC, s.source LIMIT ${size('source')})`);
  }
  const ctes: SQL[] = [];
  if (!every && single === null) {
    // The source is read with the id (from the narrow index, joined anyway without text, or from
    // the entity row a text match joined), not by a second seek per match.
    const { id, from, where, source } = matchingArticles(criteria, { sourceNeeded: sources });
    if (most) ctes.push(...most.ctes);
    ctes.push(sql`matches AS MATERIALIZED (SELECT ${id} AS id, ${sources ? source : sql`NULL`} AS source FROM ${from} WHERE ${where}${most ? most.unlessChosen : sql``})`);
  }
  if (candidates) ctes.push(...candidates.ctes);
  if (kinds.length && !every) ctes.push(counted);
  // Rows come back kind by kind, most-mentioned first (names break ties), then the sources.
  const rows = await db.all<EntityRow & { facet: 'entity' | 'source'; source: string | null; count: number }>(
    sql`${ctes.length ? sql`WITH ${sql.join(ctes, sql`, `)} ` : sql``}SELECT * FROM (${sql.join(arms, sql` UNION ALL `)}) ORDER BY facet, kind, count DESC, name, source`,
  );
  return rows.map(({ facet, source, count, ...entity }) =>
    facet === 'source' ? { facet, source: source!, count } : { facet, entity: entity as EntityRow, count },
  );
}

/**
 * Entity counts of many matches (more than a quarter of the articles), counted only for the
 * entities that can reach their kind's first `size` rows. Grouping the matches' links sorts every
 * one of them (~0.7 µs each: 287k links and 0.2 s for a word in 45 % of the bench's 100k
 * articles), and SQLite has no hash aggregate; reading one entity's range of the ranking index and
 * testing each article against the matches costs ~0.2 µs a link, so only the entities with the most
 * articles are read that way. An entity's count is at most its article_count, so for each kind the
 * candidates are the entities whose article_count reaches `bar`: half the count the matches' share
 * would give the kind's size-th entity by article_count. If the size-th best candidate's count
 * reaches the bar, no other entity can reach the rows shown (each counts less than the bar) and the
 * candidates' counts are the facet; otherwise (`unlessChosen`) the matches' links are grouped as
 * before. Either way the rows are exact. `matches` must be materialised before these CTEs.
 */
function candidateCounts(kinds: readonly EntityKind[], size: (kind: EntityKind) => number) {
  // Below about a fifth of the articles grouping is as cheap (22 %: 88 against 91 ms at 100k).
  const dense = sql`n > ${sql.raw(String(1 / 4))} * articles`;
  const sizeth = (kind: EntityKind) => sql.raw(String(size(kind) - 1));
  const bars = kinds.map(
    (kind) => sql`SELECT ${kind} AS kind, (SELECT n FROM spread) * coalesce((SELECT article_count FROM entities INDEXED BY entities_kind_article_count_idx
      WHERE kind = ${kind} AND article_count > 0 ORDER BY article_count DESC LIMIT 1 OFFSET ${sizeth(kind)}), 0) / (2.0 * (SELECT articles FROM spread)) AS bar`,
  );
  const reached = kinds.map(
    (kind) => sql`coalesce((SELECT count FROM candidate_counts WHERE kind = ${kind} ORDER BY count DESC LIMIT 1 OFFSET ${sizeth(kind)}), 0)
      >= (SELECT bar FROM bars WHERE kind = ${kind})`,
  );
  return {
    ctes: [
      sql`spread AS MATERIALIZED (SELECT (SELECT count(*) FROM matches) AS n, max(1, ${highestArticleId}) AS articles)`,
      sql`bars AS MATERIALIZED (${sql.join(bars, sql` UNION ALL `)})`,
      // The unary + keeps SQLite from seeking each match in the entity's range instead.
      sql`candidate_counts AS MATERIALIZED (SELECT e.id AS entity_id, e.kind AS kind, e.name AS name,
        (SELECT count(*) FROM article_entities ae INDEXED BY article_entities_entity_ranking_idx WHERE ae.entity_id = e.id AND +ae.article_id IN (SELECT id FROM matches)) AS count
        FROM bars b CROSS JOIN entities e INDEXED BY entities_kind_article_count_idx ON e.kind = b.kind AND e.article_count >= b.bar AND e.article_count > 0
        LIMIT (SELECT CASE WHEN ${dense} THEN -1 ELSE 0 END FROM spread))`,
      // CASE evaluates its branch only when chosen, so few matches never read the bars.
      sql`candidates_suffice AS MATERIALIZED (SELECT CASE WHEN (SELECT ${dense} FROM spread) THEN ${sql.join(reached, sql` AND `)} ELSE 0 END AS yes)`,
    ],
    unlessChosen: sql` LIMIT (SELECT yes - 1 FROM candidates_suffice)`,
    rows: sql`SELECT entity_id, count, kind, name FROM candidate_counts WHERE count > 0 AND (SELECT yes FROM candidates_suffice)`,
  };
}

/** Entity counts kept for a base set: every article's (entities.article_count), or one entity's (co_mentions, and its own). */
function baseEntityCounts(entityId: number | null, limit: SQL = sql``): SQL {
  if (entityId === null) return sql`SELECT id AS entity_id, article_count AS count FROM entities WHERE article_count > 0${limit}`;
  // The articles of one entity: its partners' counts are kept in co_mentions, its own is its article_count.
  return sql`SELECT other_id AS entity_id, count FROM co_mentions WHERE entity_id = ${entityId}
    UNION ALL SELECT id, article_count FROM entities WHERE id = ${entityId} AND article_count > 0${limit}`;
}

/** Source counts of a base set, each from one index in index order: every article's, or one entity's (the sources copied into article_entities). */
function baseSourceCounts(entityId: number | null, limit: SQL = sql``): SQL {
  if (entityId === null) {
    return sql`SELECT a.source AS source, count(*) AS count FROM articles a INDEXED BY articles_source_idx WHERE a.source IS NOT NULL GROUP BY a.source${limit}`;
  }
  return sql`SELECT ae.source AS source, count(*) AS count FROM article_entities ae INDEXED BY article_entities_entity_source_idx
    WHERE ae.entity_id = ${entityId} AND ae.source IS NOT NULL GROUP BY ae.source${limit}`;
}

/**
 * Text over a base whose counts are kept (every article, or one entity's articles and nothing
 * else), for text that may match most of them. Grouping the matches costs ~6 µs each for facets
 * ("said" matches 99 % of the bench's 100k articles: 0.6 s), so when the text matches more than
 * `share` of the articles the statement counts the base's kept counts less those of `rest`, the
 * base's articles the text misses ("said" 0.6 s → 45 ms; about even at half the articles).
 * The choice is made inside the statement, from the text's match count (an FTS5 doclist read,
 * ~70 ns a match) against the highest article id, and each side's scans end in a LIMIT of 0 or -1
 * (none) that says whether they run: SQLite tests a LIMIT before its loop, where a WHERE term
 * holding a subquery is tested row by row. Null for any other criteria.
 */
function mostlyMatching(criteria: ArticleCriteria, column: 'source' | 'published_at', share: number) {
  if (criteria.match === null) return null;
  const withoutText = { ...criteria, match: null };
  const every = matchesEveryArticle(withoutText);
  const base = every ? null : singleEntity(withoutText);
  if (!every && base === null) return null;
  const ifChosen = sql` LIMIT (SELECT -yes FROM most)`;
  // `value` is the article's source or date: from the narrow index, or from an entity's link (its
  // date read from the link's row, once the id is known to be missed).
  const value = sql.raw(column);
  const baseArticles =
    base === null
      ? sql`SELECT a.id AS id, a.${value} AS value FROM ${narrowArticles}`
      : sql`SELECT ae.article_id AS id, ae.${value} AS value FROM article_entities ae INDEXED BY article_entities_entity_ranking_idx WHERE ae.entity_id = ${base}`;
  return {
    base,
    ifChosen,
    unlessChosen: sql` LIMIT (SELECT yes - 1 FROM most)`,
    ctes: [
      sql`most AS MATERIALIZED (SELECT (SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ${criteria.match}) > ${share} * ${highestArticleId} AS yes)`,
      sql`rest AS MATERIALIZED (SELECT b.id AS id, b.value AS value FROM (${baseArticles}) b
        WHERE b.id NOT IN ${textMatchIds(criteria.match)}${ifChosen})`,
    ],
    /** Kept counts less the rest's, by `key` (both sides empty unless the complement is chosen). */
    subtracted: (kept: SQL, ofRest: SQL, key: 'entity_id' | 'source') => {
      const k = sql.raw(key);
      return sql`SELECT b.${k} AS ${k}, b.count - coalesce(r.count, 0) AS count FROM (${kept}) b LEFT JOIN (${ofRest}) r ON r.${k} = b.${k}
        WHERE b.count > coalesce(r.count, 0)`;
    },
  };
}

export const timelineIntervals = ['DAY', 'WEEK', 'MONTH', 'YEAR'] as const;
export type TimelineInterval = (typeof timelineIntervals)[number];

/** Start of the bucket each publishedAt (`date`, an ISO timestamp) falls in; weeks start on Monday (ISO 8601). */
function bucketStart(interval: TimelineInterval, date: SQL): SQL {
  switch (interval) {
    case 'DAY':
      return sql`date(${date})`;
    case 'WEEK':
      return sql`date(${date}, '-6 days', 'weekday 1')`;
    case 'MONTH':
      return sql`date(${date}, 'start of month')`;
    case 'YEAR':
      return sql`date(${date}, 'start of year')`;
  }
}

/**
 * Matching articles per period. Articles without a date are left out. Every article, and one
 * entity with nothing else, are read from the counts per day (article_days, entity_days), also
 * within dates that bound whole days; other criteria from the narrow index joined to the matching
 * ids, or, for text matching most articles, the base's buckets less those of the articles the
 * text misses (mostlyMatching).
 */
export async function timeline(db: Database, criteria: ArticleCriteria, interval: TimelineInterval) {
  const perDay = (days: SQL, limit: SQL = sql``) => sql`
    SELECT ${bucketStart(interval, sql`d.day`)} AS start, sum(d.n) AS count FROM (${days}) d
    GROUP BY start ORDER BY start${limit}`;
  // Every article, or one entity's: the articles of each day, kept by triggers (migration
  // 20261202003330_timeline_days), a row per day where grouping read a row per article (100k,
  // every article by month: 17 → 1.3 ms). A day lies in one bucket of every interval, and dates
  // at midnight bound whole days (both sides are ISO-8601 UTC, so comparing the texts compares
  // the days): a range of the counts (the United States in 2024: 42 → 1 ms).
  const { publishedAfter: after, publishedBefore: before } = criteria;
  const wholeDays = [after, before].every((bound) => bound === null || bound.endsWith('T00:00:00.000Z'));
  const undated = { ...criteria, publishedAfter: null, publishedBefore: null };
  const inRange = sql.join([sql`1`, ...(after ? [sql`day >= ${after.slice(0, 10)}`] : []), ...(before ? [sql`day < ${before.slice(0, 10)}`] : [])], sql` AND `);
  const every = sql`SELECT day, count AS n FROM article_days WHERE ${inRange}`;
  const ofEntity = (entityId: number) => sql`SELECT day, count AS n FROM entity_days WHERE entity_id = ${entityId} AND ${inRange}`;
  if (wholeDays && matchesEveryArticle(undated)) return db.all<{ start: string; count: number }>(perDay(every));
  const single = wholeDays ? singleEntity(undated) : null;
  if (single !== null) return db.all<{ start: string; count: number }>(perDay(ofEntity(single)));
  const { from, where } = matchingArticles(criteria, { columnsNeeded: true });
  // Grouping dates costs ~1 µs a match, so the complement pays only from about two thirds of the
  // articles (at half of them it was 2.2× slower at 100k).
  const most = mostlyMatching(criteria, 'published_at', 3 / 4);
  const grouped = sql`SELECT ${bucketStart(interval, sql`a.published_at`)} AS start, count(*) AS count FROM ${from}
    WHERE a.published_at IS NOT NULL AND ${where}
    GROUP BY start ORDER BY start`;
  if (!most) return db.all<{ start: string; count: number }>(grouped);
  // Text matching most articles: the base's buckets less those of the articles the text misses.
  return db.all<{ start: string; count: number }>(sql`WITH ${sql.join(most.ctes, sql`, `)}
    SELECT start, sum(count) AS count FROM (
      SELECT * FROM (${grouped}${most.unlessChosen})
      UNION ALL SELECT * FROM (${perDay(most.base === null ? every : ofEntity(most.base), most.ifChosen)})
      UNION ALL SELECT ${bucketStart(interval, sql`rest.value`)} AS start, -count(*) AS count FROM rest WHERE rest.value IS NOT NULL GROUP BY start)
    GROUP BY start HAVING sum(count) > 0 ORDER BY start`);
}

export interface RelatedRow extends EntityRow {
  entityId: number;
  count: number;
  pmi: number;
}

/**
 * The entities most often mentioned in the same articles as each given entity, with pointwise
 * mutual information log(P(x,y) / P(x)P(y)) over articles. One statement for all given entities,
 * so `related` under a list of entities does not fan out. The pair counts come from co_mentions,
 * kept by triggers on article_entities (migration 20261130185044_co_mentions): an entity's
 * partners are one primary-key range, where counting them joined article_entities with itself
 * over every article of the entity (10x slower at 100k articles).
 */
export async function relatedEntities(db: Database, entityIds: readonly number[], kind: EntityKind | null, first: number) {
  // One arm per entity, each reading the top of its primary-key range: a window numbering every
  // partner (a thousand for a common country) cost more than the read itself. SQLite allows 500
  // arms in a compound; the loader in src/graphql/entity.ts batches at most maxRelatedBatch ids.
  const arms = [...new Set(entityIds)].map(
    (id) => sql`SELECT * FROM (SELECT c.entity_id AS entity_id, c.other_id AS other_id, c.count AS count FROM co_mentions c
      ${kind ? sql`JOIN entities k ON k.id = c.other_id AND k.kind = ${kind}` : sql``}
      WHERE c.entity_id = ${id} ORDER BY c.count DESC, c.other_id LIMIT ${first})`,
  );
  if (!arms.length) return [];
  return db.all<RelatedRow>(sql`
    WITH total AS (SELECT max(1, count(*)) AS n FROM articles),
    ranked AS (${sql.join(arms, sql` UNION ALL `)})
    SELECT r.entity_id AS entityId, ${entityColumns}, r.count AS count,
      ln(r.count * (SELECT n FROM total) * 1.0 / ((SELECT article_count FROM entities WHERE id = r.entity_id) * e.article_count)) AS pmi
    FROM ranked r JOIN entities e ON e.id = r.other_id
    ORDER BY r.entity_id, r.count DESC, pmi DESC`);
}

/** The most entities one `related` statement answers for (see relatedEntities). */
export const maxRelatedBatch = 200;

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
