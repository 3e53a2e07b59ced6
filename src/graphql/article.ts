import type { GraphQLResolveInfo } from 'graphql';
import { resolveEntityRefs, type EntityRef } from '../search/entity-refs.ts';
import {
  articleOrders,
  findArticlePage,
  highlightClose,
  highlightOpen,
  type ArticleCriteria,
  type ArticleHitRow,
} from '../search/article-search.ts';
import { parseTextQuery, QuerySyntaxError, toFtsMatch } from '../search/query-language.ts';
import { aboutThreshold } from '../search/salience.ts';
import { ArticleEntity } from './article-entity.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { Country } from './country.ts';
import { EntityKindEnum } from './entity.ts';
import { aggregationFields } from './facets.ts';
import { badUserInput } from './errors.ts';
import { checkListSize, checkReferenceLength, inputLimits } from './input-limits.ts';
import { Mention } from './mention.ts';
import { Organization } from './organization.ts';
import { Person } from './person.ts';
import { selectsField } from './selection.ts';

const leadLength = 280;
/** What one `body` counts for in the cost analysis (src/graphql/builder.ts). */
export const bodyComplexity = 100;

/**
 * The text match an article was found by rides on the node its connection returns: each field
 * loads its own rows, so two text queries in one request never see each other's highlights.
 */
const matchSnippet = Symbol('matchSnippet');
type MatchedArticle = { id: number; [matchSnippet]?: string };

function withMatchSnippet<T extends { id: number }>(node: T, snippet: string | null): T {
  if (snippet !== null) Object.defineProperty(node, matchSnippet, { value: snippet, enumerable: false });
  return node;
}

/** Swaps the private-use markers of an FTS5 snippet for the client's highlight tags. */
export function highlightMatches(snippet: string, highlight: { open?: string | null; close?: string | null } | null | undefined): string {
  const { open, close } = highlightMarkers(highlight);
  return snippet.split(highlightOpen).join(open).split(highlightClose).join(close);
}

export const HighlightInput = builder.inputType('HighlightInput', {
  description: 'Markers placed around matched terms in a snippet.',
  fields: (t) => ({
    open: t.string({ required: true, defaultValue: '<mark>', description: 'Inserted before each match.' }),
    close: t.string({ required: true, defaultValue: '</mark>', description: 'Inserted after each match.' }),
  }),
});

/** Longest highlight marker: each match in a snippet repeats both, so long ones would multiply the response. */
export const maxHighlightMarkerLength = 40;

/** The client's highlight markers (default <mark>…</mark>), refused when longer than maxHighlightMarkerLength. */
export function highlightMarkers(highlight: { open?: string | null; close?: string | null } | null | undefined): { open: string; close: string } {
  const open = highlight?.open ?? '<mark>';
  const close = highlight?.close ?? '</mark>';
  for (const [name, marker] of [['open', open], ['close', close]] as const) {
    if (marker.length > maxHighlightMarkerLength) {
      throw badUserInput(`highlight.${name} is ${marker.length} characters; markers may have at most ${maxHighlightMarkerLength}.`, {
        argument: 'highlight',
        limit: maxHighlightMarkerLength,
      });
    }
  }
  return { open, close };
}

