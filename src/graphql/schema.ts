import { builder } from './builder.ts';
import './date-time.ts';
import './entity.ts';
import './country.ts';
import './person.ts';
import './organization.ts';
import './mention.ts';
import './article.ts';
import './facets.ts';
import './search.ts';

builder.queryType({ description: 'The newsgraph API: articles and the people, countries and organisations they mention.' });

export const schema = builder.toSchema({ sortSchema: false });
