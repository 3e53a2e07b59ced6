import { builder } from './builder.ts';
import { Entity, entityIdForRef } from './entity.ts';

export const Person = builder.drizzleNode('entities', {
  variant: 'Person',
  description: 'A person named in articles. Short forms seen in articles ("Putin", "Mr. Kim") are aliases.',
  interfaces: [Entity],
  id: { column: (entity) => entity.id },
  select: { columns: { id: true, kind: true } },
  fields: () => ({}),
});

builder.queryField('person', (t) =>
  t.drizzleField({
    type: Person,
    description: 'One person by name, alias, slug or global ID ("Vladimir Putin", "putin", "vladimir-putin").',
    args: { ref: t.arg.string({ required: true, description: 'Name, alias, slug or global ID.' }) },
    resolve: async (query, _root, { ref }, ctx) => {
      const id = await entityIdForRef(ctx, 'person', ref);
      return (await ctx.db.query.entities.findFirst(query({ where: { id } })))!;
    },
  }),
);
