import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { criteriaFromFilter } from '../src/graphql/article-filter.ts';
import type { Context } from '../src/graphql/context.ts';
import { findArticlePage, highlightClose, highlightOpen } from '../src/search/article-search.ts';
import { ResolutionCache } from '../src/search/resolution-cache.ts';
import { createTestDatabase, ingestFixtureArticles, type TestDatabase } from './helpers/database.ts';
import { graphqlClient } from './helpers/graphql.ts';

// src/graphql/node-query.ts plans a page's node query once per document, field, variables and
// page size. A document's second and later requests must answer exactly as its first did.
let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
  await ingestFixtureArticles(test.db);
});
afterAll(() => test.close());

/** The answer of an app that has never seen the document (so it plans it now), as JSON text. */
const firstTime = async (query: string, variables: Record<string, unknown>) => JSON.stringify(await graphqlClient(test.db)(query, variables));

const articlesQuery = /* GraphQL */ `
  query Page($text: String, $first: Int, $after: String, $entities: Int, $withPeople: Boolean!) {
    articles(where: { text: $text }, first: $first, after: $after, orderBy: NEWEST) {
      edges {
        node {
          title
          snippet(length: 60)
          people @include(if: $withPeople) { name }
          entities(first: $entities) { entity { name } salience }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
    again: articles(first: 2) { edges { node { countries { name } } } }
  }
`;

const searchQuery = /* GraphQL */ `
  query Search($query: String!, $first: Int) {
    search(query: $query, first: $first) {
      edges { node { article { title countries { code } } } }
    }
  }
`;

describe('Node queries planned once per document', () => {
  it('answer as a first request does, whatever the variables, page sizes and selections that vary with them', async () => {
    const execute = graphqlClient(test.db);
    const cases: Record<string, unknown>[] = [
      { text: null, first: 3, entities: 2, withPeople: true },
      { text: null, first: 3, entities: 2, withPeople: true },
      { text: null, first: 3, entities: 1, withPeople: false },
      { text: null, first: 5, entities: 2, withPeople: true },
      { text: 'sanctions', first: 4, entities: 3, withPeople: false },
    ];
    // The fixture's 4 articles in pages of 3: the second page has one row, a smaller statement.
    const firstPage = await execute(articlesQuery, cases[0]!);
    expect(firstPage.data.articles.pageInfo.hasNextPage).toBe(true);
    cases.push({ text: null, first: 3, after: firstPage.data.articles.pageInfo.endCursor, entities: 2, withPeople: true });
    for (const variables of cases) {
      const answer = JSON.stringify(await execute(articlesQuery, variables));
      expect(answer).not.toMatch(/"errors"/);
      expect(answer).toBe(await firstTime(articlesQuery, variables));
    }
    for (const query of ['North Korea sanctions', 'Germany', 'North Korea sanctions']) {
      const variables = { query, first: 3 };
      expect(JSON.stringify(await execute(searchQuery, variables))).toBe(await firstTime(searchQuery, variables));
    }
  });

  it('answer requests with large variables (planned each time, not kept) as a first request does', async () => {
    const execute = graphqlClient(test.db);
    const query = /* GraphQL */ `query Sources($sources: [String!]) { articles(where: { sources: $sources }, first: 3) { edges { node { title people { name } } } } }`;
    const padding = Array.from({ length: 40 }, (_, i) => `${'Unknown Source '.repeat(8)}${i}`);
    const variables = { sources: ['Fixture Wire', ...padding, 'Daily Fixture'] };
    expect(JSON.stringify(variables).length).toBeGreaterThan(4096);
    const expected = await firstTime(query, variables);
    expect(JSON.parse(expected).data.articles.edges).toHaveLength(3);
    expect(JSON.stringify(await execute(query, variables))).toBe(expected);
    expect(JSON.stringify(await execute(query, variables))).toBe(expected);
  });

  it('answer concurrent requests of one document each with its own rows', async () => {
    const execute = graphqlClient(test.db);
    const cases = [1, 2, 3, 4].map((first) => ({ text: null, first, entities: first, withPeople: first % 2 === 0 }));
    const expected = await Promise.all(cases.map((variables) => firstTime(articlesQuery, variables)));
    await execute(articlesQuery, cases[0]!);
    const answers = await Promise.all(cases.map(async (variables) => JSON.stringify(await execute(articlesQuery, variables))));
    expect(answers).toEqual(expected);
  });

  it('send the same statements the first time and after', async () => {
    const execute = graphqlClient(test.db);
    const variables = { text: 'sanctions', first: 3, entities: 2, withPeople: true };
    const statements = async () => {
      test.statements.length = 0;
      expect((await execute(articlesQuery, variables)).errors).toBeUndefined();
      return [...test.statements];
    };
    const first = await statements();
    // Both `articles` fields: each the page of ids and the nodes with everything nested beneath them.
    expect(first).toHaveLength(2);
    expect(await statements()).toEqual(first);
    expect(await statements()).toEqual(first);
  });
});

