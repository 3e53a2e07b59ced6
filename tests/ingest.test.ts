import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { extractMentions } from '../src/ingest/extract.ts';
import { ingestArticles, loadGazetteer } from '../src/ingest/ingest.ts';
import { maxBodyBytes } from '../src/ingest/validate.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(() => test.close());

const ingest = (inputs: unknown[], now?: number) => ingestArticles(test.db, inputs, { extract: extractMentions, now });
const tables = ['articles', 'mentions', 'article_entities', 'entities', 'aliases', 'sentences'] as const;

async function rowCounts(): Promise<Record<(typeof tables)[number], number>> {
  const counts = {} as Record<(typeof tables)[number], number>;
  for (const table of tables) {
    const [row] = await test.db.all<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`));
    counts[table] = row!.n;
  }
  return counts;
}

async function articleByTitle(title: string) {
  const [article] = await test.db.all<{ id: number; url: string | null; body: string; published_at: string | null }>(
    sql`SELECT id, url, body, published_at FROM articles WHERE title = ${title}`,
  );
  return article;
}

/** The entities an article mentions, as "kind:slug", sorted. */
async function mentionedEntities(articleId: number): Promise<string[]> {
  const rows = await test.db.all<{ ref: string }>(sql`
    SELECT DISTINCT e.kind || ':' || e.slug AS ref FROM mentions m JOIN entities e ON e.id = m.entity_id
    WHERE m.article_id = ${articleId} ORDER BY ref`);
  return rows.map((r) => r.ref);
}

const article = (n: number, extra: Record<string, unknown> = {}) => ({
  title: `Ministers meet in Paris (${n})`,
  body: `Officials from France and Japan met in Paris on Monday, report ${n} said. Germany sent an observer.`,
  ...extra,
});

describe('ingestArticles: idempotency', () => {
  it('creates, then reports unchanged on a re-run and writes no row', async () => {
    const inputs = [article(1, { url: 'https://example.com/a1' }), article(2)];
    const first = await ingest(inputs);
    expect(first.map((r) => r.status)).toEqual(['created', 'created']);
    expect(first.every((r) => r.articleId !== null && r.reason === null)).toBe(true);
    expect(await mentionedEntities(first[0]!.articleId!)).toEqual(['country:france', 'country:germany', 'country:japan']);

    const before = await rowCounts();
    const second = await ingest(inputs);
    expect(second).toEqual(first.map((r) => ({ ...r, status: 'unchanged' })));
    expect(await rowCounts()).toEqual(before);
  });

  it('updates by url with new text: same id, mentions and sentences replaced', async () => {
    const url = 'https://example.com/story';
    const [created] = await ingest([{ title: 'Talks in Madrid', url, body: 'Spain hosted the talks. Portugal attended.' }]);
    expect(await mentionedEntities(created!.articleId!)).toEqual(['country:portugal', 'country:spain']);

    const [updated] = await ingest([{ title: 'Talks in Madrid', url, body: 'Spain hosted the talks. Morocco attended, and so did Italy.' }]);
    expect(updated).toMatchObject({ status: 'updated', articleId: created!.articleId });
    expect(await mentionedEntities(created!.articleId!)).toEqual(['country:italy', 'country:morocco', 'country:spain']);
    const [{ n }] = (await test.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM sentences WHERE article_id = ${created!.articleId}`)) as [{ n: number }];
    expect(n).toBe(2);
    const [summary] = await test.db.all<{ n: number }>(
      sql`SELECT count(*) AS n FROM article_entities WHERE article_id = ${created!.articleId}`,
    );
    expect(summary!.n).toBe(3);
    expect((await ingest([{ title: 'Talks in Madrid', url, body: 'Spain hosted the talks. Morocco attended, and so did Italy.' }]))[0]!.status).toBe(
      'unchanged',
    );
  });

  it('fills in metadata for the same text without erasing any, then is unchanged', async () => {
    const base = { title: 'Quiet day in Oslo', body: 'Norway reported nothing unusual on Tuesday.' };
    const [created] = await ingest([base]);
    const [dated] = await ingest([{ ...base, publishedAt: '2024-05-07', source: 'Fixture Wire' }]);
    expect(dated).toMatchObject({ status: 'updated', articleId: created!.articleId });
    const [again] = await ingest([base]);
    expect(again).toMatchObject({ status: 'unchanged', articleId: created!.articleId });
    expect((await articleByTitle(base.title))!.published_at).toBe('2024-05-07T00:00:00.000Z');
  });

  it('treats text that differs only in whitespace or link lines as the same article', async () => {
    const [created] = await ingest([{ title: 'Peru votes', body: 'Peru held an election on Sunday.' }]);
    const [same] = await ingest([{ title: 'Peru votes', body: '  Peru held an election\u00a0on Sunday.\n\nRead More: other news\n' }]);
    expect(same).toMatchObject({ status: 'unchanged', articleId: created!.articleId });
  });

  it('applies repeats within one call in order, as if ingested one by one', async () => {
    const url = 'https://example.com/twice';
    const results = await ingest([
      { title: 'Draft', url, body: 'Kenya and Uganda signed a deal.' },
      { title: 'Final', url, body: 'Kenya and Tanzania signed a deal.' },
      { title: 'Final', url, body: 'Kenya and Tanzania signed a deal.' },
    ]);
    expect(results.map((r) => r.status)).toEqual(['created', 'updated', 'unchanged']);
    expect(new Set(results.map((r) => r.articleId)).size).toBe(1);
    expect(await mentionedEntities(results[0]!.articleId!)).toEqual(['country:kenya', 'country:tanzania']);
    expect(await articleByTitle('Draft')).toBeUndefined();
  });

  it('rejects text already stored under another article, sent with a third article’s url', async () => {
    const [a] = await ingest([{ title: 'Chile story', url: 'https://example.com/chile', body: 'Chile exported copper.' }]);
    const [b] = await ingest([{ title: 'Bolivia story', url: 'https://example.com/bolivia', body: 'Bolivia exported tin.' }]);
    const [conflict] = await ingest([{ title: 'Chile story', url: 'https://example.com/bolivia', body: 'Chile exported copper.' }]);
    expect(conflict).toMatchObject({ status: 'rejected', articleId: null });
    expect(conflict!.reason).toContain(`article ${a!.articleId}`);
    expect(conflict!.reason).toContain(`article ${b!.articleId}`);
  });
});

