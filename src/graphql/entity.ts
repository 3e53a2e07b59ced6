import DataLoader from 'dataloader';
import { normalizeAlias } from '../db/normalize.ts';
import type { EntityKind } from '../db/schema.ts';
import type { GraphQLResolveInfo } from 'graphql';
import { maxRelatedBatch, relatedEntities, searchEntities, type EntityRow, type RelatedRow } from '../search/aggregations.ts';
import type { DrizzleRef } from '@pothos/plugin-drizzle';
import { builder } from './builder.ts';
import { checkListArgument, checkReferenceLength } from './input-limits.ts';
import { badUserInput } from './errors.ts';
import { resolveEntityReferences } from './node-lookup.ts';
import type { Context } from './context.ts';

export const EntityKindEnum = builder.enumType('EntityKind', {
  description: 'What an entity is.',
  values: {
    COUNTRY: { value: 'country', description: 'An ISO 3166-1 country.' },
    PERSON: { value: 'person', description: 'A person.' },
    ORGANIZATION: { value: 'organization', description: 'A company, agency, party or other organisation.' },
  } as const,
});

const typeNames: Record<EntityKind, string> = { country: 'Country', person: 'Person', organization: 'Organization' };

export interface RelatedEntityShape {
  entity: EntityRow;
  count: number;
  pmi: number;
}

export const RelatedEntity = builder.objectRef<RelatedEntityShape>('RelatedEntity');

// One loader per request and argument set: `related` under a list of entities runs one statement.
const relatedLoaders = new WeakMap<Context, Map<string, DataLoader<number, RelatedEntityShape[]>>>();
function relatedLoader(ctx: Context, kind: EntityKind | null, first: number) {
  const loaders = relatedLoaders.get(ctx) ?? new Map<string, DataLoader<number, RelatedEntityShape[]>>();
  relatedLoaders.set(ctx, loaders);
  const key = `${kind}:${first}`;
  let loader = loaders.get(key);
  if (!loader) {
    loader = new DataLoader(async (ids: readonly number[]) => {
      const rows = await relatedEntities(ctx.db, ids, kind, first);
      const byEntity = new Map<number, RelatedEntityShape[]>(ids.map((id) => [id, []]));
      for (const { entityId, count, pmi, ...entity } of rows as RelatedRow[]) byEntity.get(entityId)?.push({ entity, count, pmi });
      return ids.map((id) => byEntity.get(id)!);
    }, { maxBatchSize: maxRelatedBatch });
    loaders.set(key, loader);
  }
  return loader;
}

/** The most articles one page of an entity's `articles` may hold (src/graphql/article.ts defines the field). */
export const maxEntityPageSize = 100;

export const Entity = builder.drizzleInterface('entities', {
  variant: 'Entity',
  description: 'Something articles mention: a country, person or organisation. Every name an entity goes by is an alias.',
  interfaces: [builder.nodeInterfaceRef()],
  select: { columns: { id: true, kind: true } },
  resolveType: (entity) => typeNames[entity.kind],
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The canonical name, e.g. "North Korea" or "Kim Jong Un".' }),
    slug: t.exposeString('slug', { description: 'A URL-safe key, unique per kind, e.g. "kim-jong-un". Accepted wherever an entity reference is.' }),
    kind: t.field({ type: EntityKindEnum, description: 'Country, person or organisation.', resolve: (entity) => entity.kind }),
    aliases: t.stringList({
      description: 'Every name this entity is known by, as written: names, codes, capitals, demonyms, short forms.',
      select: { with: { aliases: { columns: { text: true }, orderBy: { text: 'asc' } } } },
      resolve: (entity) => entity.aliases.map((a) => a.text),
    }),
    articleCount: t.exposeInt('articleCount', { description: 'How many articles mention this entity.' }),
    related: t.field({
      type: [RelatedEntity],
      description:
        'The entities most often mentioned in the same articles as this one, with the co-mention count and pointwise mutual information.',
      args: {
        kind: t.arg({ type: EntityKindEnum, description: 'Only entities of this kind.' }),
        first: t.arg.int({ defaultValue: 10, description: 'How many, 1 to 100.' }),
      },
      resolve: async (entity, args, ctx, info) => {
        const first = checkListArgument('first', args.first ?? 10, 1, 100);
        const rows = await relatedLoader(ctx, args.kind ?? null, first).load(entity.id);
        // The related statement read every column of the entities: Pothos does not load them again.
        const entities = await entitiesForSelection(t, ctx, info, ['entity'], rows.map((row) => row.entity));
        return rows.map((row) => ({ ...row, entity: entities.get(row.entity.id)! }));
      },
    }),
  }),
});