export const Article = builder.drizzleNode('articles', {
  name: 'Article',
  description: 'A news article with the entities it mentions.',
  id: { column: (article) => article.id },
  select: { columns: { id: true } },
  fields: (t) => ({
    title: t.exposeString('title', { description: 'The headline.' }),
    body: t.exposeString('body', {
      description: 'The cleaned text: link lines ("Read More: …") removed. Mention offsets index this.',
      // Up to 200 KB where other fields are a few bytes: the cost analysis counts it as 100 fields.
      complexity: bodyComplexity,
    }),
    url: t.exposeString('url', { nullable: true, description: 'Where the article was published, when known.' }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime', nullable: true, description: 'When the article was published (UTC), when known.' }),
    source: t.exposeString('source', { nullable: true, description: 'The publisher or feed.' }),
    language: t.exposeString('language', { description: 'Language tag, e.g. "en".' }),
    wordCount: t.exposeInt('wordCount', { description: 'Words in the body.' }),
    countries: t.relation('countries', {
      type: Country,
      description: 'Countries the article mentions, by name, alias, capital or demonym; each once.',
      query: { orderBy: { name: 'asc' } },
    }),
    people: t.relation('people', {
      type: Person,
      description: 'People the article mentions; short forms such as "Mr. Kim" are linked to the full name, so each person appears once.',
      query: { orderBy: { name: 'asc' } },
    }),
    organizations: t.relation('organizations', {
      type: Organization,
      description: 'Organisations the article mentions; each once.',
      query: { orderBy: { name: 'asc' } },
    }),
    entities: t.relation('articleEntities', {
      type: ArticleEntity,
      description: 'The entities the article mentions, most salient first (the ones it is about lead), each once with its mention statistics.',
      args: {
        kind: t.arg({ type: EntityKindEnum, description: 'Only entities of this kind.' }),
        first: t.arg.int({ defaultValue: 10, description: `How many, 1 to ${maxPageSize}.` }),
      },
      query: (args) => ({
        where: args.kind ? { entity: { kind: args.kind } } : undefined,
        orderBy: { salience: 'desc', mentionCount: 'desc', entityId: 'asc' },
        limit: entityListSize(args.first),
      }),
    }),
    mentions: t.relation('mentions', {
      type: Mention,
      description: 'Every mention of an entity, in text order, with offsets into body and the sentence index.',
      query: { orderBy: { start: 'asc' } },
    }),
    snippet: t.string({
      description:
        'When the query filtered by text: an FTS5 highlight of the matched terms. Otherwise the lead of the article.',
      args: {
        length: t.arg.int({ defaultValue: 200, description: 'Approximate maximum length in characters (20 to 1000).' }),
        highlight: t.arg({ type: HighlightInput, description: 'Markers around matched terms. Default <mark>…</mark>.' }),
      },
      select: { extras: { lead: (articles, { sql }) => sql<string>`substr(${articles.body}, 1, ${leadLength})` } },
      resolve: (article, args) => {
        const length = Math.min(Math.max(args.length ?? 200, 20), 1000);
        const match = (article as MatchedArticle)[matchSnippet];
        if (match === undefined) return truncate(article.lead, length);
        return highlightMatches(truncate(match, length + 2 * 16), args.highlight);
      },
    }),
  }),
});

function entityListSize(first: number | null | undefined): number {
  const size = first ?? 10;
  if (!Number.isInteger(size) || size < 1 || size > maxPageSize) {
    throw badUserInput(`first must be between 1 and ${maxPageSize} (got ${size}).`, { argument: 'first', limit: maxPageSize });
  }
  return size;
}

function truncate(text: string, length: number): string {
  if (text.length <= length) return text;
  const cut = text.slice(0, length);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > length / 2 ? space : length)}…`;
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

export const EntitySetInput = builder.inputType('EntitySetInput', {
  description: 'Entity references by kind, used for `any`, `none` and `about` conditions.',
  fields: (t) => ({
    countries: t.stringList({ description: 'Country references.' }),
    people: t.stringList({ description: 'Person references.' }),
    organizations: t.stringList({ description: 'Organisation references.' }),
  }),
});

export const ArticleFilter = builder.inputType('ArticleFilter', {
  description:
    'Which articles to return. Entity references are names, aliases, codes, slugs or global IDs, resolved case-insensitively: "North Korea", "DPRK", "KP" and "Pyongyang" are the same country. All conditions must hold.',
  fields: (t) => ({
    countries: t.stringList({ description: 'Countries that must all be mentioned.' }),
    people: t.stringList({ description: 'People who must all be mentioned.' }),
    organizations: t.stringList({ description: 'Organisations that must all be mentioned.' }),
    any: t.field({ type: EntitySetInput, description: 'At least one of these entities must be mentioned.' }),
    none: t.field({ type: EntitySetInput, description: 'None of these entities may be mentioned.' }),
    about: t.field({
      type: EntitySetInput,
      description: `The articles must be about each of these entities, not merely mention them: its salience in the article (see ArticleEntity.salience) must be at least \`minSalience\`, by default ${aboutThreshold}. An article whose title names Kenya and that names it early and often is about Kenya; a results table with one "Kenyan" is not.`,
    }),
    minSalience: t.float({
      description: `The salience, 0 to 1, that \`about\` requires; default ${aboutThreshold}. Lower it to widen \`about\`, raise it to keep only articles centred on the entities.`,
    }),
    text: t.string({
      description:
        'Full-text query over title and body, stemmed ("sanction" finds "sanctions"): words, "quoted phrases", OR, NOT or -word, parentheses, prefix*, NEAR(a b, 10).',
    }),
    sameSentence: t.boolean({
      description:
        'Require the entities of `countries`, `people` and `organizations` and the `text` query to occur together in one sentence, e.g. North Korea in the same sentence as "sanctions".',
    }),
    sources: t.stringList({ description: 'Only articles from one of these sources (exact names, as in facets.sources).' }),
    publishedAfter: t.field({ type: 'DateTime', description: 'Published at or after this time.' }),
    publishedBefore: t.field({ type: 'DateTime', description: 'Published before this time.' }),
  }),
});

