import type { Database } from '../../src/db/database.ts';
import { createYogaApp } from '../../src/yoga.ts';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, any>; path?: string[] }[];
}

/** Runs an operation through the real Yoga app in-process (`yoga.fetch`), as the yoga examples test. */
export function graphqlClient(db: Database) {
  const yoga = createYogaApp({ database: () => db });
  return async function execute<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResponse<T>;
  };
}