/** What entitiesForSelection needs of a field builder: Pothos's query for a selection. */
interface SelectionQueries {
  drizzleQueryFromInfo(
    type: typeof Entity,
    options: { context: Context; info: GraphQLResolveInfo; path: string[] },
  ): unknown;
}

/**
 * Entity rows an aggregate statement already read (every column of `entities`), handed to the
 * fields selected beneath `path` of the field `info` resolves. Asking Pothos for the selection's
 * query records that the rows were loaded by it; when that query reads nothing but columns, the
 * rows carry them all and no statement runs. A selection that needs more (aliases, related,
 * articles) is loaded for every row in one statement, as Pothos would.
 */
export async function entitiesForSelection(
  t: SelectionQueries,
  ctx: Context,
  info: GraphQLResolveInfo,
  path: string[],
  rows: EntityRow[],
): Promise<Map<number, EntityRow>> {
  const byId = new Map(rows.map((row) => [row.id, row]));
  if (!rows.length) return byId;
  const query = (await t.drizzleQueryFromInfo(Entity, { context: ctx, info, path })) as { with?: object; extras?: object };
  if (!Object.keys(query.with ?? {}).length && !Object.keys(query.extras ?? {}).length) return byId;
  const loaded = await ctx.db.query.entities.findMany({ ...(query as object), where: { id: { in: [...byId.keys()] } } });
  return new Map(loaded.map((row) => [row.id, row as EntityRow]));
}

/** Resolves a reference argument of `country(ref)`, `person(ref)` or `organization(ref)` to an entity id. */
export async function entityIdForRef(ctx: Context, kind: EntityKind, ref: string): Promise<number> {
  checkReferenceLength('ref', ref);
  const [entity] = await resolveEntityReferences(ctx, [{ kind, ref }]);
  return entity!.id;
}

type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;

/** `country(ref:)`, `person(ref:)`, `organization(ref:)`: one entity of a kind by any of its names. */
export function entityLookupField(
  name: string,
  kind: EntityKind,
  type: DrizzleRef<BuilderTypes, 'entities'>,
  descriptions: { field: string; ref: string },
): void {
  builder.queryField(name, (t) =>
    t.drizzleField({
      type,
      description: descriptions.field,
      args: { ref: t.arg.string({ required: true, description: descriptions.ref }) },
      resolve: async (query, _root, { ref }, ctx) => {
        const id = await entityIdForRef(ctx, kind, ref);
        return (await ctx.db.query.entities.findFirst(query({ where: { id } })))!;
      },
    }),
  );
}

RelatedEntity.implement({
  description: 'An entity co-mentioned with another.',
  fields: (t) => ({
    entity: t.field({ type: Entity, description: 'The co-mentioned entity.', resolve: (row) => row.entity as never }),
    count: t.exposeInt('count', { description: 'Articles that mention both.' }),
    pmi: t.exposeFloat('pmi', {
      description: 'Pointwise mutual information, ln(P(both) / (P(this) × P(that))) over articles: above 0 means they appear together more than chance.',
    }),
  }),
});

export const EntityHit = builder.objectRef<{ entity: { id: number; kind: EntityKind }; matchedAlias: string; articleCount: number }>('EntityHit');
EntityHit.implement({
  description: 'An autocomplete suggestion.',
  fields: (t) => ({
    entity: t.field({ type: Entity, description: 'The entity.', resolve: (hit) => hit.entity as never }),
    kind: t.field({ type: EntityKindEnum, description: 'Its kind.', resolve: (hit) => hit.entity.kind }),
    matchedAlias: t.exposeString('matchedAlias', { description: 'The name or alias that matched what was typed, e.g. "DPRK".' }),
    articleCount: t.exposeInt('articleCount', { description: 'Articles that mention it, to tell namesakes apart.' }),
  }),
});

builder.queryField('entities', (t) =>
  t.field({
    type: [EntityHit],
    description: 'Autocomplete: entities whose name or an alias starts with `search` ("dprk", "pyong", "kim j"), most-mentioned first.',
    args: {
      search: t.arg.string({ required: true, description: 'What the user typed so far; case, accents and punctuation are ignored.' }),
      kinds: t.arg({ type: [EntityKindEnum], description: 'Only these kinds.' }),
      first: t.arg.int({ defaultValue: 10, description: 'How many, 1 to 100.' }),
    },
    resolve: async (_root, args, ctx) => {
      const first = checkListArgument('first', args.first ?? 10, 1, 100);
      checkReferenceLength('search', args.search);
      const prefix = normalizeAlias(args.search);
      if (!prefix) return [];
      const rows = await searchEntities(ctx.db, prefix, args.kinds ?? [], first);
      return rows.map(({ matchedAlias, articleCount, ...entity }) => ({ entity, matchedAlias, articleCount }));
    },
  }),
);
