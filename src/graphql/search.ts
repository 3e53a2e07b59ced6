import type { EntityKind } from '../db/schema.ts';
import { entityConditions, type ArticleCriteria, type ArticleHitRow } from '../search/article-search.ts';
import { InvalidCursorError } from '../search/errors.ts';
import { interpretQuery, type Interpretation, type InterpretedEntity, type Reading } from '../search/natural-language.ts';
import { firstNonEmpty, relaxations } from '../search/relaxation.ts';
import { namedParts } from '../search/salience.ts';
import { checkLength, MAX_QUERY_CHARS, parseTextQuery, QuerySyntaxError, queryTermItems, queryTerms, toFtsMatch } from '../search/query-language.ts';
import { explainMatches, type EntityMatchRow, type MatchExplanation, type TermMatchRow } from '../search/why-matched.ts';
import { Article, highlightMatches, HighlightInput } from './article.ts';
import {
  articlePageArgs,
  articlePageConnectionOptions,
  articlePageFields,
  collapseDuplicatesArgs,
  HitDuplicates,
  pageSize,
  resolveArticleConnection,
  type ArticlePageShape,
} from './article-connection.ts';
import { matchExpression } from './article-filter.ts';
import { builder } from './builder.ts';
import { Entity, EntityKindEnum } from './entity.ts';
import { badUserInput } from './errors.ts';
import { selectsField } from './selection.ts';

const EntityRoleEnum = builder.enumType('EntityRole', {
  description: 'How a recognised entity constrains the search.',
  values: {
    ALL: { value: 'all', description: 'Must be mentioned.' },
    ANY: { value: 'any', description: 'One of the ANY entities must be mentioned ("Putin or Xi").' },
    NONE: { value: 'none', description: 'Must not be mentioned ("without China").' },
  } as const,
});

const InterpretedEntityRef = builder.objectRef<InterpretedEntity>('InterpretedEntity');
InterpretedEntityRef.implement({
  description: 'An entity recognised in the query.',
  fields: (t) => ({
    entity: t.field({ type: Entity, description: 'The entity.', resolve: (e) => ({ id: e.id, kind: e.kind, name: e.name, slug: e.slug }) as never }),
    kind: t.field({ type: EntityKindEnum, description: 'Its kind.', resolve: (e) => e.kind }),
    words: t.exposeString('words', { description: 'The words of the query that named it, e.g. "DPRK".' }),
    role: t.field({ type: EntityRoleEnum, description: 'Required, one of several, or excluded.', resolve: (e) => e.role }),
    confidence: t.exposeFloat('confidence', { description: 'How sure the reading is, 0 to 1 (see EntityReading.confidence).' }),
  }),
});

const ReadingActionEnum = builder.enumType('ReadingAction', {
  description: 'What was done with a possible entity reading of some words of the query.',
  values: {
    ENTITY_FILTER: { value: 'entity', description: 'Confident enough: the entity filters the results.' },
    TEXT_TERM: { value: 'text', description: 'Too unsure: the words were searched as text instead.' },
    DROPPED: { value: 'dropped', description: 'Another reading of the same or overlapping words was likelier (the reason says which).' },
  } as const,
});

const EntityReadingRef = builder.objectRef<Reading>('EntityReading');
EntityReadingRef.implement({
  description: 'One way to read words of the query as an entity, how sure it is, and what was done with it.',
  fields: (t) => ({
    words: t.exposeString('words', { description: 'The words of the query, e.g. "May".' }),
    entity: t.field({ type: Entity, description: 'The entity they could name.', resolve: (r) => r.entity as never }),
    kind: t.field({ type: EntityKindEnum, description: 'Its kind.', resolve: (r) => r.entity.kind }),
    confidence: t.exposeFloat('confidence', {
      description:
        'How sure the reading is, 0 to 1: of the articles containing the words, the share that link the entity; lowered for words typed in lower case and for entities in few articles. At 0.5 or more a reading becomes an entity filter.',
    }),
    action: t.field({ type: ReadingActionEnum, description: 'What was done with it.', resolve: (r) => r.action }),
    reason: t.exposeString('reason', { description: 'The evidence, in words.' }),
  }),
});

