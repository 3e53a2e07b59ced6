import { Plan, setLoaderMappings } from '@pothos/selection-mapper';
import { sql } from 'drizzle-orm';
import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import type { Database } from '../db/database.ts';
import type { Context } from './context.ts';

// The node query of a page (the rows of its ids with everything selected beneath them), planned
// once per document, field and variables instead of per request.
//
// Pothos plans a node query by walking the GraphQL selection (@pothos/selection-mapper), records
// for the relation fields beneath it which parts of the loaded row answer them ("loader
// mappings"), and drizzle then builds the relational SQL from the plan. Both depend only on the
// document and its variables, yet took about a third of the GraphQL layer's CPU per request. Here
// the plan is played once with a placeholder per id, drizzle builds that query once, and each
// request records the plan's mappings on its own context (what Pothos's `Plan.query` does) and
// runs the built statement with its ids: the same SQL text and rows as before.

/** Pothos's plan and query types are generic over the ORM; these are the parts used here. */
type Mappings = Parameters<typeof setLoaderMappings>[2];
type AnyPlan = {
  play(seed: object): { root: unknown; mappings: Mappings };
  adapter: { toQuery(root: unknown): object };
};

/** The relational query drizzle builds; `_toSQL`, `mapper` and `session` are its own (drizzle-orm 1.0.0-rc.5, pinned). */
type RelationalQuery = {
  _toSQL(): unknown;
  _prepare(): unknown;
  execute(placeholders: Record<string, unknown>): Promise<{ id: number }[]>;
};
type DrizzleInternals = { session: unknown };

// Pothos hands out the query a plan serialises, never the plan: its one entry point is
// wrapped to hand the plan to a caller that asks for it, synchronously, while it plans.
let capturing: ((plan: AnyPlan) => void) | null = null;
const planFromInfo = Plan.fromInfo.bind(Plan);
Plan.fromInfo = ((...args: Parameters<typeof Plan.fromInfo>) => {
  const plan = planFromInfo(...args);
  if (plan && capturing) capturing(plan as unknown as AnyPlan);
  return plan;
}) as typeof Plan.fromInfo;

/** One page size of a cached plan: the mappings it records and the statement drizzle built for it. */
interface PlannedQuery {
  mappings: Mappings;
  template: RelationalQuery;
  built: unknown;
}

interface CachedPlan {
  plan: AnyPlan;
  bySize: Map<number, PlannedQuery>;
}

/** Plans per field occurrence of a parsed document (yoga caches documents by text), by parent type, path and variables. */
const plans = new WeakMap<FieldNode, Map<string, CachedPlan>>();
/** Variable sets kept per field: a client varying a filter's text must not grow this without end. */
const maxVariableSets = 32;
/** Requests with larger variables (an article body, say) are planned as before rather than kept. */
const maxKeyLength = 4096;

const placeholderName = (i: number) => `id${i}`;

/**
 * The rows of `table` with ids `ids` (in no particular order) and everything the selection at
 * `path` beneath the field `info` resolves asks for. `planned` is the uncached way, Pothos's
 * `t.drizzleQueryFromInfo(table, { context, info, path, columns: { id: true }, where: { id: { in: ids } } })`:
 * it runs for the first request of each document, field, variables and path.
 */
export async function loadPlannedNodes(
  ctx: Context,
  info: GraphQLResolveInfo,
  table: 'articles',
  path: string[],
  ids: number[],
  planned: (ids: number[]) => object,
): Promise<{ id: number }[]> {
  // The parent type too: a fragment's field node can be resolved beneath different types.
  const key = `${info.parentType.name} ${path.join('.')} ${JSON.stringify(info.variableValues)}`;
  if (key.length > maxKeyLength) return ctx.db.query[table].findMany(await planned(ids)) as Promise<{ id: number }[]>;
  const field = info.fieldNodes[0]!;
  let byKey = plans.get(field);
  const cached = byKey?.get(key);
  if (cached) {
    const query = cached.bySize.get(ids.length) ?? plannedQuery(ctx.db, table, cached, ids.length);
    setLoaderMappings(ctx, info, query.mappings);
    return run(ctx.db, query, ids);
  }
  let plan: AnyPlan | undefined;
  capturing = (captured) => (plan ??= captured);
  let query: object;
  try {
    query = planned(ids);
  } finally {
    capturing = null;
  }
  // A plan with an asynchronous select beneath it is not replayable synchronously: not cached.
  if (plan && !(query instanceof Promise)) {
    if (!byKey) plans.set(field, (byKey = new Map()));
    if (byKey.size >= maxVariableSets) byKey.delete(byKey.keys().next().value!);
    byKey.set(key, { plan, bySize: new Map() });
  }
  return ctx.db.query[table].findMany(await query) as Promise<{ id: number }[]>;
}

/** The plan played behind a seed of `size` placeholders, as `planned` seeds it with ids, and built by drizzle. */
function plannedQuery(db: Database, table: 'articles', cached: CachedPlan, size: number): PlannedQuery {
  const placeholders = Array.from({ length: size }, (_, i) => sql.placeholder(placeholderName(i)));
  const { root, mappings } = cached.plan.play({ columns: { id: true }, where: { id: { in: placeholders } } });
  const template = db.query[table].findMany(cached.plan.adapter.toQuery(root)) as unknown as RelationalQuery;
  // Built and its row mapper made once; each run shares both.
  const built = template._toSQL();
  template._prepare();
  const query = { mappings, template, built };
  cached.bySize.set(size, query);
  return query;
}

/** The built statement on this request's database (its statement hook, its client), with the ids bound. */
function run(db: Database, query: PlannedQuery, ids: number[]): Promise<{ id: number }[]> {
  const onThisDatabase = Object.create(query.template, {
    session: { value: (db as unknown as DrizzleInternals).session },
    _toSQL: { value: () => query.built },
  }) as RelationalQuery;
  const values: Record<string, number> = {};
  ids.forEach((id, i) => (values[placeholderName(i)] = id));
  return onThisDatabase.execute(values);
}
