import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../scripts/corpus.ts';
import { createApiKey } from '../src/auth/api-keys.ts';
import { extractMentions } from '../src/ingest/extract.ts';
import { ingestArticles, type Extractor } from '../src/ingest/ingest.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { graphqlClient } from './helpers/graphql.ts';

// Extraction is CPU-bound; a large ingest call must not hold the event loop for all of it, or a
// partner's ingest stalls every other client of the server.
const folder = mkdtempSync(join(tmpdir(), 'newsgraph-responsive-'));
let test: TestDatabase;
let articles: unknown[];
let key = '';
let extracted = 0;
let execute: ReturnType<typeof graphqlClient>;

beforeAll(async () => {
  test = await createTestDatabase();
  await generateCorpus({ articles: 40, seed: 23, out: join(folder, 'corpus.jsonl') });
  articles = readFileSync(join(folder, 'corpus.jsonl'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
  key = (await createApiKey(test.db, { name: 'partner', scopes: ['ingest', 'read'] })).key;
  const countingExtractor: Extractor = (text, gazetteer) => {
    extracted++;
    return extractMentions(text, gazetteer);
  };
  execute = graphqlClient(test.db, { ingest: (db, inputs) => ingestArticles(db, inputs, { extract: countingExtractor }) });
});
afterAll(() => {
  test.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('a large ingest call', () => {
  it('lets a read be answered while its articles are still being extracted', async () => {
    const ingest = execute(`mutation ($input: [ArticleInput!]!) { ingestArticles(input: $input) { status } }`, { input: articles }, { authorization: `Bearer ${key}` });
    // Wait, turn by turn of the event loop, until extraction has begun.
    while (extracted === 0) await new Promise((resolve) => setImmediate(resolve));
    const read = await execute(`{ articles(first: 1) { totalCount } }`, {}, { authorization: `Bearer ${key}` });
    const extractedWhenAnswered = extracted;
    const { data } = await ingest;

    expect(read.errors).toBeUndefined();
    expect(read.data.articles.totalCount).toBeGreaterThan(0);
    // Answered before the last article was extracted, not after the whole call.
    expect(extractedWhenAnswered).toBeLessThan(articles.length);
    expect(data.ingestArticles.map((r: { status: string }) => r.status)).toEqual(articles.map(() => 'CREATED'));
  }, 120_000);
});