interface InterpretationShape extends Interpretation {
  terms: string[];
  /** What was relaxed to find something, one sentence a step; empty when the strict reading found articles. */
  relaxations: string[];
}

const kindLabels: Record<EntityKind, string> = { country: 'country', person: 'person', organization: 'organisation' };

function describe({ entities, terms, readings }: InterpretationShape): string {
  // A country named through a part of it ("Wales") is filtered whole but ranked by the part: say so.
  const partNames = new Map(namedParts(entities).map((p) => [p.entityId, p.surfaces]));
  const label = (e: InterpretedEntity) => {
    const part = partNames.get(e.id);
    return `${e.name} (${kindLabels[e.kind]}${part ? `, ranked by its mentions as ${part.map((s) => `'${s}'`).join(' or ')}` : ''})`;
  };
  const named = (role: string) => entities.filter((e) => e.role === role).map(label);
  const parts: string[] = [];
  if (named('all').length) parts.push(`mentioning ${named('all').join(' and ')}`);
  if (named('any').length) parts.push(`mentioning ${named('any').join(' or ')}`);
  if (named('none').length) parts.push(`not mentioning ${named('none').join(' or ')}`);
  if (terms.length) parts.push(`matching ${terms.map((t) => `'${t}'`).join(' and ')}`);
  // Words that could have named an entity but were searched as text, so the user can see why.
  const asWords = readings.filter((r) => r.action === 'text').slice(0, 3);
  const note = asWords.length
    ? ` (${asWords.map((r) => `'${r.words}' as words, not ${r.entity.name} (${kindLabels[r.entity.kind]}): confidence ${r.confidence}`).join('; ')})`
    : '';
  return (parts.length ? `Searching for articles ${parts.join(', ')}` : 'Searching for all articles') + note;
}

const InterpretationRef = builder.objectRef<InterpretationShape>('SearchInterpretation');
InterpretationRef.implement({
  description: 'How the query was understood, so a client can show it and let the user correct it.',
  fields: (t) => ({
    entities: t.field({ type: [InterpretedEntityRef], description: 'Entities recognised through the alias table, longest match first.', resolve: (i) => i.entities }),
    terms: t.exposeStringList('terms', { description: 'The words and phrases left for full-text search.' }),
    text: t.exposeString('text', { nullable: true, description: 'The full-text part in the query language of ArticleFilter.text.' }),
    description: t.string({ description: 'A sentence for the user, e.g. "Searching for articles mentioning North Korea (country), matching \'sanctions\'".', resolve: describe }),
    readings: t.field({
      type: [EntityReadingRef],
      description: 'Every entity reading considered, with its confidence and what was done with it: entity filter, text term, or dropped for a likelier one.',
      resolve: (i) => i.readings,
    }),
    alternatives: t.field({
      type: [EntityReadingRef],
      description: 'Readings not used as filters, likeliest first, that a client can offer ("Did you mean the organisation Apple?"); at most 10.',
      resolve: (i) => i.readings.filter((r) => r.action !== 'entity').sort((a, b) => b.confidence - a.confidence).slice(0, 10),
    }),
    relaxed: t.string({
      nullable: true,
      description:
        'Null when the strict reading found articles. Otherwise what was relaxed to find some, e.g. "No article matched all of Tony Blair and \'tension\'; showing instead: dropped the words \'tension\'…". See `search(strict:)`.',
      resolve: (i) => (i.relaxations.length ? `No article matched: ${describe(i)}; showing instead: ${i.relaxations.join('; ')}.` : null),
    }),
  }),
});

interface HitShape {
  hit: ArticleHitRow;
  node: { id: number };
  entities: InterpretedEntity[];
  /**
   * Why every hit of the page matched: one statement for the page, run once, when asked for;
   * with the words and phrases searched for, which the explanation's term indexes refer to.
   */
  explain: () => Promise<{ byArticle: Map<number, MatchExplanation>; terms: string[] }>;
}

