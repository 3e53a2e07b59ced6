import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusUrlPrefix, generateCorpus, type CorpusMeta } from '../scripts/corpus.ts';
import { extractMentions } from '../src/ingest/extract.ts';
import { ingestArticles } from '../src/ingest/ingest.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { graphqlClient } from './helpers/graphql.ts';

// The benchmark corpus (`npm run corpus`) is only useful if its expected counts hold once ingested
// through the real extraction: checked here on a small corpus with a high North Korea rate.
const folder = mkdtempSync(join(tmpdir(), 'newsgraph-corpus-'));
let test: TestDatabase;
let meta: CorpusMeta;
let lines: string[];

beforeAll(async () => {
  meta = await generateCorpus({ articles: 150, seed: 7, out: join(folder, 'a.jsonl'), nkRate: 0.1, sanctionsRate: 0.1 });
  lines = readFileSync(join(folder, 'a.jsonl'), 'utf8').trimEnd().split('\n');
  test = await createTestDatabase();
  const results = await ingestArticles(test.db, lines.map((l) => JSON.parse(l)), { extract: extractMentions });
  expect(results.filter((r) => r.status !== 'created')).toEqual([]);
});
afterAll(() => {
  test.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('npm run corpus', () => {
  it('is deterministic, and a smaller corpus is a prefix of a larger one with the same seed', async () => {
    const again = await generateCorpus({ articles: 150, seed: 7, out: join(folder, 'b.jsonl'), nkRate: 0.1, sanctionsRate: 0.1 });
    expect(again.sha256).toBe(meta.sha256);
    const small = await generateCorpus({ articles: 40, seed: 7, out: join(folder, 'c.jsonl'), nkRate: 0.1, sanctionsRate: 0.1 });
    expect(readFileSync(join(folder, 'c.jsonl'), 'utf8').trimEnd().split('\n')).toEqual(lines.slice(0, 40));
    expect(small.sha256).not.toBe(meta.sha256);
    expect(JSON.parse(readFileSync(join(folder, 'a.jsonl.meta.json'), 'utf8'))).toEqual(meta);
  });

  it('writes articles of 300 to 1,200 words with unique urls and dates over several years', () => {
    const articles = lines.map((l) => JSON.parse(l));
    for (const a of articles) {
      const words = a.body.split(/\s+/).length;
      expect(words).toBeGreaterThanOrEqual(300);
      expect(words).toBeLessThanOrEqual(1250);
      expect(a.url.startsWith(corpusUrlPrefix)).toBe(true);
    }
    expect(new Set(articles.map((a) => a.url)).size).toBe(articles.length);
    expect(new Set(articles.map((a) => a.publishedAt.slice(0, 4))).size).toBeGreaterThanOrEqual(5);
  });

  it('the North Korea + sanctions count in the meta file is what the API answers', async () => {
    expect(meta.expected.northKoreaSanctions).toBeGreaterThan(5);
    const execute = graphqlClient(test.db);
    const { data, errors } = await execute(`{
      all: articles(where: { countries: ["North Korea"], text: "sanctions" }) { totalCount }
      sample: articles(where: { countries: ["North Korea"], text: "sanctions", sources: ["newsgraph sample"] }) { totalCount }
      people: articles(first: 0) { facets { people(first: 3) { count } } }
    }`);
    expect(errors).toBeUndefined();
    expect(data.all.totalCount - data.sample.totalCount).toBe(meta.expected.northKoreaSanctions);
    // people are found and linked across articles
    expect(data.people.facets.people[0].count).toBeGreaterThan(1);
  });
});
