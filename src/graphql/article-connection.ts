import type { GraphQLResolveInfo } from 'graphql';
import { LRUCache } from 'lru-cache';
import { articleOrders, articlePageStatement, type ArticleCriteria, type ArticleHitRow, type PageRequest, type PageRow, type PageStatement } from '../search/article-search.ts';
import { Article, withMatchSnippet } from './article.ts';
import { ArticleFilter, criteriaFromFilter } from './article-filter.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { aggregationFields } from './facets.ts';
import { checkListArgument, maxPageSize } from './input-limits.ts';
import { nodesOfPage, pageWithPlannedNodes } from './node-query.ts';
import { selectsField, selectsFieldBeneath } from './selection.ts';

// Pages of articles: `articles`, and the ranking, paging and shape that `search` shares.

/** A ranked page plus the criteria it came from, which `facets` and `timeline` aggregate over. */
export interface ArticlePageShape<Edge extends { cursor: string }> {
  criteria: ArticleCriteria;
  totalCount: number | null;
  edges: Edge[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export type ArticleConnectionShape = ArticlePageShape<{ cursor: string; node: { id: number }; hit: ArticleHitRow }>;

/**
 * The options `ArticleConnection` and `SearchConnection` share: edges are never null, and besides
 * the page they count every match and aggregate it (facets, timeline).
 */
export const articlePageConnectionOptions = {
  edgesNullable: { list: true, items: false },
  nodeNullable: true,
} as const;

export function pageSize(first: number | null | undefined): number {
  return checkListArgument('first', first ?? 10, 0, maxPageSize);
}

/**
 * Page statements by criteria and page: a statement is a function of both alone (dates are
 * computed by SQLite, ids resolved before), so a repeated request reuses it, and the SQL built from
 * it (src/graphql/node-query.ts), instead of building them again (about 30 µs of the headline).
 */
const pageStatements = new LRUCache<string, PageStatement>({ max: 1000 });
/** Longest key kept: criteria with long lists (up to the input limits) are built each time. */
const maxPageStatementKeyLength = 4096;

function pageStatement(criteria: ArticleCriteria, page: PageRequest): PageStatement {
  const key = JSON.stringify([criteria, page]);
  let statement = pageStatements.get(key);
  if (!statement) {
    statement = articlePageStatement(criteria, page);
    if (key.length <= maxPageStatementKeyLength) pageStatements.set(key, statement);
  }
  return statement;
}

/**
 * One statement whatever the page size: the ranked page of ids (with total and snippets) and the
 * nodes with everything selected beneath them, planned by Pothos from the GraphQL selection at
 * `nodePath` (`planned` plans it: see pageWithPlannedNodes).
 */
export async function resolveArticleConnection(
  ctx: Context,
  info: GraphQLResolveInfo,
  criteria: ArticleCriteria,
  args: { first?: number | null; after?: string | null; orderBy?: (typeof articleOrders)[number] | null; recencyBoost?: boolean | null },
  options: { nodePath: string[]; planned: (where: typeof nodesOfPage) => object; matchEntityIds?: number[]; collapseDuplicates?: boolean },
): Promise<ArticleConnectionShape> {
  // Only facets or a timeline asked for: no page to rank.
  if (!['edges', 'pageInfo', 'totalCount'].some((field) => selectsField(info, field))) {
    return { criteria, totalCount: null, edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };
  }
  const statement = pageStatement(criteria, {
    first: pageSize(args.first),
    after: args.after ?? null,
    order: args.orderBy ?? 'RELEVANCE',
    withTotal: selectsField(info, 'totalCount'),
    recencyBoost: args.recencyBoost ?? false,
    matchEntityIds: options.matchEntityIds,
    collapseDuplicates: options.collapseDuplicates ?? false,
  });
  // Without edges only the total and the page info are read: no snippets to make; with them, only
  // what a field beneath reads (Article.snippet or a hit's, a hit's matchedEntities).
  const perRow = { snippet: selectsFieldBeneath(info, 'snippet'), matched: selectsFieldBeneath(info, 'matchedEntities') };
  const { page, nodes } = selectsField(info, 'edges')
    ? await pageWithPlannedNodes(ctx, info, 'articles', options.nodePath, statement, options.planned, perRow)
    : { page: await statement.read(ctx.db, await ctx.db.all<PageRow>(statement.withoutPerRow().sql)), nodes: new Map<number, { id: number }>() };
  const edges = page.hits.map((hit) => ({ cursor: hit.cursor, hit, node: withMatchSnippet(nodes.get(hit.id) ?? { id: hit.id }, hit.snippet) }));
  return {
    criteria,
    totalCount: page.totalCount,
    edges,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: Boolean(args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

export const ArticleOrderEnum = builder.enumType('ArticleOrder', {
  description: 'How articles are ordered.',
  values: {
    RELEVANCE: {
      description:
        'Best text match first (bm25, title weighted above body), scaled by how much each article is about the filtered entities (salience), so passing mentions fall below articles about them. Without `text` but with entities (`countries`, `people`, `organizations`, `any`, `about`): the articles most about them first (salience), then the newest. Without either, the same as NEWEST.',
    },
    NEWEST: { description: 'Most recently published first.' },
    OLDEST: { description: 'Earliest published first.' },
  } as const,
});

/** Ordering and paging, shared by `articles` and `search`. */
export const articlePageArgs = builder.args((t) => ({
  orderBy: t.field({
    type: ArticleOrderEnum,
    defaultValue: 'RELEVANCE',
    description: 'Ordering; without text, RELEVANCE ranks by salience of the filtered entities, or is NEWEST when there are none.',
  }),
  recencyBoost: t.boolean({ defaultValue: false, description: 'With RELEVANCE: divide each score by 1 + the age in years, so recent matches rise.' }),
  first: t.int({ defaultValue: 10, description: `Page size, 0 to ${maxPageSize}.` }),
  after: t.string({ description: 'The endCursor of the previous page.' }),
}));

/** Near-duplicate collapsing, shared by `articles` and `search`, on by default as the issue asks. */
export const collapseDuplicatesArgs = builder.args((t) => ({
  collapseDuplicates: t.boolean({
    defaultValue: true,
    description:
      'Show each group of near-duplicate articles (the same text reprinted or updated, see Article.duplicateGroup) once, by its best-ranked member, counting the rest in the result\'s `duplicates` (ArticleEdge.duplicates, ArticleHit.duplicates); totalCount then counts groups. False lists every article.',
  }),
}));

/**
 * The matching near-duplicates a result stands for. A fact of this result page (which members
 * matched), not of the article, so it sits beside the score: on `ArticleEdge` and `ArticleHit`.
 */
export const HitDuplicates = builder.objectRef<{ totalCount: number }>('HitDuplicates');
HitDuplicates.implement({
  description: 'The near-duplicates of a result (reprints, updates: see Article.duplicateGroup) that also matched and were folded into it.',
  fields: (t) => ({
    totalCount: t.exposeInt('totalCount', { description: 'How many; 0 when none matched or with `collapseDuplicates: false`.' }),
  }),
});

/** `totalCount` and the aggregations of a page of articles, for a connection's `fields`. */
export const articlePageFields = <Shape extends ArticlePageShape<{ cursor: string }>>(
  t: Parameters<typeof aggregationFields<Shape>>[0],
  description: string,
) => ({
  totalCount: t.int({ description, resolve: (connection) => connection.totalCount ?? 0 }),
  ...aggregationFields(t),
});

export const ArticleConnection = builder.connectionObject<typeof Article, ArticleConnectionShape, { list: true; items: false }, true>(
  {
    name: 'ArticleConnection',
    type: Article,
    ...articlePageConnectionOptions,
    description: 'A page of articles. Paginate with `first` and `after: pageInfo.endCursor`; there is no cap on how far.',
    edgesField: { description: 'The articles of this page.' },
    fields: (t) => articlePageFields(t, 'How many articles match in all, across every page; with collapseDuplicates (the default), each group of near-duplicates counts once.'),
  },
  {
    name: 'ArticleEdge',
    description: 'An article in a result list, with its cursor.',
    nodeField: { description: 'The article.' },
    fields: (t) => ({
      score: t.float({
        nullable: true,
        description:
          'The ranking score under RELEVANCE, higher is better: with text, negated bm25 (times 0.25 + the salience of the filtered entities, when there are any); with entities and no text, how much the article is about them (0 to 1: per entity filter the best salience, averaged). Null under NEWEST and OLDEST.',
        resolve: (edge) => edge.hit.score,
      }),
      duplicates: t.field({
        type: HitDuplicates,
        description: 'The matching near-duplicates this article stands for: each group of near-duplicates is shown once, by its best-ranked member.',
        resolve: (edge) => ({ totalCount: edge.hit.duplicateCount }),
      }),
    }),
  },
);

builder.queryField('articles', (t) =>
  t.field({
    type: ArticleConnection,
    description: 'Articles matching a filter: entities that must be mentioned, a text query and a date range. Example: `articles(where: { countries: ["North Korea"], text: "sanctions" })`.',
    args: {
      where: t.arg({ type: ArticleFilter, description: 'Conditions that must all hold. Omit for every article.' }),
      ...collapseDuplicatesArgs,
      ...articlePageArgs,
    },
    resolve: async (_root, args, ctx, info) => {
      pageSize(args.first); // reject before any SQL runs
      const criteria = await criteriaFromFilter(ctx, args.where);
      return resolveArticleConnection(ctx, info, criteria, args, {
        collapseDuplicates: args.collapseDuplicates ?? true,
        nodePath: ['edges', 'node'],
        planned: (where) => t.drizzleQueryFromInfo('articles', { context: ctx, info, path: ['edges', 'node'], columns: { id: true }, where }),
      });
    },
  }),
);
