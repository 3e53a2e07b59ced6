import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractMentions } from '../src/ingest/extract.ts';
import { ingestArticles } from '../src/ingest/ingest.ts';
import { entityConfidence, interpretQuery, readingConfidence } from '../src/search/natural-language.ts';
import { ResolutionCache } from '../src/search/resolution-cache.ts';
import { createTestDatabase, ingestFixtureArticles, type TestDatabase } from './helpers/database.ts';
import { graphqlClient } from './helpers/graphql.ts';

// Reading a query with confidence, and relaxing a reading that finds nothing. The fixture
// articles plus four written here: one names Home Secretary Theresa May, three use "may" and
// "May" as plain words, so the alias "May" is mostly plain text in this corpus.
let test: TestDatabase;
let execute: ReturnType<typeof graphqlClient>;

const extra = [
  { title: 'Theresa May visits Berlin', url: 'https://example.com/may-berlin', body: 'Home Secretary Theresa May met German officials in Berlin on Tuesday. Mrs May said the talks on policing went well, and May thanked the police.' },
  { title: 'Prices may rise in May', url: 'https://example.com/prices-may', body: 'Energy prices may rise in May, analysts said. Households may face higher bills before the election.' },
  { title: 'Election date set for May', url: 'https://example.com/election-may', body: 'The general election will be held in May. Parties may start campaigning in March.' },
  { title: 'Rain may spoil the harvest', url: 'https://example.com/rain-may', body: 'Heavy rain may spoil the harvest in Spain this year and hurt the economy, farmers warned.' },
];

beforeAll(async () => {
  test = await createTestDatabase();
  await ingestFixtureArticles(test.db);
  await ingestArticles(test.db, extra, { extract: extractMentions });
  execute = graphqlClient(test.db);
});
afterAll(() => test.close());

