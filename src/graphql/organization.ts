import { builder } from './builder.ts';
import { Entity, entityIdForRef } from './entity.ts';

export const Organization = builder.drizzleNode('entities', {
  variant: 'Organization',
  description: 'An organisation named in articles: agencies, companies, parties, international bodies.',
  interfaces: [Entity],
  id: { column: (entity) => entity.id },
  select: { columns: { id: true, kind: true } },
  fields: () => ({}),
});

builder.queryField('organization', (t) =>
  t.drizzleField({
    type: Organization,
    description: 'One organisation by name, alias, slug or global ID ("United Nations", "UN").',
    args: { ref: t.arg.string({ required: true, description: 'Name, alias, slug or global ID.' }) },
    resolve: async (query, _root, { ref }, ctx) => {
      const id = await entityIdForRef(ctx, 'organization', ref);
      return (await ctx.db.query.entities.findFirst(query({ where: { id } })))!;
    },
  }),
);
