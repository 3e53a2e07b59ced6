import { sql } from 'drizzle-orm';
import type { EntityKind } from '../db/schema.ts';
import { resolveEntityRefs } from '../search/entity-refs.ts';
import { builder } from './builder.ts';
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
    // Counted with an extra rather than t.relatedCount: plugin-drizzle 0.20's count of a `through`
    // relation renders broken SQL on drizzle 1.0.0-rc.5.
    articleCount: t.int({
      description: 'How many articles mention this entity.',
      select: {
        extras: { articleCount: (entities) => sql<number>`(SELECT count(*) FROM article_entities WHERE entity_id = ${entities.id})` },
      },
      resolve: (entity) => entity.articleCount,
    }),
    articles: t.relatedConnection('articles', {
      description: 'Articles that mention this entity, newest first. Their number is `articleCount`.',
      query: {
        extras: { sortKey: (articles) => sql<string>`coalesce(${articles.publishedAt}, '')` },
        orderBy: { sortKey: 'desc', id: 'desc' },
      },
    }),
  }),
});

/** Resolves a reference argument of `country(ref)`, `person(ref)` or `organization(ref)` to an entity id. */
export async function entityIdForRef(ctx: Context, kind: EntityKind, ref: string): Promise<number> {
  const [entity] = await resolveEntityRefs(ctx.db, [{ kind, ref }]);
  return entity!.id;
}
