import { readdirSync, readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from '../src/db/migrate.ts';
import { extractMentions } from '../src/ingest/extract.ts';
import { ingestArticles } from '../src/ingest/ingest.ts';
import { aboutThreshold } from '../src/search/salience.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { graphqlClient } from './helpers/graphql.ts';

// Hand-written articles that all mention Kenya, from the article about it to a passing "Kenyan".
const aboutKenya = {
  title: 'Tourist attacked by muggers in Kenya',
  url: 'https://example.com/kenya-muggers',
  publishedAt: '2024-01-10T08:00:00Z',
  body:
    'A British tourist has been attacked by muggers in Kenya, police in Nairobi said on Tuesday. ' +
    'Kenya has seen a rise in attacks on visitors this year, and the Kenyan government has promised more patrols. ' +
    'Tourism is one of the biggest earners for Kenya. The tourist was treated in hospital and has since flown home.',
};
const resultsTable = {
  title: 'Holmes wins indoor 1500m in Birmingham',
  url: 'https://example.com/holmes-birmingham',
  publishedAt: '2024-02-20T18:00:00Z',
  body:
    'Kelly Holmes won the 1500m at the Birmingham indoor grand prix on Friday, leading from the bell. ' +
    'Holmes said she was delighted with her form before the European indoor championships in Madrid. ' +
    'Results: 1. Kelly Holmes (Britain) 4:05.2; 2. Maria Cioncan (Romania) 4:06.1; 3. Jane Ngotho (Kenyan) 4:06.9.',
};
const passingMention = {
  title: 'Uganda opens new oil refinery',
  url: 'https://example.com/uganda-refinery',
  publishedAt: '2024-03-05T10:00:00Z',
  body:
    'Uganda has opened its first oil refinery near Lake Albert, the energy minister said. ' +
    'Officials in Uganda expect the plant to cut fuel imports. Some of the fuel will be exported to Kenya by pipeline. ' +
    'Uganda hopes the refinery will create thousands of jobs.',
};
// Two articles alike in every measure salience takes, so they tie: the newer must come first.
const tiedOlder = {
  title: 'Kenya votes in March',
  url: 'https://example.com/kenya-votes-march',
  publishedAt: '2023-05-01T00:00:00Z',
  body: 'Kenya votes in March in a close election. Observers from Kenya and abroad will watch the count.',
};
const tiedNewer = {
  title: 'Kenya votes in April',
  url: 'https://example.com/kenya-votes-april',
  publishedAt: '2024-05-01T00:00:00Z',
  body: 'Kenya votes in April in a close election. Observers from Kenya and abroad will watch the count.',
};
const kenyaArticles = [aboutKenya, resultsTable, passingMention, tiedOlder, tiedNewer];

let test: TestDatabase;
let execute: ReturnType<typeof graphqlClient>;

beforeAll(async () => {
  test = await createTestDatabase();
  const results = await ingestArticles(test.db, kenyaArticles, { extract: extractMentions });
  expect(results.map((r) => r.status)).toEqual(kenyaArticles.map(() => 'created'));
  execute = graphqlClient(test.db);
});
afterAll(() => test.close());

interface Row {
  title: string;
  name: string;
  mention_count: number;
  first_start: number;
  first_sentence: number;
  in_title: number;
  salience: number;
}

async function rows(): Promise<Row[]> {
  return test.db.all<Row>(sql`
    SELECT a.title, e.name, ae.mention_count, ae.first_start, ae.first_sentence, ae.in_title, ae.salience
    FROM article_entities ae JOIN articles a ON a.id = ae.article_id JOIN entities e ON e.id = ae.entity_id
    ORDER BY ae.article_id, ae.entity_id`);
}

const row = async (title: string, name: string) => (await rows()).find((r) => r.title === title && r.name === name)!;

async function data(query: string, variables?: Record<string, unknown>) {
  const result = await execute(query, variables);
  expect(result.errors).toBeUndefined();
  return result.data;
}

async function errorOf(query: string, variables?: Record<string, unknown>) {
  const result = await execute(query, variables);
  expect(result.errors).toHaveLength(1);
  return result.errors![0]!;
}

describe('salience stored per (article, entity)', () => {
  it('is a number from 0 to 1 for every row, and the first mention is where the body names it first', async () => {
    const all = await rows();
    expect(all.length).toBeGreaterThan(10);
    for (const r of all) {
      expect(r.salience).toBeGreaterThanOrEqual(0);
      expect(r.salience).toBeLessThanOrEqual(1);
      expect(r.mention_count).toBeGreaterThanOrEqual(1);
    }
    const kenya = await row(aboutKenya.title, 'Kenya');
    expect(kenya.first_start).toBe(aboutKenya.body.indexOf('Kenya'));
    expect(kenya.first_sentence).toBe(0);
    expect((await row(passingMention.title, 'Kenya')).first_sentence).toBe(2); // the third sentence
  });

  it('flags entities the title names, also by a short form the body uses ("Holmes" for Kelly Holmes)', async () => {
    expect((await row(aboutKenya.title, 'Kenya')).in_title).toBe(1);
    expect((await row(resultsTable.title, 'Kelly Holmes')).in_title).toBe(1);
    expect((await row(resultsTable.title, 'Kenya')).in_title).toBe(0);
    expect((await row(passingMention.title, 'Uganda')).in_title).toBe(1);
    expect((await row(passingMention.title, 'Kenya')).in_title).toBe(0);
  });

  it('scores the article about Kenya far above a passing "Kenyan" or a mention in passing', async () => {
    const about = (await row(aboutKenya.title, 'Kenya')).salience;
    expect(about).toBeGreaterThanOrEqual(aboutThreshold);
    expect((await row(resultsTable.title, 'Kenya')).salience).toBeLessThan(aboutThreshold);
    expect((await row(passingMention.title, 'Kenya')).salience).toBeLessThan(aboutThreshold);
    expect((await row(passingMention.title, 'Uganda')).salience).toBeGreaterThan((await row(passingMention.title, 'Kenya')).salience);
  });

  it('is recomputed when an article is updated under the same url, title included', async () => {
    const before = await row(passingMention.title, 'Kenya');
    const retitled = { ...passingMention, title: 'Uganda opens oil refinery to supply Kenya' };
    const [result] = await ingestArticles(test.db, [retitled], { extract: extractMentions });
    expect(result!.status).toBe('updated');
    const after = await row(retitled.title, 'Kenya');
    expect(after.in_title).toBe(1);
    expect(after.salience).toBeGreaterThan(before.salience);
    const [restored] = await ingestArticles(test.db, [passingMention], { extract: extractMentions });
    expect(restored!.status).toBe('updated');
    expect(await row(passingMention.title, 'Kenya')).toEqual(before);
  });

  it('the migration that added the columns backfills stored rows with the values ingest writes', async () => {
    const ingested = await rows();
    await test.db.run(sql`UPDATE article_entities SET first_sentence = 0, in_title = 0, salience = 0`);
    const folder = readdirSync(migrationsFolder).find((name) => name.endsWith('_article_entity_salience_backfill'))!;
    const backfill = readFileSync(`${migrationsFolder}/${folder}/migration.sql`, 'utf8');
    for (const statement of backfill.split('--> statement-breakpoint')) await test.db.run(sql.raw(statement));
    expect(await rows()).toEqual(ingested);
  });
});

// The two tied articles are near-duplicates by construction, which `articles` would fold into one
// hit by default; these tests rank every article (collapsing: tests/search-relevance.test.ts).
const kenyaPage = `query ($where: ArticleFilter, $first: Int, $after: String) {
  articles(where: $where, first: $first, after: $after, collapseDuplicates: false) {
    totalCount
    edges { cursor score node { title } }
    pageInfo { hasNextPage endCursor }
  }
}`;

async function allPages(where: Record<string, unknown>, first: number): Promise<string[]> {
  const titles: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 20; page++) {
    const { articles } = await data(kenyaPage, { where, first, after });
    titles.push(...articles.edges.map((e: { node: { title: string } }) => e.node.title));
    if (!articles.pageInfo.hasNextPage) return titles;
    after = articles.pageInfo.endCursor;
  }
  throw new Error('pagination did not end');
}

