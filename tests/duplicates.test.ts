import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bandKeys, estimatedJaccard, minhash, shingleHashes, signatureFromHex, signatureToHex } from '../src/ingest/duplicates.ts';
import { extractMentions } from '../src/ingest/extract.ts';
import { ingestArticles } from '../src/ingest/ingest.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { graphqlClient } from './helpers/graphql.ts';

type Fixture = { title: string; url: string; source: string; publishedAt: string; body: string };
const cases = JSON.parse(readFileSync(new URL('./fixtures/story-articles.json', import.meta.url), 'utf8')) as Record<string, Fixture>;
const { original, reprint, update, sameEvent, otherEvent, laterSameTopic } = cases as Record<string, Fixture>;

/** The exact Jaccard similarity of two texts' shingle sets, for checking the estimate. */
function jaccard(a: string, b: string): number {
  const x = shingleHashes(a);
  const y = shingleHashes(b);
  let both = 0;
  for (const h of x) if (y.has(h)) both++;
  return both / (x.size + y.size - both);
}

describe('MinHash signatures', () => {
  it('are a pure function of the text: the same values every run, on every runtime (fixed here)', () => {
    const signature = minhash(original!.body);
    expect(minhash(original!.body)).toEqual(signature);
    // Pinned: a change of hash functions would orphan every stored signature.
    expect(signatureToHex(signature).slice(0, 32)).toMatchInlineSnapshot(`"0085eb1f00214234005433d10325eac7"`);
    expect(signatureFromHex(signatureToHex(signature))).toEqual(signature);
    expect(bandKeys(signature)).toHaveLength(16);
    expect(new Set(bandKeys(signature)).size).toBe(16);
  });

  it('estimate the Jaccard similarity of the shingle sets', () => {
    for (const [a, b] of [
      [original!, reprint!],
      [original!, update!],
      [original!, sameEvent!],
      [original!, otherEvent!],
    ] as const) {
      const exact = jaccard(a.body, b.body);
      expect(Math.abs(estimatedJaccard(minhash(a.body), minhash(b.body)) - exact)).toBeLessThan(0.15);
    }
    expect(jaccard(original!.body, reprint!.body)).toBe(1);
    expect(jaccard(original!.body, update!.body)).toBeGreaterThan(0.75);
    expect(jaccard(original!.body, sameEvent!.body)).toBeLessThan(0.1);
  });
});

