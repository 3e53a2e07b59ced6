import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { InvalidCursorError } from './errors.ts';
import { salienceRank, textRelevance, type EntityPart } from './salience.ts';

export const articleOrders = ['RELEVANCE', 'NEWEST', 'OLDEST'] as const;
export type ArticleOrder = (typeof articleOrders)[number];

/** A resolved article filter: entity ids, an FTS5 MATCH expression built by our own parser, dates. */
export interface ArticleCriteria {
  /** Each group must have one entity mentioned: [[a], [b]] is a AND b, [[a, b]] is a OR b. */
  allOf: number[][];
  noneOf: number[];
  match: string | null;
  /** The entities of single-entity allOf groups and the text must meet in one sentence. */
  sameSentence: boolean;
  /** Any of these sources; empty for all. */
  sources: string[];
  publishedAfter: string | null;
  publishedBefore: string | null;
  /** Entities the article must be about: each with salience at least minSalience. */
  about?: { entityIds: number[]; minSalience: number };
  /** Entities asked for through a part of them ("Wales" for the United Kingdom): ranking only, see EntityPart. */
  parts?: EntityPart[];
}

/** The entity conditions of criteria: every `all` entity mentioned, at least one `any`, no `none`. */
export function entityConditions(entities: readonly { id: number; role: 'all' | 'any' | 'none' }[]): Pick<ArticleCriteria, 'allOf' | 'noneOf'> {
  const ids = (role: 'all' | 'any' | 'none') => entities.filter((e) => e.role === role).map((e) => e.id);
  const any = ids('any');
  return { allOf: [...ids('all').map((id) => [id]), ...(any.length ? [any] : [])], noneOf: ids('none') };
}

/** The entity groups a page is ranked by salience on: every required group, and each `about` entity. */
function salienceGroups(criteria: ArticleCriteria): number[][] {
  return [...criteria.allOf, ...(criteria.about?.entityIds ?? []).map((id) => [id])];
}

export interface PageRequest {
  first: number;
  after: string | null;
  order: ArticleOrder;
  withTotal: boolean;
  /** Divide relevance by (1 + age in years), so recent matches rise. */
  recencyBoost?: boolean;
  /** Report which of these entities each hit mentions. */
  matchEntityIds?: number[];
  /**
   * Show each group of near-duplicates (article_signatures.group_id, see src/ingest/duplicates.ts)
   * once: its first matching member in the page's order stands for the rest, which it counts.
   */
  collapseDuplicates?: boolean;
}