describe('ordering by salience when entities are asked for without text', () => {
  it('puts the article about Kenya first and the results table with one "Kenyan" after the others', async () => {
    const { articles } = await data(kenyaPage, { where: { countries: ['Kenya'] }, first: 10 });
    const titles = articles.edges.map((e: { node: { title: string } }) => e.node.title);
    expect(articles.totalCount).toBe(kenyaArticles.length);
    expect(titles[0]).toBe(aboutKenya.title);
    expect(titles.indexOf(resultsTable.title)).toBeGreaterThan(titles.indexOf(tiedOlder.title));
    const scores: number[] = articles.edges.map((e: { score: number }) => e.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const score of scores) expect(score).toBeGreaterThanOrEqual(0);
  });

  it('breaks a tie on salience by recency', async () => {
    const { articles } = await data(kenyaPage, { where: { countries: ['Kenya'] }, first: 10 });
    const byTitle = new Map(articles.edges.map((e: { score: number; node: { title: string } }) => [e.node.title, e.score]));
    expect(byTitle.get(tiedNewer.title)).toBe(byTitle.get(tiedOlder.title));
    const titles = articles.edges.map((e: { node: { title: string } }) => e.node.title);
    expect(titles.indexOf(tiedNewer.title)).toBe(titles.indexOf(tiedOlder.title) - 1);
  });

  it('search reads an entity-only question the same way', async () => {
    const result = await data(`{ search(query: "Kenya", first: 1) { edges { node { score article { title } } } } }`);
    expect(result.search.edges[0].node.article.title).toBe(aboutKenya.title);
  });

  it('pages of any size return every article exactly once, in the order of one big page', async () => {
    const { articles } = await data(kenyaPage, { where: { countries: ['Kenya'] }, first: 100 });
    const whole = articles.edges.map((e: { node: { title: string } }) => e.node.title);
    for (const size of [1, 2, 3]) expect(await allPages({ countries: ['Kenya'] }, size)).toEqual(whole);
  });

  it('rejects a cursor whose salience is not a number from 0 to 1, or one from another order', async () => {
    const forged = [btoa('[2,"",1]'), btoa('[1e999,"",1]'), btoa('["0.5","",1]'), btoa('[0.5,1]')];
    const { articles } = await data(`{ articles(orderBy: NEWEST, first: 1) { pageInfo { endCursor } } }`);
    for (const after of [...forged, articles.pageInfo.endCursor]) {
      const error = await errorOf(kenyaPage, { where: { countries: ['Kenya'] }, first: 2, after });
      expect(error.extensions?.code, after).toBe('BAD_USER_INPUT');
    }
  });

  it('keeps NEWEST when asked for it', async () => {
    const { articles } = await data(`{ articles(where: { countries: ["Kenya"] }, orderBy: NEWEST, first: 1) { edges { score node { title } } } }`);
    expect(articles.edges[0]).toEqual({ score: null, node: { title: tiedNewer.title } });
  });
});

