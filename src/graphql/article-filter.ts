import { LRUCache } from 'lru-cache';
import { entityConditions, type ArticleCriteria } from '../search/article-search.ts';
import { cachedEntityRefs, type EntityRef, type ResolvedEntity } from '../search/entity-refs.ts';
import { parseTextQuery, toFtsMatch } from '../search/query-language.ts';
import { aboutThreshold, namedParts } from '../search/salience.ts';
import { builder } from './builder.ts';
import type { Context } from './context.ts';
import { badUserInput } from './errors.ts';
import { checkListSize, checkReferenceLength, inputLimits } from './input-limits.ts';
import { resolveEntityReferences } from './node-lookup.ts';

// ArticleFilter and its translation into the criteria src/search runs.

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

/**
 * Match expressions by text query: parsing depends on the text alone, and clients repeat theirs.
 * A text that fails to parse is not kept, so it throws the same error each time.
 */
const matchExpressions = new LRUCache<string, { match: string | null }>({ max: 1000 });
/** Longest text kept; longer ones (up to the argument's limit) are parsed each time. */
const maxCachedTextLength = 1000;

/** Parses the user's text query into FTS5 syntax; user text never reaches MATCH unparsed. Throws QuerySyntaxError (src/graphql/errors.ts maps it). */
export function matchExpression(text: string | null | undefined): string | null {
  if (!text) return null;
  const cached = matchExpressions.get(text);
  if (cached) return cached.match;
  const query = parseTextQuery(text);
  const match = query ? toFtsMatch(query) : null;
  if (text.length <= maxCachedTextLength) matchExpressions.set(text, { match });
  return match;
}

/** The references of a filter's `countries`, `people` and `organizations`, in that order. */
export function entityRefs(set: { countries?: readonly string[] | null; people?: readonly string[] | null; organizations?: readonly string[] | null } | null | undefined): EntityRef[] {
  return [
    ...(set?.countries ?? []).map((ref) => ({ kind: 'country' as const, ref })),
    ...(set?.people ?? []).map((ref) => ({ kind: 'person' as const, ref })),
    ...(set?.organizations ?? []).map((ref) => ({ kind: 'organization' as const, ref })),
  ];
}

/**
 * Criteria by filter (its JSON), with the references and what they resolved to: kept while the
 * request's resolution cache still holds those same resolutions, so a cleared or expired name is
 * resolved again. Building them again cost 35-45 µs of the headline query. Filters that fail are
 * not kept, so they fail the same way each time.
 */
const builtCriteria = new LRUCache<string, { refs: EntityRef[]; entities: ResolvedEntity[]; criteria: ArticleCriteria }>({ max: 1000 });
/** Longest filter JSON kept; longer ones (up to the input limits) are built each time. */
const maxCachedFilterLength = 1000;

/** Turns the GraphQL filter into resolved criteria: one statement resolves every entity reference. */
export async function criteriaFromFilter(ctx: Context, filter: ArticleFilterShape | null | undefined): Promise<ArticleCriteria> {
  const key = JSON.stringify(filter ?? null);
  const built = builtCriteria.get(key);
  if (built) {
    const entities = cachedEntityRefs(built.refs, ctx.resolutions);
    if (entities?.every((entity, i) => entity === built.entities[i])) return built.criteria;
  }
  const { refs, entities, criteria } = await buildCriteria(ctx, filter);
  if (key.length <= maxCachedFilterLength) builtCriteria.set(key, { refs, entities, criteria });
  return criteria;
}

async function buildCriteria(ctx: Context, filter: ArticleFilterShape | null | undefined): Promise<{ refs: EntityRef[]; entities: ResolvedEntity[]; criteria: ArticleCriteria }> {
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
  const entities = await resolveEntityReferences(ctx, refs);
  const roles = [...all.map(() => 'all' as const), ...any.map(() => 'any' as const), ...none.map(() => 'none' as const)];
  const aboutIds = entities.slice(roles.length).map((e) => e.id);
  const criteria: ArticleCriteria = {
    ...entityConditions(roles.map((role, i) => ({ id: entities[i]!.id, role }))),
    ...(aboutIds.length ? { about: { entityIds: aboutIds, minSalience } } : {}),
    parts: namedParts(refs.map(({ ref }, i) => ({ ...entities[i]!, words: ref.trim() }))),
    match,
    sameSentence: filter?.sameSentence ?? false,
    sources: filter?.sources ?? [],
    publishedAfter: filter?.publishedAfter ?? null,
    publishedBefore: filter?.publishedBefore ?? null,
  };
  return { refs, entities, criteria };
}
