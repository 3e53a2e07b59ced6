import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../scripts/corpus.ts';
import { previousArticlePage, previousFacets, previousSameSentenceArticles, previousRelated, previousTimeline, type PreviousPageRow } from '../scripts/bench/previous-statements.ts';
import { extractMentions } from '../src/ingest/extract.ts';
import { ingestArticles } from '../src/ingest/ingest.ts';
import { optimizeSearchIndexes } from '../src/db/search-indexes.ts';
import { articleFacets, relatedEntities, timeline, timelineIntervals } from '../src/search/aggregations.ts';
import { resolveCorpus } from '../src/ingest/resolve.ts';
import { articleOrders, criteriaWhere, findArticlePage, type ArticleCriteria, type ArticleOrder } from '../src/search/article-search.ts';
import { firstNonEmpty } from '../src/search/relaxation.ts';
import { findStoryPage } from '../src/search/story-search.ts';
import { parseTextQuery, toFtsMatch } from '../src/search/query-language.ts';
import { createTestDatabase, dayCountsDrift, ingestFixtureArticles, storyEntitiesDrift, tableDrift, type TestDatabase } from './helpers/database.ts';
import { graphqlClient } from './helpers/graphql.ts';
import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';

// Issue 11 rewrote the page statement (ranking from articles_fts alone, the published_at index
// walked for NEWEST/OLDEST, a narrow index instead of wide article rows). It must return exactly
// the rows the previous statement returned: compared here page by page, cursor by cursor, over
// a small generated corpus plus the fixtures, for every order and a spread of filters.
const folder = mkdtempSync(join(tmpdir(), 'newsgraph-pages-'));
let test: TestDatabase;
const entity = new Map<string, number>();
let sources: string[] = [];

beforeAll(async () => {
  await generateCorpus({ articles: 160, seed: 11, out: join(folder, 'c.jsonl'), nkRate: 0.15, sanctionsRate: 0.2 });
  const lines = readFileSync(join(folder, 'c.jsonl'), 'utf8').trimEnd().split('\n');
  test = await createTestDatabase();
  await ingestFixtureArticles(test.db);
  // A few undated articles, so NULL publication dates meet the date orders and their cursors.
  const articles = lines.map((l, i) => {
    const article = JSON.parse(l) as Record<string, unknown>;
    return i % 23 === 0 ? { ...article, publishedAt: undefined } : article;
  });
  await ingestArticles(test.db, articles, { extract: extractMentions });
  // Near-duplicates (a correction appended, another url): groups of two and of three, so
  // collapsing has something to fold; the previous statements rank them like any article.
  const copies = articles.flatMap((article, i) =>
    [1, 2].filter((k) => i % 8 === 3 && (k === 1 || i % 32 === 3)).map((k) => ({
      ...article,
      url: `${String(article.url)}#correction-${k}`,
      body: `${String(article.body)} Correction ${k}: an earlier version misspelled a name.`,
    })),
  );
  // And copies that add a name the original lacks, so a group's first article need not mention
  // every entity its members do.
  const additions = articles.flatMap((article, i) =>
    i % 8 === 5 ? [{ ...article, url: `${String(article.url)}#addition`, body: `${String(article.body)} Angela Merkel later said she would visit.` }] : [],
  );
  await ingestArticles(test.db, [...copies, ...additions], { extract: extractMentions });
  const rows = await test.db.all<{ id: number; name: string }>(sql`SELECT id, name FROM entities WHERE article_count > 0`);
  for (const r of rows) entity.set(r.name, r.id);
  sources = (await test.db.all<{ source: string }>(sql`SELECT DISTINCT source FROM articles WHERE source IS NOT NULL ORDER BY source`)).map((r) => r.source);
  const top = await test.db.all<{ id: number; name: string }>(sql`SELECT id, name FROM entities ORDER BY article_count DESC, id LIMIT 3`);
  top.forEach((r, i) => entity.set(`top${i}`, r.id));
  // Five entities one article names together (the article naming the most).
  const together = await test.db.all<{ id: number }>(sql`SELECT entity_id AS id FROM article_entities WHERE article_id =
    (SELECT article_id FROM article_entities GROUP BY article_id ORDER BY count(*) DESC, article_id LIMIT 1) ORDER BY entity_id LIMIT 5`);
  together.forEach((r, i) => entity.set(`together${i}`, r.id));
}, 120_000);
afterAll(() => {
  test.close();
  rmSync(folder, { recursive: true, force: true });
});

const text = (query: string) => toFtsMatch(parseTextQuery(query)!);
const id = (name: string) => {
  const value = entity.get(name);
  if (value === undefined) throw new Error(`no entity ${name}`);
  return value;
};
const none: ArticleCriteria = { allOf: [], noneOf: [], match: null, sameSentence: false, sources: [], publishedAfter: null, publishedBefore: null };

