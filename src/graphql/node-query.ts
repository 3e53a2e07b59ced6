import { Plan, setLoaderMappings } from '@pothos/selection-mapper';
import type { InArgs } from '@libsql/client';
import { DrizzleQueryError, makeJitRqbMapper, sql, type SQL } from 'drizzle-orm';
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import { LRUCache } from 'lru-cache';
import { rowsAsArrays, type Database } from '../db/database.ts';
import { pageColumns, type ArticlePage, type PageRow, type PageStatement } from '../search/article-search.ts';
import type { Context } from './context.ts';

// The node query of a page (the rows of its ids with everything selected beneath them), planned
// once per document, field and variables instead of per request, and run inside the page's own
// statement, so a page of articles is one statement.
//
// Pothos plans a node query by walking the GraphQL selection (@pothos/selection-mapper), records
// for the relation fields beneath it which parts of the loaded row answer them ("loader
// mappings"), and drizzle then builds the relational SQL from the plan. Both depend only on the
// document and its variables, yet took about a third of the GraphQL layer's CPU per request. Here
// the plan is kept and played once more, drizzle builds that query once, and each later request
// records the plan's mappings on its own context (what Pothos's `Plan.query` does) and runs the
// built statement. Its ids come from the page statement (`IN (SELECT id FROM page_ids)`), which
// the combined statement runs first as a materialised CTE; the page's columns follow drizzle's in
// each row, where drizzle's row mapper (by position) does not look.

/** Pothos's plan and query types are generic over the ORM; these are the parts used here. */
type Mappings = Parameters<typeof setLoaderMappings>[2];
type AnyPlan = {
  play(seed: object): { root: unknown; mappings: Mappings };
  adapter: { toQuery(root: unknown): object };
};

/** The relational query drizzle builds; `_toSQL`, `_prepare` and `mapper` are its own (drizzle-orm 1.0.0-rc.5, pinned; `_prepare` keeps a mapper already set). */
type RelationalQuery = {
  _toSQL(): { query: { selection: unknown[] }; builtQuery: BuiltQuery };
  _prepare(): unknown;
  mapper: (rows: unknown[][]) => { id: number }[];
};
type BuiltQuery = { sql: string; params: unknown[] };
type DrizzleInternals = {
  dialect: { sqlToQuery(sql: SQL): BuiltQuery };
  session: { logger: { logQuery(sql: string, params: unknown[]): void } };
};

// Pothos hands out the query a plan serialises, never the plan: its one entry point is
// wrapped to hand the plan to a caller that asks for it, synchronously, while it plans.
let capturing: ((plan: AnyPlan) => void) | null = null;
const planFromInfo = Plan.fromInfo.bind(Plan);
Plan.fromInfo = ((...args: Parameters<typeof Plan.fromInfo>) => {
  const plan = planFromInfo(...args);
  if (plan && capturing) capturing(plan as unknown as AnyPlan);
  return plan;
}) as typeof Plan.fromInfo;

/** A cached plan: the mappings it records and the statement drizzle built for it. */
interface PlannedQuery {
  mappings: Mappings;
  built: BuiltQuery;
  /** How many columns of a row are the node's: the page's follow. */
  width: number;
  mapper: RelationalQuery['mapper'];
}

interface CachedPlan {
  plan: AnyPlan;
  /** Played and built on the plan's second request (the first ran what Pothos planned). */
  query?: PlannedQuery;
}

/** Plans per field occurrence of a parsed document (yoga caches documents by text), by parent type, path and variables. */
const plans = new WeakMap<FieldNode, LRUCache<string, CachedPlan>>();
/** Variable sets kept per field: a client varying a filter's text must not grow this without end. */
const maxVariableSets = 32;
/** Requests with larger variables (an article body, say) are planned as before rather than kept. */
const maxKeyLength = 4096;

/**
 * The node query reads its ids from the page statement it is folded into: `page_ids`, the ids of
 * the page shown (not the one more row that says a next page exists). One function, so every
 * plan seeds the same `where`.
 */
const inPage = (table: { id: unknown }) => sql`${table.id} IN (SELECT id FROM page_ids)`;
export const nodesOfPage = { RAW: inPage } as const;

