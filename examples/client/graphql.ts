// gql.tada, set up for the newsgraph schema: `graphql(…)` documents are typed from
// graphql-env.d.ts, which `npm run client:types` generates from schema/schema.graphql.
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  // DateTime travels as an ISO-8601 string.
  scalars: { DateTime: string };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
