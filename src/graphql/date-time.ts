import { builder } from './builder.ts';
import { badUserInput } from './errors.ts';

const isoDateTime = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

builder.scalarType('DateTime', {
  description: 'An ISO-8601 date or date-time, e.g. `2024-09-13` or `2024-09-13T08:00:00Z`. Output is always UTC date-time.',
  serialize: (value) => value,
  parseValue: (value) => {
    const time = typeof value === 'string' && isoDateTime.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(time)) throw badUserInput(`Invalid DateTime ${JSON.stringify(value)}: use ISO-8601, e.g. 2024-09-13.`);
    return new Date(time).toISOString();
  },
});
