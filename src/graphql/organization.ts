import { builder } from './builder.ts';
import { Entity, entityLookupField } from './entity.ts';
import { globalIdFromRow } from './loaded-fields.ts';

export const Organization = builder.drizzleNode('entities', {
  variant: 'Organization',
  description: 'An organisation named in articles: agencies, companies, parties, international bodies.',
  interfaces: [Entity],
  id: { column: (entity) => entity.id, extensions: globalIdFromRow('id') },
  select: { columns: { id: true, kind: true } },
  fields: () => ({}),
});

entityLookupField('organization', 'organization', Organization, {
  field: 'One organisation by name, alias, slug or global ID ("United Nations", "UN").',
  ref: 'Name, alias, slug or global ID.',
});
