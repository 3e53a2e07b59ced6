import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractMentions } from '../src/ingest/extract.ts';
import { ingestArticles } from '../src/ingest/ingest.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { graphqlClient } from './helpers/graphql.ts';

// Issue 12, relevance: text matches ranked with the salience of the asked-for entities, near-duplicates
// folded into one hit, and each hit saying why it matched. Hand-written articles, real libSQL.
const aboutVenezuela = {
  title: 'Venezuela rejects talks with Washington',
  url: 'https://example.com/venezuela-rejects-talks',
  publishedAt: '2024-03-01T08:00:00Z',
  body:
    'Venezuela has rejected an offer of talks from Washington, state media in Caracas said on Monday. ' +
    'Venezuela said the offer was a trick while sanctions remain in place. ' +
    'Officials in Washington said they would keep the offer open. Venezuela last held such talks two years ago.',
};
// The same report printed again a day later under another headline, with one sentence added.
const reprint = {
  title: 'Caracas turns down Washington offer',
  url: 'https://example.com/venezuela-rejects-talks-reprint',
  publishedAt: '2024-03-02T08:00:00Z',
  body: `${aboutVenezuela.body} Analysts expect no change before the spring.`,
};
// Much more about sanctions (in the headline too), naming Venezuela once, in passing, at the end.
const passingMention = {
  title: 'Sanctions on Iran tightened over sanctions breaches',
  url: 'https://example.com/iran-sanctions',
  publishedAt: '2024-03-03T08:00:00Z',
  body:
    'The European Union has tightened sanctions on Iran after reports of sanctions breaches by shipping firms. ' +
    'The new sanctions target oil exports and banks in Tehran. Iran said the sanctions were illegal. ' +
    'Diplomats compared the measures with earlier sanctions on Venezuela.',
};
const unrelated = {
  title: 'Football club fined',
  url: 'https://example.com/football-fined',
  publishedAt: '2024-03-04T08:00:00Z',
  body: 'A football club in Leeds has been fined for breaching league rules on spending, the league said.',
};
const articles = [aboutVenezuela, reprint, passingMention, unrelated];

let test: TestDatabase;
let execute: ReturnType<typeof graphqlClient>;

beforeAll(async () => {
  test = await createTestDatabase();
  const results = await ingestArticles(test.db, articles, { extract: extractMentions });
  expect(results.map((r) => r.status)).toEqual(articles.map(() => 'created'));
  execute = graphqlClient(test.db);
});
afterAll(() => test.close());

async function data(query: string, variables?: Record<string, unknown>) {
  const result = await execute(query, variables);
  expect(result.errors).toBeUndefined();
  return result.data;
}

/** Runs a query and returns the SQL statements it sent. */
async function statementsFor(query: string, variables?: Record<string, unknown>): Promise<string[]> {
  await data(query, variables); // references resolved and cached
  test.statements.length = 0;
  await data(query, variables);
  return [...test.statements];
}

const titlesOf = (edges: { node: { article?: { title: string }; title?: string } }[]): string[] => edges.map((e) => e.node.article?.title ?? e.node.title ?? '');

const searchPage = `query ($q: String!, $first: Int, $after: String, $order: ArticleOrder, $collapse: Boolean) {
  search(query: $q, first: $first, after: $after, orderBy: $order, collapseDuplicates: $collapse) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { score duplicates { totalCount } article { title } } }
  }
}`;

describe('text relevance reads salience', () => {
  it('ranks the articles about Venezuela above a passing mention with the better text match', async () => {
    // bm25 alone prefers the passing mention: "sanctions" six times, twice in its headline.
    const bm25 = await test.db.all<{ title: string }>(sql`
      SELECT a.title FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
      WHERE articles_fts MATCH 'sanctions' ORDER BY bm25(articles_fts, 10.0, 1.0) LIMIT 1`);
    expect(bm25[0]!.title).toBe(passingMention.title);

    const { search } = await data(searchPage, { q: 'Venezuela sanctions', collapse: false });
    const titles = titlesOf(search.edges);
    expect(titles).toHaveLength(3);
    expect(titles.slice(0, 2).sort()).toEqual([aboutVenezuela.title, reprint.title].sort());
    expect(titles[2]).toBe(passingMention.title);
    const scores: number[] = search.edges.map((e: { node: { score: number } }) => e.node.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);

    const { articles: structured } = await data(`{ articles(where: { countries: ["Venezuela"], text: "sanctions" }) { edges { node { title } } } }`);
    expect(titlesOf(structured.edges).at(-1)).toBe(passingMention.title);
  });

  it('keeps plain bm25 when the query names no entity', async () => {
    const { search } = await data(searchPage, { q: 'sanctions', collapse: false });
    expect(titlesOf(search.edges)[0]).toBe(passingMention.title);
  });
});

