// The poller over real libSQL and a real loopback HTTP server (tests/helpers/feed-server.ts):
// every feed format, conditional GET, robots.txt, encodings, failures recorded on their source,
// bounded runs that resume, idempotence.
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { articles, sourceEntries, sources } from '../src/db/schema.ts';
import { extractMentions } from '../src/ingest/extract.ts';
import { pollSources, type PollReport } from '../src/sources/poller.ts';
import { pollSettings } from '../src/sources/settings.ts';
import { addSource, listSources } from '../src/sources/store.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';
import { startFeedServer, type FeedServer } from './helpers/feed-server.ts';

const contactUrl = 'https://example.org/newsgraph-contact';
const vars = {
  POLL_CONTACT_URL: contactUrl,
  POLL_HOST_DELAY_MS: '0',
  // A hang guard, not a speed check: no loopback fetch may fail for being slow on a loaded machine.
  // The timeout itself is tested on /slow.xml, which never answers, so any value reaches it.
  POLL_TIMEOUT_MS: '60000',
  POLL_MAX_BYTES: '300000',
  POLL_MAX_FETCHES: '100',
  POLL_MAX_ENTRIES: '100',
};

let server: FeedServer;
let test: TestDatabase;
let clock: number;

beforeAll(async () => {
  server = await startFeedServer({ bigPageBytes: 400_000 });
});
afterAll(() => server.close());
beforeEach(async () => {
  test = await createTestDatabase();
  server.requests.length = 0;
  server.version = 1;
  server.maxInFlight = 0;
  // Sources are due from when they are added, in real time.
  clock = Date.now() + 1000;
});
afterEach(() => test.close());

const poll = (overrides: Record<string, string> = {}): Promise<PollReport> =>
  pollSources(test.db, { settings: pollSettings({ ...vars, ...overrides }), extract: extractMentions, now: () => clock });

const add = (path: string, name: string, kind = 'feed', extra: { language?: string } = {}) =>
  addSource(test.db, { url: `${server.url}${path}`, kind, name, ...extra });

const stored = (source: string) =>
  test.db.select().from(articles).where(eq(articles.source, source)).orderBy(articles.id);

const health = async (name: string) => (await listSources(test.db)).find((s) => s.name === name)!;

