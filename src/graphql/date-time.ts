import { parseIsoDate } from '../ingest/validate.ts';
import { builder } from './builder.ts';
import { badUserInput } from './errors.ts';

builder.scalarType('DateTime', {
  description:
    'An ISO-8601 date or date-time, e.g. `2024-09-13` or `2024-09-13T08:00:00Z` (UTC when no offset is given); impossible dates such as `2024-02-30` are rejected. Output is always UTC date-time.',
  serialize: (value) => value,
  parseValue: (value) => {
    const parsed = typeof value === 'string' ? parseIsoDate(value) : null;
    if (parsed === null) throw badUserInput(`Invalid DateTime ${JSON.stringify(value)}: use a real ISO-8601 date, e.g. 2024-09-13.`);
    return parsed;
  },
});
