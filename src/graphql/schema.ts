import { builder } from './builder.ts';
import './date-time.ts';
import './entity.ts';
import './country.ts';
import './person.ts';
import './organization.ts';
import './mention.ts';
import './article-entity.ts';
import './facets.ts';
import './article.ts';
import './article-filter.ts';
import './article-connection.ts';
import './search.ts';
import './story.ts';
import './ingest.ts';
import './source.ts';

builder.queryType({ description: 'The newsgraph API: articles and the people, countries and organisations they mention.' });
builder.mutationType({ description: 'Changes to the data; each needs an API key with the right scope.' });

export const schema = builder.toSchema({ sortSchema: false });