/**
 * A page of articles and its nodes in one statement: the page statement (`statement`, see
 * src/search/article-search.ts) as a materialised CTE, and the node query of the selection at
 * `path` beneath the field `info` resolves (the rows of the page's ids with everything asked for
 * beneath them) reading its ids from it. `planned` is Pothos's way to plan that node query,
 * `t.drizzleQueryFromInfo(table, { context, info, path, columns: { id: true }, where })`, called
 * with `where` = `nodesOfPage`: it runs for the first request of each document, field, variables
 * and path; later requests replay the plan it made. `perRow` says which of the page's per-row
 * columns anything selected reads: the others are left NULL.
 */
export async function pageWithPlannedNodes(
  ctx: Context,
  info: GraphQLResolveInfo,
  table: 'articles',
  path: string[],
  statement: PageStatement,
  planned: (where: typeof nodesOfPage) => object,
  perRow: PerRowColumns,
): Promise<{ page: ArticlePage; nodes: Map<number, { id: number }> }> {
  const query = await plannedQuery(ctx, info, table, path, planned);
  const rows = await run(ctx.db, statement, query, perRow);
  const pageRows = rows.map((row) => pageRow(row, query.width));
  const nodes = query.mapper(rows.slice(0, statement.first));
  return { page: await statement.read(ctx.db, pageRows), nodes: new Map(nodes.map((n) => [n.id, n])) };
}

/** The node query for this request: replayed from the cached plan, or planned now (and kept when it can be). */
async function plannedQuery(
  ctx: Context,
  info: GraphQLResolveInfo,
  table: 'articles',
  path: string[],
  planned: (where: typeof nodesOfPage) => object,
): Promise<PlannedQuery> {
  // The parent type too: a fragment's field node can be resolved beneath different types.
  const key = `${info.parentType.name} ${path.join('.')} ${JSON.stringify(info.variableValues)}`;
  const field = info.fieldNodes[0]!;
  let byKey = plans.get(field);
  const cached = byKey?.get(key);
  if (cached) {
    cached.query ??= replay(ctx.db, table, cached.plan);
    setLoaderMappings(ctx, info, cached.query.mappings);
    return cached.query;
  }
  let plan: AnyPlan | undefined;
  capturing = (captured) => (plan ??= captured);
  let config: object;
  try {
    config = planned(nodesOfPage);
  } finally {
    capturing = null;
  }
  // A plan with an asynchronous select beneath it is not replayable synchronously: not kept; nor
  // are requests with larger variables. Pothos recorded this request's mappings while planning.
  if (plan && !(config instanceof Promise) && key.length <= maxKeyLength) {
    if (!byKey) plans.set(field, (byKey = new LRUCache({ max: maxVariableSets })));
    byKey.set(key, { plan });
  }
  return build(ctx.db, table, await config, {}, false);
}

/** The plan played with the seed Pothos planned it with, and built by drizzle. */
function replay(db: Database, table: 'articles', plan: AnyPlan): PlannedQuery {
  const { root, mappings } = plan.play({ columns: { id: true }, where: nodesOfPage });
  return build(db, table, plan.adapter.toQuery(root), mappings, true);
}

/**
 * The node query of `config` as drizzle builds it, with its row mapper; built once per plan, and
 * with `compiled` (a replayed plan, which keeps it) drizzle's compiled mapper: what its `jit`
 * option makes, which would compile one for every relational query of every request. Where code
 * cannot be compiled at run time (a Worker), _prepare makes drizzle's generic mapper as before.
 */
function build(db: Database, table: 'articles', config: object, mappings: Mappings, compiled: boolean): PlannedQuery {
  const template = db.query[table].findMany(config) as unknown as RelationalQuery;
  const { query, builtQuery } = template._toSQL();
  if (compiled) {
    try {
      template.mapper = makeJitRqbMapper({ selection: query.selection as never, isFirst: false, parseJson: true, parseJsonIfString: false, rootJsonMappers: false, arrayModeRoot: true });
    } catch {
      // EvalError: code generation from strings is disallowed here
    }
  }
  template._prepare();
  return { mappings, built: builtQuery, width: query.selection.length, mapper: template.mapper };
}