export interface ArticleHitRow {
  id: number;
  sort: number | string;
  score: number | null;
  cursor: string;
  /** FTS5 snippet with highlightOpen/highlightClose markers, when the query had text. */
  snippet: string | null;
  /** Which of PageRequest.matchEntityIds the article mentions. */
  matchedEntityIds: number[];
  /** With collapseDuplicates: how many other matching articles of its near-duplicate group it stands for; else 0. */
  duplicateCount: number;
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

/**
 * How a page is ordered once the request is resolved: RELEVANCE is bm25 with text; without text
 * it is SALIENCE when entities are asked for (salience, then recency), NEWEST otherwise.
 */
type PageOrder = ArticleOrder | 'SALIENCE';

/** The cursor is [sort, id], or [salience, publishedAt, id] under SALIENCE: the row's sort keys. */
function encodeCursor(keys: (number | string)[]): string {
  return btoa(JSON.stringify(keys));
}

function decodeCursor(cursor: string, order: PageOrder): (number | string)[] {
  const text = (v: unknown) => typeof v === 'string' && v.length <= 64;
  const isSort: ((v: unknown) => boolean)[] = {
    RELEVANCE: [(v: unknown) => typeof v === 'number' && Number.isFinite(v)],
    SALIENCE: [(v: unknown) => typeof v === 'number' && v >= 0 && v <= 1, text],
    NEWEST: [text],
    OLDEST: [text],
  }[order];
  try {
    // Cursors we issue are short: finite scores, date-sized strings and a row id SQLite can bind.
    const value: unknown = cursor.length <= 256 ? JSON.parse(atob(cursor)) : null;
    if (Array.isArray(value) && value.length === isSort.length + 1 && Number.isSafeInteger(value.at(-1)) && isSort.every((ok, i) => ok(value[i]))) {
      return value as (number | string)[];
    }
  } catch {
    // fall through to the error below
  }
  throw new InvalidCursorError(cursor);
}

/**
 * The WHERE clause every article query, facet and timeline shares. `id` is the article id it tests
 * (`a.id` by default); conditions on other article columns (sources, dates) read `a.`. With
 * `entitiesJoined`, the single-entity conditions are left to the joins of matchingArticles.
 */
export function criteriaWhere(
  criteria: ArticleCriteria,
  options: { matchedByJoin?: boolean; entitiesJoined?: boolean; id?: SQL; joined?: ReadonlyMap<number, SQL> } = {},
): SQL {
  const id = options.id ?? sql`a.id`;
  const conditions: SQL[] = [sql`1`];
  if (criteria.match !== null && !options.matchedByJoin) conditions.push(sql`${id} IN ${textMatchIds(criteria.match)}`);
  for (const ids of criteria.allOf) {
    if (!options.entitiesJoined || ids.length !== 1) conditions.push(sql`${id} IN (SELECT article_id FROM article_entities WHERE entity_id IN ${ids})`);
  }
  const about = criteria.about;
  for (const entityId of options.entitiesJoined ? [] : (about?.entityIds ?? [])) {
    conditions.push(sql`${id} IN (SELECT article_id FROM article_entities WHERE entity_id = ${entityId} AND salience >= ${about!.minSalience})`);
  }
  if (criteria.sameSentence) conditions.push(sameSentenceCondition(criteria, id, options.joined));
  if (criteria.noneOf.length) conditions.push(sql`${id} NOT IN (SELECT article_id FROM article_entities WHERE entity_id IN ${criteria.noneOf})`);
  if (criteria.sources.length) conditions.push(sql`a.source IN ${criteria.sources}`);
  if (criteria.publishedAfter) conditions.push(sql`a.published_at >= ${criteria.publishedAfter}`);
  if (criteria.publishedBefore) conditions.push(sql`a.published_at < ${criteria.publishedBefore}`);
  return sql.join(conditions, sql` AND `);
}

/** True when the criteria hold for every article: nothing to match or join. */
export function matchesEveryArticle(criteria: ArticleCriteria): boolean {
  return (
    !criteria.allOf.length && !criteria.noneOf.length && criteria.match === null && !criteria.sources.length &&
    !criteria.publishedAfter && !criteria.publishedBefore && !criteria.about?.entityIds.length && !criteria.sameSentence
  );
}

/** The entity when the criteria are "mentions this entity" and nothing else, else null. */
export function singleEntity(criteria: ArticleCriteria): number | null {
  const [group, ...others] = criteria.allOf;
  if (group?.length !== 1 || others.length) return null;
  return matchesEveryArticle({ ...criteria, allOf: [] }) ? group[0]! : null;
}

/**
 * The narrow index on articles(id, published_at, source): what a search or an aggregation reads
 * per matching article. A seek into the article's own row would walk the overflow pages of its
 * body to reach those two columns.
 */
export const narrowArticles = sql`articles a INDEXED BY articles_id_published_source_idx`;

/** The ids of the articles matching `match` (toFtsMatch's output), as an `IN` list: read from the FTS doclists alone. */
export const textMatchIds = (match: string) => sql`(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ${match})`;

/** How many rows `rows` (`table WHERE …`) has, counted up to `bound`: which side of it they fall on, read no further. */
export const countUpTo = (rows: SQL, bound: SQL) => sql`(SELECT count(*) FROM (SELECT 1 FROM ${rows} LIMIT ${bound}))`;

/** The highest article id: it stands for the number of articles (ids are dense but for deletions). */
export const highestArticleId = sql`(SELECT coalesce(max(rowid), 0) FROM articles)`;

/**
 * The rows matching the criteria, as `FROM … WHERE …` with the article id as `id`: `articles_fts`
 * alone when there is text (ranked by bm25 without touching `articles`; the narrow index is joined
 * only when a condition or `columnsNeeded` reads published_at or source), the narrow index otherwise.
 * `source` is the matching article's source: from the narrow index, or with `sourceNeeded` from a
 * joined entity row when there is one (article_entities keeps a copy), saving a seek per match.
 *
 * With text, each single-entity condition (an `all` entity, an `about` entity) is a join on that
 * entity's article_entities row in the ranking index, one seek per text match, after the text match
 * (CROSS JOIN keeps that order): the join tests the condition and hands the row's salience to text
 * ranking (`joined`: entity id → alias), where an `IN` list then a row lookup per match cost three
 * times as much. Other entity conditions read `+rowid IN (…)`. In both, the unary plus keeps SQLite
 * from handing the article ids to FTS5, which would restart the full-text query once per article.
 */
export function matchingArticles(
  criteria: ArticleCriteria,
  options: { columnsNeeded?: boolean; sourceNeeded?: boolean; entityDriven?: boolean } = {},
): { id: SQL; from: SQL; where: SQL; joined: ReadonlyMap<number, SQL>; source: SQL } {
  if (criteria.match === null && options.entityDriven && criteria.allOf.some((group) => group.length === 1)) return entityDrivenMatches(criteria);
  if (criteria.match === null) return { id: sql`a.id`, from: narrowArticles, where: criteriaWhere(criteria), joined: new Map(), source: sql`a.source` };
  const id = sql`articles_fts.rowid`;
  const { joined, entityJoins } = joinedEntities(criteria, id);
  // The source is also in the joined entity row (the ranking index holds it), so it needs no article seek.
  const [entityRow] = joined.values();
  const join = options.columnsNeeded || (options.sourceNeeded && !entityRow) || criteria.sources.length || criteria.publishedAfter || criteria.publishedBefore;
  return {
    id,
    from: sql`articles_fts${sql.join(entityJoins)}${join ? sql` JOIN ${narrowArticles} ON a.id = ${id}` : sql``}`,
    where: sql`articles_fts MATCH ${criteria.match} AND ${criteriaWhere(criteria, { matchedByJoin: true, entitiesJoined: true, id: sql`+${id}`, joined })}`,
    joined,
    source: join || !entityRow ? sql`a.source` : sql`${entityRow}.source`,
  };
}

/**
 * Each single-entity condition of `criteria` (an `all` entity, an `about` entity) as a join on that
 * entity's row in the ranking index, `ae0`, `ae1`…, after `id` is known (CROSS JOIN keeps the
 * order); `joined` maps entity id → alias, the first row of each entity.
 */
function joinedEntities(criteria: ArticleCriteria, id: SQL, driven?: number): { joined: Map<number, SQL>; entityJoins: SQL[] } {
  const joined = new Map<number, SQL>();
  const entityJoins: SQL[] = [];
  let joins = 0;
  const joinEntity = (entityId: number, minSalience: number | null) => {
    const row = sql.raw(`ae${joins++}`);
    if (!joined.has(entityId)) joined.set(entityId, row);
    if (joins - 1 === driven) return;
    entityJoins.push(sql` CROSS JOIN article_entities ${row} INDEXED BY article_entities_entity_ranking_idx
      ON ${row}.entity_id = ${entityId} AND ${row}.article_id = +${id}${minSalience === null ? sql`` : sql` AND ${row}.salience >= ${minSalience}`}`);
  };
  for (const group of criteria.allOf) if (group.length === 1) joinEntity(group[0]!, null);
  for (const entityId of criteria.about?.entityIds ?? []) joinEntity(entityId, criteria.about!.minSalience);
  return { joined, entityJoins };
}

/**
 * Without text, the matches read from an `all` entity's range of the ranking index (its row `aeN`,
 * in article order, with its salience), each joined to the narrow article index and to the other
 * single-entity conditions' rows: one seek per match fewer than testing the entity with `IN` and
 * then seeking its row for the salience (SALIENCE ranking of one country at 100k: 11.9 → 10.0 ms).
 * The range read is the `driver`-th single-entity group's (the first by default); the aliases, and
 * so every expression over them, are the same whichever it is.
 */
function entityDrivenMatches(criteria: ArticleCriteria, driver = 0, entityId: SQL | number = criteria.allOf.filter((group) => group.length === 1)[driver]![0]!): ReturnType<typeof matchingArticles> {
  const id = sql`a.id`;
  const { joined, entityJoins } = joinedEntities(criteria, id, driver);
  const row = sql.raw(`ae${driver}`);
  return {
    id,
    from: sql`article_entities ${row} INDEXED BY article_entities_entity_ranking_idx CROSS JOIN ${narrowArticles} ON a.id = ${row}.article_id${sql.join(entityJoins)}`,
    where: sql`${row}.entity_id = ${entityId} AND ${criteriaWhere(criteria, { entitiesJoined: true })}`,
    joined,
    source: sql`a.source`,
  };
}

/** Of `entityIds`, the one with the fewest articles (kept counts; the lowest id among equals), as a scalar subquery. */
const fewestArticles = (entityIds: number[]) => sql`(SELECT id FROM entities WHERE id IN ${entityIds} ORDER BY article_count, id LIMIT 1)`;

/**
 * The matches of criteria with several single-entity groups and no text, read from the range of
 * whichever of those entities has the fewest articles (entityDrivenMatches): one variant per
 * entity, all but one reading an empty range. `columns` (the SELECT list) and `joins` (joined
 * after the matches) read the aliases, the same in each. Null for other criteria.
 */
function smallestEntityMatches(criteria: ArticleCriteria, columns: SQL, joins: SQL): SQL | null {
  const singles = criteria.allOf.filter((group) => group.length === 1).map(([entityId]) => entityId!);
  const entityIds = [...new Set(singles)];
  if (criteria.match !== null || entityIds.length < 2 || entityIds.length > maxWalkVariants) return null;
  const smallest = fewestArticles(entityIds);
  return sql.join(
    entityIds.map((entityId) => {
      // The range of the entity when it is the smallest, else of none (-1): an empty range, read at no cost.
      const matches = entityDrivenMatches(criteria, singles.indexOf(entityId), sql`(CASE WHEN ${smallest} = ${entityId} THEN ${entityId} ELSE -1 END)`);
      return sql`SELECT ${columns} FROM ${matches.from}${joins} WHERE ${matches.where}`;
    }),
    sql` UNION ALL `,
  );
}

/**
 * Sentence-level co-occurrence, from mentions' sentence indexes and the sentence FTS index. With an
 * entity and text, the entity's mentions are read, and each one's sentence is looked up among the
 * text's sentences (a list built once). Which mentions is chosen by the text's sentences counted up
 * to 4 × the entity's kept article count (the count is made once per term; the other way's list is
 * never built):
 * - below that, each matching article's own: an article the statement has already matched on the
 *   entity and the text, tested after the entity's row is joined (`joined`, see matchingArticles).
 *   They are a fraction of the entity's mentions, and a text that selective has a short list.
 * - above it (a word in most sentences: "said", "minister"), all the entity's mentions, as one list
 *   of article ids tested on the text match before the join: the text's list costs the most
 *   either way, and a test per matching article cost more than the mentions it skipped (North
 *   Korea + "minister", the statement alone: 50 ms against 70).
 * This replaced reading every sentence of a text with fewer sentences than 1.5 × the entity's
 * articles, each looked up among the entity's mentions. 100k, a page with its total, paired: North
 * Korea + "sanctions" 18 → 12 ms, Germany + "sanctions" 19 → 10, China + "election" 67 → 60; a
 * large entity with a common word pays for the longer count, the United States + "trade" 88 → 92.
 */
function sameSentenceCondition(criteria: ArticleCriteria, id: SQL, joined?: ReadonlyMap<number, SQL>): SQL {
  const entityIds = criteria.allOf.filter((group) => group.length === 1).map(([id]) => id!);
  const [first, ...rest] = entityIds;
  if (first === undefined) {
    if (criteria.match === null) return sql`1`;
    return sql`${id} IN (SELECT article_id FROM sentences WHERE id IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ${criteria.match}))`;
  }
  const together = sql.join(
    rest.map((entityId) => sql` AND EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = ${entityId} AND m.article_id = m0.article_id AND m.sentence = m0.sentence)`),
  );
  if (criteria.match === null) return sql`${id} IN (SELECT m0.article_id FROM mentions m0 WHERE m0.entity_id = ${first}${together})`;
  // The unary plus: the sentence is found by its article and index, then tested against the list;
  // without it SQLite reads the list as an index constraint and tries every entry for each mention.
  const inTextSentences = (articleId?: SQL) => sql`SELECT m0.article_id FROM mentions m0 CROSS JOIN sentences s ON s.article_id = m0.article_id AND s.idx = m0.sentence
      WHERE m0.entity_id = ${first}${articleId ? sql` AND m0.article_id = ${articleId}` : sql``}${together}
      AND +s.id IN (SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ${criteria.match})`;
  const entityRow = joined?.get(first);
  const bound = sql`coalesce((SELECT article_count * 4 FROM entities WHERE id = ${first}), 0)`;
  const fewSentences = sql`${countUpTo(sql`sentences_fts WHERE sentences_fts MATCH ${criteria.match}`, bound)} < ${bound}`;
  // Two terms, so that SQLite tests each where it costs least (see above). OR, not CASE: SQLite
  // tests a WHERE term's OR by jumps, skipping the side it does not need, where an IN inside a
  // CASE cost 15 % more (North Korea + "minister", 57 → 66 ms).
  return sql`(${fewSentences} OR ${id} IN (${inTextSentences()}))
    AND (NOT ${fewSentences} OR EXISTS (${inTextSentences(entityRow ? sql`${entityRow}.article_id` : id)}))`;
}

/** The columns of a page statement's rows, in order. */
export const pageColumns = ['id', 'sort', 'tie', 'total', 'dups', 'snippet', 'matched'] as const;
export type PageRow = { id: number; sort: number | string; tie: number | string; total: number | null; snippet: string | null; matched: string | null; dups: number };

/** The near-duplicate group of an article: article_signatures.group_id, or the article alone when it has no signature. */
const groupOf = (signature: SQL, articleId: SQL) => sql`coalesce(${signature}.group_id, ${articleId})`;

/**
 * The group each match of `FROM … WHERE …` joined: a LEFT JOIN (`sg`) on the small partial index
 * of the articles that joined another's group, a seek there instead of into the wide signature rows
 * (a MinHash each), which cost a search at 100k articles more than ranking did. `joinedGroup` is
 * that group, NULL for every other article (a group's first, one with no near-duplicate or no
 * signature), which is its own group, as `groupOf` says: the rows keep NULL (`j`) and `rowGroup`
 * names the group where it is compared. A join rather than a scalar subquery per match: the same
 * seek without running a subquery for each of them (100k, North Korea + sanctions: the statement
 * 1–2 % faster).
 */
const matchGroupJoin = (articleId: SQL) => sql` LEFT JOIN article_signatures sg INDEXED BY article_signatures_duplicate_idx
  ON sg.article_id = ${articleId} AND sg.group_id <> sg.article_id`;
const joinedGroup = sql`sg.group_id`;
/** The group of a row with `id` and `j` (see matchGroupJoin), `row` its alias. */
const rowGroup = (row: string) => sql.raw(`coalesce(${row}j, ${row}id)`);

/**
 * `counts`, one row: how many rows `rows` (a materialised CTE) has, `n`, and with `joined` how many
 * of them joined another's near-duplicate group (`j`, see matchGroupJoin), counted in the same
 * scan. Every reader of the count reads this row instead of scanning `rows` again (the NEWEST
 * statement read its match count five times), and `grouped` and the page's folding test are
 * skipped when no match joined a group (100k, North Korea + sanctions, none in a group: the
 * headline statement 5–6 % cheaper, NEWEST 8 %; with 184 of its 1,720 matches in groups, +1 % and
 * −2 %).
 */
const countedRows = (rows: SQL, joined: boolean) =>
  sql`counts AS MATERIALIZED (SELECT count(*) AS n${joined ? sql`, count(j) AS joined` : sql``} FROM ${rows})`;

/** Some row of `counts` (see countedRows) joined a near-duplicate group: folding has something to compare. */
const anyJoined = sql`(SELECT joined FROM counts)`;

/**
 * Of `rows` (a materialised CTE with `id` and the group it joined, `j`), the ones that share a
 * group with another row, with their group `g` and the `columns` named: the members that joined a
 * group, and the groups' first articles they point to. Every other row is a group of one, so
 * collapsing needs to look at these only. Read after `counts` (countedRows): with no member among
 * the rows, LIMIT 0, which SQLite checks before the scan (a condition on `joined` in WHERE would
 * still step through every row).
 */
const groupedRows = (rows: SQL, columns = sql``) =>
  sql`SELECT id, ${rowGroup('')} AS g${columns} FROM ${rows} WHERE j IS NOT NULL OR id IN (SELECT j FROM ${rows} WHERE j IS NOT NULL)
    LIMIT CASE WHEN ${anyJoined} THEN -1 ELSE 0 END`;

/**
 * The statement of a page (its rows are `pageColumns`, ordered by sort, tie and id, all descending
 * or all ascending), and how its rows become the page.
 */
export interface PageStatement {
  sql: SQL;
  /**
   * The same statement with NULL for the snippet and the matched entities, and the two for an
   * article id: for a caller that computes them for the rows it shows only (src/graphql/node-query.ts).
   */
  withoutPerRow(): { sql: SQL; snippet: (id: SQL) => SQL | null; matched: (id: SQL) => SQL | null };
  descending: boolean;
  /** The first `first` rows are the page; one more says there is a next page. */
  first: number;
  read(db: Database, rows: PageRow[]): Promise<ArticlePage>;
}

/**
 * One statement for a page of matching article ids, their scores and, when asked, the total:
 * ranking and the FTS join happen here. The GraphQL layer runs the same statement with the nodes
 * it needs joined (src/graphql/node-query.ts).
 */
export async function findArticlePage(db: Database, criteria: ArticleCriteria, page: PageRequest): Promise<ArticlePage> {
  const statement = articlePageStatement(criteria, page);
  return statement.read(db, await db.all<PageRow>(statement.sql));
}

/** The page statement of findArticlePage, for a caller that runs it inside a larger one (src/graphql/node-query.ts). */
export function articlePageStatement(criteria: ArticleCriteria, page: PageRequest): PageStatement {
  const groups = salienceGroups(criteria);
  const order: PageOrder = page.order !== 'RELEVANCE' || criteria.match !== null ? page.order : groups.length ? 'SALIENCE' : 'NEWEST';
  const byRank = order === 'RELEVANCE';
  const keys = page.after ? decodeCursor(page.after, order) : null;
  const byDate = order === 'NEWEST' || order === 'OLDEST';
  // SALIENCE and NEWEST sort descending, RELEVANCE (bm25, lower is better) and OLDEST ascending.
  const descending = order === 'SALIENCE' || order === 'NEWEST';
  // The snippet and the matched entities are computed in the outer query, for the page only.
  const snippet = (id: SQL) =>
    criteria.match
      ? sql`(SELECT snippet(articles_fts, -1, ${highlightOpen}, ${highlightClose}, '…', ${snippetTokens})
        FROM articles_fts WHERE articles_fts MATCH ${criteria.match} AND rowid = ${id})`
      : null;
  const matched = (id: SQL) =>
    page.matchEntityIds?.length
      ? sql`(SELECT group_concat(entity_id) FROM article_entities WHERE article_id = ${id} AND entity_id IN ${page.matchEntityIds})`
      : null;
  // One entity or a group of alternatives, and conditions their link rows can test: an index holds
  // their articles in the page's order (SALIENCE read as stored, so not for an entity named through
  // a part, whose salience is scaled).
  const entities = order !== 'RELEVANCE' && !criteria.parts?.length ? walkableEntities(criteria) : null;
  const required = byDate && entities === null ? requiredEntities(criteria) : null;
  const statement = (outer: { snippet: SQL; matched: SQL }) =>
    entities !== null
      ? entityPageStatement(entities, criteria, page, order as EntityPageOrder, keys, outer)
      : required !== null
        ? requiredEntitiesStatement(required, criteria, page, order as 'NEWEST' | 'OLDEST', keys, outer)
        : byDate
        ? byDateStatement(criteria, page, descending, keys, outer)
        : rankedStatement(criteria, page, order, descending, groups, keys, outer);
  const read = async (db: Database, rows: PageRow[]): Promise<ArticlePage> => {
    const hits = rows.slice(0, page.first).map((r) => ({
      id: r.id,
      sort: r.sort,
      score: byRank ? -Number(r.sort) : order === 'SALIENCE' ? Number(r.sort) : null,
      cursor: encodeCursor(order === 'SALIENCE' ? [r.sort, r.tie, r.id] : [r.sort, r.id]),
      snippet: r.snippet,
      matchedEntityIds: r.matched ? r.matched.split(',').map(Number) : [],
      duplicateCount: Number(r.dups ?? 0),
    }));
    return {
      hits,
      hasNextPage: rows.length > page.first,
      totalCount: page.withTotal ? (rows[0]?.total ?? (page.after ? await countMatches(db, criteria, page.collapseDuplicates ?? false) : 0)) : null,
    };
  };
  const p = sql`p.id`;
  return {
    // Built when asked for: a request takes one of the two.
    get sql() {
      return statement({ snippet: snippet(p) ?? sql`NULL`, matched: matched(p) ?? sql`NULL` });
    },
    withoutPerRow: () => ({ sql: statement({ snippet: sql`NULL`, matched: sql`NULL` }), snippet, matched }),
    descending,
    first: page.first,
    read,
  };
}

type EntityPageOrder = 'SALIENCE' | 'NEWEST' | 'OLDEST';

/**
 * The entities whose articles entityPageStatement walks: the criteria ask for one entity (an `all`
 * entity, an `about` entity, or the same entity as both) or for any of one group of entities, and
 * otherwise only for conditions each link row can test (dates, sources, excluded entities). Null
 * for any other criteria.
 */
function walkableEntities(criteria: ArticleCriteria): number[] | null {
  if (criteria.match !== null || criteria.sameSentence || criteria.allOf.length > 1) return null;
  const [group] = criteria.allOf;
  const about = criteria.about?.entityIds ?? [];
  if (!about.length) return group?.length ? [...new Set(group)] : null;
  if (about.length > 1 || (group && (group.length !== 1 || group[0] !== about[0]))) return null;
  return [about[0]!];
}

/**
 * The entities when the criteria ask for several, each required (single-entity `all` groups), and
 * otherwise only for conditions each link row can test (see walkableEntities); else null.
 */
function requiredEntities(criteria: ArticleCriteria): number[] | null {
  // Parts (EntityPart) only rank under RELEVANCE, so they do not matter here.
  if (criteria.match !== null || criteria.sameSentence || criteria.about?.entityIds.length) return null;
  if (criteria.allOf.length < 2 || criteria.allOf.some((group) => group.length !== 1)) return null;
  const entityIds = [...new Set(criteria.allOf.map(([id]) => id!))];
  return entityIds.length > 1 ? entityIds : null;
}

/** Beyond this many required entities, the walk starts from the first named instead of the smallest (one variant each). */
const maxWalkVariants = 4;

/**
 * NEWEST or OLDEST of articles naming several entities: the walk of entityPageStatement over the
 * entity with the fewest articles, each row tested for the others' link rows (a seek each), where
 * the general statement listed every article of every entity (100k, the United States and North
 * Korea: 57 → 0.5 ms; the United States and China 75 → 0.6 ms). Which entity has the fewest is
 * read in the statement: one variant per entity, all but one under LIMIT 0, which SQLite checks
 * before running it.
 */
function requiredEntitiesStatement(
  entityIds: number[],
  criteria: ArticleCriteria,
  page: PageRequest,
  order: 'NEWEST' | 'OLDEST',
  keys: (number | string)[] | null,
  outer: { snippet: SQL; matched: SQL },
): SQL {
  const direction = order === 'NEWEST' ? sql`DESC` : sql`ASC`;
  const others = (driver: number) => entityIds.filter((id) => id !== driver);
  if (entityIds.length > maxWalkVariants) return entityPageStatement([entityIds[0]!], criteria, page, order, keys, outer, others(entityIds[0]!));
  const smallest = fewestArticles(entityIds);
  const variants = entityIds.map(
    (driver) => sql`SELECT * FROM (SELECT * FROM (${entityPageStatement([driver], criteria, page, order, keys, outer, others(driver))})
      LIMIT CASE WHEN ${smallest} = ${driver} THEN -1 ELSE 0 END)`,
  );
  return sql`SELECT * FROM (${sql.join(variants, sql` UNION ALL `)}) p ORDER BY p.sort ${direction}, p.tie ${direction}, p.id ${direction}`;
}

/**
 * A page of one entity's articles, or of any of a group's (see walkableEntities): its
 * article_entities rows walked from an index in the page's order (SALIENCE:
 * article_entities_entity_salience_idx; NEWEST and OLDEST: article_entities_entity_newest_idx, on
 * the dates copied there, where a date range is a range of the index) until the page is full, each
 * tested by `isMatch`, where the general statements scored or sorted every article of the entity
 * (100k, the United States, 45,480 articles: SALIENCE 40–67 ms, NEWEST 45 ms). For a group, each
 * entity's walk gives at most a page, and the page is the best of them: an article on the page is
 * on the page of the entity that gives it its place, since whatever comes before it there comes
 * before it overall. Under SALIENCE an article's place is then its best salience in the group, not
 * the row's. The total is the entity's kept article_count, or the matching articles counted;
 * collapsed, less the near-duplicates that fold (entityGroupCount). Collapsing tests each walked
 * row as the walk over every article does (byDateStatement), among the members of its group that
 * are matches too.
 */
function entityPageStatement(
  entityIds: number[],
  criteria: ArticleCriteria,
  page: PageRequest,
  order: EntityPageOrder,
  keys: (number | string)[] | null,
  outer: { snippet: SQL; matched: SQL },
  alsoMentioned: number[] = [],
): SQL {
  // The group's first entity (the only one, for one entity) and the rest; `lead`, apart from the page's `first`.
  const [lead, ...others] = entityIds as [number, ...number[]];
  const one = !others.length;
  const bySalience = order === 'SALIENCE';
  const descending = order !== 'OLDEST';
  const direction = descending ? sql`DESC` : sql`ASC`;
  const column = (row: string, name: string) => sql.raw(`${row}.${name}`);
  const published = (row: string) => sql.raw(`coalesce(${row}.published_at, '')`);
  // The article's salience for the page: the row's for one entity, the best in the group otherwise.
  const best = (articleId: SQL) => sql`(SELECT max(b.salience) FROM article_entities b INDEXED BY article_entities_entity_ranking_idx
    WHERE b.article_id = ${articleId} AND b.entity_id IN ${entityIds})`;
  const salience = (row: string) => (one ? column(row, 'salience') : best(column(row, 'article_id')));
  // A row's place in the page's order: (salience, date, id) or (date, id); `own` the row's own
  // salience, as the index holds it (never after the article's place).
  const place = (row: string, own = false) =>
    bySalience
      ? sql`(${own ? column(row, 'salience') : salience(row)}, ${published(row)}, ${column(row, 'article_id')})`
      : sql`(${published(row)}, ${column(row, 'article_id')})`;
  // A link of the entities' that is a match, `row` its alias, tested on the copies the link row
  // keeps: the date range on the indexes' expression (an undated article, '' there, is before any
  // date and never in a range), the source, the salience `about` asks for, and no excluded entity.
  const isMatch = (row: string, entity: SQL = one ? sql`= ${lead}` : sql`IN ${entityIds}`) =>
    sql.join(
      [
        sql`${column(row, 'entity_id')} ${entity}`,
        ...(criteria.publishedAfter ? [sql`${published(row)} >= ${criteria.publishedAfter}`] : []),
        ...(criteria.publishedBefore ? [sql`${published(row)} < ${criteria.publishedBefore} AND ${published(row)} > ''`] : []),
        ...(criteria.sources.length ? [sql`${column(row, 'source')} IN ${criteria.sources}`] : []),
        ...(criteria.about?.entityIds.length ? [sql`${column(row, 'salience')} >= ${criteria.about.minSalience}`] : []),
        ...(criteria.noneOf.length
          ? [sql`NOT EXISTS (SELECT 1 FROM article_entities n WHERE n.article_id = ${column(row, 'article_id')} AND n.entity_id IN ${criteria.noneOf})`]
          : []),
        ...alsoMentioned.map(
          (other) => sql`EXISTS (SELECT 1 FROM article_entities q INDEXED BY article_entities_entity_ranking_idx
            WHERE q.entity_id = ${other} AND q.article_id = ${column(row, 'article_id')})`,
        ),
      ],
      sql` AND `,
    );
  const before = descending ? sql`<` : sql`>`;
  const cursor = keys ? sql`(${sql.join(bySalience ? keys : [keys[0]!, keys[1]!], sql`, `)})` : null;
  // Past the cursor: the article's place, and for a group also the row's own, which lets the walk skip by index.
  const after = cursor ? sql`${place('ae')} ${before} ${cursor}${one || !bySalience ? sql`` : sql` AND ${place('ae', true)} ${before} ${cursor}`}` : sql`1`;
  // The other members of the row's near-duplicate group that are matches. In this order (CROSS
  // JOIN): the planner otherwise read the entity's rows first, all of them.
  const members = (articleId: SQL) => sql`article_signatures s CROSS JOIN article_signatures o ON o.group_id = s.group_id AND o.article_id <> s.article_id
    CROSS JOIN article_entities x ON x.article_id = o.article_id AND ${isMatch('x')} WHERE s.article_id = ${articleId}`;
  const collapse = page.collapseDuplicates ?? false;
  const shown = collapse ? sql`NOT EXISTS (SELECT 1 FROM ${members(sql`ae.article_id`)} AND ${place('x')} ${descending ? sql`>` : sql`<`} ${place('ae')})` : sql`1`;
  const dups = collapse ? sql`(SELECT count(DISTINCT o.article_id) FROM ${members(sql`p.id`)})` : sql`0`;
  // Nothing but the entity: its kept count; without one other entity, less the articles naming
  // both (co_mentions); nothing but any of two or three entities: their counts less the articles
  // naming two (and for three, plus those naming all three: 100k, the three largest countries,
  // counted distinct 46 ms); else the matching articles counted, from the index SQLite finds
  // narrowest for the conditions (the date range, the salience, the source).
  const [excluded, ...moreExcluded] = criteria.noneOf;
  const kept = (entity: number) => sql`(SELECT article_count FROM entities WHERE id = ${entity})`;
  const both = (a: number, b: number) => sql`coalesce((SELECT count FROM co_mentions WHERE entity_id = ${a} AND other_id = ${b}), 0)`;
  const nothingElse = !criteria.about?.entityIds.length && matchesEveryArticle({ ...criteria, allOf: [] });
  const [second, third, ...more] = others;
  // The articles naming all of `ids`, counted over the range of the one with the fewest articles.
  const allOf = (ids: number[]) => sql`(SELECT count(*) FROM article_entities r INDEXED BY article_entities_entity_ranking_idx
    WHERE r.entity_id = ${fewestArticles(ids)} AND ${sql.join(
      ids.map((id) => sql`EXISTS (SELECT 1 FROM article_entities q INDEXED BY article_entities_entity_ranking_idx WHERE q.entity_id = ${id} AND q.article_id = r.article_id)`),
      sql` AND `,
    )})`;
  const counted = sql`(SELECT count(${one ? sql`*` : sql`DISTINCT r.article_id`}) FROM article_entities r WHERE ${isMatch('r')})`;
  const articles = alsoMentioned.length
    ? nothingElse && alsoMentioned.length === 1
      ? both(lead, alsoMentioned[0]!)
      : counted
    : nothingElse
    ? one
      ? kept(lead)
      : second !== undefined && third === undefined
        ? sql`(${kept(lead)} + ${kept(second)} - ${both(lead, second)})`
        : second !== undefined && third !== undefined && !more.length
          ? sql`(${kept(lead)} + ${kept(second)} + ${kept(third)} - ${both(lead, second)} - ${both(lead, third)} - ${both(second, third)} + ${allOf([lead, second, third])})`
          : counted
    : one && excluded !== undefined && !moreExcluded.length && excluded !== lead && singleEntity({ ...criteria, noneOf: [] }) !== null
      ? sql`(${kept(lead)} - ${both(lead, excluded)})`
      : counted;
  const total = !page.withTotal ? sql`NULL` : collapse ? entityGroupCount(articles, isMatch) : articles;
  const index = sql.raw(bySalience ? 'article_entities_entity_salience_idx' : 'article_entities_entity_newest_idx');
  const walkOrder = bySalience
    ? sql`ORDER BY ae.salience ${direction}, ${published('ae')} ${direction}, ae.article_id ${direction}`
    : sql`ORDER BY ${published('ae')} ${direction}, ae.article_id ${direction}`;
  const walk = (entity: number, columns: SQL) => sql`SELECT ae.article_id AS id, ${columns} FROM article_entities ae INDEXED BY ${index}
    WHERE ${isMatch('ae', sql`= ${entity}`)} AND ${after} AND ${shown} ${walkOrder} LIMIT ${page.first + 1}`;
  // One entity: its walk. A group: each entity's walk, each article once (its date is the same in
  // all its rows), placed by its best salience in the group, then the best of them.
  const rows = one
    ? walk(lead, bySalience ? sql`ae.salience AS sort, ${published('ae')} AS tie` : sql`${published('ae')} AS sort, 0 AS tie`)
    : sql`SELECT c.id AS id, ${bySalience ? sql`${best(sql`c.id`)} AS sort, c.published AS tie` : sql`c.published AS sort, 0 AS tie`}
      FROM (SELECT DISTINCT id, published FROM (${sql.join(
        entityIds.map((entity) => sql`SELECT * FROM (${walk(entity, sql`${published('ae')} AS published`)})`),
        sql` UNION ALL `,
      )})) c ORDER BY sort ${direction}, tie ${direction}, id ${direction} LIMIT ${page.first + 1}`;
  return sql`
    SELECT p.id, p.sort, p.tie, ${total} AS total, ${dups} AS dups, ${outer.snippet} AS snippet, ${outer.matched} AS matched FROM (${rows}) p
    ORDER BY p.sort ${direction}, p.tie ${direction}, p.id ${direction}`;
}

/**
 * How many near-duplicate groups the matching `articles` fall in (`isMatch`: an article_entities
 * row of a match, by alias), as everyGroupCount counts them for every article: each match that
 * joined another's group (the small partial index) folds into that group, which counts once unless
 * its first article is itself a match and a group of its own.
 */
function entityGroupCount(articles: SQL, isMatch: (row: string) => SQL): SQL {
  // Each matching article once, however many of a group's entities it names.
  const joined = sql`(SELECT DISTINCT d.article_id AS id, d.group_id AS g FROM article_signatures d INDEXED BY article_signatures_duplicate_idx
    CROSS JOIN article_entities x ON x.article_id = d.article_id AND ${isMatch('x')} WHERE d.group_id <> d.article_id)`;
  return sql`(${articles} - (SELECT count(*) FROM ${joined}) + (SELECT count(DISTINCT j.g) FROM ${joined} j
    WHERE NOT EXISTS (SELECT 1 FROM article_entities h WHERE h.article_id = j.g AND ${isMatch('h')})
      OR EXISTS (SELECT 1 FROM article_signatures WHERE article_id = j.g AND group_id <> article_id)))`;
}

/**
 * RELEVANCE (bm25, with text) and SALIENCE: every match is scored, so the matches are ranked in
 * one materialised pass that also gives the total as a window count. With text the ranking reads
 * `articles_fts` alone (see matchingArticles); the narrow index is joined only for the recency boost.
 */
function rankedStatement(
  criteria: ArticleCriteria,
  page: PageRequest,
  order: 'RELEVANCE' | 'SALIENCE',
  descending: boolean,
  groups: number[][],
  keys: (number | string)[] | null,
  outer: { snippet: SQL; matched: SQL },
): SQL {
  const byRank = order === 'RELEVANCE';
  const { id, from, where, joined } = matchingArticles(criteria, { columnsNeeded: byRank && page.recencyBoost, entityDriven: !byRank });
  // Age from the start of today, not now, so scores (and the cursors built from them) hold still while paging.
  const today = sql`julianday('now', 'start of day')`;
  const age = sql`max(0.0, ${today} - coalesce(julianday(a.published_at), ${today} - 3652.5)) / 365.25`;
  const textRank = textRelevance(bm25, id, groups, joined, criteria.parts);
  const relevance = page.recencyBoost ? sql`(${textRank} / (1.0 + ${age}))` : textRank;
  const sortKey = byRank ? relevance : salienceRank(id, groups, criteria.parts, joined);
  // Ties on salience go to the more recent article; relevance has no second key.
  const tieKey = byRank ? sql`0` : sql`coalesce(a.published_at, '')`;
  const direction = descending ? sql`DESC` : sql`ASC`;
  let after = sql`1`;
  if (keys) {
    const [sort, tie, lastId] = keys.length === 3 ? keys : [keys[0], 0, keys[1]];
    after = sql`(r.sort, r.tie, r.id) ${descending ? sql`<` : sql`>`} (${sort}, ${tie}, ${lastId})`;
  }
  const cmp = descending ? sql`>` : sql`<`;
  const collapse = page.collapseDuplicates ?? false;
  // Collapsing keeps the best-ranked member of each near-duplicate group before the cursor
  // applies, so paging on never shows a group twice; its other matches are counted in `dups`.
  // Only rows that share a group with another match are compared: `grouped`, materialised once
  // for the page, its duplicate counts and the total (the matches less the rows their groups fold
  // away), which read `ranked` once each instead of gathering the groups' first articles each time.
  // The test reads `joined` first: with no group among the matches, one register per row.
  const shown = collapse
    ? sql`(NOT ${anyJoined} OR r.id NOT IN (SELECT id FROM grouped) OR NOT EXISTS (SELECT 1 FROM grouped o WHERE o.g = ${rowGroup('r.')} AND (o.sort, o.tie, o.id) ${cmp} (r.sort, r.tie, r.id)))`
    : sql`1`;
  const dups = collapse ? sql`CASE WHEN p.id NOT IN (SELECT id FROM grouped) THEN 0 ELSE (SELECT count(*) FROM grouped o WHERE o.g = p.g) - 1 END` : sql`0`;
  const total = !page.withTotal
    ? sql`NULL`
    : collapse
      ? sql`((SELECT n FROM counts) - (SELECT count(*) - count(DISTINCT g) FROM grouped))`
      : sql`(SELECT count(*) FROM ranked)`;
  // `ranked` is materialised: FTS5's bm25() runs once per match, and the page, the total and the
  // duplicate checks all read it. SALIENCE of several entities reads the smallest one's range.
  const columns = sql`${id} AS id, ${sortKey} AS sort, ${tieKey} AS tie${collapse ? sql`, ${joinedGroup} AS j` : sql``}`;
  const joins = collapse ? matchGroupJoin(id) : sql``;
  const rows = (byRank ? null : smallestEntityMatches(criteria, columns, joins)) ?? sql`SELECT ${columns} FROM ${from}${joins} WHERE ${where}`;
  return sql`
    WITH ranked AS MATERIALIZED (${rows})${collapse ? sql`,
    ${countedRows(sql`ranked`, true)},
    grouped AS MATERIALIZED (${groupedRows(sql`ranked`, sql`, sort, tie`)})` : sql``}
    SELECT p.id, p.sort, p.tie, ${total} AS total, ${dups} AS dups, ${outer.snippet} AS snippet, ${outer.matched} AS matched FROM (
      SELECT id, sort, tie${collapse ? sql`, ${rowGroup('')} AS g` : sql``} FROM ranked r WHERE ${after} AND ${shown}
      ORDER BY sort ${direction}, tie ${direction}, id ${direction} LIMIT ${page.first + 1}) p
    ORDER BY p.sort ${direction}, p.tie ${direction}, p.id ${direction}`;
}

/**
 * NEWEST and OLDEST need no score, only the order of publication: the matching ids are
 * materialised (from `articles_fts` alone with text), then either the published_at index is walked
 * in order until the page is full, or, when the matches are few, each is looked up in the narrow
 * index and sorted. Walking visits about articles ÷ matches × page entries, sorting one per match,
 * so the walk wins once matches² > articles × page; the LIMIT of the other branch is then 0, and
 * SQLite skips a branch whose LIMIT is 0 without running it. Words alone and one entity with words
 * have ways of their own (textByDate, entityTextByDate).
 */
function byDateStatement(
  criteria: ArticleCriteria,
  page: PageRequest,
  descending: boolean,
  keys: (number | string)[] | null,
  outer: { snippet: SQL; matched: SQL },
): SQL {
  const date = datePageParts(page, descending, keys, outer);
  const { after, limit, pageColumns, orderBy, byPublished, select } = date;
  if (matchesEveryArticle(criteria)) {
    // Collapsing over every article: an article is shown unless another member of its near-duplicate
    // group comes before it in this order; checked per visited row, so the index walk stays a walk.
    const shown = page.collapseDuplicates
      ? sql`NOT EXISTS (SELECT 1 FROM article_signatures s JOIN article_signatures o ON o.group_id = s.group_id AND o.article_id <> s.article_id
        JOIN articles b INDEXED BY articles_id_published_source_idx ON b.id = o.article_id
        WHERE s.article_id = a.id AND (coalesce(b.published_at, ''), b.id) ${descending ? sql`>` : sql`<`} (${date.published}, a.id))`
      : sql`1`;
    const total = !page.withTotal ? sql`NULL` : page.collapseDuplicates ? everyGroupCount : sql`(SELECT count(*) FROM articles)`;
    return select(sql`SELECT ${pageColumns} FROM ${byPublished} WHERE ${after} AND ${shown} ${orderBy} LIMIT ${limit}`, total);
  }
  if (criteria.match !== null && matchesEveryArticle({ ...criteria, match: null }) && readsDoclistsOnly(criteria.match)) return textByDate(date, criteria.match);
  const entity = criteria.match !== null && readsDoclistsOnly(criteria.match) ? singleEntity({ ...criteria, match: null }) : null;
  if (entity !== null) return entityTextByDate(date, criteria, criteria.match!, entity);
  const { id, from, where } = matchingArticles(criteria);
  if (!page.collapseDuplicates) {
    return sql`WITH matches AS MATERIALIZED (SELECT ${id} AS id FROM ${from} WHERE ${where}),
      ${countedRows(sql`matches`, false)}
      ${select(date.pageOfMatches(sql`1`), page.withTotal ? date.size : sql`NULL`)}`;
  }
  // Collapsing among the matches: each match's group is read once, from the small partial index
  // (matchGroupJoin), and only the matches that share a group with another (`grouped`) are compared.
  return sql`WITH matches AS MATERIALIZED (SELECT ${id} AS id, ${joinedGroup} AS j FROM ${from}${matchGroupJoin(id)} WHERE ${where}),
    ${countedRows(sql`matches`, true)},
    grouped AS MATERIALIZED (${groupedRows(sql`matches`)})
    ${select(date.pageOfMatches(date.collapsedMatch), date.groupedTotal, date.groupedDups)}`;
}

/** The parts every NEWEST/OLDEST statement is made of (byDateStatement), whichever way it reads the matches. */
interface DatePage {
  page: PageRequest;
  descending: boolean;
  keys: (number | string)[] | null;
  direction: SQL;
  /** The page's sort key, as the published_at index holds it. */
  published: SQL;
  /** Past the cursor, on `a`. */
  after: SQL;
  /** The page's rows and one more, which says a next page exists. */
  limit: number;
  pageColumns: SQL;
  orderBy: SQL;
  byPublished: SQL;
  /** The number of matches, counted once (countedRows, or a statement's own `counts`): totals and LIMITs read it. */
  size: SQL;
  /** With `grouped` (the matches that share a near-duplicate group): the page's duplicate counts, the folded total, the folding test. */
  groupedDups: SQL;
  groupedTotal: SQL;
  collapsedMatch: SQL;
  /** The folding test when folding is asked, else true. */
  shownMatch: SQL;
  /** The outer select of a page `body` with its `total` and duplicate counts. */
  select(body: SQL, total: SQL, pageDups?: SQL): SQL;
  /** Walk the date index, testing each article against `matches`, or sort the few matches; `skip` (SQL true) skips both. */
  pageOfMatches(shownMatch: SQL, matches?: SQL, skip?: SQL): SQL;
}

function datePageParts(page: PageRequest, descending: boolean, keys: (number | string)[] | null, outer: { snippet: SQL; matched: SQL }): DatePage {
  const direction = descending ? sql`DESC` : sql`ASC`;
  const published = sql`coalesce(a.published_at, '')`;
  // NULL sorts before every text, as '' does: the index order is the order of `published`.
  const after = keys ? sql`(${published}, a.id) ${descending ? sql`<` : sql`>`} (${keys[0]}, ${keys[1]})` : sql`1`;
  const limit = page.first + 1;
  const pageColumns = sql`a.id AS id, ${published} AS sort, 0 AS tie`;
  const orderBy = sql`ORDER BY a.published_at ${direction}, a.id ${direction}`;
  const byPublished = sql`articles a INDEXED BY articles_published_at_idx`;
  const dups = page.collapseDuplicates
    ? sql`(SELECT count(*) FROM article_signatures s JOIN article_signatures o ON o.group_id = s.group_id AND o.article_id <> s.article_id
        WHERE s.article_id = p.id)`
    : sql`0`;
  const size = sql`(SELECT n FROM counts)`;
  const walk = sql`(SELECT n * n FROM counts) > ${highestArticleId} * ${limit}`;
  const notFirst = sql`EXISTS (SELECT 1 FROM grouped s JOIN grouped o ON o.g = s.g AND o.id <> s.id
      JOIN articles b INDEXED BY articles_id_published_source_idx ON b.id = o.id
      WHERE s.id = a.id AND (coalesce(b.published_at, ''), b.id) ${descending ? sql`>` : sql`<`} (${published}, a.id))`;
  const collapsedMatch = sql`(a.id NOT IN (SELECT id FROM grouped) OR NOT ${notFirst})`;
  return {
    page,
    descending,
    keys,
    direction,
    published,
    after,
    limit,
    pageColumns,
    orderBy,
    byPublished,
    size,
    groupedDups: sql`(SELECT count(*) FROM grouped s JOIN grouped o ON o.g = s.g AND o.id <> s.id WHERE s.id = p.id)`,
    groupedTotal: page.withTotal ? sql`(${size} - (SELECT count(*) - count(DISTINCT g) FROM grouped))` : sql`NULL`,
    collapsedMatch,
    shownMatch: page.collapseDuplicates ? collapsedMatch : sql`1`,
    select: (body, total, pageDups = dups) => sql`
    SELECT p.id, p.sort, p.tie, ${total} AS total, ${pageDups} AS dups, ${outer.snippet} AS snippet, ${outer.matched} AS matched FROM (${body}) p
    ORDER BY p.sort ${direction}, p.id ${direction}`,
    pageOfMatches: (shownMatch, matches = sql`(SELECT id FROM matches)`, skip = sql`0`) => sql`SELECT * FROM (SELECT ${pageColumns} FROM ${byPublished} WHERE a.id IN ${matches} AND ${after} AND ${shownMatch}
          ${orderBy} LIMIT CASE WHEN ${skip} THEN 0 WHEN ${walk} THEN ${limit} ELSE 0 END)
        UNION ALL
        SELECT * FROM (SELECT ${pageColumns} FROM ${narrowArticles} WHERE a.id IN ${matches} AND ${after} AND ${shownMatch}
          ${orderBy} LIMIT CASE WHEN ${skip} THEN 0 WHEN ${walk} THEN 0 ELSE ${limit} END)`,
  };
}

/**
 * Text alone, of words (readsDoclistsOnly). Its matches are never materialised: counted from
 * the FTS doclists (`counts`), and read again as the `IN` list of pageOfMatches, each cheaper
 * than storing them (100k, "election", 45k matches: 20 → 13 ms). When the text matches so many
 * articles that a page is a short walk of the date index (matches² > articles × page × 256: an
 * FTS5 lookup of one article costs about as much as 256 matches in a list), the walk tests each
 * visited article with that lookup instead (20 → 3.5 ms), within a window of 4× the rows the
 * page should need; matches bunched elsewhere leave the page short, and the page is read as
 * above instead.
 */
function textByDate(date: DatePage, match: string): SQL {
  const { page, limit, size } = date;
  const dense = sql`(SELECT n * n FROM counts) > ${highestArticleId} * ${limit * 256}`;
  // Integer division: libSQL binds numbers as reals, and a LIMIT must be a whole number.
  const walkedRows = sql`${highestArticleId} * ${sql.raw(String(limit * 4))} / (SELECT n FROM counts)`;
  const walk = walkedPage(date, match, sql`SELECT a.id AS id, a.published_at AS published_at FROM ${date.byPublished} WHERE ${date.after} ${date.orderBy}`, walkedRows, dense);
  const ctes = sql`counts AS MATERIALIZED (SELECT count(*) AS n FROM articles_fts WHERE articles_fts MATCH ${match}),${
    page.collapseDuplicates ? textMatchGroups(match) : sql``
  } ${walk.ctes}`;
  const body = walk.page(textMatchIds(match));
  return sql`WITH ${ctes} ${page.collapseDuplicates ? date.select(body, date.groupedTotal, date.groupedDups) : date.select(body, page.withTotal ? size : sql`NULL`)}`;
}

/**
 * One entity and words: the entity's articles walked in the page's order, each tested with an
 * FTS5 lookup, up to 8 × the page's rows; with a total (counted, not stored) only where an eighth
 * of them match. Short of that, the entity's articles against the text's matches as a list (its
 * doclist, no seek) while the page should come within as many of them as the text has matches;
 * else the matches stored, as for any criteria. 100k, no total: United States + "trade" 20 → 1.5
 * ms, + "sanctions" (the window falls short) 2.7 → 3.1; with it: + "trade" 22 → 16, North Korea +
 * "sanctions" 2.7 → 2.3, Germany + "sanctions" (the list) 2.5 → 2.9.
 */
function entityTextByDate(date: DatePage, criteria: ArticleCriteria, match: string, entityId: number): SQL {
  const { page, keys, descending, direction, limit, size, select } = date;
  const { id, from, where } = matchingArticles(criteria);
  // As the index holds it ('' for undated): it sorts the same.
  const linkPublished = sql`coalesce(ae.published_at, '')`;
  const linkAfter = keys ? sql`(${linkPublished}, ae.article_id) ${descending ? sql`<` : sql`>`} (${keys[0]}, ${keys[1]})` : sql`1`;
  const entityWalk = (condition: SQL) => sql`SELECT ae.article_id AS id, ${linkPublished} AS published_at FROM article_entities ae
        INDEXED BY article_entities_entity_newest_idx WHERE ae.entity_id = ${entityId} AND ${linkAfter}${condition} ORDER BY ${linkPublished} ${direction}, ae.article_id ${direction}`;
  const entityArticles = sql`(SELECT article_count FROM entities WHERE id = ${entityId})`;
  const walk = walkedPage(date, match, entityWalk(sql``), sql.raw(String(limit * 8)), page.withTotal ? sql`${size} * 8 >= ${entityArticles}` : sql`1`);
  const groups = page.collapseDuplicates ? textMatchGroups(match, entityId) : sql``;
  const stored = (skip: SQL) => sql`matches AS MATERIALIZED (SELECT ${id} AS id FROM ${from} WHERE ${where} LIMIT CASE WHEN ${skip} THEN 0 ELSE -1 END)`;
  const pageDups = page.collapseDuplicates ? date.groupedDups : undefined;
  if (!page.withTotal) {
    return sql`WITH ${groups} ${walk.ctes}, ${stored(walk.complete)}, ${countedRows(sql`matches`, false)}
        ${select(walk.page(sql`(SELECT id FROM matches)`), sql`NULL`, pageDups)}`;
  }
  // With the total: `listing` chooses the list; the matches are stored only when neither way holds.
  const listRows = sql`${entityArticles} * ${sql.raw(String(limit))} / ${size}`;
  const listed = sql`SELECT * FROM (SELECT ${date.pageColumns} FROM (${entityWalk(sql` AND ae.article_id IN ${textMatchIds(match)}`)}) a
      WHERE ${date.shownMatch} LIMIT CASE WHEN (SELECT yes FROM listing) THEN ${limit} ELSE 0 END)`;
  return sql`WITH counts AS MATERIALIZED (SELECT count(*) AS n FROM ${from} WHERE ${where}),${groups} ${walk.ctes},
      listing AS MATERIALIZED (SELECT CASE WHEN NOT ${walk.complete} AND ${size} > 0
        THEN ${countUpTo(sql`articles_fts WHERE articles_fts MATCH ${match}`, listRows)} >= ${listRows} ELSE 0 END AS yes),
      ${stored(sql`${walk.complete} OR (SELECT yes FROM listing)`)}
      ${select(sql`${walk.page(sql`(SELECT id FROM matches)`, sql`(SELECT yes FROM listing)`)} UNION ALL ${listed}`, page.collapseDuplicates ? date.groupedTotal : size, pageDups)}`;
}

/**
 * `walked`, the rows of `walk` (id and published_at, in the page's order) up to `window` of them
 * (none unless `when`), and `probed`, those matching `match` (an FTS5 lookup each) up to the page;
 * `complete` when the page filled or the walk ran out before the window did. `page(matches)`:
 * the probed rows when complete, else the page of `matches` (pageOfMatches).
 */
function walkedPage(date: DatePage, match: string, walk: SQL, window: SQL, when: SQL = sql`1`) {
  const { limit, shownMatch } = date;
  const isMatch = sql`EXISTS (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ${match} AND rowid = a.id)`;
  // `walked` is stored in the page's order and read back in it, so `probed` stops at the page's
  // last match; an ORDER BY there would look every walked row up before sorting (100k, one
  // entity with a common word: 2.3 → 1.7 ms).
  const complete = sql`(${when} AND ((SELECT count(*) FROM probed) = ${limit} OR (SELECT count(*) FROM walked) < ${window}))`;
  return {
    ctes: sql`walked AS MATERIALIZED (${walk} LIMIT CASE WHEN ${when} THEN ${window} ELSE 0 END),
      probed AS MATERIALIZED (SELECT ${date.pageColumns} FROM walked a WHERE ${isMatch} AND ${shownMatch} LIMIT ${limit})`,
    complete,
    page: (matches: SQL, elsewhere: SQL = sql`0`) => sql`SELECT * FROM (SELECT * FROM probed LIMIT CASE WHEN ${complete} THEN -1 ELSE 0 END)
      UNION ALL ${date.pageOfMatches(shownMatch, matches, sql`(${complete} OR ${elsewhere})`)}`,
  };
}

/**
 * True when FTS5 evaluates `match` (toFtsMatch's output) from its terms' doclists alone: words and
 * prefixes joined by AND and OR. A phrase or NEAR reads positions and NOT reads a second doclist to
 * drop most of the first, so reading their matches twice costs more than storing them once (100k,
 * "prime minister": 9.3 → 16 ms). Tokens are letters and digits, so a space inside quotes is a phrase.
 */
function readsDoclistsOnly(match: string): boolean {
  return !/NEAR\(| NOT /.test(match) && !match.match(/"[^"]*"/g)?.some((quoted) => quoted.includes(' '));
}

/**
 * `grouped` (see groupedRows) for the matches of text alone, or of text and one entity, without
 * materialising them: the matches among the articles that joined another's group (the small
 * partial index, as an `IN` list the FTS scan tests), and the groups' first articles that match
 * too (a second scan, only when the first found any). The entity is tested with a seek per row.
 */
function textMatchGroups(match: string, entityId: number | null = null): SQL {
  const named = (articleId: SQL) =>
    entityId === null ? sql`` : sql` AND EXISTS (SELECT 1 FROM article_entities WHERE article_id = ${articleId} AND entity_id = ${entityId})`;
  return sql`
      joined_matches AS MATERIALIZED (SELECT d.article_id AS id, d.group_id AS g FROM articles_fts
        CROSS JOIN article_signatures d INDEXED BY article_signatures_duplicate_idx ON d.article_id = articles_fts.rowid AND d.group_id <> d.article_id
        WHERE articles_fts MATCH ${match} AND +articles_fts.rowid IN (SELECT article_id FROM ${joiners})${named(sql`d.article_id`)}
        LIMIT CASE WHEN EXISTS (SELECT 1 FROM ${joiners}) THEN -1 ELSE 0 END),
      grouped AS MATERIALIZED (SELECT id, g FROM joined_matches UNION ALL SELECT * FROM (SELECT rowid AS id, rowid AS g FROM articles_fts
        WHERE articles_fts MATCH ${match} AND +rowid IN (SELECT g FROM joined_matches)${named(sql`articles_fts.rowid`)}
        LIMIT CASE WHEN EXISTS (SELECT 1 FROM joined_matches) THEN -1 ELSE 0 END)),`;
}

/**
 * How many near-duplicate groups all articles fall in, as `groupCount(articles)` counts them but
 * from the partial index of the articles that joined another's group, instead of a seek into every
 * article's signature: every other article is a group of its own, and each group the joiners point
 * to adds one unless its id is already one of those.
 */
const joiners = sql`(SELECT article_id, group_id FROM article_signatures INDEXED BY article_signatures_duplicate_idx WHERE group_id <> article_id)`;
const everyGroupCount = sql`((SELECT count(*) FROM articles) - (SELECT count(*) FROM ${joiners})
  + (SELECT count(DISTINCT j.group_id) FROM ${joiners} j
     WHERE j.group_id NOT IN (SELECT id FROM articles) OR j.group_id IN (SELECT article_id FROM ${joiners})))`;

/** How many near-duplicate groups the articles of `rows` (a table or CTE with an `id`) fall in: the total when collapsing. */
function groupCount(rows: SQL): SQL {
  return sql`(SELECT count(DISTINCT ${groupOf(sql`s`, sql`m.id`)}) FROM ${rows} m LEFT JOIN article_signatures s ON s.article_id = m.id)`;
}

/** Only needed when a page past the end asks for the total: the page query had no row to carry it. */
async function countMatches(db: Database, criteria: ArticleCriteria, collapse: boolean): Promise<number> {
  const { id, from, where } = matchingArticles(criteria);
  const count = collapse ? groupCount(sql`(SELECT ${id} AS id FROM ${from} WHERE ${where})`) : sql`(SELECT count(*) FROM ${from} WHERE ${where})`;
  const [row] = await db.all<{ n: number }>(sql`SELECT ${count} AS n`);
  return row?.n ?? 0;
}
