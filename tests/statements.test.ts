import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractMentions } from '../src/ingest/extract.ts';
import { ingestArticles } from '../src/ingest/ingest.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { graphqlClient } from './helpers/graphql.ts';

let test: TestDatabase;
let execute: ReturnType<typeof graphqlClient>;

beforeAll(async () => {
  test = await createTestDatabase();
  await ingestArticles(test.db, JSON.parse(readFileSync(new URL('./fixtures/articles.json', import.meta.url), 'utf8')), {
    extract: extractMentions,
  });
  execute = graphqlClient(test.db);
});
afterAll(() => test.close());

/** Runs a query and returns the SQL statements it sent. */
async function statementsFor(query: string): Promise<string[]> {
  test.statements.length = 0;
  const result = await execute(query);
  expect(result.errors).toBeUndefined();
  return [...test.statements];
}

const nested = (first: number) => /* GraphQL */ `{
  articles(first: ${first}, orderBy: NEWEST) {
    edges { node { title countries { code articleCount articles(first: 3) { edges { node { title people { name } } } } } } }
  }
}`;

describe('SQL statements per request', () => {
  it('articles → countries → articles does not grow with page size (no N+1)', async () => {
    const one = await statementsFor(nested(1));
    const five = await statementsFor(nested(5));
    expect(five).toHaveLength(one.length);
    // one for the ranked page of ids, one for the nodes with everything nested beneath them
    expect(five).toHaveLength(2);
  });

  it('the North Korea + sanctions query takes three: resolve references, the page, the nodes', async () => {
    const statements = await statementsFor(`{
      articles(where: { countries: ["North Korea"], text: "sanctions" }, first: 10) {
        totalCount edges { node { title snippet countries { code } people { name } } }
      }
    }`);
    expect(statements).toHaveLength(3);
  });
});
