// The poller inside workerd: sources added through the API Worker's admin API, then the ingest
// Worker's scheduled() handler (the Cron Trigger's entry; the built bundle, reached over the API
// Worker's INGEST binding) fetching the loopback fixture server over real HTTP and storing articles
// through the libSQL server, as in production.
import { env, exports } from 'cloudflare:workers';
import { describe, expect, inject, it } from 'vitest';

const base = inject('feedServerUrl');

async function graphql(query: string, variables: Record<string, unknown> = {}, key = inject('adminKey')): Promise<any> {
  const response = await exports.default.fetch('http://newsgraph.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  return response.json();
}

/** One cron tick: the handler returns when its poll run is done. */
const runCron = () => env.INGEST.scheduled();

const health = async () => {
  const body = await graphql('{ sources { id name url lastStatus lastError articlesFound pendingEntries consecutiveFailures enabled } }');
  expect(body.errors).toBeUndefined();
  return body.data.sources as {
    id: string;
    name: string;
    lastStatus: number | null;
    lastError: string | null;
    articlesFound: number;
    pendingEntries: number;
  }[];
};

const articlesFrom = async (source: string) => {
  const body = await graphql(`{ articles(first: 20) { edges { node { title url source language body } } } }`, {}, inject('auditKey'));
  return (body.data.articles.edges as { node: { title: string; url: string; source: string; language: string; body: string } }[])
    .map((e) => e.node)
    .filter((a) => a.source === source);
};

describe('scheduled() in workerd', () => {
  it('polls the sources the admin API added and stores their articles; a second run changes nothing', async () => {
    const add = (path: string, name: string) =>
      graphql('mutation ($url: String!, $name: String!) { addSource(url: $url, kind: FEED, name: $name) { id name } }', { url: `${base}${path}`, name });
    for (const [path, name] of [
      ['/rss.xml', 'Worker Wire'],
      ['/latin1.xml', 'Worker Latin'],
      ['/feed.json', 'Worker Json'],
      ['/malformed.xml', 'Worker Malformed'],
      ['/loop-a', 'Worker Loop'],
    ] as const) {
      expect((await add(path, name)).data.addSource.name).toBe(name);
    }
    await runCron();
    const sources = await health();
    const byName = (name: string) => sources.find((s) => s.name === name)!;
    expect(byName('Worker Wire')).toMatchObject({ lastStatus: 200, lastError: null, articlesFound: 2, pendingEntries: 0 });
    expect(byName('Worker Latin')).toMatchObject({ articlesFound: 1 });
    expect(byName('Worker Json')).toMatchObject({ articlesFound: 1 });
    expect(byName('Worker Malformed').lastError).toMatch(/^not a readable RSS, Atom, RDF or JSON feed/);
    expect(byName('Worker Loop').lastError).toMatch(/^more than 5 redirects/);

    const wire = await articlesFrom('Worker Wire');
    const ferry = wire.find((a) => a.url === `${base}/articles/ferry.html`)!;
    expect(ferry.body).toMatch(/^The Port of Rotterdam Authority approved plans on Monday/);
    const [tram] = await articlesFrom('Worker Latin');
    expect(tram!.title).toBe('Straßenbahn in München fährt wieder');
    expect(tram!.body).toMatch(/^Die Straßenbahn in München fährt/);
    expect(tram!.language).toBe('de');
    expect((await articlesFrom('Worker Json'))[0]!.language).toBe('fr');

    // The fixture server saw the Worker's User-Agent with the contact URL.
    const log = (await (await fetch(`${base}/__log`)).json()) as { path: string; userAgent: string }[];
    expect(log.find((r) => r.path === '/articles/ferry.html')!.userAgent).toMatch(/^newsgraph\/0\.1 \(\+https:\/\/\S+\)$/);

    // Due again only after pollEvery (15 min): an immediate run fetches nothing and stores nothing.
    const before = log.length;
    await runCron();
    const after = (await (await fetch(`${base}/__log`)).json()) as unknown[];
    expect(after.length).toBe(before);
    expect((await articlesFrom('Worker Wire')).length).toBe(2);
  });

  it('rejects source changes without the admin scope, and bad input with a typed error', async () => {
    const denied = await graphql('{ sources { id } }', {}, inject('auditKey'));
    expect(denied.errors[0].extensions.code).toBe('FORBIDDEN');
    const bad = await graphql('mutation { addSource(url: "ftp://x", kind: FEED, name: "x") { id } }');
    expect(bad.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'url' });
  });
});