type EntityMatchShape = EntityMatchRow & { entity: InterpretedEntity };
type TermMatchShape = TermMatchRow & { label: string };
interface MatchReasonShape {
  entities: EntityMatchShape[];
  terms: TermMatchShape[];
}

const EntityMatchRef = builder.objectRef<EntityMatchShape>('EntityMatch');
EntityMatchRef.implement({
  description: 'How a hit mentions an entity of the query.',
  fields: (t) => ({
    entity: t.field({ type: Entity, description: 'The entity.', resolve: (m) => ({ id: m.entity.id, kind: m.entity.kind, name: m.entity.name, slug: m.entity.slug }) as never }),
    mentionCount: t.exposeInt('mentionCount', { description: 'How often the article names it.' }),
    inHeadline: t.boolean({ description: 'Whether the headline names it.', resolve: (m) => m.inTitle }),
    salience: t.exposeFloat('salience', { description: 'How much the article is about it, 0 to 1 (see ArticleEntity.salience).' }),
    sentence: t.exposeString('sentence', { nullable: true, description: 'The first sentence of the body that names it.' }),
  }),
});

const TermMatchRef = builder.objectRef<TermMatchShape>('TermMatch');
TermMatchRef.implement({
  description: 'How a hit matches a word or phrase of the query (stemmed, as the search matched it).',
  fields: (t) => ({
    term: t.string({ description: 'The word or phrase, as in SearchInterpretation.terms ("econom*" for a stem).', resolve: (m) => m.label }),
    sentenceCount: t.exposeInt('sentenceCount', { description: 'How many sentences of the body match it.' }),
    inHeadline: t.boolean({ description: 'Whether the headline matches it.', resolve: (m) => m.inTitle }),
  }),
});

const times = (n: number) => (n === 1 ? 'once' : `${n}×`);

/** "mentions North Korea (3×, in the headline) · 'sanctions' in 2 sentences" */
function summarise({ entities, terms }: MatchReasonShape): string {
  const parts = entities.map((e) => `mentions ${e.entity.name} (${times(e.mentionCount)}${e.inTitle ? ', in the headline' : ''})`);
  for (const term of terms) {
    const where = [...(term.inTitle ? ['the headline'] : []), ...(term.sentenceCount ? [`${term.sentenceCount} sentence${term.sentenceCount === 1 ? '' : 's'}`] : [])];
    parts.push(`'${term.label}' in ${where.join(' and ')}`);
  }
  return parts.join(' · ');
}

const MatchReasonRef = builder.objectRef<MatchReasonShape>('MatchReason');
MatchReasonRef.implement({
  description: 'Why a hit matched: the entities of the query it mentions and the words it contains.',
  fields: (t) => ({
    entities: t.field({ type: [EntityMatchRef], description: 'The entities of the query the article mentions, in query order.', resolve: (r) => r.entities }),
    terms: t.field({ type: [TermMatchRef], description: 'The words and phrases of the query the article matches, in query order.', resolve: (r) => r.terms }),
    summary: t.string({
      description: `One line for the user, e.g. "mentions North Korea (3×, in the headline) · 'sanctions' in 2 sentences".`,
      resolve: summarise,
    }),
  }),
});