type ArticleFilterShape = typeof ArticleFilter.$inferInput;
type EntitySetShape = typeof EntitySetInput.$inferInput;

/** Parses the user's text query into FTS5 syntax; user text never reaches MATCH unparsed. */
export function matchExpression(text: string | null | undefined): string | null {
  if (!text) return null;
  try {
    const query = parseTextQuery(text);
    return query ? toFtsMatch(query) : null;
  } catch (error) {
    if (error instanceof QuerySyntaxError) {
      throw badUserInput(`Invalid text query at position ${error.position}: ${error.message}`, { argument: 'text', position: error.position });
    }
    throw error;
  }
}

function entityRefs(set: EntitySetShape | ArticleFilterShape | null | undefined): EntityRef[] {
  return [
    ...(set?.countries ?? []).map((ref) => ({ kind: 'country' as const, ref })),
    ...(set?.people ?? []).map((ref) => ({ kind: 'person' as const, ref })),
    ...(set?.organizations ?? []).map((ref) => ({ kind: 'organization' as const, ref })),
  ];
}

/** Turns the GraphQL filter into resolved criteria: one statement resolves every entity reference. */
export async function criteriaFromFilter(ctx: Context, filter: ArticleFilterShape | null | undefined): Promise<ArticleCriteria> {
  const all = entityRefs(filter);
  const any = entityRefs(filter?.any);
  const none = entityRefs(filter?.none);
  const about = entityRefs(filter?.about);
  const minSalience = filter?.minSalience ?? aboutThreshold;
  if (!Number.isFinite(minSalience) || minSalience < 0 || minSalience > 1) {
    throw badUserInput(`minSalience must be between 0 and 1 (got ${minSalience}).`, { argument: 'minSalience' });
  }
  if (filter?.minSalience != null && !about.length) {
    throw badUserInput('minSalience applies to the entities of `about`; name them there.', { argument: 'minSalience' });
  }
  // Sizes first: a list past SQLite's expression and variable limits would fail inside the statement.
  const refs = [...all, ...any, ...none, ...about];
  checkListSize('where', 'entity references in all (countries, people, organizations, any, none and about)', refs, inputLimits.maxEntityRefs);
  for (const { ref } of refs) checkReferenceLength('where: an entity reference', ref);
  checkListSize('where.sources', 'sources', filter?.sources, inputLimits.maxSources);
  for (const source of filter?.sources ?? []) checkReferenceLength('where.sources: a source', source);
  const match = matchExpression(filter?.text);
  if (filter?.publishedAfter && filter.publishedBefore && filter.publishedAfter >= filter.publishedBefore) {
    throw badUserInput('publishedAfter must be earlier than publishedBefore.', { argument: 'where' });
  }
  const entities = await resolveEntityRefs(ctx.db, refs);
  const ids = entities.map((e) => e.id);
  const anyIds = ids.slice(all.length, all.length + any.length);
  const aboutIds = ids.slice(all.length + any.length + none.length);
  return {
    allOf: [...ids.slice(0, all.length).map((id) => [id]), ...(anyIds.length ? [anyIds] : [])],
    noneOf: ids.slice(all.length + any.length, all.length + any.length + none.length),
    ...(aboutIds.length ? { about: { entityIds: aboutIds, minSalience } } : {}),
    match,
    sameSentence: filter?.sameSentence ?? false,
    sources: filter?.sources ?? [],
    publishedAfter: filter?.publishedAfter ?? null,
    publishedBefore: filter?.publishedBefore ?? null,
  };
}

