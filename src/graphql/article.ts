import { drizzleConnectionHelpers } from '@pothos/plugin-drizzle';
import { sql } from 'drizzle-orm';
import { highlightClose, highlightOpen } from '../search/article-search.ts';
import { ArticleEntity } from './article-entity.ts';
import { builder } from './builder.ts';
import { Country } from './country.ts';
import { Entity, EntityKindEnum, maxEntityPageSize } from './entity.ts';
import { badUserInput } from './errors.ts';
import { checkListArgument, checkRelatedConnectionArgs, maxPageSize } from './input-limits.ts';
import { globalIdFromRow } from './loaded-fields.ts';
import { Mention } from './mention.ts';
import { resolveEntityReferences } from './node-lookup.ts';
import { Organization } from './organization.ts';
import { Person } from './person.ts';

// The Article node and its highlighting. Filters: article-filter.ts; pages: article-connection.ts.

const leadLength = 280;
/** What one `body` counts for in the cost analysis (src/graphql/builder.ts). */
export const bodyComplexity = 100;

/**
 * The text match an article was found by rides on the node its connection returns: each field
 * loads its own rows, so two text queries in one request never see each other's highlights.
 */
const matchSnippet = Symbol('matchSnippet');
type MatchedArticle = { id: number; [matchSnippet]?: string };

export function withMatchSnippet<T extends { id: number }>(node: T, snippet: string | null): T {
  if (snippet !== null) Object.defineProperty(node, matchSnippet, { value: snippet, enumerable: false });
  return node;
}

/** Swaps the private-use markers of an FTS5 snippet for the client's highlight tags. */
export function highlightMatches(snippet: string, highlight: { open?: string | null; close?: string | null } | null | undefined): string {
  const { open, close } = highlightMarkers(highlight);
  return snippet.replaceAll(highlightOpen, open).replaceAll(highlightClose, close);
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
  id: { column: (article) => article.id, extensions: globalIdFromRow('id') },
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
        limit: checkListArgument('first', args.first ?? 10, 1, maxPageSize),
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

function truncate(text: string, length: number): string {
  if (text.length <= length) return text;
  const cut = text.slice(0, length);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > length / 2 ? space : length)}…`;
}

/**
 * An entity's articles, paged over its article_entities rows rather than the articles: the rows
 * carry a copy of each article's date, so the page is read newest first from
 * article_entities_entity_newest_idx and stops when full, instead of sorting every article of the
 * entity by a date stored after its body ("United States" at 100k: 156 ms, now 0.04 ms).
 */
const entityArticles = drizzleConnectionHelpers(builder, 'articleEntities', {
  query: (args: Parameters<typeof checkRelatedConnectionArgs>[0]) => {
    checkRelatedConnectionArgs(args, maxEntityPageSize, 2);
    return {
      // Undated articles last, as '' (a NULL would not compare in the cursors).
      extras: { sortKey: (links) => sql<string>`coalesce(${links.publishedAt}, '')` },
      orderBy: { sortKey: 'desc', articleId: 'desc' },
    };
  },
  select: (nestedSelection) => ({ with: { article: nestedSelection() } }),
  resolveNode: (link) => link.article,
});

// Defined here rather than in entity.ts, which Article's own fields depend on: a field of Entity
// typed Article would make the two types infer each other.
builder.drizzleInterfaceField(Entity, 'articles', (t) =>
  t.connection(
    {
      type: Article,
      description: `Articles that mention this entity, newest first (\`first\`/\`last\` 0 to ${maxEntityPageSize}). Their number is \`articleCount\`.`,
      args: entityArticles.getArgs(),
      select: (args, ctx, nestedSelection) => ({ with: { articleEntities: entityArticles.getQuery(args, ctx, nestedSelection) } }),
      resolve: (entity, args, ctx) => entityArticles.resolve(entity.articleEntities, args, ctx, entity),
    },
    { name: 'EntityArticlesConnection' },
    { name: 'EntityArticlesConnectionEdge' },
  ),
);