const cases: [string, () => ArticleCriteria][] = [
  ['every article', () => none],
  ['text only', () => ({ ...none, match: text('sanctions') })],
  ['North Korea + sanctions', () => ({ ...none, allOf: [[id('North Korea')]], match: text('sanctions') })],
  ['North Korea, no text', () => ({ ...none, allOf: [[id('North Korea')]] })],
  // One entity and nothing else pages from an index in the page's order (entityPageStatement).
  ['the entity in most articles, no text', () => ({ ...none, allOf: [[id('top0')]] })],
  ['a person some near-duplicates add, no text', () => ({ ...none, allOf: [[id('Angela Merkel')]] })],
  ['two entities, one of two, none of one', () => ({ ...none, allOf: [[id('top0')], [id('top1'), id('North Korea')]], noneOf: [id('top2')] })],
  ['text OR, with an excluded entity', () => ({ ...none, match: text('trade OR sanctions'), noneOf: [id('top0')] })],
  ['about, with text', () => ({ ...none, about: { entityIds: [id('top0')], minSalience: 0.3 }, match: text('government') })],
  // Text with single-entity groups (joined), a group of two (an IN list) and an entity both required and `about`.
  ['two entities, one of two, none of one, with text', () => ({ ...none, allOf: [[id('top0')], [id('top1'), id('North Korea')]], noneOf: [id('top2')], match: text('government OR minister') })],
  ['an entity required and about, with text', () => ({ ...none, allOf: [[id('top0')], [id('top1')]], about: { entityIds: [id('top0')], minSalience: 0.2 }, match: text('government') })],
  ['about, no text', () => ({ ...none, about: { entityIds: [id('top1')], minSalience: 0.2 } })],
  ['sources and dates, with text', () => ({ ...none, match: text('minister'), sources: sources.slice(0, 4), publishedAfter: '2021-01-01T00:00:00.000Z', publishedBefore: '2024-06-01T00:00:00.000Z' })],
  ['a date range, no text', () => ({ ...none, allOf: [[id('top0')]], publishedAfter: '2022-01-01T00:00:00.000Z' })],
  // Before a date only: the undated articles, first in the date index, are not in it.
  ['an entity before a date, no text', () => ({ ...none, allOf: [[id('top0')]], publishedBefore: '2023-01-01T00:00:00.000Z' })],
  ['an entity between two dates, no text', () => ({ ...none, allOf: [[id('top1')]], publishedAfter: '2020-06-01T00:00:00.000Z', publishedBefore: '2024-06-01T00:00:00.000Z' })],
  // Any of a group: each entity's walk, the best of them (under SALIENCE by an article's best salience in the group).
  ['any of three entities, no text', () => ({ ...none, allOf: [[id('top0'), id('top1'), id('North Korea')]] })],
  ['any of two entities, no text', () => ({ ...none, allOf: [[id('top1'), id('North Korea')]] })],
  ['any of two, without a third, after a date', () => ({ ...none, allOf: [[id('top1'), id('Angela Merkel')]], noneOf: [id('top2')], publishedAfter: '2020-01-01T00:00:00.000Z' })],
  // Conditions each link row of the entity tests in the walk: sources, excluded entities, `about` the same entity.
  ['an entity from some sources, no text', () => ({ ...none, allOf: [[id('top0')]], sources: sources.slice(0, 3) })],
  ['an entity without another, no text', () => ({ ...none, allOf: [[id('top0')]], noneOf: [id('top1')] })],
  ['an entity required and about it, with sources, a date and two excluded', () => ({
    ...none,
    allOf: [[id('top0')]],
    about: { entityIds: [id('top0')], minSalience: 0.3 },
    sources: sources.slice(1, 5),
    publishedAfter: '2021-01-01T00:00:00.000Z',
    noneOf: [id('top1'), id('top2')],
  })],
  // Several required entities, no text: NEWEST and OLDEST walk the one with the fewest articles (requiredEntitiesStatement).
  ['two entities, no text', () => ({ ...none, allOf: [[id('top0')], [id('top1')]] })],
  ['two entities, the smaller named first, no text', () => ({ ...none, allOf: [[id('North Korea')], [id('top0')]] })],
  ['two entities, the smaller named second, from some sources, after a date', () => ({
    ...none,
    allOf: [[id('top0')], [id('North Korea')]],
    sources: sources.slice(0, 6),
    publishedAfter: '2020-06-01T00:00:00.000Z',
  })],
  ['three entities without a fourth, no text', () => ({ ...none, allOf: [[id('top0')], [id('top1')], [id('top2')]], noneOf: [id('North Korea')] })],
  ['five entities one article names, no text', () => ({ ...none, allOf: [0, 1, 2, 3, 4].map((i) => [id(`together${i}`)]) })],
  ['same sentence', () => ({ ...none, allOf: [[id('North Korea')]], match: text('sanctions'), sameSentence: true })],
  ['no match at all', () => ({ ...none, match: text('zzzzqqq') })],
];

function decode(cursor: string): (number | string)[] {
  return JSON.parse(atob(cursor)) as (number | string)[];
}