const searchQuery = /* GraphQL */ `
  query ($q: String!, $strict: Boolean, $first: Int, $after: String) {
    search(query: $q, strict: $strict, first: $first, after: $after) {
      totalCount
      interpretation {
        description text relaxed
        entities { words confidence entity { name } }
        readings { words action confidence reason entity { name } }
        alternatives { words action entity { name } }
      }
      edges { node { article { title } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

async function search(q: string, variables: Record<string, unknown> = {}) {
  const { data, errors } = await execute(searchQuery, { q, ...variables });
  expect(errors).toBeUndefined();
  return data.search;
}

async function statementCount(q: string, variables: Record<string, unknown> = {}) {
  await search(q, variables); // the interpretation is cached after the first time
  test.statements.length = 0;
  await search(q, variables);
  return test.statements.length;
}

describe('readingConfidence', () => {
  const row = (linked: number, plain: number, articles = 20) => ({ written: 'May', linked, plain, articles });

  it('is the share of articles with the words that link the entity, for a prominent entity typed as written', () => {
    expect(readingConfidence('May', row(9, 10))).toBeCloseTo(0.9, 3);
    expect(readingConfidence('May', row(1, 400))).toBeLessThan(0.01);
  });

  it('asks more of lower-case words and of entities in few articles', () => {
    expect(readingConfidence('may', row(9, 10))).toBeLessThan(readingConfidence('MAY', row(9, 10)));
    expect(readingConfidence('MAY', row(9, 10))).toBeLessThan(readingConfidence('May', row(9, 10)));
    expect(readingConfidence('May', row(1, 1, 1))).toBeLessThan(readingConfidence('May', row(1, 1, 20)));
    // Words that never occur as text are no evidence against a name, even typed in lower case.
    expect(readingConfidence('dprk', { written: 'DPRK', linked: 0, plain: 0, articles: 5 })).toBeGreaterThanOrEqual(entityConfidence);
  });
});

describe('interpretation with confidence', () => {
  it('reads a word that is mostly plain text as text, and says so', async () => {
    const result = await search('May election');
    expect(result.interpretation.entities).toEqual([]);
    expect(result.interpretation.text).toBe('May election');
    const may = result.interpretation.readings.find((r: any) => r.words === 'May');
    expect(may).toMatchObject({ action: 'TEXT_TERM', entity: { name: 'Theresa May' } });
    expect(may.confidence).toBeLessThan(0.5);
    // Four articles here use the word, and the seed article ("may" as a verb) a fifth.
    expect(may.reason).toMatch(/1 of the 5 articles that contain the words/);
    expect(result.interpretation.alternatives.map((a: any) => [a.words, a.entity.name])).toContainEqual(['May', 'Theresa May']);
    expect(result.interpretation.description).toBe(
      `Searching for articles matching 'May' and 'election' ('May' as words, not Theresa May (person): confidence ${may.confidence})`,
    );
    // The two articles with both words; not the one about Theresa May, which has no election.
    expect(result.edges.map((e: any) => e.node.article.title).sort()).toEqual(['Election date set for May', 'Prices may rise in May']);
  });

  it('reads the full name as the entity, with its confidence', async () => {
    const result = await search('Theresa May policing');
    expect(result.interpretation.entities).toEqual([{ words: 'Theresa May', confidence: expect.any(Number), entity: { name: 'Theresa May' } }]);
    expect(result.interpretation.entities[0].confidence).toBeGreaterThanOrEqual(0.5);
    expect(result.interpretation.readings.find((r: any) => r.words === 'Theresa May').action).toBe('ENTITY_FILTER');
  });

  it('takes a distinctive alias typed in lower case ("dprk"), not a code typed so ("us")', async () => {
    const result = await search('dprk sanctions');
    expect(result.interpretation.entities.map((e: any) => [e.words, e.entity.name])).toEqual([['dprk', 'North Korea']]);
    expect(result.totalCount).toBe(2);
    const us = await search('energy plan for us');
    expect(us.interpretation.entities).toEqual([]);
  });

  it('lists the losing readings of ambiguous words as dropped', async () => {
    const result = await search('Theresa May');
    for (const reading of result.interpretation.readings) expect(['ENTITY_FILTER', 'DROPPED', 'TEXT_TERM']).toContain(reading.action);
    expect(result.interpretation.readings.filter((r: any) => r.action === 'ENTITY_FILTER')).toHaveLength(1);
  });
});

describe('never a silent zero', () => {
  it('drops words no article has, says what it relaxed, and keeps the entities', async () => {
    const result = await search('North Korea tension');
    expect(result.interpretation.entities.map((e: any) => e.entity.name)).toEqual(['North Korea']);
    expect(result.interpretation.relaxed).toBe(
      "No article matched: Searching for articles mentioning North Korea (country), matching 'tension'; showing instead: dropped the words 'tension': showing articles about North Korea.",
    );
    // Every article that mentions North Korea: the seed, the UN article and the Seoul article.
    expect(result.totalCount).toBe(3);
  });

  it('strict: true returns the strict reading, even nothing', async () => {
    const result = await search('North Korea tension', { strict: true });
    expect(result.totalCount).toBe(0);
    expect(result.interpretation.relaxed).toBeNull();
  });

  it('a reading that finds something is not relaxed', async () => {
    const result = await search('North Korea sanctions');
    expect(result.totalCount).toBe(2);
    expect(result.interpretation.relaxed).toBeNull();
  });

  it('AND becomes a ranked OR of the words before words are dropped', async () => {
    const result = await search('North Korea missile tension');
    expect(result.interpretation.relaxed).toMatch(/matched any of 'missile', 'tension' instead of all of them/);
    // The two North Korea articles that mention a missile; not the Seoul one, which does not.
    expect(result.edges.map((e: any) => e.node.article.title).sort()).toEqual(
      ['Shoigu meets Kim Jong Un in Pyongyang as Russia and North Korea deepen military ties', 'UN tightens sanctions on North Korea after missile test'].sort(),
    );
  });

  it('matches word stems across word classes', async () => {
    // Porter keeps "economic" and "economy" apart; the stem econom* finds the latter.
    const result = await search('Spain economic');
    expect(result.interpretation.relaxed).toMatch(/matched word stems \('econom\*'\)/);
    expect(result.edges.map((e: any) => e.node.article.title)).toEqual(['Rain may spoil the harvest']);
  });

  it('pages through a relaxed answer with its own cursors', async () => {
    const first = await search('North Korea tension', { first: 2 });
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await search('North Korea tension', { first: 2, after: first.pageInfo.endCursor });
    expect(second.interpretation.relaxed).not.toBeNull();
    expect(second.edges).toHaveLength(1);
    const titles = [...first.edges, ...second.edges].map((e: any) => e.node.article.title);
    expect(new Set(titles).size).toBe(3);
  });

  it('costs one extra statement when the first looser reading finds something', async () => {
    // Against asking the looser reading directly: the strict page that found nothing is the extra one.
    expect(await statementCount('North Korea tension')).toBe((await statementCount('North Korea')) + 1);
    expect(await statementCount('North Korea missile tension')).toBe((await statementCount('North Korea missile or tension')) + 1);
    // When it finds nothing too, one probe picks the first looser reading that does: two more.
    const result = await search('North Korea zzqx yyqx');
    expect(result.interpretation.relaxed).toMatch(/dropped the words 'zzqx', 'yyqx'/);
    expect(result.totalCount).toBe(3);
    expect(await statementCount('North Korea zzqx yyqx')).toBe((await statementCount('North Korea')) + 3);
    // Nothing relaxed, nothing extra.
    expect(await statementCount('North Korea sanctions')).toBe(await statementCount('North Korea sanctions', { strict: true }));
  });
});

describe('overlapping readings', () => {
  // Two products whose names overlap in "Sony PlayStation Portable": the extractor is the real one
  // plus links for the two names, so the alias table holds both; "PlayStation Portable" is in more articles.
  const products = [
    { name: 'Sony PlayStation', slug: 'sony-playstation' },
    { name: 'PlayStation Portable', slug: 'playstation-portable' },
  ];
  const withProducts: typeof extractMentions = (text, gazetteer) => {
    const extraction = extractMentions(text, gazetteer);
    for (const { name, slug } of products) {
      const start = extraction.text.indexOf(name);
      if (start < 0) continue;
      extraction.entities.push({ kind: 'organization', slug, name, aliases: [{ text: name, type: 'name' }] });
      const sentence = extraction.sentences.findIndex((s) => s.start <= start && start < s.end);
      extraction.mentions.push({ kind: 'organization', slug, start, end: start + name.length, sentence, surface: name });
    }
    return extraction;
  };
  let productsDb: TestDatabase;
  beforeAll(async () => {
    productsDb = await createTestDatabase();
    const articles = [
      { title: 'Console sales rise', url: 'https://example.com/console-sales', body: 'Sales of the Sony PlayStation rose again in December, the company said.' },
      { title: 'Handheld queues in Tokyo', url: 'https://example.com/handheld-tokyo', body: 'The PlayStation Portable launch drew long queues in Tokyo. Sony said the first shipment sold out within hours.' },
      { title: 'Games for the new handheld', url: 'https://example.com/handheld-games', body: 'Publishers lined up forty games for the PlayStation Portable launch. Sony expects racing titles to lead early sales.' },
      { title: 'Battery worries', url: 'https://example.com/handheld-battery', body: 'Reviewers praised the screen but questioned battery life after the PlayStation Portable launch, and Sony promised an update.' },
    ];
    await ingestArticles(productsDb.db, articles, { extract: withProducts });
  });
  afterAll(() => productsDb.close());

  it('segments the words the way the likelier entity reads them', async () => {
    const { data, errors } = await graphqlClient(productsDb.db)(searchQuery, { q: 'Sony PlayStation Portable launch' });
    expect(errors).toBeUndefined();
    const { interpretation, totalCount } = data.search;
    expect(interpretation.entities.map((e: any) => e.entity.name)).toEqual(['PlayStation Portable']);
    expect(interpretation.relaxed).toBeNull();
    expect(totalCount).toBe(3);
    const dropped = interpretation.readings.find((r: any) => r.entity.name === 'Sony PlayStation');
    expect(dropped.action).toBe('DROPPED');
    expect(dropped.reason).toMatch(/overlaps the likelier reading PlayStation Portable/);
  });
});

describe('evidence over the newest articles (a corpus larger than the sample)', () => {
  it('counts the words and the links over the newest 5,000 articles exactly, as the rowid range did', async () => {
    // 5,200 copies of the fixture article about the North Korea talks, the even ones keeping its
    // link to North Korea, so the sample (the newest 5,000 ids) is all copies and cuts through them.
    const big = await createTestDatabase();
    try {
      await ingestFixtureArticles(big.db);
      const [source] = await big.db.all<{ id: number }>(
        sql`SELECT a.id AS id FROM articles a JOIN article_entities ae ON ae.article_id = a.id JOIN entities e ON e.id = ae.entity_id
            WHERE e.name = 'North Korea' AND a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH '"north korea"') ORDER BY a.id LIMIT 1`,
      );
      const columns = async (table: string) =>
        (await big.db.all<{ name: string }>(sql`SELECT name FROM pragma_table_info(${table})`)).map((c) => c.name);
      const copied = (await columns('articles')).filter((c) => !['id', 'url', 'content_hash'].includes(c)).join(', ');
      const linked = (await columns('article_entities')).filter((c) => c !== 'article_id').join(', ');
      await big.db.run(
        sql.raw(`WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 5200)
          INSERT INTO articles (${copied}, url, content_hash) SELECT ${copied}, 'https://example.com/copy/' || k, 'copy-' || k FROM articles, n WHERE id = ${source!.id} ORDER BY k`),
      );
      await big.db.run(
        sql.raw(`INSERT INTO article_entities (article_id, ${linked}) SELECT a.id, ${linked.split(', ').map((c) => `ae.${c}`).join(', ')}
          FROM articles a JOIN article_entities ae ON ae.article_id = ${source!.id} JOIN entities e ON e.id = ae.entity_id AND e.name = 'North Korea'
          WHERE a.url LIKE 'https://example.com/copy/%' AND CAST(substr(a.url, 26) AS INTEGER) % 2 = 0`),
      );
      // The reference: the formulation before session 12 (a rowid range and the entity's ids handed to FTS5).
      const [expected] = await big.db.all<{ plain: number; linked: number }>(sql`
        WITH sample AS (SELECT max(id) - 5000 AS floor FROM articles)
        SELECT (SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '"north korea"' AND rowid > (SELECT floor FROM sample)) AS plain,
          (SELECT count(*) FROM articles_fts WHERE articles_fts MATCH '"north korea"' AND rowid > (SELECT floor FROM sample)
            AND rowid IN (SELECT article_id FROM article_entities WHERE entity_id = (SELECT id FROM entities WHERE name = 'North Korea'))) AS linked`);
      expect(expected).toEqual({ plain: 5000, linked: 2500 });
      const interpretation = await interpretQuery(big.db, new ResolutionCache(), 'North Korea sanctions');
      const reading = interpretation.readings.find((r) => r.words === 'North Korea');
      expect(reading?.reason).toMatch(new RegExp(`^distinctive: ${expected!.linked} of the ${expected!.plain} articles that contain the words link it;`));
    } finally {
      big.close();
    }
  }, 60_000);
});
