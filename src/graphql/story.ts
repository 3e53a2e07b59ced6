import DataLoader from 'dataloader';
import { sql } from 'drizzle-orm';
import type { EntityKind } from '../db/schema.ts';
import { maxFacetSize } from '../search/aggregations.ts';
import type { stories as storiesTable } from '../db/schema.ts';
import { countStories, duplicateGroups, findStoryPage, storyCursor, storyEntities, storyPageSql, storySortColumn, type DuplicateGroupRow, type StoryCriteria, type StoryEntityRow, type StoryOrder, type StoryPage } from '../search/story-search.ts';
import { Article } from './article.ts';
import { pageSize } from './article-connection.ts';
import { entityRefs, matchExpression } from './article-filter.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { badUserInput } from './errors.ts';
import { globalIdFromRow } from './loaded-fields.ts';
import { entitiesForSelection } from './entity.ts';
import { EntityCount } from './facets.ts';
import { checkListArgument, checkListSize, checkReferenceLength, checkRelatedConnectionArgs, inputLimits } from './input-limits.ts';
import { resolveEntityReferences } from './node-lookup.ts';
import { selectsField } from './selection.ts';

// Per-request loaders (one statement for every story or article of a page), as entity.ts keeps them.
const loaders = new WeakMap<Context, { entities: DataLoader<number, StoryEntityRow[]>; groups: DataLoader<number, DuplicateGroupRow | null> }>();
function loadersOf(ctx: Context) {
  let found = loaders.get(ctx);
  if (!found) {
    found = {
      // Every kind at the largest size: countries, people and organisations of a page share one statement.
      entities: new DataLoader(async (ids: readonly number[]) => {
        const rows = await storyEntities(ctx.db, ids, maxFacetSize);
        return ids.map((id) => rows.filter((r) => r.storyId === id));
      }),
      groups: new DataLoader(async (ids: readonly number[]) => {
        const rows = await duplicateGroups(ctx.db, ids);
        return ids.map((id) => rows.find((r) => r.articleId === id) ?? null);
      }),
    };
    loaders.set(ctx, found);
  }
  return found;
}

const maxStoryArticles = 100;

export const StoryArticleOrderEnum = builder.enumType('StoryArticleOrder', {
  description: 'How the articles of a story are ordered.',
  values: {
    NEWEST: { description: 'Latest first (by publication time, or ingest time for undated articles).' },
    OLDEST: { description: 'Earliest first: how the story unfolded.' },
  } as const,
});

export const Story = builder.drizzleNode('stories', {
  name: 'Story',
  description:
    'An event: the articles about it, clustered as they were ingested (similar words and the same people, places and organisations within days). Its id stays the same as articles join; a story merged into another keeps answering with `mergedInto` set.',
  id: { column: (story) => story.id, extensions: globalIdFromRow('id') },
  select: { columns: { id: true } },
  fields: (t) => {
    // Countries, people and organisations of a page of stories share one statement.
    const storyEntityField = (kind: EntityKind, description: string) =>
      t.field({
        type: [EntityCount],
        description,
        args: { first: t.arg.int({ defaultValue: 5, description: `How many, 1 to ${maxFacetSize}.` }) },
        resolve: async (story, args, ctx, info) => {
          const first = checkListArgument('first', args.first ?? 5, 1, maxFacetSize);
          const rows = (await loadersOf(ctx).entities.load(story.id)).filter((r) => r.kind === kind).slice(0, first);
          // Hands the loaded rows to Pothos (no statement unless the selection asks for relations).
          const entities = await entitiesForSelection(t, ctx, info, ['entity'], rows.map(({ count: _c, storyId: _s, ...entity }) => entity));
          return rows.map(({ id, count }) => ({ entity: entities.get(id)!, count }));
        },
      });
    return {
    title: t.exposeString('title', { description: "The headline of the story's most central article (the one most like the story when it joined)." }),
    summary: t.exposeString('summary', { description: 'The lead of that article: its first sentences, up to about 280 characters.' }),
    articleCount: t.exposeInt('articleCount', { description: 'How many articles the story holds, near-duplicates included.' }),
    firstPublishedAt: t.expose('firstPublishedAt', { type: 'DateTime', description: 'When its first article was published (ingest time for undated articles).' }),
    lastPublishedAt: t.expose('lastPublishedAt', { type: 'DateTime', description: 'When its latest article was published.' }),
    mergedInto: t.relation('mergedIntoStory', {
      nullable: true,
      description: 'The story this one was merged into, when articles showed the two were one event; null while it stands alone.',
    }),
    countries: storyEntityField('country', 'The countries most of its articles mention, with how many do.'),
    people: storyEntityField('person', 'The people most of its articles mention, with how many do.'),
    organizations: storyEntityField('organization', 'The organisations most of its articles mention, with how many do.'),
    articles: t.relatedConnection('articles', {
      description: `The articles of the story (\`first\` 0 to ${maxStoryArticles}), newest first unless \`orderBy\` says otherwise.`,
      args: { orderBy: t.arg({ type: StoryArticleOrderEnum, defaultValue: 'NEWEST', description: 'Order.' }) },
      query: (args) => {
        checkRelatedConnectionArgs(args, maxStoryArticles);
        return {
          extras: { sortKey: (articles) => sql<string>`coalesce(${articles.publishedAt}, ${articles.createdAt})` },
          orderBy: args.orderBy === 'OLDEST' ? { sortKey: 'asc', id: 'asc' } : { sortKey: 'desc', id: 'desc' },
        };
      },
    }),
    };
  },
});

