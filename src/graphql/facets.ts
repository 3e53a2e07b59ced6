import type { ObjectFieldBuilder } from '@pothos/core';
import { getArgumentValues, type GraphQLObjectType, type GraphQLResolveInfo } from 'graphql';
import type { ArticleCriteria } from '../search/article-search.ts';
import { articleFacets, maxFacetSize, timeline, timelineIntervals, type FacetRow, type FacetSizes } from '../search/aggregations.ts';
import { builder, type PothosTypes } from './builder.ts';
import { Entity, entitiesForSelection } from './entity.ts';
import { checkListArgument } from './input-limits.ts';
import { selectedFields } from './selection.ts';

type Aggregatable = { criteria: ArticleCriteria };

interface FacetsShape extends Aggregatable {
  /** Every facet asked for, fetched once, in one statement, however many of them are asked for. */
  rows: () => Promise<FacetRow[]>;
}

export const EntityCount = builder.objectRef<{ entity: { id: number }; count: number }>('EntityCount');
EntityCount.implement({
  description: 'An entity and the number of matching articles that mention it.',
  fields: (t) => ({
    entity: t.field({ type: Entity, description: 'The entity.', resolve: (row) => row.entity as never }),
    count: t.exposeInt('count', { description: 'Matching articles that mention it.' }),
  }),
});

export const SourceCount = builder.objectRef<{ source: string; count: number }>('SourceCount');
SourceCount.implement({
  description: 'A source and the number of matching articles from it.',
  fields: (t) => ({
    source: t.exposeString('source', { description: 'The source, as stored on articles.' }),
    count: t.exposeInt('count', { description: 'Matching articles from it.' }),
  }),
});

export const ArticleFacets = builder.objectRef<FacetsShape>('ArticleFacets');
ArticleFacets.implement({
  description: 'Counts over the whole result set, not just the page. Every facet asked for comes from one SQL statement.',
  fields: (t) => {
    const entityFacetField = (kind: 'country' | 'person' | 'organization', description: string) =>
      t.field({
        type: [EntityCount],
        description,
        args: { first: t.arg.int({ defaultValue: 10, description: 'How many, 1 to 100.' }) },
        resolve: async (facets, args, ctx, info) => {
          const size = checkListArgument('first', args.first ?? 10, 1, maxFacetSize);
          const rows = (await facets.rows()).flatMap((row) => (row.facet === 'entity' && row.entity.kind === kind ? [row] : [])).slice(0, size);
          const entities = await entitiesForSelection(t, ctx, info, ['entity'], rows.map((row) => row.entity));
          return rows.map(({ entity, count }) => ({ entity: entities.get(entity.id)!, count }));
        },
      });
    return {
      countries: entityFacetField('country', 'The countries mentioned most across the matching articles.'),
      people: entityFacetField('person', 'The people mentioned most across the matching articles.'),
      organizations: entityFacetField('organization', 'The organisations mentioned most across the matching articles.'),
      sources: t.field({
        type: [SourceCount],
        description: 'The sources with the most matching articles.',
        args: { first: t.arg.int({ defaultValue: 10, description: 'How many, 1 to 100.' }) },
        resolve: async (facets, args) => {
          const size = checkListArgument('first', args.first ?? 10, 1, maxFacetSize);
          return (await facets.rows()).flatMap((row) => (row.facet === 'source' ? [{ source: row.source, count: row.count }] : [])).slice(0, size);
        },
      }),
    };
  },
});

export const TimelineIntervalEnum = builder.enumType('TimelineInterval', {
  description: 'The width of a timeline bucket.',
  values: Object.fromEntries(timelineIntervals.map((value) => [value, { description: `One bucket per ${value.toLowerCase()}${value === 'WEEK' ? ' (weeks start on Monday)' : ''}.` }])) as Record<
    (typeof timelineIntervals)[number],
    { description: string }
  >,
});

export const TimelineBucket = builder.objectRef<{ start: string; count: number }>('TimelineBucket');
TimelineBucket.implement({
  description: 'Matching articles published in one period.',
  fields: (t) => ({
    start: t.field({ type: 'DateTime', description: 'The first day of the period (UTC).', resolve: (b) => `${b.start}T00:00:00.000Z` }),
    count: t.exposeInt('count', { description: 'Matching articles published in it.' }),
  }),
});

const facetFields = { countries: 'country', people: 'person', organizations: 'organization', sources: 'source' } as const;

/**
 * How many rows of each facet the selection under `facets` asks for (the largest `first` when
 * aliases ask more than once; 0 when not asked), so the statement returns no more rows than are
 * shown. A `first` out of range is clamped here and refused by the field's own resolver.
 */
function facetSizes(info: GraphQLResolveInfo): FacetSizes {
  const type = info.schema.getType(ArticleFacets.name) as GraphQLObjectType;
  const sizes: FacetSizes = {};
  for (const [field, facet] of Object.entries(facetFields)) {
    const firsts = selectedFields(info, field).map((node) => Number(getArgumentValues(type.getFields()[field]!, node, info.variableValues).first ?? 10));
    sizes[facet] = firsts.length ? Math.min(Math.max(1, ...firsts), maxFacetSize) : 0;
  }
  return sizes;
}

/** `facets` and `timeline` for any connection whose parent carries its criteria. */
export function aggregationFields<Parent extends Aggregatable>(t: ObjectFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<PothosTypes>, Parent>) {
  return {
    facets: t.field({
      type: ArticleFacets,
      description: 'Entity and source counts over every matching article.',
      resolve: (parent, _args, ctx, info) => {
        let rows: Promise<FacetRow[]> | undefined;
        const sizes = facetSizes(info);
        const parts = { entities: (['country', 'person', 'organization'] as const).some((kind) => sizes[kind]! > 0), sources: sizes.source! > 0 };
        return { criteria: parent.criteria, rows: () => (rows ??= articleFacets(ctx.db, parent.criteria, parts, sizes)) };
      },
    }),
    timeline: t.field({
      type: [TimelineBucket],
      description: 'How many matching articles were published per period (undated articles are left out).',
      args: { interval: t.arg({ type: TimelineIntervalEnum, required: true, defaultValue: 'MONTH', description: 'Bucket width.' }) },
      resolve: (parent, args, ctx) => timeline(ctx.db, parent.criteria, args.interval),
    }),
  };
}
