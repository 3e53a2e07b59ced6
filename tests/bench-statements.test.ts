import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchQueries } from '../scripts/bench-queries.ts';
import { createTestDatabase, ingestFixtureArticles, type TestDatabase } from './helpers/database.ts';
import { graphqlClient } from './helpers/graphql.ts';

// The statement counts `npm run bench` prints, asserted: each benchmark query (scripts/bench-queries.ts)
// sends exactly the statements listed there, the first time (references not yet cached) and after.
// Lower the numbers there when a change saves one. (tests/statements.test.ts covers page sizes.)
let test: TestDatabase;
let execute: ReturnType<typeof graphqlClient>;

beforeAll(async () => {
  test = await createTestDatabase();
  await ingestFixtureArticles(test.db);
  execute = graphqlClient(test.db);
});
afterAll(() => test.close());

describe('SQL statements per benchmark query', () => {
  async function statementsFor(query: string): Promise<number> {
    test.statements.length = 0;
    const result = await execute(query);
    expect(result.errors).toBeUndefined();
    return test.statements.length;
  }

  for (const { key, query, statements, cold, why } of benchQueries) {
    it(`${key}: ${statements}, ${cold} the first time (${why})`, async () => {
      execute.resolutions.clear();
      expect(await statementsFor(query)).toBe(cold);
      expect(await statementsFor(query)).toBe(statements);
    });
  }
});
