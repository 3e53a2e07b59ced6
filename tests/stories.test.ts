import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractMentions } from '../src/ingest/extract.ts';
import { ingestArticles } from '../src/ingest/ingest.ts';
import { createTestDatabase, storyEntitiesDrift, type TestDatabase } from './helpers/database.ts';
import { graphqlClient } from './helpers/graphql.ts';

type Fixture = { title: string; url: string; source: string; publishedAt: string; body: string };
const cases = JSON.parse(readFileSync(new URL('./fixtures/story-articles.json', import.meta.url), 'utf8')) as Record<string, Fixture>;

let test: TestDatabase;
let execute: ReturnType<typeof graphqlClient>;
const ids: Record<string, number> = {};
let firstStoryId = '';

const ingest = async (keys: string[]) => {
  const results = await ingestArticles(test.db, keys.map((k) => cases[k]), { extract: extractMentions });
  keys.forEach((k, i) => (ids[k] = results[i]!.articleId!));
};

const storyOf = async (key: string) => {
  const result = await execute(`query($id: ID!) { node(id: $id) { ... on Article { story { id title articleCount } } } }`, { id: btoa(`Article:${ids[key]}`) });
  expect(result.errors).toBeUndefined();
  return result.data.node.story as { id: string; title: string; articleCount: number };
};

beforeAll(async () => {
  test = await createTestDatabase();
  execute = graphqlClient(test.db);
  await ingest(['original']);
  firstStoryId = (await storyOf('original')).id;
  // Later calls: the story is found through its stored index, and keeps its id as articles join.
  await ingest(['otherEvent', 'reprint']);
  await ingest(['followUp', 'update', 'laterSameTopic']);
});
afterAll(() => test.close());

