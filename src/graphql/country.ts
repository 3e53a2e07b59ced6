import { builder } from './builder.ts';
import { Entity, entityLookupField } from './entity.ts';
import { globalIdFromRow } from './loaded-fields.ts';

export const Country = builder.drizzleNode('entities', {
  variant: 'Country',
  description: 'An ISO 3166-1 country. Its aliases include official names, ISO codes, capitals and demonyms.',
  interfaces: [Entity],
  id: { column: (entity) => entity.id, extensions: globalIdFromRow('id') },
  select: { columns: { id: true, kind: true } },
  fields: (t) => ({
    code: t.string({
      description: 'ISO 3166-1 alpha-2 code, e.g. "KP".',
      select: { columns: { code: true } },
      resolve: (country) => country.code ?? '',
    }),
    code3: t.string({
      description: 'ISO 3166-1 alpha-3 code, e.g. "PRK".',
      select: { columns: { code3: true } },
      resolve: (country) => country.code3 ?? '',
    }),
    officialName: t.string({
      description: 'The official name, e.g. "Democratic People\'s Republic of Korea".',
      select: { columns: { officialName: true, name: true } },
      resolve: (country) => country.officialName ?? country.name,
    }),
  }),
});

entityLookupField('country', 'country', Country, {
  field: 'One country by name, alias, ISO code, slug or global ID ("DPRK", "KP", "north-korea").',
  ref: 'Name, alias, ISO code, slug or global ID.',
});