describe('polling feeds', () => {
  it('stores the articles of an RSS feed from their pages, with the feed as fallback when a page has no article', async () => {
    await add('/rss.xml', 'Wire');
    const report = await poll();
    expect(report).toMatchObject({ sourcesPolled: 1, entriesNew: 2, created: 2, fromFeedContent: 1, entryFailures: 0 });
    const [ferry, orchestra] = await stored('Wire');
    expect(ferry!.url).toBe(`${server.url}/articles/ferry.html`);
    expect(ferry!.title).toBe('Harbour authority approves new ferry terminal in Rotterdam');
    // The page's article body, not the feed's one-line description, and no navigation or footer.
    expect(ferry!.body).toMatch(/^The Port of Rotterdam Authority approved plans on Monday/);
    expect(ferry!.body).toContain('Ministry of Infrastructure in The Hague');
    expect(ferry!.body).not.toMatch(/Home|Copyright|About us/);
    expect(ferry!.publishedAt).toBe('2026-11-02T09:30:00.000Z');
    expect(ferry!.language).toBe('en');
    // content:encoded of the feed, as text with its paragraphs.
    expect(orchestra!.body).toBe(
      'The Toronto Symphony Orchestra will tour Canada next spring, playing in Vancouver, Calgary and Montreal, its director said on Tuesday.\n\nTickets go on sale in January, and the tour will end in Halifax in May with a programme of new Canadian works.',
    );
    expect(orchestra!.publishedAt).toBe('2026-11-03T09:00:00.000Z');
    // Through the ingest path: entities extracted.
    const entities = await test.db.all<{ name: string }>(
      sql`SELECT e.name FROM article_entities ae JOIN entities e ON e.id = ae.entity_id WHERE ae.article_id = ${ferry!.id}`,
    );
    expect(entities.map((e) => e.name)).toEqual(expect.arrayContaining(['Netherlands', 'United Kingdom']));
    const entry = await test.db.select().from(sourceEntries).where(eq(sourceEntries.key, 'wire-orchestra-1'));
    expect(entry[0]).toMatchObject({ state: 'done', lastError: 'page not used: no article could be extracted from the page' });
    expect(await health('Wire')).toMatchObject({ articlesFound: 2, pendingEntries: 0, lastStatus: 200, consecutiveFailures: 0, lastError: null });
  });

  it('names itself with the contact URL, asks for gzip, sends the ETag back and stores nothing new on 304', async () => {
    await add('/rss.xml', 'Wire');
    await poll();
    expect(server.requests.every((r) => r.userAgent === `newsgraph/0.1 (+${contactUrl})`)).toBe(true);
    expect(server.requests.find((r) => r.path === '/rss.xml')!.acceptEncoding).toMatch(/gzip/);
    server.requests.length = 0;
    clock += 3600_000;
    const before = test.statements.length;
    const again = await poll();
    expect(server.requests.map((r) => r.path)).toEqual(['/rss.xml']);
    expect(server.requests[0]!.ifNoneMatch).toBe('"rss-v1"');
    expect(again).toMatchObject({ sourcesPolled: 1, notModified: 1, entriesNew: 0, created: 0, updated: 0 });
    // No article statement: claim, source update, lease release, entries lookup only.
    expect(test.statements.slice(before).filter((s) => /articles|mentions/.test(s) && /^(insert|update|delete)/i.test(s))).toEqual([]);
    expect((await health('Wire')).lastStatus).toBe(304);
  });

  it('reads Atom with Last-Modified, keeps off pages robots.txt disallows and uses the entry content instead', async () => {
    await add('/atom.xml', 'Atom');
    await poll();
    const [rail, museum] = (await stored('Atom')).sort((a, b) => b.title.localeCompare(a.title));
    expect(rail!.title).toBe('Railway strike ends after talks in Madrid');
    expect(rail!.body).toMatch(/^A three-day railway strike in Spain/);
    expect(rail!.url).toBe(`${server.url}/articles/rail.html`);
    expect(museum!.body).toMatch(/^The National Gallery in London reopened its east wing/);
    expect(server.requests.map((r) => r.path)).not.toContain('/private/museum.html');
    expect(server.requests.filter((r) => r.path === '/robots.txt')).toHaveLength(1);
    const entry = await test.db.select().from(sourceEntries).where(eq(sourceEntries.key, 'urn:fixture:atom:private-1'));
    expect(entry[0]!.lastError).toMatch(/robots\.txt .* disallows it/);
    clock += 3600_000;
    server.requests.length = 0;
    expect(await poll()).toMatchObject({ notModified: 1 });
    expect(server.requests[0]!.ifModifiedSince).toBe('Wed, 04 Nov 2026 08:00:00 GMT');
  });

  it('reads JSON Feed and RDF; detects French and stores it without English entity extraction', async () => {
    await add('/feed.json', 'Json');
    await add('/rdf.xml', 'Rdf');
    await poll();
    const [lyon] = await stored('Json');
    expect(lyon).toMatchObject({ title: 'La mairie de Lyon présente son budget', language: 'fr', publishedAt: '2026-11-05T11:00:00.000Z' });
    expect(lyon!.body).toMatch(/^La mairie de Lyon a présenté mercredi son budget/);
    const mentions = await test.db.all(sql`SELECT 1 FROM mentions WHERE article_id = ${lyon!.id}`);
    expect(mentions).toEqual([]);
    // The RDF entry's page is over the size cap: its description is stored.
    const [storm] = await stored('Rdf');
    expect(storm!.body).toMatch(/^The Met Office warned of gales/);
    const entry = await test.db.select().from(sourceEntries).where(eq(sourceEntries.url, `${server.url}/articles/big.html`));
    expect(entry[0]!.lastError).toMatch(/over the 300000-byte limit/);
  });

  it('decodes ISO-8859-1 feeds and windows-1252 pages', async () => {
    await add('/latin1.xml', 'Latin');
    await poll();
    const [tram] = await stored('Latin');
    expect(tram!.title).toBe('Straßenbahn in München fährt wieder');
    expect(tram!.body).toMatch(/^Die Straßenbahn in München fährt nach dreiwöchigen Bauarbeiten/);
    expect(tram!.language).toBe('de');
  });

  it('polls a page source as one article, updated only when the page changes', async () => {
    await add('/page.html', 'Lighthouse', 'page');
    expect(await poll()).toMatchObject({ created: 1 });
    const [article] = await stored('Lighthouse');
    expect(article!.title).toBe('Lighthouse keepers remember the last watch at Dungeness');
    expect(article!.url).toBe(`${server.url}/page.html`);
    clock += 3600_000;
    expect(await poll()).toMatchObject({ sourcesPolled: 1, entriesChanged: 0, created: 0, updated: 0 });
  });
});

describe('politeness', () => {
  it('asks one host one thing at a time', async () => {
    await add('/rss.xml', 'Wire');
    await add('/atom.xml', 'Atom');
    await add('/updating.xml', 'Updates');
    expect(await poll({ POLL_HOST_DELAY_MS: '50' })).toMatchObject({ created: 5 });
    expect(server.requests.length).toBeGreaterThan(5);
    expect(server.maxInFlight).toBe(1);
  });
});

