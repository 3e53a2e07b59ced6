import type { Database } from '../../src/db/database.ts';
import { ResolutionCache } from '../../src/search/resolution-cache.ts';
import { createYogaApp, type YogaAppOptions } from '../../src/yoga.ts';
import { sendGraphQL } from './request.ts';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, any>; path?: string[] }[];
}

/**
 * Runs an operation through the real Yoga app in-process (`yoga.fetch`), as the yoga examples test.
 * `execute.resolutions` is the app's resolution cache (clear it to measure a cold request).
 */
export function graphqlClient(db: Database, options: Omit<YogaAppOptions<Record<string, unknown>>, 'database' | 'resolutions'> = {}) {
  const resolutions = new ResolutionCache();
  const yoga = createYogaApp({ ...options, database: () => db, resolutions: () => resolutions });
  return Object.assign(execute, { resolutions });
  async function execute<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<GraphQLResponse<T>> {
    const { body } = await sendGraphQL((url, init) => yoga.fetch(url, init), 'http://localhost/graphql', { query, variables }, headers);
    return body as GraphQLResponse<T>;
  }
}