/**
 * The page statement, the ids it shows, and the node query joined to it: one statement on this
 * request's database (its statement hook, its client), rows as arrays, the node's columns first.
 * The one more row that says a next page exists is last and has no node (NULL columns), nor a
 * snippet or matched entities: those are computed here, for the rows shown (a snippet tokenizes the
 * article's text; at 100k the extra row's cost the newest-first headline statement 3 %).
 */
async function run(db: Database, statement: PageStatement, query: PlannedQuery, perRow: PerRowColumns): Promise<unknown[][]> {
  const { session } = db as unknown as DrizzleInternals;
  const combined = combinedStatement(db, statement, query, perRow);
  // What drizzle's array mode does (log, execute, wrap a failure in DrizzleQueryError), asking the
  // client for rows as arrays, so the Node reader builds no row objects for drizzle to copy back.
  session.logger.logQuery(combined.sql, combined.params);
  const statementOfArrays = { sql: combined.sql, args: combined.params as InArgs, [rowsAsArrays]: true };
  const { rows } = await db.$client.execute(statementOfArrays).catch((error: unknown) => {
    throw new DrizzleQueryError(combined.sql, undefined, error as Error);
  });
  return rows.map((row) => (Array.isArray(row) ? row : Array.prototype.slice.call(row)));
}

/**
 * The page's columns computed per row shown, and whether anything selected reads each: a snippet
 * tokenizes the article's text (at 100k, ten of them were 0.35 ms of a 1.3-ms newest-first page of
 * a word, a hundred 5.5 of 7.2 ms), so a page whose selection has no snippet makes none.
 */
export type PerRowColumns = Record<'snippet' | 'matched', boolean>;

/**
 * The combined statements built, by page statement, node query and the per-row columns read: all
 * are kept across requests, so each is built once.
 */
const combinedStatements = new WeakMap<PageStatement, WeakMap<PlannedQuery, Map<number, BuiltQuery>>>();

/** The page statement and the node query in one statement (see `run`). */
function combinedStatement(db: Database, statement: PageStatement, query: PlannedQuery, read: PerRowColumns): BuiltQuery {
  let byQuery = combinedStatements.get(statement);
  let byColumns = byQuery?.get(query);
  const key = Number(read.snippet) + 2 * Number(read.matched);
  let combined = byColumns?.get(key);
  if (combined) return combined;
  const { dialect } = db as unknown as DrizzleInternals;
  const bare = statement.withoutPerRow();
  const page = dialect.sqlToQuery(bare.sql);
  const id = sql.raw('page.id');
  const shown = (wanted: boolean, value: SQL | null) => (!wanted || value === null ? sql`NULL` : sql`CASE WHEN n.id IS NULL THEN NULL ELSE ${value} END`);
  const perRow: Partial<Record<(typeof pageColumns)[number], SQL>> = { snippet: shown(read.snippet, bare.snippet(id)), matched: shown(read.matched, bare.matched(id)) };
  const columns = dialect.sqlToQuery(sql.join(pageColumns.map((column) => perRow[column] ?? sql.raw(`page.${column}`)), sql`, `));
  const direction = statement.descending ? 'DESC' : 'ASC';
  const order = (table: string) => `${table}.sort ${direction}, ${table}.tie ${direction}, ${table}.id ${direction}`;
  combined = {
    sql: `WITH page AS MATERIALIZED (${page.sql}),
  page_ids AS (SELECT id FROM page ORDER BY ${order('page')} LIMIT ?)
SELECT n.*, ${columns.sql} FROM page LEFT JOIN (${query.built.sql}) n ON n.id = page.id
ORDER BY ${order('page')}`,
    params: [...page.params, statement.first, ...columns.params, ...query.built.params],
  };
  if (!byQuery) combinedStatements.set(statement, (byQuery = new WeakMap()));
  if (!byColumns) byQuery.set(query, (byColumns = new Map()));
  byColumns.set(key, combined);
  return combined;
}

/** A row's page columns, after the node's `width` columns. */
function pageRow(row: unknown[], width: number): PageRow {
  const page: Record<string, unknown> = {};
  pageColumns.forEach((column, i) => (page[column] = row[width + i]));
  return page as PageRow;
}
