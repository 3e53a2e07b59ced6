import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { northKoreaSanctions } from '../scripts/bench-queries.ts';
import { floorNewestSql, floorQuery, previousFloorNewestSql, previousFloorSql } from '../scripts/bench/databases.ts';
import { generateCorpus } from '../scripts/corpus.ts';
import { extractMentions } from '../src/ingest/extract.ts';
import { ingestArticles } from '../src/ingest/ingest.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { graphqlClient } from './helpers/graphql.ts';

// `npm run bench` compares the API with a hand-written floor statement and fails when their pages
// differ; twice a ranking change (salience, then mention damping) reached main with the floor left
// behind, found only by CI's bench. The same check on a small bench corpus, in `npm test`.
let test: TestDatabase;
const folder = mkdtempSync(join(tmpdir(), 'bench-floor-'));

beforeAll(async () => {
  test = await createTestDatabase();
  const out = join(folder, 'corpus.jsonl');
  // A high North Korea + sanctions rate, so the page of 10 is ranked among a few dozen matches.
  await generateCorpus({ articles: 240, seed: 7, out, nkRate: 0.25, sanctionsRate: 0.1 });
  const articles = readFileSync(out, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as unknown);
  await ingestArticles(test.db, articles, { extract: extractMentions });
});
afterAll(() => {
  test.close();
  rmSync(folder, { recursive: true, force: true });
});

it("the bench's floor and previous floor return the API's page and total for the headline query", async () => {
  const result = await graphqlClient(test.db)(northKoreaSanctions.query);
  expect(result.errors).toBeUndefined();
  const api = result.data!.articles as { totalCount: number; edges: { node: { title: string } }[] };
  expect(api.totalCount).toBeGreaterThan(20);
  const floor = await floorQuery(test.db);
  expect(floor.slice(0, 10).map((r) => r.title)).toEqual(api.edges.map((e) => e.node.title));
  expect(floor[0]!.total).toBe(api.totalCount);
  expect(await floorQuery(test.db, false, previousFloorSql)).toEqual(floor);
});

it("the bench's newest-first floor and the previous one return the API's NEWEST page, with its entities, and total", async () => {
  const result = await graphqlClient(test.db)(northKoreaSanctions.query.replace('first: 10)', 'first: 10, orderBy: NEWEST)'));
  expect(result.errors).toBeUndefined();
  const api = result.data!.articles as { totalCount: number; edges: { node: { title: string; countries: unknown[]; people: unknown[] } }[] };
  const floor = await floorQuery(test.db, false, floorNewestSql);
  expect(floor.slice(0, 10).map((r) => ({ title: r.title, countries: r.countries, people: r.people }))).toEqual(
    api.edges.map(({ node }) => ({ title: node.title, countries: node.countries, people: node.people })),
  );
  expect(floor[0]!.total).toBe(api.totalCount);
  expect(await floorQuery(test.db, false, previousFloorNewestSql)).toEqual(floor);
});
