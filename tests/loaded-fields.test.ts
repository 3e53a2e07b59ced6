import { readFileSync } from 'node:fs';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { GraphQLInterfaceType, GraphQLObjectType, type GraphQLField, type GraphQLResolveInfo } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowKeysOnlySelect } from '../src/graphql/loaded-fields.ts';
import { schema } from '../src/graphql/schema.ts';
import { createTestDatabase, ingestFixtureArticles, type TestDatabase } from './helpers/database.ts';
import { graphqlClient } from './helpers/graphql.ts';

// src/graphql/loaded-fields.ts answers fields from the row that holds their data, skipping plugin-drizzle's
// per-row wrapper. It relies on that wrapper's behaviour in the versions below and on the field
// extension it reads; a new version must be checked against the wrapper (esm/index.js,
// wrapResolve) before these are raised.
const checkedVersions = { '@pothos/plugin-drizzle': '0.20.0', '@pothos/selection-mapper': '0.1.0' };

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
  await ingestFixtureArticles(test.db);
});
afterAll(() => test.close());

/** A query's answer when asked again (the first request plans it), checked to have no errors and to take one statement. */
async function repeatedAnswer(query: string) {
  const execute = graphqlClient(test.db);
  await execute(query);
  test.statements.length = 0;
  const result = await execute(query);
  expect(result.errors).toBeUndefined();
  expect(test.statements.length).toBe(1); // the page and its nodes in one statement, as without this plugin
  return result;
}

const field = (type: string, name: string) => (schema.getType(type) as GraphQLObjectType).getFields()[name] as GraphQLField<unknown, unknown>;

describe('Fields answered from the row', () => {
  it('rely on the plugin-drizzle and selection-mapper versions whose wrapper was checked', () => {
    for (const [name, version] of Object.entries(checkedVersions)) {
      const manifest = readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8');
      expect(`${name}@${JSON.parse(manifest).version}`).toBe(`${name}@${version}`);
    }
  });

  it('are the fields whose drizzle select names columns and extras only, and relations', () => {
    const select = (type: string, name: string) => rowKeysOnlySelect(field(type, name).extensions.pothosDrizzleSelect);
    expect(select('Article', 'title')).toEqual(['title']);
    expect(select('Article', 'publishedAt')).toEqual(['publishedAt']);
    expect(select('Country', 'code')).toEqual(['code']);
    expect(select('Country', 'officialName')).toEqual(['officialName', 'name']);
    expect(select('Person', 'name')).toEqual(['name']);
    expect(select('Article', 'countries')).toBeNull();
    expect(select('Article', 'snippet')).toEqual(['lead']);
    expect(select('Entity', 'aliases')).toBeNull();
    // A relation: plugin-drizzle's own check of whether the row holds it, which the plugin reuses.
    expect(typeof field('Article', 'countries').extensions.pothosDrizzleLoaded).toBe('function');
  });

  it("answer with the database's values, in the statements of before", async () => {
    const result = await repeatedAnswer(/* GraphQL */ `{
      articles(first: 10, orderBy: OLDEST) { edges { node { title publishedAt countries { code name officialName } people { name } } } }
    }`);
    const articles = await test.db.query.articles.findMany({
      columns: { title: true, publishedAt: true },
      with: { countries: { columns: { code: true, name: true, officialName: true }, orderBy: { name: 'asc' } }, people: { columns: { name: true }, orderBy: { name: 'asc' } } },
      orderBy: { publishedAt: 'asc', id: 'asc' },
    });
    expect(result.data.articles.edges.map((e: { node: unknown }) => e.node)).toEqual(
      articles.map((a) => ({
        title: a.title,
        publishedAt: a.publishedAt,
        countries: a.countries.map((c) => ({ code: c.code ?? '', name: c.name, officialName: c.officialName ?? c.name })),
        people: a.people,
      })),
    );
  });

  it('leave a relation to plugin-drizzle when a field beneath it needs what the plan recorded', async () => {
    // aliases is a relation of its own: the plan loads it in the same statement, and the
    // countries beneath each article must find the plan's mapping to read it from there.
    const result = await repeatedAnswer(/* GraphQL */ `{
      articles(first: 10, orderBy: OLDEST) { edges { node { countries { ... on Entity { name aliases } } people { name } } } }
    }`);
    const articles = await test.db.query.articles.findMany({
      columns: {},
      with: {
        countries: { columns: { name: true }, orderBy: { name: 'asc' }, with: { aliases: { columns: { text: true }, orderBy: { text: 'asc' } } } },
        people: { columns: { name: true }, orderBy: { name: 'asc' } },
      },
      orderBy: { publishedAt: 'asc', id: 'asc' },
    });
    expect(result.data.articles.edges.map((e: { node: unknown }) => e.node)).toEqual(
      articles.map((a) => ({ countries: a.countries.map((c) => ({ name: c.name, aliases: c.aliases.map((x) => x.text) })), people: a.people })),
    );
  });
});

describe("Nodes' global IDs", () => {
  it('are made from the row without a promise, in the text plugin-relay writes, for every node type', () => {
    const nodes = schema.getPossibleTypes(schema.getType('Node') as GraphQLInterfaceType);
    expect(nodes.map((type) => type.name).sort()).toEqual(['Article', 'Country', 'Organization', 'Person', 'Story']);
    for (const type of nodes) {
      const id = type.getFields().id!.resolve!({ id: 4217 }, {}, {}, {} as GraphQLResolveInfo);
      expect(id).toBe(encodeGlobalID(type.name, '4217'));
    }
  });
});