describe('text relevance weighs how often the entity is named, not only its salience in the article', () => {
  // Salience is relative within an article: a short piece naming Chile twice and nothing else
  // scores it about as high as a long report about Chile. Its better text match must not carry it
  // above the report: two mentions keep two thirds of their salience, seven nearly all.
  const shortPiece = {
    title: 'Turnout worries before the elections',
    url: 'https://example.com/turnout-worries',
    publishedAt: '2024-05-01T08:00:00Z',
    body:
      'Election officials in Chile fear a low turnout in the elections, as voters say the elections change little. ' +
      'Some compared the elections with earlier ones. Election posters went up on Monday. ' +
      'Officials said the elections would go ahead whatever the weather, as in Chile.',
  };
  const aboutChile = {
    title: 'Candidates make last appeals before the vote',
    url: 'https://example.com/chile-prepares',
    publishedAt: '2024-05-02T08:00:00Z',
    body:
      'Chile goes to the polls on Sunday in elections that will decide the next government of Chile. ' +
      'Candidates toured the north of Chile this week, promising work in the copper mines of Chile. ' +
      'The economy of Chile has slowed, and unemployment in Chile is at its highest for a decade. ' +
      'Polls suggest close elections, and the new congress will face hard choices on pensions in Chile.',
  };
  let own: TestDatabase;
  beforeAll(async () => {
    own = await createTestDatabase();
    // Other news, so "elections" is a rare word as in a real corpus (bm25's idf).
    const others = ['Rail fares rise', 'Storm closes ports', 'Museum reopens'].map((title, i) => ({
      title,
      url: `https://example.com/other-${i}`,
      publishedAt: '2024-04-01T08:00:00Z',
      body: `${title} on Monday, officials said. The change follows months of planning and talks with staff.`,
    }));
    await ingestArticles(own.db, [shortPiece, aboutChile, ...others], { extract: extractMentions });
  });
  afterAll(() => own.close());

  it('ranks the report about Chile above a short piece that names it twice but matches the words more', async () => {
    const saliences = await own.db.all<{ title: string; salience: number; n: number }>(sql`
      SELECT a.title, ae.salience, ae.mention_count AS n FROM article_entities ae JOIN articles a ON a.id = ae.article_id
      JOIN entities e ON e.id = ae.entity_id WHERE e.name = 'Chile' ORDER BY a.title`);
    const short = saliences.find((r) => r.title === shortPiece.title)!;
    const about = saliences.find((r) => r.title === aboutChile.title)!;
    // The premise: the short piece's salience is close to the report's, its text match stronger.
    expect(short.n).toBe(2);
    expect(about.n).toBeGreaterThanOrEqual(7);
    expect(about.salience - short.salience).toBeLessThan(0.35);
    const bm25 = await own.db.all<{ title: string }>(sql`
      SELECT a.title FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
      WHERE articles_fts MATCH 'elections' ORDER BY bm25(articles_fts, 10.0, 1.0) LIMIT 1`);
    expect(bm25[0]!.title).toBe(shortPiece.title);

    const client = graphqlClient(own.db);
    const result = await client(`{ articles(where: { countries: ["Chile"], text: "elections" }) { edges { node { title } } } }`);
    expect(result.errors).toBeUndefined();
    expect(titlesOf(result.data.articles.edges)).toEqual([aboutChile.title, shortPiece.title]);
  });
});