describe('ingestArticles: validation', () => {
  const now = Date.parse('2024-06-01T12:00:00Z');
  const reasonFor = async (input: unknown) => {
    const [result] = await ingest([input], now);
    expect(result).toMatchObject({ status: 'rejected', articleId: null });
    return result!.reason!;
  };

  it('names each violation', async () => {
    expect(await reasonFor({ body: 'Text.' })).toMatch(/title is required/);
    expect(await reasonFor({ title: '   ', body: 'Text.' })).toMatch(/title is required/);
    expect(await reasonFor({ title: 'T' })).toMatch(/body is required/);
    expect(await reasonFor({ title: 'T', body: '' })).toMatch(/body is required/);
    expect(await reasonFor({ title: 'T', body: 'x'.repeat(maxBodyBytes + 1) })).toMatch(/body must be at most 200 KB/);
    expect(await reasonFor({ title: 'T', body: 'Text.', publishedAt: '13/09/2024' })).toMatch(/publishedAt must be an ISO-8601 date/);
    expect(await reasonFor({ title: 'T', body: 'Text.', publishedAt: '2024-06-03T00:00:00Z' })).toMatch(/publishedAt must not be more than a day in the future/);
    expect(await reasonFor({ title: 'T', body: 'Text.', url: 'ftp://example.com/a' })).toMatch(/url must be an http\(s\) URL/);
    expect(await reasonFor({ title: 'T', body: 'Text.', url: 'not a url' })).toMatch(/url must be an http\(s\) URL/);
    expect(await reasonFor('just a string')).toMatch(/article must be an object/);
    expect(await reasonFor({ title: 'T', body: 'Read more: elsewhere' })).toMatch(/body has no text/);
  });

  it('names every violation of one item at once', async () => {
    const reason = await reasonFor({ title: '', body: '', url: 'mailto:x@example.com', publishedAt: 'yesterday' });
    for (const field of ['title', 'body', 'url', 'publishedAt']) expect(reason).toContain(field);
  });

  it('accepts a body of exactly 200 KB and a date within a day ahead', async () => {
    const [result] = await ingest([{ title: 'Long read', body: `${'Word '.repeat(maxBodyBytes / 5 - 1)}Ends.`, publishedAt: '2024-06-02T06:00:00Z' }], now);
    expect(result!.status).toBe('created');
  });
});

describe('ingestArticles: a mixed batch', () => {
  it('stores the valid items and rejects the others, each with its own result', async () => {
    const before = await rowCounts();
    const results = await ingest([
      article(10),
      { title: 'No body' },
      article(11, { url: 'javascript:alert(1)' }),
      article(12, { publishedAt: '2024-09-13T08:00:00Z', source: 'Fixture Wire' }),
      null,
      article(10),
    ]);
    expect(results.map((r) => [r.index, r.status])).toEqual([
      [0, 'created'],
      [1, 'rejected'],
      [2, 'rejected'],
      [3, 'created'],
      [4, 'rejected'],
      [5, 'unchanged'],
    ]);
    expect(results[5]!.articleId).toBe(results[0]!.articleId);
    expect(results[2]!.reason).toMatch(/url/);
    expect((await rowCounts()).articles).toBe(before.articles + 2);
  });
});