export interface ArticleConnectionShape {
  criteria: ArticleCriteria;
  totalCount: number | null;
  edges: { cursor: string; node: { id: number }; hit: ArticleHitRow }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export const maxPageSize = 100;

export function pageSize(first: number | null | undefined): number {
  const size = first ?? 10;
  if (!Number.isInteger(size) || size < 0 || size > maxPageSize) {
    throw badUserInput(`first must be between 0 and ${maxPageSize} (got ${size}); page through larger results with after.`, {
      argument: 'first',
      limit: maxPageSize,
    });
  }
  return size;
}

/**
 * Two statements whatever the page size: the ranked page of ids (with total and snippets), then
 * the nodes with everything selected beneath them, planned by Pothos from the GraphQL selection.
 */
export async function resolveArticleConnection(
  ctx: Context,
  info: GraphQLResolveInfo,
  criteria: ArticleCriteria,
  args: { first?: number | null; after?: string | null; orderBy?: (typeof articleOrders)[number] | null; recencyBoost?: boolean | null },
  options: { loadNodes: (ids: number[]) => Promise<{ id: number }[]>; matchEntityIds?: number[]; collapseDuplicates?: boolean },
): Promise<ArticleConnectionShape> {
  // Only facets or a timeline asked for: no page to rank.
  if (!['edges', 'pageInfo', 'totalCount'].some((field) => selectsField(info, field))) {
    return { criteria, totalCount: null, edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } };
  }
  const page = await findArticlePage(ctx.db, criteria, {
    first: pageSize(args.first),
    after: args.after ?? null,
    order: args.orderBy ?? 'RELEVANCE',
    withTotal: selectsField(info, 'totalCount'),
    recencyBoost: args.recencyBoost ?? false,
    matchEntityIds: options.matchEntityIds,
    collapseDuplicates: options.collapseDuplicates ?? false,
  });
  const ids = page.hits.map((h) => h.id);
  const nodes = ids.length && selectsField(info, 'edges') ? await options.loadNodes(ids) : [];
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges = page.hits.map((hit) => ({ cursor: hit.cursor, hit, node: withMatchSnippet(byId.get(hit.id) ?? { id: hit.id }, hit.snippet) }));
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

export const ArticleConnection = builder.objectRef<ArticleConnectionShape>('ArticleConnection');
export const ArticleEdge = builder.objectRef<ArticleConnectionShape['edges'][number]>('ArticleEdge');

ArticleEdge.implement({
  description: 'An article in a result list, with its cursor.',
  fields: (t) => ({
    cursor: t.exposeString('cursor', { description: 'Pass as `after` to get the articles after this one.' }),
    node: t.field({ type: Article, description: 'The article.', resolve: (edge) => edge.node }),
    score: t.float({
      nullable: true,
      description:
        'The ranking score under RELEVANCE, higher is better: with text, negated bm25 (times 0.25 + the salience of the filtered entities, when there are any); with entities and no text, how much the article is about them (0 to 1: per entity filter the best salience, averaged). Null under NEWEST and OLDEST.',
      resolve: (edge) => edge.hit.score,
    }),
  }),
});

ArticleConnection.implement({
  description: 'A page of articles. Paginate with `first` and `after: pageInfo.endCursor`; there is no cap on how far.',
  fields: (t) => ({
    totalCount: t.int({
      description: 'How many articles match in all, across every page.',
      resolve: (connection) => connection.totalCount ?? 0,
    }),
    edges: t.field({ type: [ArticleEdge], description: 'The articles of this page.', resolve: (connection) => connection.edges }),
    pageInfo: t.field({ type: builder.pageInfoRef(), description: 'Cursors for the next page.', resolve: (connection) => connection.pageInfo }),
    ...aggregationFields(t),
  }),
});

builder.queryField('articles', (t) =>
  t.field({
    type: ArticleConnection,
    description: 'Articles matching a filter: entities that must be mentioned, a text query and a date range. Example: `articles(where: { countries: ["North Korea"], text: "sanctions" })`.',
    args: {
      where: t.arg({ type: ArticleFilter, description: 'Conditions that must all hold. Omit for every article.' }),
      ...articlePageArgs,
    },
    resolve: async (_root, args, ctx, info) => {
      pageSize(args.first); // reject before any SQL runs
      const criteria = await criteriaFromFilter(ctx, args.where);
      return resolveArticleConnection(ctx, info, criteria, args, {
        loadNodes: (ids) =>
          ctx.db.query.articles.findMany(
            t.drizzleQueryFromInfo('articles', { context: ctx, info, path: ['edges', 'node'], columns: { id: true }, where: { id: { in: ids } } }),
          ),
      });
    },
  }),
);