describe('ArticleFilter.about', () => {
  it('keeps the articles about Kenya and excludes the passing mentions', async () => {
    const titles = await allPages({ about: { countries: ['Kenya'] } }, 10);
    expect(titles[0]).toBe(aboutKenya.title);
    expect(titles).toEqual(expect.arrayContaining([tiedNewer.title, tiedOlder.title]));
    expect(titles).not.toContain(resultsTable.title);
    expect(titles).not.toContain(passingMention.title);
  });

  it('minSalience widens or narrows it, and is checked', async () => {
    expect(await allPages({ about: { countries: ['Kenya'] }, minSalience: 0 }, 10)).toHaveLength(kenyaArticles.length);
    expect(await allPages({ about: { countries: ['Kenya'] }, minSalience: 1 }, 10)).toEqual([]);
    for (const where of [{ about: { countries: ['Kenya'] }, minSalience: 1.5 }, { countries: ['Kenya'], minSalience: 0.2 }]) {
      expect((await errorOf(kenyaPage, { where, first: 1 })).extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('combines with mention filters: about Uganda and mentioning Kenya', async () => {
    expect(await allPages({ about: { countries: ['Uganda'] }, countries: ['Kenya'] }, 10)).toEqual([passingMention.title]);
    expect(await allPages({ about: { countries: ['Kenya'] }, countries: ['Uganda'] }, 10)).toEqual([]);
  });
});

describe('Article.entities', () => {
  const entitiesOf = `query ($kind: EntityKind, $first: Int) {
    articles(where: { about: { countries: ["Kenya"] } }, first: 1) {
      edges { node { entities(kind: $kind, first: $first) {
        entity { name kind } mentionCount firstMentionOffset firstMentionSentence inTitle salience
      } } }
    }
  }`;

  it('lists the entities most salient first with their mention statistics', async () => {
    const { articles } = await data(entitiesOf, {});
    const entities = articles.edges[0].node.entities;
    expect(entities[0]).toEqual({
      entity: { name: 'Kenya', kind: 'COUNTRY' },
      mentionCount: (await row(aboutKenya.title, 'Kenya')).mention_count,
      firstMentionOffset: aboutKenya.body.indexOf('Kenya'),
      firstMentionSentence: 0,
      inTitle: true,
      salience: (await row(aboutKenya.title, 'Kenya')).salience,
    });
    const saliences = entities.map((e: { salience: number }) => e.salience);
    expect([...saliences].sort((a, b) => b - a)).toEqual(saliences);
  });

  it('filters by kind and limits with first, which is checked', async () => {
    const { articles } = await data(entitiesOf, { kind: 'COUNTRY', first: 1 });
    expect(articles.edges[0].node.entities.map((e: { entity: { name: string } }) => e.entity.name)).toEqual(['Kenya']);
    const people = await data(entitiesOf, { kind: 'PERSON' });
    for (const e of people.articles.edges[0].node.entities) expect(e.entity.kind).toBe('PERSON');
    for (const first of [0, 101]) expect((await errorOf(entitiesOf, { first })).extensions?.code).toBe('BAD_USER_INPUT');
  });
});