describe('the page statement returns the rows of the previous one', () => {
  for (const [name, criteriaOf] of cases) {
    for (const order of articleOrders as readonly ArticleOrder[]) {
      for (const recencyBoost of order === 'RELEVANCE' ? [false, true] : [false]) {
        it(`${name}, ${order}${recencyBoost ? ' with recency boost' : ''}: pages of 1 (the first 12), of 7 and of 40 (all)`, async () => {
          const criteria = criteriaOf();
          let pages = 0;
          for (const first of [1, 7, 40]) {
            let after: string | null = null;
            for (let i = 0; i < (first === 1 ? 12 : 400); i++) {
              const now = await findArticlePage(test.db, criteria, { first, after, order, withTotal: true, recencyBoost });
              const before = await previousArticlePage(test.db, criteria, { first, order, after: after ? decode(after) : null, recencyBoost });
              expect(now.hits.map((h) => [h.id, h.sort, h.snippet])).toEqual(before.slice(0, first).map((r) => [r.id, r.sort, r.snippet]));
              expect(now.hasNextPage).toBe(before.length > first);
              if (before.length) expect(now.totalCount).toBe(before[0]!.total);
              pages++;
              if (!now.hasNextPage) break;
              after = now.hits.at(-1)!.cursor;
            }
          }
          expect(pages).toBeGreaterThan(0);
        });
      }
    }
  }

  it('the corpus holds near-duplicate groups of two and three', async () => {
    const sizes = await test.db.all<{ size: number; n: number }>(
      sql`SELECT size, count(*) AS n FROM (SELECT count(*) AS size FROM article_signatures GROUP BY group_id) WHERE size > 1 GROUP BY size ORDER BY size`,
    );
    expect(sizes.map((r) => r.size)).toEqual([2, 3]);
  });
  it('merging the FTS segments after a bulk load (optimizeSearchIndexes) changes no result', async () => {
    const criteria: ArticleCriteria = { ...none, allOf: [[id('North Korea')]], match: text('sanctions') };
    const pageOf = () => findArticlePage(test.db, criteria, { first: 40, after: null, order: 'RELEVANCE', withTotal: true });
    const before = await pageOf();
    const segments = async () => (await test.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM articles_fts_data`))[0]!.n;
    const rowsBefore = await segments();
    await optimizeSearchIndexes(test.db);
    expect(await segments()).toBeLessThan(rowsBefore);
    expect(await pageOf()).toEqual(before);
  });

  it('covers both ways of ordering by date: walking the index, and sorting a few matches', async () => {
    // The statement walks when matches² > articles × (first + 1): the cases above reach both sides.
    const [{ n }] = (await test.db.all<{ n: number }>(sql`SELECT max(id) AS n FROM articles`)) as [{ n: number }];
    const count = async (criteria: ArticleCriteria) => (await findArticlePage(test.db, criteria, { first: 0, after: null, order: 'NEWEST', withTotal: true })).totalCount!;
    const many = await count({ ...none, allOf: [[id('top0')]] });
    const few = await count({ ...none, allOf: [[id('North Korea')]], match: text('sanctions') });
    expect(many * many).toBeGreaterThan(n * 2);
    expect(few * few).toBeLessThan(n * 41);
  });
});

/**
 * Collapsed pages as the previous statement would give them, computed here from its full ranking:
 * the first member of each near-duplicate group (article_signatures.group_id, or the article
 * alone) in the page's order stands for the others, which it counts; the cursor applies after.
 */
async function previousCollapsedPage(criteria: ArticleCriteria, page: { first: number; order: ArticleOrder; afterId: number | null; recencyBoost: boolean }, db = test.db) {
  const all = await previousArticlePage(db, criteria, { first: 1_000_000, order: page.order, recencyBoost: page.recencyBoost });
  const groupOf = new Map((await db.all<{ id: number; g: number }>(sql`SELECT article_id AS id, group_id AS g FROM article_signatures`)).map((r) => [r.id, r.g]));
  const kept = new Map<number, { row: PreviousPageRow; dups: number }>();
  for (const row of all) {
    const group = groupOf.get(row.id) ?? row.id;
    const first = kept.get(group);
    if (first) first.dups++;
    else kept.set(group, { row, dups: 0 });
  }
  const rows = [...kept.values()];
  const start = page.afterId === null ? 0 : rows.findIndex((r) => r.row.id === page.afterId) + 1;
  return { rows: rows.slice(start, start + page.first + 1), total: rows.length };
}

describe('sameSentence finds the articles the previous condition found', () => {
  // With text, the condition tests each matching article's own mentions when the text has fewer
  // sentences than 4 × the entity's article count, else lists the articles of all its mentions.
  const perArticle = async (entityId: number, match: string) => {
    const [{ sentences, bound }] = (await test.db.all<{ sentences: number; bound: number }>(sql`SELECT
      (SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH ${match}) AS sentences,
      (SELECT article_count * 4 FROM entities WHERE id = ${entityId}) AS bound`)) as [{ sentences: number; bound: number }];
    return sentences < bound;
  };
  it('per matching article and from all the mentions, with one entity and with two, alone and in a page of each order', async () => {
    const cases: ArticleCriteria[] = [
      { ...none, allOf: [[id('top0')]], match: text('delegation'), sameSentence: true },
      { ...none, allOf: [[id('top0')]], match: text('"tougher sanctions" OR exports'), sameSentence: true },
      { ...none, allOf: [[id('North Korea')]], match: text('said OR the'), sameSentence: true },
      { ...none, allOf: [[id('Angela Merkel')]], match: text('government OR minister OR said'), sameSentence: true },
      { ...none, allOf: [[id('top0')], [id('top1')]], match: text('workers'), sameSentence: true },
      { ...none, allOf: [[id('top1')], [id('top0')]], match: text('said OR the'), sameSentence: true },
      { ...none, allOf: [[id('North Korea')]], match: text('sanctions'), sameSentence: true },
    ];
    const ways: boolean[] = [];
    for (const criteria of cases) {
      ways.push(await perArticle(criteria.allOf[0]![0]!, criteria.match!));
      const now = (await test.db.all<{ id: number }>(sql`SELECT a.id FROM articles a WHERE ${criteriaWhere(criteria)} ORDER BY a.id`)).map((r) => r.id);
      const before = await previousSameSentenceArticles(test.db, criteria);
      expect(now).toEqual(before);
      expect(before.length).toBeGreaterThan(0);
      // In a page statement the per-article test reads the entity's joined row.
      for (const order of ['RELEVANCE', 'NEWEST'] as const) {
        const page = await findArticlePage(test.db, criteria, { first: 1000, after: null, order, withTotal: true });
        expect(page.hits.map((hit) => hit.id).sort((a, b) => a - b)).toEqual(before);
        expect(page.totalCount).toBe(before.length);
      }
    }
    expect(ways).toEqual([true, true, false, false, true, false, false]);
  });
});

describe('NEWEST and OLDEST of words alone, walked with a lookup per article where most articles match, return the rows of the previous statement', () => {
  // 3,000 short articles: "said" in 95 %, "market" in half, "archive" in the oldest half only (a
  // newest-first walk finds none in its window and reads the page the other way), dates shared
  // by three articles, some undated, and near-duplicate groups of two and three.
  let wide: TestDatabase;
  beforeAll(async () => {
    wide = await createTestDatabase({ seed: false });
    await wide.db.run(sql`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
      INSERT INTO articles (url, title, body, published_at, content_hash, word_count)
      SELECT 'https://example.com/' || i, 'Report ' || i,
        CASE WHEN i % 20 <> 0 THEN 'The minister said ' ELSE 'A note ' END || CASE WHEN i <= 1500 THEN 'from the archive ' ELSE '' END
          || CASE WHEN i % 2 = 0 THEN 'on the market ' ELSE '' END || 'number ' || i || '.',
        CASE WHEN i % 37 = 0 THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%SZ', '2020-01-01', '+' || (i / 3) || ' hours') END, 'h' || i, 8
      FROM n`);
    await wide.db.run(sql`INSERT INTO article_signatures (article_id, minhash, group_id)
      SELECT id - 5, '', id - 5 FROM articles WHERE id % 50 = 7
      UNION ALL SELECT id, '', id - 5 FROM articles WHERE id % 50 = 7
      UNION ALL SELECT id - 3, '', id - 5 FROM articles WHERE id % 150 = 7
      UNION ALL SELECT 150, '', 150 UNION ALL SELECT 300, '', 150`);
    // For one entity with words (entityTextByDate): an entity two articles in three name, and one
    // in the newer half (every third article) with a few older ones, which "archive" finds (two
    // of them, 150 and 300, near-duplicates).
    await wide.db.run(sql`INSERT INTO entities (id, kind, name, slug) VALUES (1, 'person', 'Ada Walker', 'ada-walker'), (2, 'person', 'Ben Ortiz', 'ben-ortiz')`);
    await wide.db.run(sql`INSERT INTO article_entities (article_id, entity_id, mention_count, first_start, salience, published_at)
      SELECT id, 1, 1, 0, 0.5, published_at FROM articles WHERE id % 3 <> 0
      UNION ALL SELECT id, 2, 1, 0, 0.5, published_at FROM articles WHERE id % 3 = 0 AND (id > 1500 OR id % 50 = 0)`);
  }, 60_000);
  afterAll(() => wide.close());

  /** The previous statement's whole ranking (read once; each page is a slice of it), folded when collapsing as the API folds. */
  async function previousRanking(criteria: ArticleCriteria, order: 'NEWEST' | 'OLDEST', collapseDuplicates: boolean) {
    const all = await previousArticlePage(wide.db, criteria, { first: 1_000_000, order });
    if (!collapseDuplicates) return all.map((row) => ({ row, dups: 0 }));
    const groupOf = new Map((await wide.db.all<{ id: number; g: number }>(sql`SELECT article_id AS id, group_id AS g FROM article_signatures`)).map((r) => [r.id, r.g]));
    const kept = new Map<number, { row: PreviousPageRow; dups: number }>();
    for (const row of all) {
      const group = kept.get(groupOf.get(row.id) ?? row.id);
      if (group) group.dups++;
      else kept.set(groupOf.get(row.id) ?? row.id, { row, dups: 0 });
    }
    return [...kept.values()];
  }

  /** Pages of 1, 7 and 40 (the first 12 of each), following the cursors, equal slices of the previous ranking. */
  async function expectPreviousPages(criteria: ArticleCriteria, order: 'NEWEST' | 'OLDEST', withTotal: boolean) {
    for (const collapseDuplicates of [false, true]) {
      const ranking = await previousRanking(criteria, order, collapseDuplicates);
      for (const first of [1, 7, 40]) {
        let after: string | null = null;
        let start = 0;
        for (let i = 0; i < 12; i++) {
          const now = await findArticlePage(wide.db, criteria, { first, after, order, withTotal, collapseDuplicates });
          const expected = ranking.slice(start, start + first);
          expect(now.hits.map((h) => [h.id, h.sort, h.snippet, h.duplicateCount])).toEqual(expected.map((r) => [r.row.id, r.row.sort, r.row.snippet, r.dups]));
          expect(now.hasNextPage).toBe(ranking.length > start + first);
          expect(now.totalCount).toBe(withTotal ? ranking.length : null);
          if (!now.hasNextPage) break;
          after = now.hits.at(-1)!.cursor;
          start += first;
        }
      }
    }
    return previousRanking(criteria, order, false);
  }

  const words = ['said', 'market', 'archive', 'archiv*', 'market OR archive', 'said AND market', 'note', 'nothingmatches'];
  for (const word of words) {
    for (const order of ['NEWEST', 'OLDEST'] as const) {
      it(`${word}, ${order}: pages of 1, 7 and 40 (the first 12 of each), collapsed and not`, async () => {
        const criteria: ArticleCriteria = { ...none, match: text(word) };
        if (word === 'said') expect((await previousRanking(criteria, order, true)).length).toBeLessThan((await previousRanking(criteria, order, false)).length - 60);
        await expectPreviousPages(criteria, order, true);
      });

      it(`one entity with ${word}, ${order}, with and without the total: pages of 1, 7 and 40 (the first 12 of each), collapsed and not`, async () => {
        for (const withTotal of [false, true]) {
          const all = await expectPreviousPages({ ...none, allOf: [[1]], match: text(word) }, order, withTotal);
          if (word !== 'nothingmatches') expect(all.length).toBeGreaterThan(word === 'note' ? 90 : 300);
          const few = await expectPreviousPages({ ...none, allOf: [[2]], match: text(word) }, order, withTotal);
          if (word === 'archive') expect(few.length).toBe(10);
        }
      });
    }
  }

  it('reaches both ways: the walk with a lookup per article, and the matches as a list', async () => {
    // The walk applies when matches² > articles × (first + 1) × 256.
    const dense = async (word: string, first: number) => {
      const [{ n }] = (await wide.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM articles_fts WHERE articles_fts MATCH ${text(word)}`)) as [{ n: number }];
      return n * n > 3000 * (first + 1) * 256;
    };
    expect([await dense('said', 1), await dense('said', 7), await dense('said', 40), await dense('archive', 1), await dense('archive', 7)]).toEqual([true, true, false, true, false]);
  });

  it("one entity with words reaches every way: the page within a window of 8 × (first + 1) of the entity's articles, the entity's articles against the text's matches as a list, and the matches stored", async () => {
    // How many of the entity's first `window` articles in the page's order match.
    const inWindow = async (word: string, order: 'NEWEST' | 'OLDEST', first: number) => {
      const direction = sql.raw(order === 'NEWEST' ? 'DESC' : 'ASC');
      const [{ n }] = (await wide.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT article_id FROM article_entities WHERE entity_id = 1
        ORDER BY coalesce(published_at, '') ${direction}, article_id ${direction} LIMIT ${8 * (first + 1)}) w
        WHERE w.article_id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ${text(word)})`)) as [{ n: number }];
      return n > first;
    };
    expect([await inWindow('said', 'NEWEST', 40), await inWindow('market', 'OLDEST', 7), await inWindow('archive', 'NEWEST', 1), await inWindow('archive', 'OLDEST', 7)]).toEqual([true, true, false, true]);
    // With the total: walked where an eighth of the entity's articles match; else the entity's
    // articles tested against the text's matches as a list while articles × (first + 1) ÷ the
    // entity's matches stays within the text's matches; else the matches stored.
    const way = async (entityId: number, word: string, first: number) => {
      const [{ articles, matches, both }] = (await wide.db.all<{ articles: number; matches: number; both: number }>(sql`SELECT
        (SELECT article_count FROM entities WHERE id = ${entityId}) AS articles,
        (SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ${text(word)}) AS matches,
        (SELECT count(*) FROM article_entities WHERE entity_id = ${entityId} AND article_id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ${text(word)})) AS both`)) as [
        { articles: number; matches: number; both: number },
      ];
      if (both * 8 >= articles) return 'walk';
      return both > 0 && Math.floor((articles * (first + 1)) / both) <= matches ? 'list' : 'stored';
    };
    expect([await way(1, 'said', 7), await way(2, 'archive', 1), await way(2, 'archive', 40), await way(1, 'note', 1), await way(1, 'note', 7)]).toEqual(['walk', 'list', 'stored', 'list', 'stored']);
  });
});

describe('the relaxation probe (firstNonEmpty) finds what the previous one found', () => {
  // The previous probe: `EXISTS (SELECT 1 FROM articles a WHERE criteriaWhere(…))`; the probe now
  // reads each reading's matches as the pages do (matchingArticles) and stops at the first.
  const previously = async (criteria: ArticleCriteria) =>
    (await test.db.all<{ found: number }>(sql`SELECT EXISTS (SELECT 1 FROM articles a WHERE ${criteriaWhere(criteria)}) AS found`))[0]!.found === 1;
  it('for each filter alone, and for the filters in turn (the first that finds something)', async () => {
    const all = cases.map(([, criteriaOf]) => criteriaOf());
    const found = await Promise.all(all.map(previously));
    expect(found.filter(Boolean).length).toBeGreaterThan(1);
    expect(found.some((f) => !f)).toBe(true);
    for (const [i, criteria] of all.entries()) expect(await firstNonEmpty(test.db, [criteria]), cases[i]![0]).toBe(found[i] ? 0 : -1);
    // In turn, starting from each filter: the first later one that finds something.
    for (let start = 0; start < all.length; start++) {
      const expected = found.slice(start).findIndex(Boolean);
      expect(await firstNonEmpty(test.db, all.slice(start))).toBe(expected);
    }
  });
});

describe("an entity's articles connection keeps the order the previous one had", () => {
  // Entity.articles paged articles by their own date (relatedConnection over articles); it now
  // pages article_entities rows by their copy of the date. The same articles in the same order,
  // undated ones last, forwards and backwards.
  const typeNames = { country: 'Country', person: 'Person', organization: 'Organization' } as const;
  type Page = { edges: { cursor: string; node: { id: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null } };
  it('pages of 7 forwards (first/after) and backwards (last/before), for the three largest entities and North Korea', async () => {
    const execute = graphqlClient(test.db);
    const query = `query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) { node(id: $id) { ... on Entity {
      articles(first: $first, after: $after, last: $last, before: $before) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } } }`;
    let undated = 0;
    for (const name of ['top0', 'top1', 'top2', 'North Korea']) {
      const entityId = id(name);
      const [row] = await test.db.all<{ kind: keyof typeof typeNames }>(sql`SELECT kind FROM entities WHERE id = ${entityId}`);
      const kind = row!.kind;
      const expected = (
        await test.db.all<{ id: number; published_at: string | null }>(sql`SELECT a.id AS id, a.published_at AS published_at FROM articles a JOIN article_entities ae ON ae.article_id = a.id
          WHERE ae.entity_id = ${entityId} ORDER BY coalesce(a.published_at, '') DESC, a.id DESC`)
      );
      undated += expected.filter((r) => r.published_at === null).length;
      const nodeId = encodeGlobalID(typeNames[kind], entityId);
      const ids = (edges: { node: { id: string } }[]) => edges.map((e) => Number(decodeGlobalID(e.node.id).id));
      // Every page of 7, forwards from the start or backwards from the end, in list order.
      const walk = async (backwards: boolean) => {
        const all: number[] = [];
        for (let cursor: string | null = null, more = true; more; ) {
          const response: { data?: { node: { articles: Page } }; errors?: unknown } = await execute(query, backwards ? { id: nodeId, last: 7, before: cursor } : { id: nodeId, first: 7, after: cursor });
          expect(response.errors).toBeUndefined();
          const { edges, pageInfo }: Page = response.data!.node.articles;
          if (backwards) all.unshift(...ids(edges));
          else all.push(...ids(edges));
          [cursor, more] = backwards ? [pageInfo.startCursor, pageInfo.hasPreviousPage] : [pageInfo.endCursor, pageInfo.hasNextPage];
        }
        return all;
      };
      expect(await walk(false), name).toEqual(expected.map((r) => r.id));
      expect(await walk(true), name).toEqual(expected.map((r) => r.id));
    }
    // The corpus's undated articles are among them, so "undated last" is tested.
    expect(undated).toBeGreaterThan(0);
  });
});

describe('collapsed pages return the rows the previous statement gives once near-duplicates fold', () => {
  for (const [name, criteriaOf] of cases) {
    for (const order of articleOrders as readonly ArticleOrder[]) {
      for (const recencyBoost of order === 'RELEVANCE' ? [false, true] : [false]) {
        it(`${name}, ${order}${recencyBoost ? ' with recency boost' : ''}: pages of 1 (the first 12), of 7 and of 40 (all)`, async () => {
          const criteria = criteriaOf();
          let folded = 0;
          for (const first of [1, 7, 40]) {
            let after: string | null = null;
            let afterId: number | null = null;
            for (let i = 0; i < (first === 1 ? 12 : 400); i++) {
              const now = await findArticlePage(test.db, criteria, { first, after, order, withTotal: true, recencyBoost, collapseDuplicates: true });
              const before = await previousCollapsedPage(criteria, { first, order, afterId, recencyBoost });
              expect(now.hits.map((h) => [h.id, h.sort, h.snippet, h.duplicateCount])).toEqual(
                before.rows.slice(0, first).map((r) => [r.row.id, r.row.sort, r.row.snippet, r.dups]),
              );
              expect(now.hasNextPage).toBe(before.rows.length > first);
              expect(now.totalCount).toBe(before.total);
              folded += now.hits.filter((h) => h.duplicateCount > 0).length;
              if (!now.hasNextPage) break;
              after = now.hits.at(-1)!.cursor;
              afterId = now.hits.at(-1)!.id;
            }
          }
          const folds = ['every article', 'text only', 'the entity in most articles, no text', 'an entity before a date, no text', 'an entity without another, no text', 'any of three entities, no text'];
          if (folds.includes(name)) expect(folded).toBeGreaterThan(0);
        });
      }
    }
  }
});

describe('article_entities.published_at and source (copied for the timeline and the source facet) agree with articles', () => {
  const drift = async () =>
    (
      await test.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM article_entities ae JOIN articles a ON a.id = ae.article_id
        WHERE ae.published_at IS NOT a.published_at OR ae.source IS NOT a.source`)
    )[0]!.n;

  it('the timelines of one entity and of every article, read from the counts per day, give the buckets the general statement gives, for every interval', async () => {
    for (const name of ['North Korea', 'top0', 'top1']) {
      const single: ArticleCriteria = { ...none, allOf: [[id(name)]] };
      // Excluding an entity no article has matches the same articles, through the general statement.
      const general: ArticleCriteria = { ...single, noneOf: [-1] };
      for (const interval of timelineIntervals) {
        const buckets = await timeline(test.db, single, interval);
        expect(buckets.length).toBeGreaterThan(0);
        expect(buckets).toEqual(await timeline(test.db, general, interval));
      }
      expect(await timeline(test.db, single, 'MONTH')).toEqual(await previousTimeline(test.db, single));
    }
    expect(await timeline(test.db, none, 'MONTH')).toEqual(await previousTimeline(test.db, none));
    for (const interval of timelineIntervals) {
      expect(await timeline(test.db, none, interval)).toEqual(await timeline(test.db, { ...none, noneOf: [-1] }, interval));
    }
  });

  it('within dates: a range of the counts per day when the dates fall at midnight, the general statement otherwise, the same buckets either way', async () => {
    const day = async (share: number) =>
      (await test.db.all<{ day: string }>(sql`SELECT substr(published_at, 1, 10) AS day FROM articles WHERE published_at IS NOT NULL
        ORDER BY published_at LIMIT 1 OFFSET (SELECT CAST(count(*) * ${share} AS INTEGER) FROM articles WHERE published_at IS NOT NULL)`))[0]!.day;
    const [from, to] = [await day(0.4), await day(0.7)];
    expect(from < to).toBe(true);
    const ranges = [
      { publishedAfter: `${from}T00:00:00.000Z`, publishedBefore: null },
      { publishedAfter: null, publishedBefore: `${to}T00:00:00.000Z` },
      { publishedAfter: `${from}T00:00:00.000Z`, publishedBefore: `${to}T00:00:00.000Z` },
      { publishedAfter: `${from}T12:30:00.000Z`, publishedBefore: `${to}T00:00:00.000Z` },
    ];
    for (const range of ranges) {
      for (const base of [none, { ...none, allOf: [[id('top0')]] }, { ...none, allOf: [[id('North Korea')]] }]) {
        const criteria: ArticleCriteria = { ...base, ...range };
        const wholeDays = !range.publishedAfter?.includes('T12');
        for (const interval of timelineIntervals) {
          test.statements.length = 0;
          const buckets = await timeline(test.db, criteria, interval);
          expect(test.statements.join(' ').includes(base.allOf.length ? 'FROM entity_days' : 'FROM article_days')).toBe(wholeDays);
          expect(buckets.length).toBeGreaterThan(0);
          expect(buckets).toEqual(await timeline(test.db, { ...criteria, noneOf: [-1] }, interval));
        }
      }
    }
  });

  it('after ingest, a new date and source for the same text, an update by url and direct updates', async () => {
    expect(await drift()).toBe(0);
    const [article] = await test.db.all<{ url: string; title: string; body: string }>(
      sql`SELECT url, title, body FROM articles WHERE url LIKE 'https://corpus.%' AND url NOT LIKE '%#%' AND id IN (SELECT article_id FROM article_entities) ORDER BY id DESC LIMIT 1`,
    );
    // The same text again with another date and source: only the article row is updated, the triggers copy them.
    const [redated] = await ingestArticles(test.db, [{ ...article!, publishedAt: '2019-03-04T05:06:07.000Z', source: 'Copied Source' }], { extract: extractMentions });
    expect(redated!.status).toBe('updated');
    expect(await drift()).toBe(0);
    expect((await test.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM article_entities WHERE published_at = '2019-03-04T05:06:07.000Z' AND source = 'Copied Source'`))[0]!.n).toBeGreaterThan(0);
    // Another text under the same url: the links are written again with the new date.
    await ingestArticles(test.db, [{ ...article!, body: `Angela Merkel met Emmanuel Macron in Paris. ${article!.body}`, publishedAt: '2018-01-02T03:04:05.000Z' }], { extract: extractMentions });
    expect(await drift()).toBe(0);
    await test.db.run(sql`UPDATE articles SET published_at = NULL WHERE url = ${article!.url}`);
    expect(await drift()).toBe(0);
    await test.db.run(sql`UPDATE articles SET source = NULL WHERE url = ${article!.url}`);
    expect(await drift()).toBe(0);
  });
});

/** The facets (10 sources) are what the previous statements counted, with entities and sources to compare. */
async function expectPreviousFacets(criteria: ArticleCriteria) {
  const facets = await articleFacets(test.db, criteria, { entities: true, sources: true }, { source: 10 });
  const [entities, bySource] = await previousFacets(test.db, criteria);
  expect(facets.filter((f) => f.facet === 'source').length).toBeGreaterThan(0);
  expect(facets.filter((f) => f.facet === 'entity').length).toBeGreaterThan(3);
  expect(facets.flatMap((f) => (f.facet === 'entity' ? [{ id: f.entity.id, kind: f.entity.kind, name: f.entity.name, slug: f.entity.slug, count: f.count }] : []))).toEqual(entities);
  expect(facets.flatMap((f) => (f.facet === 'source' ? [{ source: f.source, count: f.count }] : []))).toEqual(bySource);
}

describe('stories of entities, read from story_entities, are the stories their articles are in', () => {
  it('pages and totals of one, two and three entities equal those of the join through the articles', async () => {
    const sets = [['North Korea'], ['top0'], ['top0', 'top1'], ['top0', 'top1', 'North Korea'], ['Angela Merkel', 'top0']];
    for (const names of sets) {
      const entityIds = names.map(id);
      const [{ n }] = (await test.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM stories s WHERE s.merged_into IS NULL AND ${sql.join(
        entityIds.map((e) => sql`s.id IN (SELECT sa.story_id FROM article_entities ae JOIN story_articles sa ON sa.article_id = ae.article_id WHERE ae.entity_id = ${e})`),
        sql` AND `,
      )}`)) as [{ n: number }];
      for (const order of ['SIZE', 'RECENT'] as const) {
        const page = await findStoryPage(test.db, { entityIds, match: null, from: null, to: null }, { first: 500, after: null, order, withTotal: true });
        expect(page.totalCount).toBe(n);
        expect(page.hits.length).toBe(n);
      }
      if (names.length < 3) expect(n).toBeGreaterThan(0);
    }
  });
});