describe('stories at ingest', () => {
  it('files the reprint, the update and a follow-up report of the same event in the first article’s story, whose id stays', async () => {
    const story = await storyOf('original');
    expect(story.id).toBe(firstStoryId);
    expect(story.articleCount).toBe(4);
    for (const key of ['reprint', 'update', 'followUp']) expect((await storyOf(key)).id).toBe(firstStoryId);
  });

  it('keeps another event of the same day, and the same topic months later, in stories of their own', async () => {
    const other = await storyOf('otherEvent');
    const later = await storyOf('laterSameTopic');
    expect(new Set([firstStoryId, other.id, later.id]).size).toBe(3);
    expect(other.articleCount).toBe(1);
    expect(later.articleCount).toBe(1);
  });

  it('Story gives its span, main entities and articles', async () => {
    const result = await execute(`query($id: ID!) { node(id: $id) { ... on Story {
      title summary articleCount firstPublishedAt lastPublishedAt mergedInto { id }
      people(first: 3) { entity { name } count }
      organizations(first: 3) { entity { name } count }
      countries { entity { name } count }
      articles(first: 2, orderBy: OLDEST) { edges { node { title publishedAt } } pageInfo { hasNextPage endCursor } }
    } } }`, { id: firstStoryId });
    expect(result.errors).toBeUndefined();
    const story = result.data.node;
    expect(story).toMatchObject({
      articleCount: 4,
      firstPublishedAt: '2005-02-07T09:00:00.000Z',
      lastPublishedAt: '2005-02-08T08:15:00.000Z',
      mergedInto: null,
    });
    expect([cases.original!.title, cases.followUp!.title]).toContain(story.title);
    expect(story.summary.length).toBeGreaterThan(40);
    expect(story.people[0]).toEqual({ entity: { name: 'Bob Crow' }, count: 4 });
    expect(story.organizations.map((o: { entity: { name: string } }) => o.entity.name)).toContain('RMT');
    expect(story.articles.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual([cases.original!.title, cases.reprint!.title]);
    expect(story.articles.pageInfo.hasNextPage).toBe(true);
    const next = await execute(`query($id: ID!, $after: String) { node(id: $id) { ... on Story { articles(first: 5, after: $after, orderBy: OLDEST) { edges { node { title } } } } } }`, {
      id: firstStoryId,
      after: story.articles.pageInfo.endCursor,
    });
    expect(next.data.node.articles.edges.map((e: { node: { title: string } }) => e.node.title)).toEqual([cases.update!.title, cases.followUp!.title]);
  });
});

describe('Query.stories', () => {
  const titles = (result: { data?: { stories: { edges: { node: { title: string } }[] } } }) => result.data!.stories.edges.map((e) => e.node.title);

  it('filters by entities, text and time, and orders by size or recency', async () => {
    const bySize = await execute(`{ stories(orderBy: SIZE, first: 2) { totalCount edges { node { articleCount } } } }`);
    expect(bySize.errors).toBeUndefined();
    expect(bySize.data.stories.totalCount).toBe(4); // with the seed article's story
    expect(bySize.data.stories.edges[0].node.articleCount).toBe(4);

    const recent = await execute(`{ stories(where: { to: "2006-01-01" }, orderBy: RECENT, first: 1) { edges { node { title } } } }`);
    expect(titles(recent)).toEqual([cases.laterSameTopic!.title]);

    const crow = await execute(`{ stories(where: { people: ["Bob Crow"] }, orderBy: SIZE) { totalCount edges { node { articleCount } } } }`);
    expect(crow.data.stories.totalCount).toBe(2);
    const crowFebruary = await execute(`{ stories(where: { people: ["Bob Crow"], organizations: ["RMT"], from: "2005-02-01", to: "2005-03-01" }) { totalCount } }`);
    expect(crowFebruary.data.stories.totalCount).toBe(1);
    const rates = await execute(`{ stories(where: { text: "interest rates" }) { edges { node { title } } } }`);
    expect(titles(rates)).toEqual([cases.otherEvent!.title]);
  });

  it('pages with cursors and refuses crafted ones with a typed error', async () => {
    const first = await execute(`{ stories(orderBy: SIZE, first: 2) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`);
    const rest = await execute(`query($after: String) { stories(orderBy: SIZE, first: 10, after: $after) { edges { node { id } } pageInfo { hasNextPage } } }`, {
      after: first.data.stories.pageInfo.endCursor,
    });
    const all = [...first.data.stories.edges, ...rest.data.stories.edges].map((e: { node: { id: string } }) => e.node.id);
    expect(new Set(all).size).toBe(4);
    expect(rest.data.stories.pageInfo.hasNextPage).toBe(false);
    for (const after of ['nonsense', btoa('["x", 1]'), btoa('[1, "2"]'), btoa('{}')]) {
      const bad = await execute(`query($after: String) { stories(orderBy: SIZE, after: $after) { totalCount } }`, { after });
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const badSize = await execute(`{ stories(first: 1000) { totalCount } }`);
    expect(badSize.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badRange = await execute(`{ stories(where: { from: "2006-01-01", to: "2005-01-01" }) { totalCount } }`);
    expect(badRange.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers a page by SIZE or RECENT, its total, fields and entities included, in 2 statements, as the id-only page does', async () => {
    for (const order of ['SIZE', 'RECENT']) {
      const withFields = (after: string | null) => execute(`query($after: String) { stories(orderBy: ${order}, first: 2, after: $after) {
        totalCount edges { cursor node { id title articleCount lastPublishedAt countries(first: 3) { entity { name } count } people(first: 3) { entity { name } count } } }
        pageInfo { hasNextPage endCursor } } }`, { after });
      const idsOnly = (after: string | null) => execute(`query($after: String) { stories(orderBy: ${order}, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } } }`, { after });
      let after: string | null = null;
      const seen: string[] = [];
      for (let page = 0; page < 3; page++) {
        test.statements.length = 0;
        const full = await withFields(after);
        expect(full.errors).toBeUndefined();
        expect(test.statements.length).toBe(2);
        const bare = await idsOnly(after);
        expect(bare.data.stories).toEqual({ totalCount: full.data.stories.totalCount, pageInfo: full.data.stories.pageInfo });
        expect(full.data.stories.totalCount).toBe(4);
        seen.push(...full.data.stories.edges.map((e: { node: { id: string } }) => e.node.id));
        after = full.data.stories.pageInfo.endCursor;
        if (!full.data.stories.pageInfo.hasNextPage) break;
      }
      expect(new Set(seen).size).toBe(4);
    }
    // An empty page cannot carry the total: one more statement counts it.
    test.statements.length = 0;
    const none = await execute(`{ stories(where: { text: "zzyzx" }) { totalCount edges { node { title } } } }`);
    expect(none.data.stories).toEqual({ totalCount: 0, edges: [] });
  });

  it('takes a fixed number of statements whatever the page size, facets and articles included', async () => {
    const query = (first: number) => `{ stories(orderBy: SIZE, first: ${first}) {
      totalCount edges { node { id title articleCount countries { entity { name } count } people { entity { name } count }
        organizations { entity { name } count } articles(first: 3) { edges { node { title duplicateGroup { size } story { id } } } } } }
    } }`;
    const count = async (first: number) => {
      test.statements.length = 0;
      const result = await execute(query(first));
      expect(result.errors).toBeUndefined();
      return test.statements.length;
    };
    const one = await count(1);
    expect(await count(4)).toBe(one);
    // the page with its total and the stories with their articles (one statement), the entities of
    // every story, the duplicate groups of every article
    expect(one).toBe(3);
  });
});

describe('merges', () => {
  let db: TestDatabase;
  afterAll(() => db.close());

  it('an article that bridges two stories of one event merges them, and the merged story still answers with mergedInto', async () => {
    db = await createTestDatabase();
    const run = graphqlClient(db.db);
    const at = (fixture: Fixture, publishedAt: string) => ({ ...fixture, publishedAt });
    // Five days apart: beyond the window, so the second report opens a story of its own…
    await ingestArticles(db.db, [at(cases.original!, '2005-02-01T09:00:00Z')], { extract: extractMentions });
    await ingestArticles(db.db, [at(cases.sameEvent!, '2005-02-06T09:00:00Z')], { extract: extractMentions });
    const before = await run(`{ stories(where: { people: ["Bob Crow"] }, orderBy: SIZE) { totalCount edges { node { id articleCount } } } }`);
    expect(before.data.stories.totalCount).toBe(2);
    const [a, b] = before.data.stories.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(before.data.stories.edges).toHaveLength(2);
    // …until a report from between them, close to both, shows they are one story.
    const bridge = at(cases.followUp!, '2005-02-03T21:00:00Z');
    await ingestArticles(db.db, [bridge], { extract: extractMentions });
    const after = await run(`{ stories(where: { people: ["Bob Crow"] }, orderBy: SIZE) { totalCount edges { node { id articleCount } } } }`);
    expect(after.data.stories.edges).toHaveLength(1);
    // Counted from the person's story_entities rows: the merged story has none left.
    expect(after.data.stories.totalCount).toBe(1);
    const survivor = after.data.stories.edges[0].node;
    expect(survivor.articleCount).toBe(3);
    expect([a, b]).toContain(survivor.id);
    const merged = [a, b].find((id) => id !== survivor.id);
    const old = await run(`query($id: ID!) { node(id: $id) { ... on Story { id articleCount mergedInto { id articleCount } } } }`, { id: merged });
    expect(old.errors).toBeUndefined();
    expect(old.data.node.mergedInto).toEqual({ id: survivor.id, articleCount: 3 });
    const log = await db.db.all<{ fromStoryId: number; intoStoryId: number }>(sql`SELECT from_story_id AS fromStoryId, into_story_id AS intoStoryId FROM story_merges`);
    expect(log).toEqual([{ fromStoryId: Number(atob(merged).split(':')[1]), intoStoryId: Number(atob(survivor.id).split(':')[1]) }]);
    // The merged story's entities moved with its articles (story_entities, kept by triggers).
    expect(await storyEntitiesDrift(db.db)).toBe(0);
    const [{ n }] = (await db.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM story_entities WHERE story_id = ${Number(atob(merged).split(':')[1])}`)) as [{ n: number }];
    expect(n).toBe(0);
  });
});