const ArticleHit = builder.objectRef<HitShape>('ArticleHit');
ArticleHit.implement({
  description: 'An article found by `search`, with why it matched.',
  fields: (t) => ({
    article: t.field({ type: Article, description: 'The article.', resolve: (h) => h.node }),
    score: t.float({ nullable: true, description: 'Relevance, higher is better: with text, negated bm25 times (0.25 + the salience of the recognised entities, when there are any); with entities only, how much the article is about them (salience, 0 to 1); null under NEWEST and OLDEST.', resolve: (h) => h.hit.score }),
    snippet: t.string({
      nullable: true,
      description: 'The matched text with the matched terms highlighted; null when the query had no text (see Article.snippet for the lead).',
      args: {
        highlight: t.arg({ type: HighlightInput, description: 'Markers around matched terms. Default <mark>…</mark>.' }),
      },
      resolve: (h, args) => (h.hit.snippet === null ? null : highlightMatches(h.hit.snippet, args.highlight)),
    }),
    duplicates: t.field({
      type: HitDuplicates,
      description: 'The matching near-duplicates this hit stands for: each group of near-duplicates is shown once, by its best-ranked member.',
      resolve: (h) => ({ totalCount: h.hit.duplicateCount }),
    }),
    why: t.field({
      type: MatchReasonRef,
      description: 'Why it matched: mentions of the entities of the query and the sentences matching its words. One statement for the whole page.',
      resolve: async (h) => {
        const { byArticle, terms } = await h.explain();
        const explanation = byArticle.get(h.hit.id) ?? { entities: [], terms: [] };
        const byId = new Map(h.entities.map((e) => [e.id, e]));
        return {
          entities: explanation.entities.flatMap((m) => (byId.has(m.entityId) ? [{ ...m, entity: byId.get(m.entityId)! }] : [])),
          terms: explanation.terms.map((m) => ({ ...m, label: terms[m.term]! })),
        };
      },
    }),
    matchedEntities: t.field({
      type: [Entity],
      description: 'The recognised entities this article mentions.',
      resolve: (h) =>
        h.entities.filter((e) => e.role !== 'none' && h.hit.matchedEntityIds.includes(e.id)).map((e) => ({ id: e.id, kind: e.kind, name: e.name, slug: e.slug })) as never,
    }),
  }),
});

interface SearchConnectionShape extends ArticlePageShape<{ cursor: string; node: HitShape }> {
  interpretation: InterpretationShape;
}

const SearchConnection = builder.connectionObject<typeof ArticleHit, SearchConnectionShape, { list: true; items: false }, true>(
  {
    name: 'SearchConnection',
    type: ArticleHit,
    ...articlePageConnectionOptions,
    description: 'Search results with their interpretation, facets and timeline.',
    edgesField: { description: 'The hits of this page.' },
    fields: (t) => ({
      interpretation: t.field({ type: InterpretationRef, description: 'How the query was understood.', resolve: (c) => c.interpretation }),
      ...articlePageFields(t, 'How many articles match in all; with collapseDuplicates (the default), each group of near-duplicates counts once.'),
    }),
  },
  { name: 'SearchEdge', description: 'A search hit with its cursor.', nodeField: { description: 'The hit.' } },
);