describe('ingestArticles: atomicity', () => {
  afterEach(async () => {
    await test.db.run(sql`DROP TRIGGER IF EXISTS explode`);
  });

  it('an article whose write fails leaves no row anywhere, and the others of the batch are stored whole', async () => {
    // Fails the bad article's mentions insert, after its article row and entities were written
    // in the same transaction.
    await test.db.run(sql.raw(`CREATE TRIGGER explode BEFORE INSERT ON mentions
      WHEN (SELECT title FROM articles WHERE id = NEW.article_id) = 'Explosive'
      BEGIN SELECT RAISE(ABORT, 'boom'); END`));
    const before = await rowCounts();
    const bad = { title: 'Explosive', body: 'Zebulon Quartermaine visited Peru and Chile. Quartermaine said little.' };
    const logged: string[] = [];
    const results = await ingestArticles(test.db, [article(20), bad, article(21), article(22)], {
      extract: extractMentions,
      log: (message, error) => logged.push(`${message}: ${(error as Error).message} ${String((error as Error).cause)}`),
    });

    expect(results.map((r) => r.status)).toEqual(['created', 'rejected', 'created', 'created']);
    // The client gets a code and words; the SQL and the engine's message go to the server's log.
    expect(results[1]).toMatchObject({ code: 'STORE_FAILED', reason: expect.stringMatching(/could not be stored/) });
    expect(results[1]!.reason).not.toMatch(/boom|SQL|INSERT|SELECT|Failed query/i);
    expect(logged.join('\n')).toMatch(/boom/);
    expect(await articleByTitle('Explosive')).toBeUndefined();
    const [person] = await test.db.all(sql`SELECT id FROM entities WHERE name LIKE '%Quartermaine%'`);
    expect(person).toBeUndefined();
    const [fts] = await test.db.all(sql`SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'Quartermaine'`);
    expect(fts).toBeUndefined();
    for (const table of ['mentions', 'sentences', 'article_entities']) {
      const [orphans] = await test.db.all<{ n: number }>(
        sql.raw(`SELECT count(*) AS n FROM ${table} WHERE article_id NOT IN (SELECT id FROM articles)`),
      );
      expect(orphans!.n, table).toBe(0);
    }

    const after = await rowCounts();
    expect(after.articles).toBe(before.articles + 3);
    for (const result of [results[0]!, results[2]!, results[3]!]) {
      expect(await mentionedEntities(result.articleId!)).toEqual(['country:france', 'country:germany', 'country:japan']);
    }

    // Once the cause is gone, the same input goes in.
    await test.db.run(sql`DROP TRIGGER explode`);
    const retry = await ingest([bad]);
    expect(retry[0]!.status).toBe('created');
    expect(await mentionedEntities(retry[0]!.articleId!)).toEqual(['country:chile', 'country:peru', 'person:zebulon-quartermaine']);
  });
});

describe('linking across articles', () => {
  it('loads no short form or person from earlier articles: extraction depends on the article alone', async () => {
    await ingest([{ title: 'Profile of a diplomat', body: 'Ambassador Wilhelmina Trask arrived in Lima on Monday. Trask said little.' }]);
    const gazetteer = await loadGazetteer(test.db);
    expect(gazetteer.lookup('Trask')).toEqual([]);
    expect(gazetteer.lookup('Wilhelmina Trask')).toEqual([]);
    expect(gazetteer.lookup('Turkey').map((e) => e.slug)).toEqual(['turkiye']);
    expect(gazetteer.lookup('Lib Dems').map((e) => e.name)).toEqual(['Liberal Democrats']);
    // the short form alone, in another article, is no evidence for Wilhelmina Trask
    const [later] = await ingest([{ title: 'Trask again', body: 'Trask spoke in Quito on Tuesday.' }]);
    expect(await mentionedEntities(later!.articleId!)).not.toContain('person:wilhelmina-trask');
    // the full name in another article is the same entity (by slug), whatever the order
    const [again] = await ingest([{ title: 'Trask in Peru', body: 'Wilhelmina Trask met officials in Lima. Ms Trask left on Friday.' }]);
    expect(await mentionedEntities(again!.articleId!)).toEqual(['country:peru', 'person:wilhelmina-trask']);
  });
});