describe('idempotence', () => {
  it('leaves an entry seen twice unchanged and updates the article when the entry changes', async () => {
    await add('/updating.xml', 'Updates');
    expect(await poll()).toMatchObject({ created: 1 });
    clock += 3600_000;
    expect(await poll()).toMatchObject({ entriesNew: 0, entriesChanged: 0, created: 0, updated: 0 });
    server.version = 2;
    clock += 3600_000;
    expect(await poll()).toMatchObject({ entriesChanged: 1, updated: 1, created: 0 });
    const all = await stored('Updates');
    expect(all).toHaveLength(1);
    expect(all[0]!.title).toBe('Bristol council approves new library');
    expect(all[0]!.body).toMatch(/^Bristol City Council approved plans on Sunday/);
  });

  it('duplicates nothing when a run stopped after ingest but before marking its entries done', async () => {
    await add('/rss.xml', 'Wire');
    await poll();
    const before = await test.db.select({ id: articles.id, hash: articles.contentHash }).from(articles);
    // What a crash between the ingest and the marking leaves: the entries still pending.
    await test.db.update(sourceEntries).set({ state: 'pending' });
    const report = await poll();
    expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(await test.db.select({ id: articles.id, hash: articles.contentHash }).from(articles)).toEqual(before);
  });
});

describe('failures', () => {
  it('records each failure on its source with a clear reason, and never stores a partial article', async () => {
    await add('/malformed.xml', 'Malformed');
    await add('/loop-a', 'Loop');
    await add('/gone.xml', 'Gone');
    await add('/rss.xml', 'Wire');
    const report = await poll();
    expect(report.sourceFailures).toBe(3);
    expect(report.created).toBe(2);
    // /slow.xml never answers, so the poller's own limit ends the fetch however loaded the machine is;
    // the assertion is on the kind of failure, not on any elapsed time.
    await add('/slow.xml', 'Slow');
    expect(await poll({ POLL_TIMEOUT_MS: '200' })).toMatchObject({ sourcesPolled: 1, sourceFailures: 1, created: 0 });
    expect(await health('Malformed')).toMatchObject({ lastStatus: 200, consecutiveFailures: 1, lastError: expect.stringMatching(/^not a readable RSS, Atom, RDF or JSON feed/) });
    expect(await health('Slow')).toMatchObject({ lastStatus: null, lastError: expect.stringMatching(/^no complete answer within .* \(timed out\)$/) });
    expect(await health('Loop')).toMatchObject({ lastStatus: 302, lastError: expect.stringMatching(/^more than 5 redirects/) });
    expect(await health('Gone')).toMatchObject({ lastStatus: 503, lastError: 'HTTP 503 Service Unavailable' });
    const articleSources = await test.db.all<{ source: string }>(sql`SELECT DISTINCT source FROM articles WHERE source IS NOT NULL AND url LIKE ${`${server.url}%`}`);
    expect(articleSources.map((s) => s.source)).toEqual(['Wire']);
  });

  it('backs off after each failure and disables a source after 5 in a row, with the reason', async () => {
    await add('/gone.xml', 'Gone');
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      await poll();
      const source = await health('Gone');
      waits.push((Date.parse(source.nextPollAt) - clock) / 1000);
      clock = Date.parse(source.nextPollAt);
    }
    expect(waits.slice(0, 4)).toEqual([1800, 3600, 7200, 14400]);
    const gone = await health('Gone');
    expect(gone).toMatchObject({ enabled: false, consecutiveFailures: 5, disabledReason: 'failed 5 times in a row; last: HTTP 503 Service Unavailable' });
    server.requests.length = 0;
    clock += 7 * 86_400_000;
    expect(await poll()).toMatchObject({ sourcesPolled: 0 });
    expect(server.requests).toEqual([]);
  });
});

describe('bounded runs', () => {
  it('stops at its fetch budget and resumes where it stopped, until everything is stored once', async () => {
    await add('/rss.xml', 'Wire');
    await add('/atom.xml', 'Atom');
    await add('/updating.xml', 'Updates');
    const reports: PollReport[] = [];
    for (let run = 0; run < 10; run++) {
      const report = await poll({ POLL_MAX_FETCHES: '2' });
      reports.push(report);
      expect(report.fetches).toBeLessThanOrEqual(2);
      if (!report.more) break;
    }
    expect(reports.length).toBeGreaterThan(2);
    expect(reports.at(-1)!.more).toBe(false);
    const all = await test.db.select({ url: articles.url }).from(articles).where(sql`${articles.url} LIKE ${`${server.url}%`}`);
    expect(all).toHaveLength(5);
    expect(new Set(all.map((a) => a.url)).size).toBe(5);
    expect((await listSources(test.db)).map((s) => s.pendingEntries)).toEqual([0, 0, 0]);
  });

  it('takes at most POLL_MAX_ENTRIES entries a run', async () => {
    await add('/rss.xml', 'Wire');
    await add('/atom.xml', 'Atom');
    const first = await poll({ POLL_MAX_ENTRIES: '1' });
    expect(first.created + first.unchanged).toBe(1);
    expect(first.more).toBe(true);
    const pending = await test.db.select().from(sourceEntries).where(eq(sourceEntries.state, 'pending'));
    expect(pending).toHaveLength(3);
  });

  it('a source a running poll holds is not polled by an overlapping run', async () => {
    await add('/rss.xml', 'Wire');
    await test.db.update(sources).set({ leaseUntil: new Date(clock + 60_000).toISOString() });
    expect(await poll()).toMatchObject({ sourcesPolled: 0 });
    clock += 120_000;
    expect(await poll()).toMatchObject({ sourcesPolled: 1, created: 2 });
  });
});