export const DuplicateGroup = builder.objectRef<DuplicateGroupRow>('DuplicateGroup');
DuplicateGroup.implement({
  description:
    'Near-duplicates of one text: syndicated copies, reprints under another headline, updated versions. Found at ingest by MinHash over word 3-shingles of the body (estimated Jaccard similarity at least 0.5).',
  fields: (t) => ({
    id: t.id({ description: 'Stable while the group exists: the id of its first stored article.', resolve: (group) => `DuplicateGroup:${group.groupId}` }),
    size: t.exposeInt('size', { description: 'How many stored articles the group holds (at least 2).' }),
    canonical: t.field({
      type: Article,
      description: 'The article to show for the group: the earliest published (the original the others copy or update; ingest time stands in for a missing date), the lowest id among equals.',
      resolve: (group) => ({ id: group.canonicalId }) as never,
    }),
  }),
});

builder.drizzleObjectFields(Article, (t) => ({
  duplicateGroup: t.field({
    type: DuplicateGroup,
    nullable: true,
    description: 'The near-duplicates this article belongs with; null when no other stored article is a near-duplicate of it.',
    resolve: (article, _args, ctx) => loadersOf(ctx).groups.load(article.id),
  }),
  story: t.relation('story', { nullable: true, description: 'The story (event) the article belongs to; null for articles stored before stories existed.' }),
}));

export const StoryOrderEnum = builder.enumType('StoryOrder', {
  description: 'How stories are ordered.',
  values: {
    SIZE: { description: 'Most articles first.' },
    RECENT: { description: 'Latest article first.' },
  } as const,
});

export const StoryFilter = builder.inputType('StoryFilter', {
  description: 'Which stories to return; all conditions must hold. Entity references are resolved as in ArticleFilter.',
  fields: (t) => ({
    countries: t.stringList({ description: 'Countries that some article of the story must mention (each of them).' }),
    people: t.stringList({ description: 'People that some article of the story must mention (each of them).' }),
    organizations: t.stringList({ description: 'Organisations that some article of the story must mention (each of them).' }),
    text: t.string({ description: 'A full-text query (ArticleFilter.text syntax) that some article of the story must match.' }),
    from: t.field({ type: 'DateTime', description: 'The story must run at or after this time (its last article).' }),
    to: t.field({ type: 'DateTime', description: 'The story must have started before this time (its first article).' }),
  }),
});

