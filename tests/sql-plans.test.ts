import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractMentions } from '../src/ingest/extract.ts';
import { ingestArticles } from '../src/ingest/ingest.ts';
import { articleFacets, relatedEntities, timeline } from '../src/search/aggregations.ts';
import { findArticlePage, type ArticleCriteria } from '../src/search/article-search.ts';
import { interpretQuery } from '../src/search/natural-language.ts';
import { parseTextQuery, toFtsMatch } from '../src/search/query-language.ts';
import { ResolutionCache } from '../src/search/resolution-cache.ts';
import { findStoryPage } from '../src/search/story-search.ts';
import { exampleQuery } from '../src/yoga.ts';
import { createTestDatabase, ingestFixtureArticles, type TestDatabase } from './helpers/database.ts';
import { graphqlClient } from './helpers/graphql.ts';

// The query plans of the key statements, as inline snapshots (as Pothos's drizzle tests keep their
// SQL): a change of index use, a new scan or temp B-tree shows in review. Each statement is
// captured as drizzle sends it (the helper's query listener, as in statements.test.ts) and planned
// with its own parameters on the real libSQL fixture database.
let test: TestDatabase;
let sent: { sql: string; params: unknown[] }[] = [];
const entity = new Map<string, number>();

beforeAll(async () => {
  test = await createTestDatabase({ onQuery: (text, params) => sent.push({ sql: text, params }) });
  await ingestFixtureArticles(test.db);
  const stories = JSON.parse(readFileSync(new URL('./fixtures/story-articles.json', import.meta.url), 'utf8')) as Record<string, object>;
  await ingestArticles(test.db, Object.values(stories), { extract: extractMentions });
  for (const row of await test.db.all<{ id: number; name: string }>(sql`SELECT id, name FROM entities WHERE article_count > 0`)) entity.set(row.name, row.id);
}, 60_000);
afterAll(() => test.close());

const id = (name: string) => {
  const value = entity.get(name);
  if (value === undefined) throw new Error(`no entity ${name}`);
  return value;
};
const none: ArticleCriteria = { allOf: [], noneOf: [], match: null, sameSentence: false, sources: [], publishedAfter: null, publishedBefore: null };
const text = (query: string) => toFtsMatch(parseTextQuery(query)!);

/** The plan of every statement `run` sends, as the sqlite3 shell draws it. */
async function plansOf(run: () => Promise<unknown>): Promise<string> {
  sent = [];
  await run();
  const statements = sent;
  sent = [];
  const plans: string[] = [];
  for (const statement of statements) {
    const result = await test.db.$client.execute({ sql: `EXPLAIN QUERY PLAN ${statement.sql}`, args: statement.params as never });
    const rows = result.rows as unknown as { id: number; parent: number; detail: string }[];
    const depth = new Map<number, number>([[0, 0]]);
    const lines = rows.map((row) => {
      const level = (depth.get(row.parent) ?? 0) + 1;
      depth.set(row.id, level);
      return `${'  '.repeat(level - 1)}${row.detail}`;
    });
    plans.push(lines.join('\n'));
  }
  return plans.join('\n---\n');
}

