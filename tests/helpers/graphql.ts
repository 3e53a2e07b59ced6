import type { Database } from '../../src/db/database.ts';
import { createYogaApp, type YogaAppOptions } from '../../src/yoga.ts';
import { sendGraphQL } from './request.ts';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, any>; path?: string[] }[];
}

/** Runs an operation through the real Yoga app in-process (`yoga.fetch`), as the yoga examples test. */
export function graphqlClient(db: Database, options: Omit<YogaAppOptions<Record<string, unknown>>, 'database'> = {}) {
  const yoga = createYogaApp({ ...options, database: () => db });
  return async function execute<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<T>> {
    const { body } = await sendGraphQL((url, init) => yoga.fetch(url, init), 'http://localhost/graphql', { query, variables }, headers);
    return body as GraphQLResponse<T>;
  };
}