interface StoryConnectionShape {
  totalCount: number | null;
  edges: { cursor: string; node: { id: number } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export const StoryConnection = builder.connectionObject<typeof Story, StoryConnectionShape, { list: true; items: false }, true>(
  {
    name: 'StoryConnection',
    type: Story,
    edgesNullable: { list: true, items: false },
    nodeNullable: true,
    description: 'A page of stories. Paginate with `first` and `after: pageInfo.endCursor`.',
    edgesField: { description: 'The stories of this page.' },
    fields: (t) => ({
      totalCount: t.int({ description: 'How many stories match in all.', resolve: (c) => c.totalCount ?? 0 }),
    }),
  },
  { name: 'StoryEdge', description: 'A story in a result list, with its cursor.', nodeField: { description: 'The story.' } },
);

builder.queryField('stories', (t) =>
  t.field({
    type: StoryConnection,
    description:
      'Stories (events), each with its articles, span and main entities. Example: `stories(where: { countries: ["Russia"] }, orderBy: SIZE)`. Merged stories are left out (follow `Story.mergedInto`).',
    args: {
      where: t.arg({ type: StoryFilter, description: 'Conditions that must all hold. Omit for every story.' }),
      orderBy: t.arg({ type: StoryOrderEnum, defaultValue: 'RECENT', description: 'Ordering.' }),
      first: t.arg.int({ defaultValue: 10, description: 'Page size, 0 to 100.' }),
      after: t.arg.string({ description: 'The endCursor of the previous page.' }),
    },
    resolve: async (_root, args, ctx, info) => {
      const first = pageSize(args.first);
      const where = args.where;
      const refs = entityRefs(where);
      checkListSize('where', 'entity references', refs, inputLimits.maxEntityRefs);
      for (const { ref } of refs) checkReferenceLength('where: an entity reference', ref);
      if (where?.from && where.to && where.from >= where.to) throw badUserInput('from must be earlier than to.', { argument: 'where' });
      const match = matchExpression(where?.text);
      const entities = refs.length ? await resolveEntityReferences(ctx, refs) : [];
      const criteria: StoryCriteria = { entityIds: entities.map((e) => e.id), match, from: where?.from ?? null, to: where?.to ?? null };
      const order = (args.orderBy ?? 'RECENT') as StoryOrder;
      const withTotal = selectsField(info, 'totalCount');
      let page: StoryPage;
      let nodes: { id: number }[] = [];
      if (selectsField(info, 'edges')) {
        // The page, its total and its stories' selected fields (articles included) in one statement.
        const pageSql = storyPageSql(criteria, { first, after: args.after ?? null, order });
        const query = t.drizzleQueryFromInfo('stories', { context: ctx, info, path: ['edges', 'node'], columns: { id: true } }) as { extras?: Record<string, unknown> };
        const sort = storySortColumn(order);
        const rows = (await ctx.db.query.stories.findMany({
          ...(query as object),
          columns: { ...((query as { columns?: object }).columns ?? {}), id: true, articleCount: true, lastPublishedAt: true },
          extras: { ...(query.extras ?? {}), pageTotal: withTotal ? pageSql.total : sql`NULL` },
          where: { RAW: (stories) => sql`${stories.id} IN (${pageSql.ids})` },
          orderBy: { [sort]: 'desc', id: 'desc' },
        })) as (typeof storiesTable.$inferSelect & { pageTotal: number | null })[];
        nodes = rows.slice(0, first);
        page = {
          hits: nodes.map((row) => ({ id: row.id, cursor: storyCursor(order, row as typeof storiesTable.$inferSelect) })),
          hasNextPage: rows.length > first,
          totalCount: withTotal ? (rows[0]?.pageTotal ?? (await countStories(ctx.db, criteria))) : null,
        };
      } else {
        page = await findStoryPage(ctx.db, criteria, { first, after: args.after ?? null, order, withTotal });
      }
      const byId = new Map(nodes.map((n) => [n.id, n]));
      const edges = page.hits.map((hit) => ({ cursor: hit.cursor, node: byId.get(hit.id) ?? { id: hit.id } }));
      return {
        totalCount: page.totalCount,
        edges,
        pageInfo: { hasNextPage: page.hasNextPage, hasPreviousPage: Boolean(args.after), startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
      };
    },
  }),
);