describe('stories with text: the total counted from the matches, or by testing every story, is the count of stories an article matching the text is in', () => {
  it('for a rare and a common word, alone, with one and two entities, and in a date range', async () => {
    const ways: boolean[] = [];
    for (const word of ['delegation', 'tougher', 'said OR the']) {
      const match = text(word);
      const [{ few }] = (await test.db.all<{ few: number }>(sql`SELECT
        (SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ${match}) < (SELECT max(rowid) / 3 FROM stories) AS few`)) as [{ few: number }];
      ways.push(few === 1);
      for (const names of [[], ['top0'], ['top0', 'top1']]) {
        for (const [from, to] of [[null, null], ['2021-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z']] as const) {
          const entityIds = names.map(id);
          const [{ n }] = (await test.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM stories s WHERE s.merged_into IS NULL
            AND s.id IN (SELECT sa.story_id FROM story_articles sa JOIN articles_fts ON articles_fts.rowid = sa.article_id WHERE articles_fts MATCH ${match})
            ${sql.join(entityIds.map((e) => sql` AND s.id IN (SELECT sa.story_id FROM article_entities ae JOIN story_articles sa ON sa.article_id = ae.article_id WHERE ae.entity_id = ${e})`))}
            ${from ? sql` AND s.last_published_at >= ${from} AND s.first_published_at < ${to}` : sql``}`)) as [{ n: number }];
          const page = await findStoryPage(test.db, { entityIds, match, from, to }, { first: 1, after: null, order: 'RECENT', withTotal: true });
          expect(page.totalCount).toBe(n);
          if (!names.length && !from) expect(n).toBeGreaterThan(0);
        }
      }
    }
    expect(ways).toEqual([true, true, false]);
  });
});

describe('co_mentions (kept by triggers) agrees with article_entities', () => {
  // Every (entity, other) pair with the number of articles naming both, as the self-join counts it.
  const drift = () =>
    tableDrift(test.db, 'co_mentions', sql`SELECT a.entity_id AS entity_id, b.entity_id AS other_id, count(*) AS count FROM article_entities a
      JOIN article_entities b ON b.article_id = a.article_id AND b.entity_id <> a.entity_id GROUP BY 1, 2`);

  it('related returns the rows the previous self-join returned, for each kind and for several entities at once', async () => {
    const ids = [id('North Korea'), id('top0'), id('top1'), id('top2'), id('North Korea')];
    for (const kind of [null, 'country', 'person', 'organization'] as const) {
      for (const first of [1, 10, 100]) {
        expect(await relatedEntities(test.db, ids, kind, first)).toEqual(await previousRelated(test.db, ids, kind, first));
      }
    }
  });

  it('facets of one entity read from it give the counts grouping the matching articles gives', async () => {
    for (const name of ['North Korea', 'top0', 'top1', 'top2']) {
      const single: ArticleCriteria = { ...none, allOf: [[id(name)]] };
      // Excluding an entity no article has matches the same articles, through the general statement.
      const general: ArticleCriteria = { ...single, noneOf: [-1] };
      const facets = await articleFacets(test.db, single, { entities: true, sources: true });
      expect(facets.filter((f) => f.facet === 'entity').length).toBeGreaterThan(3);
      expect(facets).toEqual(await articleFacets(test.db, general, { entities: true, sources: true }));
    }
  });

  it('facets count what the previous statements counted: text with an entity (sources from its joined row), text alone, an entity, filters', async () => {
    const cases: ArticleCriteria[] = [
      { ...none, allOf: [[id('North Korea')]], match: text('sanctions') },
      { ...none, allOf: [[id('top0')], [id('top1'), id('top2')]], match: text('sanctions') },
      { ...none, allOf: [], about: { entityIds: [id('North Korea')], minSalience: 0.2 }, match: text('sanctions OR talks') },
      { ...none, match: text('sanctions') },
      { ...none, allOf: [[id('top1')]] },
      { ...none, allOf: [[id('North Korea')]], match: text('sanctions'), sources: sources.slice(0, 2) },
    ];
    for (const criteria of cases) await expectPreviousFacets(criteria);
  });

  it('facets of text matching most articles, counted as the kept counts less the articles the text misses, count what grouping the matches counted', async () => {
    const articles = (await test.db.all<{ n: number }>(sql`SELECT max(id) AS n FROM articles`))[0]!.n;
    const matching = async (query: string) =>
      (await test.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM articles_fts WHERE articles_fts MATCH ${text(query)}`))[0]!.n;
    // Both texts match most articles, so these facets are counted by complement ("sanctions", a
    // few articles, is grouped: the test above).
    expect((await matching('said')) * 2).toBeGreaterThan(articles);
    expect((await matching('the OR sanctions')) * 2).toBeGreaterThan(articles);
    const cases: ArticleCriteria[] = [
      { ...none, match: text('said') },
      { ...none, match: text('the OR sanctions') },
      ...['North Korea', 'top0', 'top1'].map((name) => ({ ...none, allOf: [[id(name)]], match: text('said') })),
      { ...none, allOf: [[id('top0')]], match: text('the OR sanctions') },
    ];
    for (const criteria of cases) await expectPreviousFacets(criteria);
  });

  it('facets of text in a quarter to half of the articles, counted only for the entities that can reach the rows shown, count what grouping the matches counted', async () => {
    const articles = (await test.db.all<{ n: number }>(sql`SELECT max(id) AS n FROM articles`))[0]!.n;
    const kinds = ['country', 'organization', 'person'] as const; // in the order facets come back
    const cases: ArticleCriteria[] = [
      { ...none, match: text('election') },
      { ...none, match: text('economy'), noneOf: [id('top0')] },
      { ...none, match: text('minister'), noneOf: [id('top1')] },
      { ...none, match: text('security'), sources: sources.slice(0, 9) },
      { ...none, match: text('said'), allOf: [[id('top0'), id('top1'), id('North Korea')]] },
    ];
    // Without every organisation that could be a candidate (those reaching half the bar "said"
    // alone sets for the first one, so the bar with them excluded is above the rest), the
    // most-mentioned organisation left is not a candidate: the candidates' counts (all 0) must
    // not stand for the facet.
    const [{ n: said }] = (await test.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM articles_fts WHERE articles_fts MATCH ${text('said')}`)) as [{ n: number }];
    const organizations = await test.db.all<{ id: number; articleCount: number }>(sql`SELECT id, article_count AS articleCount FROM entities
      WHERE kind = 'organization' AND article_count > 0 ORDER BY article_count DESC`);
    const withoutCandidates: ArticleCriteria = {
      ...none,
      match: text('said'),
      noneOf: organizations.filter((o) => o.articleCount >= (said * organizations[0]!.articleCount) / (4 * articles)).map((o) => o.id),
    };
    cases.push(withoutCandidates);
    const sizings: Partial<Record<(typeof kinds)[number], number>>[] = [{}, { country: 1, person: 1, organization: 1 }, { country: 3, person: 2, organization: 4 }, { country: 10, person: 0 }, { country: 0, person: 0, organization: 1 }];
    // The rule the statement applies (candidateCounts), recomputed from every entity's count, so
    // the cases are known to reach both ways: the candidates' counts, and the matches grouped.
    const candidatesSuffice = async (criteria: ArticleCriteria, sizes: (typeof sizings)[number]) => {
      const matching = sql`SELECT a.id FROM articles a WHERE ${criteriaWhere(criteria)}`;
      const n = (await test.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM (${matching})`))[0]!.n;
      if (n <= articles / 4) return false;
      const counts = await test.db.all<{ kind: string; articleCount: number; count: number }>(sql`SELECT e.kind AS kind, e.article_count AS articleCount,
        (SELECT count(*) FROM article_entities ae WHERE ae.entity_id = e.id AND ae.article_id IN (${matching})) AS count FROM entities e WHERE e.article_count > 0`);
      return kinds.every((kind) => {
        const size = sizes[kind] ?? 100;
        if (size === 0) return true;
        const ofKind = counts.filter((c) => c.kind === kind);
        const bar = (n * ([...ofKind.map((c) => c.articleCount)].sort((a, b) => b - a)[size - 1] ?? 0)) / (2 * articles);
        return (ofKind.filter((c) => c.articleCount >= bar).map((c) => c.count).sort((a, b) => b - a)[size - 1] ?? 0) >= bar;
      });
    };
    const ways: boolean[] = [];
    for (const criteria of cases) {
      const [entities, bySource] = (await previousFacets(test.db, criteria)) as [{ kind: string }[], unknown[]];
      for (const sizes of sizings) {
        const facets = await articleFacets(test.db, criteria, { entities: true, sources: true }, { ...sizes, source: 10 });
        const firstOfEach = kinds.flatMap((kind) => entities.filter((e) => e.kind === kind).slice(0, sizes[kind] ?? 100));
        expect(facets.flatMap((f) => (f.facet === 'entity' ? [{ id: f.entity.id, kind: f.entity.kind, name: f.entity.name, slug: f.entity.slug, count: f.count }] : []))).toEqual(firstOfEach);
        expect(facets.flatMap((f) => (f.facet === 'source' ? [{ source: f.source, count: f.count }] : []))).toEqual(bySource);
        ways.push(await candidatesSuffice(criteria, sizes));
      }
    }
    expect(ways.filter(Boolean).length).toBeGreaterThan(2);
    const [{ n: left }] = (await test.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM articles a WHERE ${criteriaWhere(withoutCandidates)}`)) as [{ n: number }];
    expect([left * 2 > said, left * 4 > articles, await candidatesSuffice(withoutCandidates, { organization: 1 })]).toEqual([true, true, false]);
    expect(ways.filter((way) => !way).length).toBeGreaterThan(2);
  });

  it('the timeline of text matching most articles, by complement, gives the buckets grouping the matches gives, for every interval', async () => {
    for (const criteria of [
      { ...none, match: text('said') },
      { ...none, allOf: [[id('top0')]], match: text('said') },
      { ...none, allOf: [[id('North Korea')]], match: text('the OR sanctions') },
    ]) {
      // Excluding an entity no article has matches the same articles, grouped.
      const grouped: ArticleCriteria = { ...criteria, noneOf: [-1] };
      for (const interval of timelineIntervals) {
        const buckets = await timeline(test.db, criteria, interval);
        expect(buckets.length).toBeGreaterThan(interval === 'YEAR' ? 0 : 3);
        expect(buckets).toEqual(await timeline(test.db, grouped, interval));
      }
      expect(await timeline(test.db, criteria, 'MONTH')).toEqual(await previousTimeline(test.db, criteria));
    }
  });

  it('facets cut to the sizes asked for are the first rows of each facet in full', async () => {
    for (const criteria of [{ ...none, allOf: [[id('North Korea')]] }, { ...none, allOf: [[id('top0')]], match: text('sanctions') }, none]) {
      const full = await articleFacets(test.db, criteria, { entities: true, sources: true });
      const cut = await articleFacets(test.db, criteria, { entities: true, sources: true }, { country: 2, person: 1, organization: 0, source: 3 });
      const first = (facet: string, n: number) => full.filter((f) => (f.facet === 'source' ? 'source' : f.entity.kind) === facet).slice(0, n);
      expect(cut).toEqual([...first('country', 2), ...first('person', 1), ...first('source', 3)]);
      expect(first('source', 3).length).toBeGreaterThan(0);
    }
  });

  it('after ingest, an update by url, the corpus pass, a new date and deletes (of an article, of an entity, by cascade)', async () => {
    expect(await drift()).toBe(0);
    expect((await test.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM entity_days`))[0]!.n).toBeGreaterThan(100);
    expect(await dayCountsDrift(test.db)).toBe(0);
    const [article] = await test.db.all<{ url: string; title: string; body: string }>(
      sql`SELECT url, title, body FROM articles WHERE url LIKE 'https://corpus.%' AND url NOT LIKE '%#%' AND id IN (SELECT article_id FROM article_entities GROUP BY article_id HAVING count(*) > 3) ORDER BY id LIMIT 1`,
    );
    // Same url, another text: its entity links are deleted and written again.
    const [updated] = await ingestArticles(test.db, [{ url: article!.url, title: article!.title, body: `Angela Merkel met Emmanuel Macron in Paris. ${article!.body.slice(0, 400)}` }], { extract: extractMentions });
    expect(updated!.status).toBe('updated');
    expect(await drift()).toBe(0);
    await resolveCorpus(test.db);
    expect(await drift()).toBe(0);
    // story_entities, kept by the same writes' triggers, too.
    expect((await test.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM story_entities`))[0]!.n).toBeGreaterThan(100);
    expect(await storyEntitiesDrift(test.db)).toBe(0);
    expect(await dayCountsDrift(test.db)).toBe(0);
    // The per-day counts (kept by triggers too) follow a changed date, a date removed and one set.
    const [dated] = await test.db.all<{ id: number }>(sql`SELECT article_id AS id FROM article_entities WHERE published_at IS NOT NULL GROUP BY article_id HAVING count(*) > 2 ORDER BY article_id LIMIT 1`);
    await test.db.run(sql`UPDATE articles SET published_at = '2001-02-03T04:05:06Z' WHERE id = ${dated!.id}`);
    expect(await dayCountsDrift(test.db)).toBe(0);
    await test.db.run(sql`UPDATE articles SET published_at = NULL WHERE id = ${dated!.id}`);
    expect(await dayCountsDrift(test.db)).toBe(0);
    await test.db.run(sql`UPDATE articles SET published_at = '2001-02-04T00:00:00Z' WHERE id = ${dated!.id}`);
    expect(await dayCountsDrift(test.db)).toBe(0);
    const pairs = async () => (await test.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM co_mentions`))[0]!.n;
    const before = await pairs();
    await test.db.run(sql`DELETE FROM articles WHERE id = (SELECT max(article_id) FROM article_entities)`);
    await test.db.run(sql`DELETE FROM entities WHERE id = (SELECT entity_id FROM article_entities GROUP BY entity_id ORDER BY count(*) DESC LIMIT 1 OFFSET 5)`);
    expect(await pairs()).toBeLessThan(before);
    expect(await drift()).toBe(0);
    expect(await storyEntitiesDrift(test.db)).toBe(0);
    expect(await dayCountsDrift(test.db)).toBe(0);
  });
});
