import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/auth/api-keys.ts';
import { extractMentions } from '../src/ingest/extract.ts';
import { ingestArticles } from '../src/ingest/ingest.ts';
import { createTestDatabase, ingestFixtureArticles, type TestDatabase } from './helpers/database.ts';
import { graphqlClient } from './helpers/graphql.ts';

let test: TestDatabase;
let execute: ReturnType<typeof graphqlClient>;

beforeAll(async () => {
  test = await createTestDatabase();
  await ingestFixtureArticles(test.db);
  execute = graphqlClient(test.db, { ingest: (db, inputs) => ingestArticles(db, inputs, { extract: extractMentions }) });
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
    // one: the ranked page of ids and the nodes with everything nested beneath them
    expect(five).toHaveLength(1);
  });

  it('Article.entities over a page, ranked by salience, does not grow with page size', async () => {
    const query = (first: number) => `{
      articles(where: { countries: ["Japan"] }, first: ${first}) {
        edges { score node { title entities(first: 5) { entity { name } mentionCount inTitle salience } } }
      }
    }`;
    await statementsFor(query(1)); // resolves "Japan" once
    const one = await statementsFor(query(1));
    const five = await statementsFor(query(5));
    expect(five).toHaveLength(one.length);
    expect(five).toHaveLength(1); // the page ranked by salience and its nodes with their entities
  });

  it('the North Korea + sanctions query takes one once "North Korea" is resolved: the page with its count and its nodes', async () => {
    const query = `{
      articles(where: { countries: ["North Korea"], text: "sanctions" }, first: 10) {
        totalCount edges { node { title snippet countries { code } people { name } } }
      }
    }`;
    execute.resolutions.clear();
    expect(await statementsFor(query)).toHaveLength(2); // the first time, one more resolves the reference
    expect(await statementsFor(query)).toHaveLength(1);
  });

  it('an ingest through the API forgets resolved references, so new aliases take effect at once', async () => {
    await statementsFor(`{ articles(where: { people: ["Putin"] }) { totalCount } }`);
    const { key } = await createApiKey(test.db, { name: 'ingest', scopes: ['ingest'] });
    const ingested = await execute(
      `mutation($input: [ArticleInput!]!) { ingestArticles(input: $input) { status } }`,
      { input: [{ title: 'Another Putin story', body: 'Vladimir Putin spoke in Moscow on Monday.' }] },
      { authorization: `Bearer ${key}` },
    );
    expect(ingested.data?.ingestArticles).toEqual([{ status: 'CREATED' }]);
    const statements = await statementsFor(`{ articles(where: { people: ["Putin"] }) { totalCount } }`);
    expect(statements[0]).toMatch(/FROM aliases/);
  });
});