describe('query plans of the key statements', () => {
  it('headline page, RELEVANCE, near-duplicates collapsed (what `articles` and `search` do by default)', async () => {
    // Each match's group is one seek into the partial index of articles that joined a group (a LEFT
    // JOIN); the match runs once, and the rows sharing a group are gathered once (`grouped`), after
    // `counts` (the matches, and those that joined a group, in one scan) says there are any.
    const criteria = { ...none, allOf: [[id('North Korea')]], match: text('sanctions') };
    expect(await plansOf(() => findArticlePage(test.db, criteria, { first: 10, after: null, order: 'RELEVANCE', withTotal: true, collapseDuplicates: true }))).toMatchInlineSnapshot(`
      "CO-ROUTINE p
        MATERIALIZE ranked
          SCAN articles_fts VIRTUAL TABLE INDEX 0:M2
          SEARCH ae0 USING COVERING INDEX article_entities_entity_ranking_idx (entity_id=? AND article_id=?)
          SEARCH sg USING COVERING INDEX article_signatures_duplicate_idx (article_id=?) LEFT-JOIN
        SCAN r
        SCALAR SUBQUERY 11
          MATERIALIZE counts
            SCAN ranked
          SCAN counts
        LIST SUBQUERY 12
          MATERIALIZE grouped
            SCALAR SUBQUERY 4
              SCAN counts
            SCAN ranked
            LIST SUBQUERY 3
              SCAN ranked
          SCAN grouped
        CORRELATED SCALAR SUBQUERY 13
          BLOOM FILTER ON o (g=?)
          SEARCH o USING AUTOMATIC COVERING INDEX (g=?)
        USE TEMP B-TREE FOR ORDER BY
      SCAN p
      SCALAR SUBQUERY 6
        SCAN counts
      SCALAR SUBQUERY 7
        USE TEMP B-TREE FOR count(DISTINCT)
        SCAN grouped
      LIST SUBQUERY 8
        SCAN grouped
      CORRELATED SCALAR SUBQUERY 9
        BLOOM FILTER ON o (g=?)
        SEARCH o USING AUTOMATIC COVERING INDEX (g=?)
      CORRELATED SCALAR SUBQUERY 10
        SCAN articles_fts VIRTUAL TABLE INDEX 0:=M2
      USE TEMP B-TREE FOR ORDER BY"
    `);
  });

  it('the headline through GraphQL: one statement, the page materialised, then its nodes by primary key', async () => {
    // src/graphql/node-query.ts: the page statement above as a CTE; the node query (countries and
    // people for each row shown) reads its ids from it and seeks each article once; the snippets
    // are made last, for the rows shown only (not the one that says a next page exists).
    const execute = graphqlClient(test.db);
    expect((await execute(exampleQuery)).errors).toBeUndefined(); // references resolved, the node query planned
    expect(await plansOf(() => execute(exampleQuery))).toMatchInlineSnapshot(`
      "MATERIALIZE page
        CO-ROUTINE p
          MATERIALIZE ranked
            SCAN articles_fts VIRTUAL TABLE INDEX 0:M2
            SEARCH ae0 USING COVERING INDEX article_entities_entity_ranking_idx (entity_id=? AND article_id=?)
            SEARCH sg USING COVERING INDEX article_signatures_duplicate_idx (article_id=?) LEFT-JOIN
          SCAN r
          SCALAR SUBQUERY 10
            MATERIALIZE counts
              SCAN ranked
            SCAN counts
          LIST SUBQUERY 11
            MATERIALIZE grouped
              SCALAR SUBQUERY 4
                SCAN counts
              SCAN ranked
              LIST SUBQUERY 3
                SCAN ranked
            SCAN grouped
          CORRELATED SCALAR SUBQUERY 12
            BLOOM FILTER ON o (g=?)
            SEARCH o USING AUTOMATIC COVERING INDEX (g=?)
          USE TEMP B-TREE FOR ORDER BY
        SCAN p
        SCALAR SUBQUERY 6
          SCAN counts
        SCALAR SUBQUERY 7
          USE TEMP B-TREE FOR count(DISTINCT)
          SCAN grouped
        LIST SUBQUERY 8
          SCAN grouped
        CORRELATED SCALAR SUBQUERY 9
          BLOOM FILTER ON o (g=?)
          SEARCH o USING AUTOMATIC COVERING INDEX (g=?)
        USE TEMP B-TREE FOR ORDER BY
      SCAN page
      SEARCH d0 USING INTEGER PRIMARY KEY (rowid=?) LEFT-JOIN
      LIST SUBQUERY 21
        SCAN page
        USE TEMP B-TREE FOR ORDER BY
      CORRELATED SCALAR SUBQUERY 18
        CO-ROUTINE t
          SEARCH tr0 USING COVERING INDEX sqlite_autoindex_article_entities_1 (article_id=?)
          SEARCH d1 USING INTEGER PRIMARY KEY (rowid=?)
          USE TEMP B-TREE FOR ORDER BY
        SCAN t
      CORRELATED SCALAR SUBQUERY 20
        CO-ROUTINE t
          SEARCH tr0 USING COVERING INDEX sqlite_autoindex_article_entities_1 (article_id=?)
          SEARCH d1 USING INTEGER PRIMARY KEY (rowid=?)
          USE TEMP B-TREE FOR ORDER BY
        SCAN t
      CORRELATED SCALAR SUBQUERY 16
        SCAN articles_fts VIRTUAL TABLE INDEX 0:=M2
      USE TEMP B-TREE FOR ORDER BY"
    `);
  });

  it('headline page, RELEVANCE: a country and a text query', async () => {
    const criteria = { ...none, allOf: [[id('North Korea')]], match: text('sanctions') };
    expect(await plansOf(() => findArticlePage(test.db, criteria, { first: 10, after: null, order: 'RELEVANCE', withTotal: true }))).toMatchInlineSnapshot(`
      "CO-ROUTINE p
        MATERIALIZE ranked
          SCAN articles_fts VIRTUAL TABLE INDEX 0:M2
          SEARCH ae0 USING COVERING INDEX article_entities_entity_ranking_idx (entity_id=? AND article_id=?)
        SCAN r
        USE TEMP B-TREE FOR ORDER BY
      SCAN p
      SCALAR SUBQUERY 2
        SCAN ranked
      CORRELATED SCALAR SUBQUERY 3
        SCAN articles_fts VIRTUAL TABLE INDEX 0:=M2
      USE TEMP B-TREE FOR ORDER BY"
    `);
  });

  it("one country, no text, by salience and newest first, near-duplicates collapsed: the entity's rows walked in the page's order, group members sought by key", async () => {
    const criteria = { ...none, allOf: [[id('North Korea')]] };
    const pages = (['RELEVANCE', 'NEWEST'] as const).map(
      (order) => () => findArticlePage(test.db, criteria, { first: 10, after: null, order, withTotal: true, collapseDuplicates: true }),
    );
    expect(`${await plansOf(pages[0]!)}\n---\n${await plansOf(pages[1]!)}`).toMatchInlineSnapshot(`
      "CO-ROUTINE p
        SEARCH ae USING INDEX article_entities_entity_salience_idx (entity_id=?)
        CORRELATED SCALAR SUBQUERY 9
          SEARCH s USING INTEGER PRIMARY KEY (rowid=?)
          SEARCH o USING COVERING INDEX article_signatures_group_idx (group_id=?)
          SEARCH x USING INDEX article_entities_entity_ranking_idx (entity_id=? AND article_id=? AND salience>?)
      SCAN p
      SCALAR SUBQUERY 1
        SEARCH entities USING INTEGER PRIMARY KEY (rowid=?)
      SCALAR SUBQUERY 3
        CO-ROUTINE (subquery-2)
          SCAN d USING COVERING INDEX article_signatures_duplicate_idx
          SEARCH x USING COVERING INDEX sqlite_autoindex_article_entities_1 (article_id=? AND entity_id=?)
        SCAN (subquery-2)
      SCALAR SUBQUERY 7
        CO-ROUTINE j
          SCAN d USING COVERING INDEX article_signatures_duplicate_idx
          SEARCH x USING COVERING INDEX sqlite_autoindex_article_entities_1 (article_id=? AND entity_id=?)
        USE TEMP B-TREE FOR count(DISTINCT)
        SCAN j
        CORRELATED SCALAR SUBQUERY 5
          SEARCH h USING COVERING INDEX sqlite_autoindex_article_entities_1 (article_id=? AND entity_id=?)
        CORRELATED SCALAR SUBQUERY 6
          SEARCH article_signatures USING INTEGER PRIMARY KEY (rowid=?)
      CORRELATED SCALAR SUBQUERY 8
        SEARCH s USING INTEGER PRIMARY KEY (rowid=?)
        SEARCH o USING COVERING INDEX article_signatures_group_idx (group_id=?)
        SEARCH x USING COVERING INDEX sqlite_autoindex_article_entities_1 (article_id=? AND entity_id=?)
      USE TEMP B-TREE FOR ORDER BY
      ---
      CO-ROUTINE p
        SEARCH ae USING INDEX article_entities_entity_newest_idx (entity_id=?)
        CORRELATED SCALAR SUBQUERY 9
          SEARCH s USING INTEGER PRIMARY KEY (rowid=?)
          SEARCH o USING COVERING INDEX article_signatures_group_idx (group_id=?)
          SEARCH x USING INDEX sqlite_autoindex_article_entities_1 (article_id=? AND entity_id=?)
      SCAN p
      SCALAR SUBQUERY 1
        SEARCH entities USING INTEGER PRIMARY KEY (rowid=?)
      SCALAR SUBQUERY 3
        CO-ROUTINE (subquery-2)
          SCAN d USING COVERING INDEX article_signatures_duplicate_idx
          SEARCH x USING COVERING INDEX sqlite_autoindex_article_entities_1 (article_id=? AND entity_id=?)
        SCAN (subquery-2)
      SCALAR SUBQUERY 7
        CO-ROUTINE j
          SCAN d USING COVERING INDEX article_signatures_duplicate_idx
          SEARCH x USING COVERING INDEX sqlite_autoindex_article_entities_1 (article_id=? AND entity_id=?)
        USE TEMP B-TREE FOR count(DISTINCT)
        SCAN j
        CORRELATED SCALAR SUBQUERY 5
          SEARCH h USING COVERING INDEX sqlite_autoindex_article_entities_1 (article_id=? AND entity_id=?)
        CORRELATED SCALAR SUBQUERY 6
          SEARCH article_signatures USING INTEGER PRIMARY KEY (rowid=?)
      CORRELATED SCALAR SUBQUERY 8
        SEARCH s USING INTEGER PRIMARY KEY (rowid=?)
        SEARCH o USING COVERING INDEX article_signatures_group_idx (group_id=?)
        SEARCH x USING COVERING INDEX sqlite_autoindex_article_entities_1 (article_id=? AND entity_id=?)
      USE TEMP B-TREE FOR ORDER BY"
    `);
  });

  it('two countries, newest first and by salience: read from the range of the one with fewer articles, the other sought per row', async () => {
    // One variant per entity; all but the smallest's run under LIMIT 0 (NEWEST) or read an empty range (SALIENCE).
    const criteria = { ...none, allOf: [[id('United States')], [id('North Korea')]] };
    expect(await plansOf(() => findArticlePage(test.db, criteria, { first: 10, after: null, order: 'NEWEST', withTotal: true }))).toMatchInlineSnapshot(`
      "MERGE (UNION ALL)
        LEFT
          CO-ROUTINE (subquery-6)
            CO-ROUTINE p
              SEARCH ae USING INDEX article_entities_entity_newest_idx (entity_id=?)
              CORRELATED SCALAR SUBQUERY 2
                SEARCH q USING COVERING INDEX article_entities_entity_ranking_idx (entity_id=? AND article_id=?)
            SCALAR SUBQUERY 5
              SEARCH entities USING INTEGER PRIMARY KEY (rowid=?)
              USE TEMP B-TREE FOR ORDER BY
            SCAN p
            SCALAR SUBQUERY 1
              SEARCH co_mentions USING PRIMARY KEY (entity_id=? AND other_id=?)
            USE TEMP B-TREE FOR ORDER BY
          SCAN (subquery-6)
          USE TEMP B-TREE FOR ORDER BY
        RIGHT
          CO-ROUTINE (subquery-13)
            CO-ROUTINE p
              SEARCH ae USING INDEX article_entities_entity_newest_idx (entity_id=?)
              CORRELATED SCALAR SUBQUERY 9
                SEARCH q USING COVERING INDEX article_entities_entity_ranking_idx (entity_id=? AND article_id=?)
            SCALAR SUBQUERY 12
              SEARCH entities USING INTEGER PRIMARY KEY (rowid=?)
              USE TEMP B-TREE FOR ORDER BY
            SCAN p
            SCALAR SUBQUERY 8
              SEARCH co_mentions USING PRIMARY KEY (entity_id=? AND other_id=?)
            USE TEMP B-TREE FOR ORDER BY
          SCAN (subquery-13)
          USE TEMP B-TREE FOR ORDER BY"
    `);
    expect(await plansOf(() => findArticlePage(test.db, criteria, { first: 10, after: null, order: 'RELEVANCE', withTotal: true }))).toMatchInlineSnapshot(`
      "CO-ROUTINE p
        MATERIALIZE ranked
          COMPOUND QUERY
            LEFT-MOST SUBQUERY
              SEARCH ae0 USING COVERING INDEX article_entities_entity_ranking_idx (entity_id=?)
              SCALAR SUBQUERY 1
                SEARCH entities USING INTEGER PRIMARY KEY (rowid=?)
                USE TEMP B-TREE FOR ORDER BY
              SEARCH a USING COVERING INDEX articles_id_published_source_idx (id=?)
              SEARCH ae1 USING COVERING INDEX article_entities_entity_ranking_idx (entity_id=? AND article_id=?)
            UNION ALL
              SEARCH ae1 USING COVERING INDEX article_entities_entity_ranking_idx (entity_id=?)
              SCALAR SUBQUERY 3
                SEARCH entities USING INTEGER PRIMARY KEY (rowid=?)
                USE TEMP B-TREE FOR ORDER BY
              SEARCH a USING COVERING INDEX articles_id_published_source_idx (id=?)
              SEARCH ae0 USING COVERING INDEX article_entities_entity_ranking_idx (entity_id=? AND article_id=?)
        SCAN r
        USE TEMP B-TREE FOR ORDER BY
      SCAN p
      SCALAR SUBQUERY 5
        SCAN ranked
      USE TEMP B-TREE FOR ORDER BY"
    `);
  });

  it('words alone, newest first, collapsed: counted from the doclist; the date index walked with a lookup per article, or the matches as a list', async () => {
    const criteria = { ...none, match: text('sanctions OR minister') };
    expect(await plansOf(() => findArticlePage(test.db, criteria, { first: 10, after: null, order: 'NEWEST', withTotal: true, collapseDuplicates: true }))).toMatchInlineSnapshot(`
      "MERGE (UNION ALL)
        LEFT
          MERGE (UNION ALL)
            LEFT
              CO-ROUTINE (subquery-31)
                MATERIALIZE probed
                  MATERIALIZE walked
                    SCALAR SUBQUERY 12
                      MATERIALIZE counts
                        SCAN articles_fts VIRTUAL TABLE INDEX 0:M2
                      SCAN counts
                    SCALAR SUBQUERY 13
                      SEARCH articles USING COVERING INDEX articles_id_published_source_idx
                    SCALAR SUBQUERY 14
                      SEARCH articles USING COVERING INDEX articles_id_published_source_idx
                    SCALAR SUBQUERY 15
                      SCAN counts
                    SCAN a USING COVERING INDEX articles_published_at_idx
                  SCAN a
                  CORRELATED SCALAR SUBQUERY 17
                    SCAN articles_fts VIRTUAL TABLE INDEX 0:=M2
                  LIST SUBQUERY 18
                    MATERIALIZE grouped
                      COMPOUND QUERY
                        LEFT-MOST SUBQUERY
                          MATERIALIZE joined_matches
                            SCALAR SUBQUERY 5
                              SCAN article_signatures USING COVERING INDEX article_signatures_duplicate_idx
                            SCAN articles_fts VIRTUAL TABLE INDEX 0:M2
                            LIST SUBQUERY 3
                              SCAN article_signatures USING COVERING INDEX article_signatures_duplicate_idx
                            SEARCH d USING COVERING INDEX article_signatures_duplicate_idx (article_id=?)
                          SCAN joined_matches
                        UNION ALL
                          CO-ROUTINE (subquery-10)
                            SCALAR SUBQUERY 9
                              SCAN joined_matches
                            SCAN articles_fts VIRTUAL TABLE INDEX 0:M2
                            LIST SUBQUERY 8
                              SCAN joined_matches
                          SCAN (subquery-10)
                    SCAN grouped
                  CORRELATED SCALAR SUBQUERY 19
                    BLOOM FILTER ON s (id=?)
                    SEARCH s USING AUTOMATIC COVERING INDEX (id=?)
                    BLOOM FILTER ON o (g=?)
                    SEARCH o USING AUTOMATIC COVERING INDEX (g=?)
                    SEARCH b USING COVERING INDEX articles_id_published_source_idx (id=?)
                SCALAR SUBQUERY 25
                  SCAN counts
                SCALAR SUBQUERY 26
                  SEARCH articles USING COVERING INDEX articles_id_published_source_idx
                SCALAR SUBQUERY 27
                  SCAN probed
                SCALAR SUBQUERY 28
                  SCAN walked
                SCALAR SUBQUERY 29
                  SEARCH articles USING COVERING INDEX articles_id_published_source_idx
                SCALAR SUBQUERY 30
                  SCAN counts
                SCAN probed
              SCAN (subquery-31)
              SCALAR SUBQUERY 21
                SCAN counts
              SCALAR SUBQUERY 22
                USE TEMP B-TREE FOR count(DISTINCT)
                SCAN grouped
              CORRELATED SCALAR SUBQUERY 23
                BLOOM FILTER ON s (id=?)
                SEARCH s USING AUTOMATIC COVERING INDEX (id=?)
                BLOOM FILTER ON o (g=?)
                SEARCH o USING AUTOMATIC COVERING INDEX (g=?)
              CORRELATED SCALAR SUBQUERY 24
                SCAN articles_fts VIRTUAL TABLE INDEX 0:=M2
              USE TEMP B-TREE FOR ORDER BY
            RIGHT
              CO-ROUTINE (subquery-44)
                SCALAR SUBQUERY 36
                  SCAN counts
                SCALAR SUBQUERY 37
                  SEARCH articles USING COVERING INDEX articles_id_published_source_idx
                SCALAR SUBQUERY 38
                  SCAN probed
                SCALAR SUBQUERY 39
                  SCAN walked
                SCALAR SUBQUERY 40
                  SEARCH articles USING COVERING INDEX articles_id_published_source_idx
                SCALAR SUBQUERY 41
                  SCAN counts
                SCALAR SUBQUERY 42
                  SCAN counts
                SCALAR SUBQUERY 43
                  SEARCH articles USING COVERING INDEX articles_id_published_source_idx
                SCAN a USING COVERING INDEX articles_published_at_idx
                LIST SUBQUERY 33
                  SCAN articles_fts VIRTUAL TABLE INDEX 0:M2
                LIST SUBQUERY 34
                  SCAN grouped
                CORRELATED SCALAR SUBQUERY 35
                  BLOOM FILTER ON s (id=?)
                  SEARCH s USING AUTOMATIC COVERING INDEX (id=?)
                  BLOOM FILTER ON o (g=?)
                  SEARCH o USING AUTOMATIC COVERING INDEX (g=?)
                  SEARCH b USING COVERING INDEX articles_id_published_source_idx (id=?)
              SCAN (subquery-44)
              SCALAR SUBQUERY 21
                SCAN counts
              SCALAR SUBQUERY 22
                USE TEMP B-TREE FOR count(DISTINCT)
                SCAN grouped
              CORRELATED SCALAR SUBQUERY 23
                BLOOM FILTER ON s (id=?)
                SEARCH s USING AUTOMATIC COVERING INDEX (id=?)
                BLOOM FILTER ON o (g=?)
                SEARCH o USING AUTOMATIC COVERING INDEX (g=?)
              CORRELATED SCALAR SUBQUERY 24
                SCAN articles_fts VIRTUAL TABLE INDEX 0:=M2
              USE TEMP B-TREE FOR ORDER BY
        RIGHT
          CO-ROUTINE (subquery-57)
            SCALAR SUBQUERY 49
              SCAN counts
            SCALAR SUBQUERY 50
              SEARCH articles USING COVERING INDEX articles_id_published_source_idx
            SCALAR SUBQUERY 51
              SCAN probed
            SCALAR SUBQUERY 52
              SCAN walked
            SCALAR SUBQUERY 53
              SEARCH articles USING COVERING INDEX articles_id_published_source_idx
            SCALAR SUBQUERY 54
              SCAN counts
            SCALAR SUBQUERY 55
              SCAN counts
            SCALAR SUBQUERY 56
              SEARCH articles USING COVERING INDEX articles_id_published_source_idx
            SEARCH a USING COVERING INDEX articles_id_published_source_idx (id=?)
            LIST SUBQUERY 46
              SCAN articles_fts VIRTUAL TABLE INDEX 0:M2
            LIST SUBQUERY 47
              SCAN grouped
            CORRELATED SCALAR SUBQUERY 48
              BLOOM FILTER ON s (id=?)
              SEARCH s USING AUTOMATIC COVERING INDEX (id=?)
              BLOOM FILTER ON o (g=?)
              SEARCH o USING AUTOMATIC COVERING INDEX (g=?)
              SEARCH b USING COVERING INDEX articles_id_published_source_idx (id=?)
            USE TEMP B-TREE FOR ORDER BY
          SCAN (subquery-57)
          SCALAR SUBQUERY 21
            SCAN counts
          SCALAR SUBQUERY 22
            USE TEMP B-TREE FOR count(DISTINCT)
            SCAN grouped
          CORRELATED SCALAR SUBQUERY 23
            BLOOM FILTER ON s (id=?)
            SEARCH s USING AUTOMATIC COVERING INDEX (id=?)
            BLOOM FILTER ON o (g=?)
            SEARCH o USING AUTOMATIC COVERING INDEX (g=?)
          CORRELATED SCALAR SUBQUERY 24
            SCAN articles_fts VIRTUAL TABLE INDEX 0:=M2
          USE TEMP B-TREE FOR ORDER BY"
    `);
  });

  it("same sentence: each matching article's mentions of the entity after its row is joined, or a list of all its mentions' articles", async () => {
    const criteria = { ...none, allOf: [[id('North Korea')]], match: text('sanctions'), sameSentence: true };
    expect(await plansOf(() => findArticlePage(test.db, criteria, { first: 10, after: null, order: 'RELEVANCE', withTotal: true }))).toMatchInlineSnapshot(`
      "CO-ROUTINE p
        MATERIALIZE ranked
          SCAN articles_fts VIRTUAL TABLE INDEX 0:M2
          SCALAR SUBQUERY 3
            CO-ROUTINE (subquery-2)
              SCALAR SUBQUERY 1
                SEARCH entities USING INTEGER PRIMARY KEY (rowid=?)
              SCAN sentences_fts VIRTUAL TABLE INDEX 0:M1
            SCAN (subquery-2)
          SCALAR SUBQUERY 4
            SEARCH entities USING INTEGER PRIMARY KEY (rowid=?)
          LIST SUBQUERY 6
            SEARCH m0 USING COVERING INDEX mentions_entity_article_idx (entity_id=?)
            SEARCH s USING COVERING INDEX sentences_article_idx (article_id=? AND idx=?)
            LIST SUBQUERY 5
              SCAN sentences_fts VIRTUAL TABLE INDEX 0:M1
          SEARCH ae0 USING COVERING INDEX article_entities_entity_ranking_idx (entity_id=? AND article_id=?)
          SCALAR SUBQUERY 9
            CO-ROUTINE (subquery-8)
              SCALAR SUBQUERY 7
                SEARCH entities USING INTEGER PRIMARY KEY (rowid=?)
              SCAN sentences_fts VIRTUAL TABLE INDEX 0:M1
            SCAN (subquery-8)
          SCALAR SUBQUERY 10
            SEARCH entities USING INTEGER PRIMARY KEY (rowid=?)
          CORRELATED SCALAR SUBQUERY 12
            SEARCH m0 USING COVERING INDEX mentions_entity_article_idx (entity_id=? AND article_id=?)
            SEARCH s USING COVERING INDEX sentences_article_idx (article_id=? AND idx=?)
            LIST SUBQUERY 11
              SCAN sentences_fts VIRTUAL TABLE INDEX 0:M1
        SCAN r
        USE TEMP B-TREE FOR ORDER BY
      SCAN p
      SCALAR SUBQUERY 14
        SCAN ranked
      CORRELATED SCALAR SUBQUERY 15
        SCAN articles_fts VIRTUAL TABLE INDEX 0:=M2
      USE TEMP B-TREE FOR ORDER BY"
    `);
  });

  it("one entity with words, newest first, no total: the entity's articles walked with a lookup per article, or the matches as a list", async () => {
    const criteria = { ...none, allOf: [[id('North Korea')]], match: text('sanctions OR minister') };
    expect(await plansOf(() => findArticlePage(test.db, criteria, { first: 10, after: null, order: 'NEWEST', withTotal: false, collapseDuplicates: true }))).toMatchInlineSnapshot(`
      "MERGE (UNION ALL)
        LEFT
          MERGE (UNION ALL)
            LEFT
              CO-ROUTINE (subquery-26)
                MATERIALIZE probed
                  MATERIALIZE walked
                    SEARCH ae USING INDEX article_entities_entity_newest_idx (entity_id=?)
                  SCAN a
                  CORRELATED SCALAR SUBQUERY 14
                    SCAN articles_fts VIRTUAL TABLE INDEX 0:=M2
                  LIST SUBQUERY 15
                    MATERIALIZE grouped
                      COMPOUND QUERY
                        LEFT-MOST SUBQUERY
                          MATERIALIZE joined_matches
                            SCALAR SUBQUERY 5
                              SCAN article_signatures USING COVERING INDEX article_signatures_duplicate_idx
                            SCAN articles_fts VIRTUAL TABLE INDEX 0:M2
                            LIST SUBQUERY 2
                              SCAN article_signatures USING COVERING INDEX article_signatures_duplicate_idx
                            SEARCH d USING COVERING INDEX article_signatures_duplicate_idx (article_id=?)
                            CORRELATED SCALAR SUBQUERY 3
                              SEARCH article_entities USING COVERING INDEX sqlite_autoindex_article_entities_1 (article_id=? AND entity_id=?)
                          SCAN joined_matches
                        UNION ALL
                          CO-ROUTINE (subquery-11)
                            SCALAR SUBQUERY 10
                              SCAN joined_matches
                            SCAN articles_fts VIRTUAL TABLE INDEX 0:M2
                            LIST SUBQUERY 8
                              SCAN joined_matches
                            CORRELATED SCALAR SUBQUERY 9
                              SEARCH article_entities USING COVERING INDEX sqlite_autoindex_article_entities_1 (article_id=? AND entity_id=?)
                          SCAN (subquery-11)
                    SCAN grouped
                  CORRELATED SCALAR SUBQUERY 16
                    BLOOM FILTER ON s (id=?)
                    SEARCH s USING AUTOMATIC COVERING INDEX (id=?)
                    BLOOM FILTER ON o (g=?)
                    SEARCH o USING AUTOMATIC COVERING INDEX (g=?)
                    SEARCH b USING COVERING INDEX articles_id_published_source_idx (id=?)
                SCALAR SUBQUERY 24
                  SCAN probed
                SCALAR SUBQUERY 25
                  SCAN walked
                SCAN probed
              SCAN (subquery-26)
              CORRELATED SCALAR SUBQUERY 22
                BLOOM FILTER ON s (id=?)
                SEARCH s USING AUTOMATIC COVERING INDEX (id=?)
                BLOOM FILTER ON o (g=?)
                SEARCH o USING AUTOMATIC COVERING INDEX (g=?)
              CORRELATED SCALAR SUBQUERY 23
                SCAN articles_fts VIRTUAL TABLE INDEX 0:=M2
              USE TEMP B-TREE FOR ORDER BY
            RIGHT
              CO-ROUTINE (subquery-35)
                SCALAR SUBQUERY 31
                  SCAN probed
                SCALAR SUBQUERY 32
                  SCAN walked
                SCALAR SUBQUERY 33
                  MATERIALIZE counts
                    MATERIALIZE matches
                      SCALAR SUBQUERY 18
                        SCAN probed
                      SCALAR SUBQUERY 19
                        SCAN walked
                      SCAN articles_fts VIRTUAL TABLE INDEX 0:M2
                      SEARCH ae0 USING COVERING INDEX article_entities_entity_ranking_idx (entity_id=? AND article_id=?)
                    SCAN matches
                  SCAN counts
                SCALAR SUBQUERY 34
                  SEARCH articles USING COVERING INDEX articles_id_published_source_idx
                SCAN a USING COVERING INDEX articles_published_at_idx
                LIST SUBQUERY 28
                  SCAN matches
                LIST SUBQUERY 29
                  SCAN grouped
                CORRELATED SCALAR SUBQUERY 30
                  BLOOM FILTER ON s (id=?)
                  SEARCH s USING AUTOMATIC COVERING INDEX (id=?)
                  BLOOM FILTER ON o (g=?)
                  SEARCH o USING AUTOMATIC COVERING INDEX (g=?)
                  SEARCH b USING COVERING INDEX articles_id_published_source_idx (id=?)
              SCAN (subquery-35)
              CORRELATED SCALAR SUBQUERY 22
                BLOOM FILTER ON s (id=?)
                SEARCH s USING AUTOMATIC COVERING INDEX (id=?)
                BLOOM FILTER ON o (g=?)
                SEARCH o USING AUTOMATIC COVERING INDEX (g=?)
              CORRELATED SCALAR SUBQUERY 23
                SCAN articles_fts VIRTUAL TABLE INDEX 0:=M2
              USE TEMP B-TREE FOR ORDER BY
        RIGHT
          CO-ROUTINE (subquery-44)
            SCALAR SUBQUERY 40
              SCAN probed
            SCALAR SUBQUERY 41
              SCAN walked
            SCALAR SUBQUERY 42
              SCAN counts
            SCALAR SUBQUERY 43
              SEARCH articles USING COVERING INDEX articles_id_published_source_idx
            SEARCH a USING COVERING INDEX articles_id_published_source_idx (id=?)
            LIST SUBQUERY 37
              SCAN matches
            LIST SUBQUERY 38
              SCAN grouped
            CORRELATED SCALAR SUBQUERY 39
              BLOOM FILTER ON s (id=?)
              SEARCH s USING AUTOMATIC COVERING INDEX (id=?)
              BLOOM FILTER ON o (g=?)
              SEARCH o USING AUTOMATIC COVERING INDEX (g=?)
              SEARCH b USING COVERING INDEX articles_id_published_source_idx (id=?)
            USE TEMP B-TREE FOR ORDER BY
          SCAN (subquery-44)
          CORRELATED SCALAR SUBQUERY 22
            BLOOM FILTER ON s (id=?)
            SEARCH s USING AUTOMATIC COVERING INDEX (id=?)
            BLOOM FILTER ON o (g=?)
            SEARCH o USING AUTOMATIC COVERING INDEX (g=?)
          CORRELATED SCALAR SUBQUERY 23
            SCAN articles_fts VIRTUAL TABLE INDEX 0:=M2
          USE TEMP B-TREE FOR ORDER BY"
    `);
  });

  it("one entity with words, newest first, with the total: counted without storing the matches; walked, or the entity's articles against the text's matches as a list, or the matches stored", async () => {
    const criteria = { ...none, allOf: [[id('North Korea')]], match: text('sanctions OR minister') };
    expect(await plansOf(() => findArticlePage(test.db, criteria, { first: 10, after: null, order: 'NEWEST', withTotal: true, collapseDuplicates: true }))).toMatchInlineSnapshot(`
      "MERGE (UNION ALL)
        LEFT
          MERGE (UNION ALL)
            LEFT
              CO-ROUTINE (subquery-47)
                MATERIALIZE probed
                  MATERIALIZE walked
                    SCALAR SUBQUERY 14
                      MATERIALIZE counts
                        SCAN articles_fts VIRTUAL TABLE INDEX 0:M2
                        SEARCH ae0 USING COVERING INDEX article_entities_entity_ranking_idx (entity_id=? AND article_id=?)
                      SCAN counts
                    SCALAR SUBQUERY 15
                      SEARCH entities USING INTEGER PRIMARY KEY (rowid=?)
                    SEARCH ae USING INDEX article_entities_entity_newest_idx (entity_id=?)
                  SCAN a
                  CORRELATED SCALAR SUBQUERY 17
                    SCAN articles_fts VIRTUAL TABLE INDEX 0:=M2
                  LIST SUBQUERY 18
                    MATERIALIZE grouped
                      COMPOUND QUERY
                        LEFT-MOST SUBQUERY
                          MATERIALIZE joined_matches
                            SCALAR SUBQUERY 6
                              SCAN article_signatures USING COVERING INDEX article_signatures_duplicate_idx
                            SCAN articles_fts VIRTUAL TABLE INDEX 0:M2
                            LIST SUBQUERY 3
                              SCAN article_signatures USING COVERING INDEX article_signatures_duplicate_idx
                            SEARCH d USING COVERING INDEX article_signatures_duplicate_idx (article_id=?)
                            CORRELATED SCALAR SUBQUERY 4
                              SEARCH article_entities USING COVERING INDEX sqlite_autoindex_article_entities_1 (article_id=? AND entity_id=?)
                          SCAN joined_matches
                        UNION ALL
                          CO-ROUTINE (subquery-12)
                            SCALAR SUBQUERY 11
                              SCAN joined_matches
                            SCAN articles_fts VIRTUAL TABLE INDEX 0:M2
                            LIST SUBQUERY 9
                              SCAN joined_matches
                            CORRELATED SCALAR SUBQUERY 10
                              SEARCH article_entities USING COVERING INDEX sqlite_autoindex_article_entities_1 (article_id=? AND entity_id=?)
                          SCAN (subquery-12)
                    SCAN grouped
                  CORRELATED SCALAR SUBQUERY 19
                    BLOOM FILTER ON s (id=?)
                    SEARCH s USING AUTOMATIC COVERING INDEX (id=?)
                    BLOOM FILTER ON o (g=?)
                    SEARCH o USING AUTOMATIC COVERING INDEX (g=?)
                    SEARCH b USING COVERING INDEX articles_id_published_source_idx (id=?)
                SCALAR SUBQUERY 43
                  SCAN counts
                SCALAR SUBQUERY 44
                  SEARCH entities USING INTEGER PRIMARY KEY (rowid=?)
                SCALAR SUBQUERY 45
                  SCAN probed
                SCALAR SUBQUERY 46
                  SCAN walked
                SCAN probed
              SCAN (subquery-47)
              SCALAR SUBQUERY 39
                SCAN counts
              SCALAR SUBQUERY 40
                USE TEMP B-TREE FOR count(DISTINCT)
                SCAN grouped
              CORRELATED SCALAR SUBQUERY 41
                BLOOM FILTER ON s (id=?)
                SEARCH s USING AUTOMATIC COVERING INDEX (id=?)
                BLOOM FILTER ON o (g=?)
                SEARCH o USING AUTOMATIC COVERING INDEX (g=?)
              CORRELATED SCALAR SUBQUERY 42
                SCAN articles_fts VIRTUAL TABLE INDEX 0:=M2
              USE TEMP B-TREE FOR ORDER BY
            RIGHT
              CO-ROUTINE (subquery-59)
                SCALAR SUBQUERY 52
                  SCAN counts
                SCALAR SUBQUERY 53
                  SEARCH entities USING INTEGER PRIMARY KEY (rowid=?)
                SCALAR SUBQUERY 54
                  SCAN probed
                SCALAR SUBQUERY 55
                  SCAN walked
                SCALAR SUBQUERY 56
                  MATERIALIZE listing
                    SCAN CONSTANT ROW
                    SCALAR SUBQUERY 21
                      SCAN counts
                    SCALAR SUBQUERY 22
                      SEARCH entities USING INTEGER PRIMARY KEY (rowid=?)
                    SCALAR SUBQUERY 23
                      SCAN probed
                    SCALAR SUBQUERY 24
                      SCAN walked
                    SCALAR SUBQUERY 25
                      SCAN counts
                    SCALAR SUBQUERY 29
                      CO-ROUTINE (subquery-28)
                        SCALAR SUBQUERY 26
                          SEARCH entities USING INTEGER PRIMARY KEY (rowid=?)
                        SCALAR SUBQUERY 27
                          SCAN counts
                        SCAN articles_fts VIRTUAL TABLE INDEX 0:M2
                      SCAN (subquery-28)
                    SCALAR SUBQUERY 30
                      SEARCH entities USING INTEGER PRIMARY KEY (rowid=?)
                    SCALAR SUBQUERY 31
                      SCAN counts
                  SCAN listing
                SCALAR SUBQUERY 57
                  SCAN counts
                SCALAR SUBQUERY 58
                  SEARCH articles USING COVERING INDEX articles_id_published_source_idx
                SCAN a USING COVERING INDEX articles_published_at_idx
                LIST SUBQUERY 49
                  MATERIALIZE matches
                    SCALAR SUBQUERY 33
                      SCAN counts
                    SCALAR SUBQUERY 34
                      SEARCH entities USING INTEGER PRIMARY KEY (rowid=?)
                    SCALAR SUBQUERY 35
                      SCAN probed
                    SCALAR SUBQUERY 36
                      SCAN walked
                    SCALAR SUBQUERY 37
                      SCAN listing
                    SCAN articles_fts VIRTUAL TABLE INDEX 0:M2
                    SEARCH ae0 USING COVERING INDEX article_entities_entity_ranking_idx (entity_id=? AND article_id=?)
                  SCAN matches
                LIST SUBQUERY 50
                  SCAN grouped
                CORRELATED SCALAR SUBQUERY 51
                  BLOOM FILTER ON s (id=?)
                  SEARCH s USING AUTOMATIC COVERING INDEX (id=?)
                  BLOOM FILTER ON o (g=?)
                  SEARCH o USING AUTOMATIC COVERING INDEX (g=?)
                  SEARCH b USING COVERING INDEX articles_id_published_source_idx (id=?)
              SCAN (subquery-59)
              SCALAR SUBQUERY 39
                SCAN counts
              SCALAR SUBQUERY 40
                USE TEMP B-TREE FOR count(DISTINCT)
                SCAN grouped
              CORRELATED SCALAR SUBQUERY 41
                BLOOM FILTER ON s (id=?)
                SEARCH s USING AUTOMATIC COVERING INDEX (id=?)
                BLOOM FILTER ON o (g=?)
                SEARCH o USING AUTOMATIC COVERING INDEX (g=?)
              CORRELATED SCALAR SUBQUERY 42
                SCAN articles_fts VIRTUAL TABLE INDEX 0:=M2
              USE TEMP B-TREE FOR ORDER BY
        RIGHT
          MERGE (UNION ALL)
            LEFT
              CO-ROUTINE (subquery-71)
                SCALAR SUBQUERY 64
                  SCAN counts
                SCALAR SUBQUERY 65
                  SEARCH entities USING INTEGER PRIMARY KEY (rowid=?)
                SCALAR SUBQUERY 66
                  SCAN probed
                SCALAR SUBQUERY 67
                  SCAN walked
                SCALAR SUBQUERY 68
                  SCAN listing
                SCALAR SUBQUERY 69
                  SCAN counts
                SCALAR SUBQUERY 70
                  SEARCH articles USING COVERING INDEX articles_id_published_source_idx
                SEARCH a USING COVERING INDEX articles_id_published_source_idx (id=?)
                LIST SUBQUERY 61
                  SCAN matches
                LIST SUBQUERY 62
                  SCAN grouped
                CORRELATED SCALAR SUBQUERY 63
                  BLOOM FILTER ON s (id=?)
                  SEARCH s USING AUTOMATIC COVERING INDEX (id=?)
                  BLOOM FILTER ON o (g=?)
                  SEARCH o USING AUTOMATIC COVERING INDEX (g=?)
                  SEARCH b USING COVERING INDEX articles_id_published_source_idx (id=?)
                USE TEMP B-TREE FOR ORDER BY
              SCAN (subquery-71)
              SCALAR SUBQUERY 39
                SCAN counts
              SCALAR SUBQUERY 40
                USE TEMP B-TREE FOR count(DISTINCT)
                SCAN grouped
              CORRELATED SCALAR SUBQUERY 41
                BLOOM FILTER ON s (id=?)
                SEARCH s USING AUTOMATIC COVERING INDEX (id=?)
                BLOOM FILTER ON o (g=?)
                SEARCH o USING AUTOMATIC COVERING INDEX (g=?)
              CORRELATED SCALAR SUBQUERY 42
                SCAN articles_fts VIRTUAL TABLE INDEX 0:=M2
              USE TEMP B-TREE FOR ORDER BY
            RIGHT
              CO-ROUTINE (subquery-78)
                CO-ROUTINE a
                  SEARCH ae USING INDEX article_entities_entity_newest_idx (entity_id=?)
                  LIST SUBQUERY 73
                    SCAN articles_fts VIRTUAL TABLE INDEX 0:M2
                SCALAR SUBQUERY 77
                  SCAN listing
                SCAN a
                LIST SUBQUERY 75
                  SCAN grouped
                CORRELATED SCALAR SUBQUERY 76
                  BLOOM FILTER ON s (id=?)
                  SEARCH s USING AUTOMATIC COVERING INDEX (id=?)
                  BLOOM FILTER ON o (g=?)
                  SEARCH o USING AUTOMATIC COVERING INDEX (g=?)
                  SEARCH b USING COVERING INDEX articles_id_published_source_idx (id=?)
              SCAN (subquery-78)
              SCALAR SUBQUERY 39
                SCAN counts
              SCALAR SUBQUERY 40
                USE TEMP B-TREE FOR count(DISTINCT)
                SCAN grouped
              CORRELATED SCALAR SUBQUERY 41
                BLOOM FILTER ON s (id=?)
                SEARCH s USING AUTOMATIC COVERING INDEX (id=?)
                BLOOM FILTER ON o (g=?)
                SEARCH o USING AUTOMATIC COVERING INDEX (g=?)
              CORRELATED SCALAR SUBQUERY 42
                SCAN articles_fts VIRTUAL TABLE INDEX 0:=M2
              USE TEMP B-TREE FOR ORDER BY"
    `);
  });

  it('facets: entities and sources of a country and a text query (grouped, or by complement when the text matches most articles)', async () => {
    const criteria = { ...none, allOf: [[id('North Korea')]], match: text('sanctions') };
    expect(await plansOf(() => articleFacets(test.db, criteria, { entities: true, sources: true }))).toMatchInlineSnapshot(`
      "CO-ROUTINE (subquery-63)
        COMPOUND QUERY
          LEFT-MOST SUBQUERY
            CO-ROUTINE c
              MATERIALIZE counted
                COMPOUND QUERY
                  LEFT-MOST SUBQUERY
                    CO-ROUTINE c
                      COMPOUND QUERY
                        LEFT-MOST SUBQUERY
                          CO-ROUTINE (subquery-38)
                            MATERIALIZE matches
                              SCALAR SUBQUERY 8
                                MATERIALIZE most
                                  SCAN CONSTANT ROW
                                  SCALAR SUBQUERY 1
                                    SCAN articles_fts VIRTUAL TABLE INDEX 0:M2
                                  SCALAR SUBQUERY 2
                                    SEARCH articles USING COVERING INDEX articles_id_published_source_idx
                                SCAN most
                              SCAN articles_fts VIRTUAL TABLE INDEX 0:M2
                              SEARCH ae0 USING COVERING INDEX article_entities_entity_ranking_idx (entity_id=? AND article_id=?)
                            SCALAR SUBQUERY 37
                              MATERIALIZE candidates_suffice
                                SCAN CONSTANT ROW
                                SCALAR SUBQUERY 29
                                  MATERIALIZE spread
                                    SCAN CONSTANT ROW
                                    SCALAR SUBQUERY 10
                                      SCAN matches
                                    SCALAR SUBQUERY 11
                                      SEARCH articles USING COVERING INDEX articles_id_published_source_idx
                                  SCAN spread
                                SCALAR SUBQUERY 30
                                  MATERIALIZE candidate_counts
                                    MATERIALIZE bars
                                      COMPOUND QUERY
                                        LEFT-MOST SUBQUERY
                                          SCAN CONSTANT ROW
                                          SCALAR SUBQUERY 13
                                            SCAN spread
                                          SCALAR SUBQUERY 14
                                            SEARCH entities USING COVERING INDEX entities_kind_article_count_idx (kind=? AND article_count>?)
                                          SCALAR SUBQUERY 15
                                            SCAN spread
                                        UNION ALL
                                          SCAN CONSTANT ROW
                                          SCALAR SUBQUERY 17
                                            SCAN spread
                                          SCALAR SUBQUERY 18
                                            SEARCH entities USING COVERING INDEX entities_kind_article_count_idx (kind=? AND article_count>?)
                                          SCALAR SUBQUERY 19
                                            SCAN spread
                                        UNION ALL
                                          SCAN CONSTANT ROW
                                          SCALAR SUBQUERY 21
                                            SCAN spread
                                          SCALAR SUBQUERY 22
                                            SEARCH entities USING COVERING INDEX entities_kind_article_count_idx (kind=? AND article_count>?)
                                          SCALAR SUBQUERY 23
                                            SCAN spread
                                    SCALAR SUBQUERY 27
                                      SCAN spread
                                    SCAN b
                                    SEARCH e USING INDEX entities_kind_article_count_idx (kind=? AND article_count>?)
                                    CORRELATED SCALAR SUBQUERY 26
                                      SEARCH ae USING COVERING INDEX article_entities_entity_ranking_idx (entity_id=?)
                                      LIST SUBQUERY 25
                                        SCAN matches
                                  SCAN candidate_counts
                                  USE TEMP B-TREE FOR ORDER BY
                                SCALAR SUBQUERY 31
                                  SCAN bars
                                SCALAR SUBQUERY 32
                                  SCAN candidate_counts
                                  USE TEMP B-TREE FOR ORDER BY
                                SCALAR SUBQUERY 33
                                  SCAN bars
                                SCALAR SUBQUERY 34
                                  SCAN candidate_counts
                                  USE TEMP B-TREE FOR ORDER BY
                                SCALAR SUBQUERY 35
                                  SCAN bars
                              SCAN candidates_suffice
                            SCAN m
                            SEARCH ae USING COVERING INDEX sqlite_autoindex_article_entities_1 (article_id=?)
                            USE TEMP B-TREE FOR GROUP BY
                          SCAN (subquery-38)
                        UNION ALL
                          CO-ROUTINE b
                            COMPOUND QUERY
                              LEFT-MOST SUBQUERY
                                SCALAR SUBQUERY 41
                                  SCAN most
                                SEARCH co_mentions USING PRIMARY KEY (entity_id=?)
                              UNION ALL
                                SEARCH entities USING INTEGER PRIMARY KEY (rowid=?)
                          MATERIALIZE r
                            MATERIALIZE rest
                              SCALAR SUBQUERY 6
                                SCAN most
                              SEARCH ae USING COVERING INDEX article_entities_entity_ranking_idx (entity_id=?)
                              LIST SUBQUERY 5
                                SCAN articles_fts VIRTUAL TABLE INDEX 0:M2
                            SCAN rest
                            SEARCH ae USING COVERING INDEX sqlite_autoindex_article_entities_1 (article_id=?)
                            USE TEMP B-TREE FOR GROUP BY
                          SCAN b
                          BLOOM FILTER ON r (entity_id=?)
                          SEARCH r USING AUTOMATIC COVERING INDEX (entity_id=?) LEFT-JOIN
                    SCAN c
                    SEARCH e USING INTEGER PRIMARY KEY (rowid=?)
                  UNION ALL
                    SCAN candidate_counts
                    SCALAR SUBQUERY 46
                      SCAN candidates_suffice
              SCAN counted
              USE TEMP B-TREE FOR ORDER BY
            SCAN c
            SEARCH e USING INTEGER PRIMARY KEY (rowid=?)
          UNION ALL
            CO-ROUTINE c
              SCAN counted
              USE TEMP B-TREE FOR ORDER BY
            SCAN c
            SEARCH e USING INTEGER PRIMARY KEY (rowid=?)
          UNION ALL
            CO-ROUTINE c
              SCAN counted
              USE TEMP B-TREE FOR ORDER BY
            SCAN c
            SEARCH e USING INTEGER PRIMARY KEY (rowid=?)
          UNION ALL
            CO-ROUTINE (subquery-62)
              CO-ROUTINE s
                COMPOUND QUERY
                  LEFT-MOST SUBQUERY
                    SCAN m
                    USE TEMP B-TREE FOR GROUP BY
                  UNION ALL
                    CO-ROUTINE b
                      SCALAR SUBQUERY 58
                        SCAN most
                      SEARCH ae USING COVERING INDEX article_entities_entity_source_idx (entity_id=? AND source>?)
                    MATERIALIZE r
                      SCAN rest
                      USE TEMP B-TREE FOR GROUP BY
                    SCAN b
                    SEARCH r USING AUTOMATIC COVERING INDEX (source=?) LEFT-JOIN
              SCAN s
              USE TEMP B-TREE FOR ORDER BY
            SCAN (subquery-62)
      SCAN (subquery-63)
      USE TEMP B-TREE FOR ORDER BY"
    `);
  });

  it('facets of one entity: partners from co_mentions, sources from one range of the (entity, source) index', async () => {
    const criteria = { ...none, allOf: [[id('North Korea')]] };
    expect(await plansOf(() => articleFacets(test.db, criteria, { entities: true, sources: true }, { organization: 0 }))).toMatchInlineSnapshot(`
      "CO-ROUTINE (subquery-12)
        COMPOUND QUERY
          LEFT-MOST SUBQUERY
            CO-ROUTINE c
              MATERIALIZE counted
                COMPOUND QUERY
                  LEFT-MOST SUBQUERY
                    SEARCH co_mentions USING PRIMARY KEY (entity_id=?)
                    SEARCH e USING INTEGER PRIMARY KEY (rowid=?)
                  UNION ALL
                    SEARCH entities USING INTEGER PRIMARY KEY (rowid=?)
                    SEARCH e USING INTEGER PRIMARY KEY (rowid=?)
              SCAN counted
              USE TEMP B-TREE FOR ORDER BY
            SCAN c
            SEARCH e USING INTEGER PRIMARY KEY (rowid=?)
          UNION ALL
            CO-ROUTINE c
              SCAN counted
              USE TEMP B-TREE FOR ORDER BY
            SCAN c
            SEARCH e USING INTEGER PRIMARY KEY (rowid=?)
          UNION ALL
            CO-ROUTINE (subquery-11)
              CO-ROUTINE s
                SEARCH ae USING COVERING INDEX article_entities_entity_source_idx (entity_id=? AND source>?)
              SCAN s
              USE TEMP B-TREE FOR ORDER BY
            SCAN (subquery-11)
      SCAN (subquery-12)
      USE TEMP B-TREE FOR ORDER BY"
    `);
  });

  it('related entities of a country', async () => {
    expect(await plansOf(() => relatedEntities(test.db, [id('North Korea')], null, 10))).toMatchInlineSnapshot(`
      "CO-ROUTINE (subquery-2)
        SEARCH c USING PRIMARY KEY (entity_id=?)
        USE TEMP B-TREE FOR ORDER BY
      SCAN (subquery-2)
      SEARCH e USING INTEGER PRIMARY KEY (rowid=?)
      SCALAR SUBQUERY 4
        MATERIALIZE total
          SCAN articles USING COVERING INDEX articles_source_idx
        SCAN total
      CORRELATED SCALAR SUBQUERY 5
        SEARCH entities USING INTEGER PRIMARY KEY (rowid=?)
      USE TEMP B-TREE FOR ORDER BY"
    `);
  });

  it('timeline of a country, by month', async () => {
    const criteria = { ...none, allOf: [[id('North Korea')]] };
    expect(await plansOf(() => timeline(test.db, criteria, 'MONTH'))).toMatchInlineSnapshot(`
      "SEARCH entity_days USING PRIMARY KEY (entity_id=?)
      USE TEMP B-TREE FOR GROUP BY"
    `);
  });

  it('reading a question: each alias counted over the newest articles only', async () => {
    // Both counts read at most the phrase's newest evidenceSample matches, from the end of its list
    // (FTS5's descending scan, index 192), and `linked` seeks each in the primary key: the cost
    // follows the sample, not how many articles contain the words or name the entity. A rowid range
    // handed to FTS5 (`M2>`) read the whole list; entity ids handed to it (`=M2`) were a lookup each.
    expect(await plansOf(() => interpretQuery(test.db, new ResolutionCache(), 'articles mentioning North Korea and sanctions'))).toMatchInlineSnapshot(`
      "SEARCH a USING INDEX sqlite_autoindex_aliases_1 (alias=?)
      SEARCH e USING INTEGER PRIMARY KEY (rowid=?)
      CORRELATED SCALAR SUBQUERY 5
        CO-ROUTINE m
          SCAN articles_fts VIRTUAL TABLE INDEX 192:M2
        SCAN m
        SCALAR SUBQUERY 4
          MATERIALIZE sample
            SEARCH articles USING COVERING INDEX articles_id_published_source_idx
          SCAN sample
      CORRELATED SCALAR SUBQUERY 9
        CO-ROUTINE m
          SCAN articles_fts VIRTUAL TABLE INDEX 192:M2
        SCAN m
        SCALAR SUBQUERY 7
          SCAN sample
        CORRELATED SCALAR SUBQUERY 8
          SEARCH ae USING COVERING INDEX sqlite_autoindex_article_entities_1 (article_id=? AND entity_id=?)"
    `);
  });

  it("an entity's articles, newest first: its article_entities rows read from the end of the newest index, the page's articles by id", async () => {
    const execute = graphqlClient(test.db);
    expect(
      await plansOf(() => execute(`{ country(ref: "North Korea") { articles(first: 5) { edges { node { title } } } } }`)),
    ).toMatchInlineSnapshot(`
      "COMPOUND QUERY
        LEFT-MOST SUBQUERY
          SEARCH a USING COVERING INDEX sqlite_autoindex_aliases_1 (alias=?)
          SEARCH e USING INTEGER PRIMARY KEY (rowid=?)
        UNION USING TEMP B-TREE
          SEARCH e USING INDEX entities_kind_slug_idx (kind=? AND slug=?)
        UNION USING TEMP B-TREE
          SEARCH e USING INTEGER PRIMARY KEY (rowid=?)
      ---
      SEARCH d0 USING INTEGER PRIMARY KEY (rowid=?)
      CORRELATED SCALAR SUBQUERY 4
        CO-ROUTINE t
          SEARCH d1 USING INDEX article_entities_entity_newest_idx (entity_id=?)
          CORRELATED SCALAR SUBQUERY 2
            CO-ROUTINE t
              SEARCH d2 USING INTEGER PRIMARY KEY (rowid=?)
            SCAN t
        SCAN t"
    `);
  });

  it('stories page in a date range, most recent first: the span tested in the index, no story row read', async () => {
    const range = { entityIds: [], match: null, from: '2022-01-01T00:00:00.000Z', to: '2022-02-01T00:00:00.000Z' };
    expect(await plansOf(() => findStoryPage(test.db, range, { first: 10, after: null, order: 'RECENT', withTotal: true }))).toMatchInlineSnapshot(`
      "SEARCH s USING INTEGER PRIMARY KEY (rowid=?)
      LIST SUBQUERY 2
        SEARCH s USING COVERING INDEX stories_recent_idx (merged_into=? AND last_published_at>?)
      SCALAR SUBQUERY 1
        SEARCH s USING COVERING INDEX stories_recent_idx (merged_into=? AND last_published_at>?)
      USE TEMP B-TREE FOR ORDER BY
      ---
      SCAN CONSTANT ROW
      SCALAR SUBQUERY 1
        SEARCH s USING COVERING INDEX stories_recent_idx (merged_into=? AND last_published_at>?)"
    `);
  });

  it("stories of a country, by size: the country's stories from its range of story_entities, the total counted there", async () => {
    const country = { entityIds: [id('North Korea')], match: null, from: null, to: null };
    expect(await plansOf(() => findStoryPage(test.db, country, { first: 10, after: null, order: 'SIZE', withTotal: true }))).toMatchInlineSnapshot(`
      "SEARCH s USING INTEGER PRIMARY KEY (rowid=?)
      LIST SUBQUERY 4
        SEARCH s USING COVERING INDEX stories_size_idx (merged_into=?)
        LIST SUBQUERY 3
          SEARCH story_entities USING COVERING INDEX story_entities_entity_idx (entity_id=?)
      SCALAR SUBQUERY 1
        SEARCH e0 USING COVERING INDEX story_entities_entity_idx (entity_id=?)
      SCALAR SUBQUERY 2
        SEARCH s USING COVERING INDEX stories_recent_idx (merged_into>?)
        SEARCH e0 USING PRIMARY KEY (story_id=? AND entity_id=?)
      USE TEMP B-TREE FOR ORDER BY"
    `);
  });

  it('stories page, by size', async () => {
    expect(await plansOf(() => findStoryPage(test.db, { entityIds: [], match: null, from: null, to: null }, { first: 10, after: null, order: 'SIZE', withTotal: true }))).toMatchInlineSnapshot(`
      "SEARCH s USING INTEGER PRIMARY KEY (rowid=?)
      LIST SUBQUERY 2
        SEARCH s USING COVERING INDEX stories_size_idx (merged_into=?)
      SCALAR SUBQUERY 1
        SEARCH s USING COVERING INDEX stories_recent_idx (merged_into=?)
      USE TEMP B-TREE FOR ORDER BY"
    `);
  });
});