builder.queryField('search', (t) =>
  t.field({
    type: SearchConnection,
    description:
      'Search as you would ask: "articles mentioning North Korea and sanctions", "news about Putin and Kim Jong Un in Pyongyang", "DPRK sanctions". Entity names become entity filters, the rest full text; `or` and `not`/`without` are honoured.',
    args: {
      query: t.arg.string({ required: true, description: 'The question, in plain words; quoted phrases, OR, NOT, prefix* and NEAR() also work.' }),
      strict: t.arg.boolean({
        defaultValue: false,
        description: 'Return exactly what the strict reading finds, even nothing. By default a reading that finds nothing is relaxed step by step (see SearchInterpretation.relaxed).',
      }),
      ...collapseDuplicatesArgs,
      ...articlePageArgs,
    },
    resolve: async (_root, args, ctx, info) => {
      // Every size limit before any work: the interpretation is linear, but only over bounded text.
      pageSize(args.first);
      try {
        checkLength(args.query);
      } catch (error) {
        if (!(error instanceof QuerySyntaxError)) throw error;
        throw badUserInput(`query is too long: at most ${MAX_QUERY_CHARS} characters.`, { argument: 'query', limit: MAX_QUERY_CHARS });
      }
      const interpretation = await interpretQuery(ctx.db, ctx.resolutions, args.query, (i) => matchExpression(i.text));
      const match = matchExpression(interpretation.text);
      const parsed = interpretation.text ? parseTextQuery(interpretation.text) : null;
      const criteria: ArticleCriteria = {
        ...entityConditions(interpretation.entities),
        parts: namedParts(interpretation.entities),
        match,
        sameSentence: false,
        sources: [],
        publishedAfter: null,
        publishedBefore: null,
      };
      const page = (c: ArticleCriteria, entities: InterpretedEntity[]) =>
        resolveArticleConnection(ctx, info, c, args, {
          matchEntityIds: entities.filter((e) => e.role !== 'none').map((e) => e.id),
          collapseDuplicates: args.collapseDuplicates ?? true,
          nodePath: ['edges', 'node', 'article'],
          planned: (where) => t.drizzleQueryFromInfo('articles', { context: ctx, info, path: ['edges', 'node', 'article'], columns: { id: true }, where }),
        });
      // A cursor from a relaxed page may not fit the strict reading's order: then that page is
      // empty for the strict reading, and the probe below decides (it checks the strict one first).
      type ConnectionShape = Awaited<ReturnType<typeof page>>;
      let connection: ConnectionShape | null;
      let cursorError: unknown = null;
      try {
        connection = await page(criteria, interpretation.entities);
      } catch (error) {
        if (args.strict || !args.after || !(error instanceof InvalidCursorError)) throw error;
        [connection, cursorError] = [null, error];
      }
      let steps: string[] = [];
      let entities = interpretation.entities;
      let text = interpretation.text;
      // Never a silent zero: an empty page (that was asked for) tries looser readings. Paging on
      // (`after`) past the strict reading's end is not empty: the probe checks the strict one first.
      const ranPage = ['edges', 'pageInfo', 'totalCount'].some((field) => selectsField(info, field));
      const isEmpty = (c: ConnectionShape) => c.edges.length === 0 && !c.pageInfo.hasNextPage;
      if (!connection || (!args.strict && ranPage && isEmpty(connection))) {
        // The first looser reading is asked directly (one extra statement, the usual case); only
        // when it finds nothing too does one probe pick the first of the rest that finds something.
        // Paging on, the probe must also say whether the strict reading has articles.
        const levels = relaxations(interpretation, criteria);
        const use = async (i: number, found?: ConnectionShape) => {
          const level = levels[i]!;
          [connection, steps, entities, text] = [found ?? (await page(level.criteria, level.entities)), level.steps, level.entities, level.text];
        };
        if (args.after) {
          const i = (await firstNonEmpty(ctx.db, [criteria, ...levels.map((l) => l.criteria)])) - 1;
          if (i >= 0) await use(i);
        } else if (levels.length) {
          const first = await page(levels[0]!.criteria, levels[0]!.entities);
          if (!isEmpty(first)) await use(0, first);
          else if (levels.length > 1) {
            const rest = await firstNonEmpty(ctx.db, levels.slice(1).map((l) => l.criteria));
            if (rest >= 0) await use(rest + 1);
          }
        }
      }
      if (!connection) throw cursorError;
      const found: ConnectionShape = connection;
      let explained: ReturnType<HitShape['explain']> | null = null;
      const explain = () =>
        (explained ??= (async () => {
          // The words as searched (relaxing may have changed them); a text can parse to nothing.
          const searched = text ? parseTextQuery(text) : null;
          const termItems = searched ? queryTermItems(searched) : [];
          const byArticle = await explainMatches(
            ctx.db,
            found.edges.map((e) => e.hit.id),
            entities.filter((e) => e.role !== 'none').map((e) => e.id),
            termItems.map((t) => toFtsMatch(t.query)),
          );
          return { byArticle, terms: termItems.map((t) => t.label) };
        })());
      return {
        ...found,
        interpretation: { ...interpretation, terms: parsed ? queryTerms(parsed) : [], relaxations: steps },
        edges: found.edges.map(({ cursor, hit, node }) => ({ cursor, node: { hit, node, entities, explain } })),
      };
    },
  }),
);