describe('near-duplicate groups at ingest', () => {
  let test: TestDatabase;
  let execute: ReturnType<typeof graphqlClient>;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    test = await createTestDatabase();
    execute = graphqlClient(test.db);
    // The reprint arrives first in the call, the original second: the canonical is still the earliest published.
    const order = ['reprint', 'original', 'otherEvent', 'sameEvent'] as const;
    const results = await ingestArticles(test.db, order.map((k) => cases[k]), { extract: extractMentions });
    order.forEach((k, i) => (ids[k] = results[i]!.articleId!));
    // A second call: the update is found through the stored bands, not within one batch.
    const [later] = await ingestArticles(test.db, [update, laterSameTopic], { extract: extractMentions });
    ids.update = later!.articleId!;
  });
  afterAll(() => test.close());

  const groupOf = async (id: number) => {
    const result = await execute(`query($id: ID!) { node(id: $id) { ... on Article { title duplicateGroup { id size canonical { title url } } } } }`, {
      id: btoa(`Article:${id}`),
    });
    expect(result.errors).toBeUndefined();
    return result.data.node.duplicateGroup;
  };

  it('a reprint under another headline and an updated version with an added paragraph join the original', async () => {
    const group = await groupOf(ids.original!);
    expect(group).toMatchObject({ size: 3, canonical: { title: original!.title, url: original!.url } });
    expect(await groupOf(ids.reprint!)).toEqual(group);
    expect(await groupOf(ids.update!)).toEqual(group);
  });

  it('another article on the same event, or on the same topic months later, is not grouped', async () => {
    expect(await groupOf(ids.sameEvent!)).toBeNull();
    expect(await groupOf(ids.otherEvent!)).toBeNull();
    const later = await test.db.all<{ groupId: number; articleId: number }>(sql`SELECT group_id AS groupId, article_id AS articleId FROM article_signatures`);
    expect(later.filter((r) => r.groupId === r.articleId)).toHaveLength(5); // the seed article, the original's group, sameEvent, otherEvent, laterSameTopic
  });

  it('re-ingesting the same texts stores nothing new and keeps the groups', async () => {
    const before = await test.db.all(sql`SELECT * FROM article_signatures ORDER BY article_id`);
    const again = await ingestArticles(test.db, [original, reprint, update], { extract: extractMentions });
    expect(again.map((r) => r.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(await test.db.all(sql`SELECT * FROM article_signatures ORDER BY article_id`)).toEqual(before);
  });

  it('duplicateGroup over a page costs one statement however many articles the page has', async () => {
    const count = async (first: number) => {
      test.statements.length = 0;
      const result = await execute(`{ articles(first: ${first}, orderBy: OLDEST) { edges { node { title duplicateGroup { size canonical { title } } } } } }`);
      expect(result.errors).toBeUndefined();
      return test.statements.length;
    };
    const one = await count(1);
    expect(await count(6)).toBe(one);
    expect(one).toBeLessThanOrEqual(4); // page, nodes, groups, canonical articles
  });

  it('the lookup reads the new article’s buckets through the index, whatever the corpus size', async () => {
    const plan = await test.db.all<{ detail: string }>(sql`EXPLAIN QUERY PLAN
      SELECT s.article_id FROM signature_bands b JOIN article_signatures s ON s.article_id = b.article_id
      WHERE b.band IN (SELECT value FROM json_each('[1,2]'))`);
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/SEARCH b USING (?:COVERING )?INDEX sqlite_autoindex_signature_bands_1 \(band=\?\)/);
    const statements = async (n: number) => {
      const batch = Array.from({ length: n }, (_, i) => ({ ...otherEvent, url: `https://example.com/filler/${n}/${i}`, title: `Filler ${n} ${i}`, body: `${otherEvent!.body} Filler ${n}-${i}.` }));
      await ingestArticles(test.db, batch, { extract: extractMentions });
      test.statements.length = 0;
      await ingestArticles(test.db, [{ ...sameEvent, url: `https://example.com/probe/${n}`, title: `Probe ${n}`, body: `${sameEvent!.body} Probe ${n}.` }], { extract: extractMentions, resolveCorpus: false });
      return test.statements.filter((s) => /signature_bands|story_keys|feature_counts/.test(s) && /^\s*select/i.test(s)).length;
    };
    expect(await statements(3)).toBe(await statements(30));
  });

  it('the story and bucket lookups ingest sends read bounded index ranges, never a scan of stories, keys or buckets', async () => {
    test.statements.length = 0;
    await ingestArticles(test.db, [{ ...sameEvent, url: 'https://example.com/probe/plan', title: 'Probe plan', body: `${sameEvent!.body} Probe plan.` }], { extract: extractMentions, resolveCorpus: false });
    const lookups = test.statements.filter((s) => /^\s*WITH hits/i.test(s));
    expect(lookups).toHaveLength(2);
    const plans: string[] = [];
    for (const statement of lookups) {
      const args = Array.from(statement.matchAll(/\?/g), () => '[]');
      const rows = (await test.db.$client.execute({ sql: `EXPLAIN QUERY PLAN ${statement}`, args })).rows;
      plans.push(rows.map((r) => String(r.detail)).join('\n'));
    }
    const all = plans.join('\n');
    // Per band: the newest articles of the bucket; per (feature, article window): the latest stories.
    expect(all).toMatch(/SEARCH signature_bands USING (?:COVERING )?INDEX sqlite_autoindex_signature_bands_1 \(band=\?\)/);
    expect(all).toMatch(/SEARCH story_keys USING (?:COVERING )?INDEX story_keys_recent_idx \(key=\? AND last_published_at>\? AND last_published_at<\?\)/);
    expect(all).not.toMatch(/SCAN (?:stories|story_keys|signature_bands|s|k)\b(?! USING)/);
  });
});