describe('a country named through a part of it ranks by the mentions of that part', () => {
  // "Wales" is an alias of the United Kingdom: the filter is the country, but the question is about
  // Wales, so an article naming England often and Wales once must not come first.
  const aboutEngland = {
    title: 'England name squad for the rugby opener',
    url: 'https://example.com/england-squad',
    publishedAt: '2024-02-01T08:00:00Z',
    body:
      'England have named their rugby squad for the opener in London. England coach Andy Robinson said England would attack. ' +
      'England last won the title two years ago, and England fans expect a strong start. The match against Wales is in Cardiff.',
  };
  const aboutWales = {
    title: 'Wales coach happy with rugby win',
    url: 'https://example.com/wales-win',
    publishedAt: '2024-01-01T08:00:00Z',
    body:
      'Wales coach Mike Ruddock praised his rugby side after the win in Rome. Ruddock said Wales had played with pace, ' +
      'and the Welsh fans sang until the end. Wales now travel to Paris.',
  };
  // Both nations, each named twice: half its mentions name Wales, so it ranks between the two.
  const bothNations = {
    title: 'Rugby fans plan trips',
    url: 'https://example.com/fans-plan',
    publishedAt: '2023-12-01T08:00:00Z',
    body:
      'Rugby fans in Wales and England are planning trips for the new season. Supporters from England expect big crowds, ' +
      'and clubs in Wales have added coaches for away games.',
  };
  let own: TestDatabase;
  let client: ReturnType<typeof graphqlClient>;
  beforeAll(async () => {
    own = await createTestDatabase();
    await ingestArticles(own.db, [aboutEngland, aboutWales, bothNations], { extract: extractMentions });
    client = graphqlClient(own.db);
  });
  afterAll(() => own.close());
  const ask = async (query: string) => {
    const result = await client(query);
    expect(result.errors).toBeUndefined();
    return result.data as Record<string, { totalCount: number; edges: { node: { title?: string; article?: { title: string } } }[] }>;
  };
  const titles = (connection: { edges: { node: { title?: string; article?: { title: string } } }[] }) =>
    connection.edges.map((e) => e.node.title ?? e.node.article!.title);

  it('the premise: the articles link the United Kingdom, the England one more saliently than the Wales one', async () => {
    const rows = await own.db.all<{ title: string; salience: number; n: number; wales: number }>(sql`
      SELECT a.title, ae.salience, ae.mention_count AS n,
        (SELECT count(*) FROM mentions m WHERE m.article_id = a.id AND m.entity_id = e.id AND m.surface = 'Wales') AS wales
      FROM article_entities ae JOIN articles a ON a.id = ae.article_id
      JOIN entities e ON e.id = ae.entity_id WHERE e.name = 'United Kingdom' ORDER BY ae.salience DESC`);
    const byTitle = new Map(rows.map((r) => [r.title, r]));
    expect(byTitle.get(aboutEngland.title)!.salience).toBeGreaterThan(byTitle.get(aboutWales.title)!.salience);
    expect(byTitle.get(bothNations.title)).toMatchObject({ n: 4, wales: 2 });
    const { articles } = await ask(`{ articles(where: { countries: ["United Kingdom"], text: "rugby" }) { totalCount edges { node { title } } } }`);
    expect(titles(articles!).indexOf(aboutEngland.title)).toBeLessThan(titles(articles!).indexOf(aboutWales.title));
  });

  it('articles(where:) with "Wales" finds the same articles, the one about Wales first, with text or without', async () => {
    for (const where of ['countries: ["Wales"], text: "rugby"', 'countries: ["Wales"]', 'about: { countries: ["Welsh"] }, minSalience: 0']) {
      const { articles } = await ask(`{ articles(where: { ${where} }) { totalCount edges { node { title } } } }`);
      expect(articles!.totalCount).toBe(3);
      expect(titles(articles!)).toEqual([aboutWales.title, bothNations.title, aboutEngland.title]);
    }
  });

  it('search reads "Wales rugby" the same way, and "Britain and Wales" as the whole country', async () => {
    const { search } = await ask(`{ search(query: "Wales rugby") { totalCount interpretation { description } edges { node { article { title } } } } }`);
    expect((search as unknown as { interpretation: { description: string } }).interpretation.description).toBe(
      "Searching for articles mentioning United Kingdom (country, ranked by its mentions as 'Wales' or 'Welsh'), matching 'rugby'",
    );
    expect(search!.totalCount).toBe(3);
    expect(titles(search!)).toEqual([aboutWales.title, bothNations.title, aboutEngland.title]);
    const whole = await ask(`{ search(query: "rugby in Britain and Wales") { edges { node { article { title } } } } }`);
    expect(titles(whole.search!).indexOf(aboutEngland.title)).toBeLessThan(titles(whole.search!).indexOf(aboutWales.title));
  });

  it('pages of one return the big page in order, with text and without', async () => {
    for (const where of ['countries: ["Wales"]', 'countries: ["Wales"], text: "rugby"']) {
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const result = await client(`query ($after: String) { articles(where: { ${where} }, first: 1, after: $after) { edges { node { title } } pageInfo { hasNextPage endCursor } } }`, { after });
        expect(result.errors).toBeUndefined();
        const page = result.data.articles as { edges: { node: { title: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
        seen.push(...page.edges.map((e) => e.node.title));
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(seen).toEqual([aboutWales.title, bothNations.title, aboutEngland.title]);
    }
  });

  it('costs no statement: the part is read inside the page statement', async () => {
    const count = async (country: string) => {
      const query = `{ articles(where: { countries: ["${country}"], text: "rugby" }) { totalCount edges { node { title } } } }`;
      await ask(query); // references are cached after the first time
      own.statements.length = 0;
      await ask(query);
      return own.statements.length;
    };
    const wales = await count('Wales');
    expect(wales).toBeGreaterThan(0);
    expect(wales).toBe(await count('United Kingdom'));
  });
});

describe('near-duplicates collapse into one hit', () => {
  it('shows the report and its reprint once, counting the reprint, and counts groups in totalCount', async () => {
    const { search } = await data(searchPage, { q: 'Venezuela sanctions' });
    expect(search.totalCount).toBe(2);
    const hits = search.edges.map((e: { node: { duplicates: { totalCount: number }; article: { title: string } } }) => [e.node.article.title, e.node.duplicates.totalCount]);
    expect(hits).toHaveLength(2);
    expect(hits.filter(([, n]: [string, number]) => n === 1)).toHaveLength(1);
    expect(hits.find(([title]: [string]) => title === passingMention.title)).toEqual([passingMention.title, 0]);
    expect([aboutVenezuela.title, reprint.title]).toContain(hits[0][0]);
  });

  it('can be turned off: every article, none counted', async () => {
    const { search } = await data(searchPage, { q: 'Venezuela sanctions', collapse: false });
    expect(search.totalCount).toBe(3);
    expect(search.edges.map((e: { node: { duplicates: { totalCount: number } } }) => e.node.duplicates.totalCount)).toEqual([0, 0, 0]);
  });

  it('keeps the first member in the order asked for: the newest under NEWEST, the oldest under OLDEST', async () => {
    for (const [order, kept] of [['NEWEST', reprint.title], ['OLDEST', aboutVenezuela.title]] as const) {
      for (const q of ['Venezuela sanctions', 'Venezuela', 'Caracas offer']) {
        const { search } = await data(searchPage, { q, order });
        const titles = titlesOf(search.edges);
        expect(titles, `${q} ${order}`).toContain(kept);
        expect(titles.filter((t) => t === aboutVenezuela.title || t === reprint.title), `${q} ${order}`).toHaveLength(1);
        expect(search.totalCount).toBe(titles.length);
      }
    }
  });

  it('collapses over every article when the query asks for nothing in particular', async () => {
    const { search } = await data(searchPage, { q: '', order: 'NEWEST', first: 10 });
    // Our four articles and the seeded sample, the report and its reprint as one.
    const titles = titlesOf(search.edges);
    expect(search.totalCount).toBe(articles.length);
    expect(titles).toHaveLength(articles.length);
    expect(titles).toContain(reprint.title);
    expect(titles).not.toContain(aboutVenezuela.title);
  });

  it('pages of one show each group once and end where one big page ends', async () => {
    for (const order of ['RELEVANCE', 'NEWEST', 'OLDEST']) {
      const whole = titlesOf((await data(searchPage, { q: 'Venezuela sanctions', order, first: 10 })).search.edges);
      const paged: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 10; i++) {
        const { search } = await data(searchPage, { q: 'Venezuela sanctions', order, first: 1, after });
        paged.push(...titlesOf(search.edges));
        if (!search.pageInfo.hasNextPage) break;
        after = search.pageInfo.endCursor;
      }
      expect(paged, order).toEqual(whole);
    }
  });

  it('costs no statement: collapsed or not, one page or ten, the same count', async () => {
    const counts = [];
    for (const collapse of [true, false]) {
      for (const first of [1, 10]) counts.push((await statementsFor(searchPage, { q: 'Venezuela sanctions', first, collapse })).length);
    }
    expect(counts).toEqual([1, 1, 1, 1]);
  });
});

describe('articles(where:) collapses near-duplicates as search does', () => {
  const articlesPage = `query ($where: ArticleFilter, $first: Int, $after: String, $order: ArticleOrder, $collapse: Boolean) {
    articles(where: $where, first: $first, after: $after, orderBy: $order, collapseDuplicates: $collapse) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { score duplicates { totalCount } node { title } }
    }
  }`;
  type Edge = { duplicates: { totalCount: number }; node: { title: string } };
  const hitsOf = (edges: Edge[]) => edges.map((e) => [e.node.title, e.duplicates.totalCount] as const);
  // With text (RELEVANCE), entities alone (salience), and neither (every article).
  const filters = [{ countries: ['Venezuela'], text: 'sanctions' }, { countries: ['Venezuela'] }, { text: 'Caracas offer' }];

  it('by default shows the report and its reprint once on the edge, counting the reprint, and counts groups', async () => {
    for (const where of filters) {
      const { articles: page } = await data(articlesPage, { where });
      const hits = hitsOf(page.edges);
      expect(hits.filter(([t]) => t === aboutVenezuela.title || t === reprint.title), JSON.stringify(where)).toEqual([[expect.any(String), 1]]);
      expect(hits.filter(([t]) => t !== aboutVenezuela.title && t !== reprint.title).every(([, n]) => n === 0)).toBe(true);
      expect(page.totalCount).toBe(hits.length);
    }
  });

  it('can be turned off: every article, none counted', async () => {
    for (const where of filters) {
      const { articles: page } = await data(articlesPage, { where, collapse: false });
      const titles = titlesOf(page.edges);
      expect(titles).toEqual(expect.arrayContaining([aboutVenezuela.title, reprint.title]));
      expect(page.edges.every((e: Edge) => e.duplicates.totalCount === 0)).toBe(true);
      expect(page.totalCount).toBe(titles.length);
    }
  });

  it('pages of one show each group once and end where one big page ends, in every order', async () => {
    for (const where of [...filters, {}]) {
      for (const order of ['RELEVANCE', 'NEWEST', 'OLDEST']) {
        const whole = titlesOf((await data(articlesPage, { where, order, first: 10 })).articles.edges);
        const paged: string[] = [];
        let after: string | null = null;
        for (let i = 0; i < 10; i++) {
          const { articles: page } = await data(articlesPage, { where, order, first: 1, after });
          paged.push(...titlesOf(page.edges));
          if (!page.pageInfo.hasNextPage) break;
          after = page.pageInfo.endCursor;
        }
        expect(paged, `${JSON.stringify(where)} ${order}`).toEqual(whole);
        expect(whole.filter((t) => t === aboutVenezuela.title || t === reprint.title)).toHaveLength(1);
      }
    }
  });

  it('costs no statement: collapsed or not, one page or ten, the same count', async () => {
    const counts = [];
    for (const collapse of [true, false]) {
      for (const first of [1, 10]) counts.push((await statementsFor(articlesPage, { where: filters[0], first, collapse })).length);
    }
    expect(counts).toEqual([1, 1, 1, 1]);
  });
});

describe('why a hit matched', () => {
  const whyPage = `query ($q: String!, $first: Int) {
    search(query: $q, first: $first, collapseDuplicates: false) {
      edges { node { article { title } why {
        summary
        entities { entity { name } mentionCount inHeadline salience sentence }
        terms { term sentenceCount inHeadline }
      } } }
    }
  }`;
  type Why = { summary: string; entities: { entity: { name: string }; mentionCount: number; inHeadline: boolean; salience: number; sentence: string }[]; terms: { term: string; sentenceCount: number; inHeadline: boolean }[] };
  const whyOf = async (q: string, title: string): Promise<Why> => {
    const { search } = await data(whyPage, { q, first: 10 });
    return search.edges.find((e: { node: { article: { title: string } } }) => e.node.article.title === title).node.why;
  };

  it('names the entities with their mention count, the headline and the sentence, and the terms with their sentences', async () => {
    const about = await whyOf('Venezuela talks', aboutVenezuela.title);
    expect(about.entities).toEqual([
      {
        entity: { name: 'Venezuela' },
        mentionCount: 4,
        inHeadline: true,
        salience: expect.any(Number),
        sentence: 'Venezuela has rejected an offer of talks from Washington, state media in Caracas said on Monday.',
      },
    ]);
    expect(about.terms).toEqual([{ term: 'talks', sentenceCount: 2, inHeadline: true }]);
    expect(about.summary).toBe(`mentions Venezuela (4×, in the headline) · 'talks' in the headline and 2 sentences`);

    const passing = await whyOf('Venezuela sanctions', passingMention.title);
    expect(passing.summary).toBe(`mentions Venezuela (once) · 'sanctions' in the headline and 4 sentences`);
    expect(passing.entities[0]!.sentence).toBe('Diplomats compared the measures with earlier sanctions on Venezuela.');
    expect(passing.entities[0]!.salience).toBeLessThan(about.entities[0]!.salience);
  });

  it('explains with the words the search used once relaxed', async () => {
    // No article has both words: relaxed to either, so each hit names the one it has.
    const { search } = await data(`{ search(query: "refinery talks", collapseDuplicates: false) {
      interpretation { relaxed } edges { node { article { title } why { terms { term sentenceCount } } } } } }`);
    expect(search.interpretation.relaxed).not.toBeNull();
    const byTitle = new Map(search.edges.map((e: { node: { article: { title: string }; why: Why } }) => [e.node.article.title, e.node.why.terms]));
    expect(byTitle.get(aboutVenezuela.title)).toEqual([{ term: 'talks', sentenceCount: 2 }]);
  });

  it('answers for a text that parses to no words ("" or a lone dash): entities only, no terms', async () => {
    for (const q of ['""', '-', '"" Venezuela']) {
      const { search } = await data(`query ($q: String!) { search(query: $q, first: 2) { edges { node { why { summary terms { term } } } } } }`, { q });
      for (const edge of search.edges) expect(edge.node.why.terms).toEqual([]);
    }
  });

  it('quotes the sentence exactly after characters outside the BMP (emoji count two UTF-16 units)', async () => {
    const own = await createTestDatabase();
    try {
      const body = 'Fans cheered 🎉🎉 as the final whistle went at the stadium. Later, Norway said the result would stand. Officials agreed 👍.';
      await ingestArticles(own.db, [{ title: 'Cup final ends in celebration', url: 'https://example.com/emoji', publishedAt: '2024-03-05T08:00:00Z', body }], { extract: extractMentions });
      const result = await graphqlClient(own.db)(whyPage, { q: 'Norway result', first: 1 });
      expect(result.errors).toBeUndefined();
      const why: Why = result.data!.search.edges[0].node.why;
      expect(why.entities.find((e) => e.entity.name === 'Norway')?.sentence).toBe('Later, Norway said the result would stand.');
    } finally {
      own.close();
    }
  });

  it('takes one statement for the whole page, only when asked for', async () => {
    const summaryPage = `query ($q: String!, $first: Int) {
      search(query: $q, first: $first, collapseDuplicates: false) { edges { node { article { title } why { summary } } } }
    }`;
    const count = async (query: string, first: number) => (await statementsFor(query, { q: 'Venezuela sanctions', first, collapse: false })).length;
    // the page with its nodes; `why` adds the explanation. Its entity objects carry the name they
    // show, so `entity { name }` needs no load of the entities (src/graphql/loaded-fields.ts).
    expect(await count(searchPage, 10)).toBe(1);
    expect([await count(summaryPage, 1), await count(summaryPage, 10)]).toEqual([2, 2]);
    expect([await count(whyPage, 1), await count(whyPage, 10)]).toEqual([2, 2]);
  });
});
