import { builder } from './builder.ts';
import { Entity, entityLookupField } from './entity.ts';
import { globalIdFromRow } from './loaded-fields.ts';

export const Person = builder.drizzleNode('entities', {
  variant: 'Person',
  description: 'A person named in articles. Short forms seen in articles ("Putin", "Mr. Kim") are aliases.',
  interfaces: [Entity],
  id: { column: (entity) => entity.id, extensions: globalIdFromRow('id') },
  select: { columns: { id: true, kind: true } },
  fields: () => ({}),
});

entityLookupField('person', 'person', Person, {
  field: 'One person by name, alias, slug or global ID ("Vladimir Putin", "putin", "vladimir-putin").',
  ref: 'Name, alias, slug or global ID.',
});