describe('A page and its nodes in one statement', () => {
  // The page statement runs inside the node statement (src/graphql/node-query.ts): every page must
  // be the one the page statement gives alone, each edge with its own article's row.
  const pageQuery = /* GraphQL */ `
    query Page($where: ArticleFilter, $first: Int, $after: String, $order: ArticleOrder, $collapse: Boolean) {
      articles(where: $where, first: $first, after: $after, orderBy: $order, collapseDuplicates: $collapse) {
        totalCount
        edges { cursor score duplicates { totalCount } node { id title publishedAt snippet(length: 1000) } }
        pageInfo { hasNextPage endCursor }
      }
    }
  `;
  type Page = {
    totalCount: number;
    edges: { cursor: string; score: number | null; duplicates: { totalCount: number }; node: { id: string; title: string; publishedAt: string | null; snippet: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
  const filters = [{ text: 'sanctions' }, { countries: ['North Korea'] }, { countries: ['North Korea'], text: 'sanctions' }, {}];

  it('answers every page, order and size with the rows of the page statement alone, each hit with its own article', async () => {
    const execute = graphqlClient(test.db);
    const ctx = { db: test.db, resolutions: new ResolutionCache() } as Context;
    const articleOf = async (id: number) =>
      (await test.db.all<{ title: string; publishedAt: string | null }>(sql`SELECT title, published_at AS publishedAt FROM articles WHERE id = ${id}`))[0]!;
    let pages = 0;
    for (const where of filters) {
      const criteria = await criteriaFromFilter(ctx, where);
      for (const order of ['RELEVANCE', 'NEWEST', 'OLDEST'] as const) {
        for (const [first, collapse] of [[1, true], [2, false], [3, true]] as const) {
          let after: string | null = null;
          do {
            const response: { data?: { articles: Page }; errors?: unknown } = await execute(pageQuery, { where, first, after, order, collapse });
            expect(response.errors).toBeUndefined();
            const expected = await findArticlePage(test.db, criteria, { first, after, order, withTotal: true, collapseDuplicates: collapse });
            const articles = response.data!.articles;
            expect(articles.totalCount).toBe(expected.totalCount);
            expect(articles.pageInfo.hasNextPage).toBe(expected.hasNextPage);
            expect(articles.edges.map((e) => e.cursor)).toEqual(expected.hits.map((h) => h.cursor));
            for (const [i, edge] of articles.edges.entries()) {
              const hit = expected.hits[i]!;
              expect(edge.score).toBe(hit.score);
              expect(edge.duplicates.totalCount).toBe(hit.duplicateCount);
              expect(atob(edge.node.id)).toBe(`Article:${hit.id}`);
              const article = await articleOf(hit.id);
              expect(edge.node.title).toBe(article.title);
              expect(edge.node.publishedAt).toBe(article.publishedAt ? new Date(article.publishedAt).toISOString() : null);
              if (hit.snippet) expect(edge.node.snippet).toBe(hit.snippet.replaceAll(highlightOpen, '<mark>').replaceAll(highlightClose, '</mark>'));
            }
            after = articles.pageInfo.hasNextPage ? articles.pageInfo.endCursor : null;
            pages++;
          } while (after);
        }
      }
    }
    expect(pages).toBeGreaterThan(40);
  });

  it('answer a repeated page as the first time, its statement kept by criteria and page (src/graphql/article-connection.ts)', async () => {
    const execute = graphqlClient(test.db);
    const query = `query($after: String) { articles(first: 2, after: $after, orderBy: NEWEST) { totalCount edges { cursor node { title } } pageInfo { endCursor hasNextPage } } }`;
    const first = await execute(query, { after: null });
    const after = first.data.articles.pageInfo.endCursor;
    const second = await execute(query, { after });
    expect(second.data.articles.totalCount).toBe(first.data.articles.totalCount);
    expect(second.data.articles.edges[0].cursor).not.toBe(first.data.articles.edges[0].cursor);
    for (let i = 0; i < 2; i++) {
      expect(await execute(query, { after: null })).toEqual(first);
      expect(await execute(query, { after })).toEqual(second);
    }
  });
});

describe('Per-row columns made only when a selected field reads them', () => {
  // A snippet tokenizes the article's text for each row shown, and a search hit's matched entities
  // read its links: the combined statement leaves them NULL when nothing beneath the field asks.
  const statementOf = async (execute: ReturnType<typeof graphqlClient>, query: string) => {
    test.statements.length = 0;
    const response = await execute(query);
    expect(response.errors).toBeUndefined();
    // The page and its nodes (a search also reads its question's words the first time).
    const combined = test.statements.filter((statement) => statement.startsWith('WITH page AS'));
    expect(combined).toHaveLength(1);
    return { data: response.data, sql: combined[0]! };
  };
  const makesSnippets = (sql: string) => sql.includes('snippet(articles_fts');
  const readsMatched = (sql: string) => sql.includes('group_concat(entity_id)');

  it('makes snippets only for a selection that has one, at any depth, through fragments and aliases', async () => {
    const execute = graphqlClient(test.db);
    const without = await statementOf(execute, `{ articles(where: { text: "sanctions" }, orderBy: NEWEST) { edges { node { title } } } }`);
    expect(makesSnippets(without.sql)).toBe(false);
    expect(without.data.articles.edges.length).toBeGreaterThan(0);
    const asked = [
      `{ articles(where: { text: "sanctions" }, orderBy: NEWEST) { edges { node { title snippet } } } }`,
      `{ articles(where: { text: "sanctions" }, orderBy: NEWEST) { edges { node { title s: snippet(length: 400) } } } }`,
      `{ articles(where: { text: "sanctions" }, orderBy: NEWEST) { ...Page } } fragment Page on ArticleConnection { edges { node { title ...Lead } } } fragment Lead on Article { snippet }`,
      `{ articles(where: { text: "sanctions" }, orderBy: NEWEST) { edges { node { title ... on Article { snippet @include(if: true) } } } } }`,
    ];
    for (const query of asked) {
      const { data, sql } = await statementOf(execute, query);
      expect(makesSnippets(sql)).toBe(true);
      const snippets = data.articles.edges.map((e: { node: Record<string, string> }) => e.node.snippet ?? e.node.s);
      expect(snippets.length).toBe(without.data.articles.edges.length);
      // The match highlighted, not the lead an article shows without a text match.
      for (const snippet of snippets) expect(snippet, query).toMatch(/<mark>sanction/i);
    }
  });

  it("reads a search hit's snippet and matched entities only when selected, the same either way", async () => {
    const execute = graphqlClient(test.db);
    const bare = await statementOf(execute, `{ search(query: "North Korea sanctions") { edges { node { article { title } } } } }`);
    expect(makesSnippets(bare.sql)).toBe(false);
    expect(readsMatched(bare.sql)).toBe(false);
    const hitSnippet = await statementOf(execute, `{ search(query: "North Korea sanctions") { edges { node { snippet article { title } } } } }`);
    expect(makesSnippets(hitSnippet.sql)).toBe(true);
    expect(readsMatched(hitSnippet.sql)).toBe(false);
    const articleSnippet = await statementOf(execute, `{ search(query: "North Korea sanctions") { edges { node { article { title snippet } } } } }`);
    expect(makesSnippets(articleSnippet.sql)).toBe(true);
    const matched = await statementOf(execute, `{ search(query: "North Korea sanctions") { edges { node { article { title } matchedEntities { name } } } } }`);
    expect(makesSnippets(matched.sql)).toBe(false);
    expect(readsMatched(matched.sql)).toBe(true);
    const titles = (data: any) => data.search.edges.map((e: any) => e.node.article.title);
    expect(titles(hitSnippet.data)).toEqual(titles(bare.data));
    expect(titles(matched.data)).toEqual(titles(bare.data));
    for (const edge of hitSnippet.data.search.edges) expect(edge.node.snippet).toMatch(/<mark>sanction/i);
    for (const edge of articleSnippet.data.search.edges) expect(edge.node.article.snippet).toMatch(/<mark>sanction/i);
    for (const edge of matched.data.search.edges) expect(edge.node.matchedEntities).toEqual([{ name: 'North Korea' }]);
  });
});
