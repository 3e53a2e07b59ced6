import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createNewsClient, findArticles, search } from '../examples/client/client.ts';
import { freePort, startProcess, type RunningProcess } from '../tools/processes.ts';

// The typed example client (examples/client) against the Node server as `npm run serve` runs it:
// a real process on a fresh database (seeded with the North Korea sample article), over real HTTP.
let server: RunningProcess;
let url: string;
const folder = mkdtempSync(join(tmpdir(), 'newsgraph-client-'));

beforeAll(async () => {
  const port = await freePort();
  url = `http://127.0.0.1:${port}/graphql`;
  server = await startProcess(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { PORT: String(port), LIBSQL_DB_URL: `file:${join(folder, 'client.db')}` },
    ready: /serving GraphiQL at/,
  });
}, 90_000);

afterAll(async () => {
  await server?.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** A fetch that records what the client sent and what the server answered. */
function recordingFetch() {
  const exchanges: { method: string; query: string | null; hash: string | null; status: number }[] = [];
  const fetchAndRecord: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const body = request.method === 'POST' ? JSON.parse(await request.clone().text()) : null;
    const params = new URL(request.url).searchParams;
    const extensions = body ? body.extensions : JSON.parse(params.get('extensions') ?? 'null');
    const response = await fetch(request);
    exchanges.push({
      method: request.method,
      query: body ? (body.query ?? null) : params.get('query'),
      hash: extensions?.persistedQuery?.sha256Hash ?? null,
      status: response.status,
    });
    return response;
  };
  return { fetch: fetchAndRecord, exchanges };
}

describe('the typed client (examples/client)', () => {
  it('runs the headline query: North Korea and "sanctions"', async () => {
    const client = createNewsClient(url, { persisted: false });
    const articles = await findArticles(client, { countries: ['North Korea'], text: 'sanctions' });
    expectTypeOf(articles?.totalCount).toEqualTypeOf<number | null | undefined>();
    expectTypeOf(articles?.edges?.[0]?.node?.countries?.[0]?.code).toEqualTypeOf<string | null | undefined>();
    expect(articles?.totalCount).toBe(1);
    const node = articles!.edges![0]!.node!;
    expect(node.countries!.map((country) => country.code)).toContain('KP');
    expect(node.snippet).toMatch(/\[sanction\w*\]/i); // the highlight markers the query asked for
    expect(typeof node.publishedAt).toBe('string');
    expect(articles?.pageInfo?.hasNextPage).toBe(false);
  });

  it('searches in plain words and gets the interpretation', async () => {
    const client = createNewsClient(url, { persisted: false });
    const results = await search(client, { query: 'articles mentioning North Korea and sanctions' });
    const interpretation = results!.interpretation!;
    // Enums become string unions; an interface (Entity) keeps the fields selected on it.
    expectTypeOf(interpretation.entities![0]!.kind).toEqualTypeOf<'COUNTRY' | 'PERSON' | 'ORGANIZATION' | null>();
    expectTypeOf(interpretation.entities![0]!.entity!.name).toEqualTypeOf<string | null>();
    expect(interpretation.entities).toContainEqual(expect.objectContaining({ kind: 'COUNTRY', role: 'ALL', entity: { name: 'North Korea' } }));
    expect(interpretation.terms).toContain('sanctions');
    expect(interpretation.description).toContain('North Korea');
    expect(results?.totalCount).toBe(1);
    expect(results?.edges?.[0]?.node?.matchedEntities?.map((entity) => entity.name)).toContain('North Korea');
  });

  it('sends a persisted query by its hash, and the text only the first time', async () => {
    const first = recordingFetch();
    const registered = await findArticles(createNewsClient(url, { fetch: first.fetch }), { countries: ['DPRK'], text: 'sanctions' });
    expect(registered?.totalCount).toBe(1);
    // The server does not know the hash yet (404 PERSISTED_QUERY_NOT_FOUND), so the client sends hash and text (a GET while the URL is short).
    expect(first.exchanges).toEqual([
      { method: 'GET', query: null, hash: expect.stringMatching(/^[0-9a-f]{64}$/), status: 404 },
      { method: 'GET', query: expect.stringContaining('query Articles'), hash: first.exchanges[0]!.hash, status: 200 },
    ]);

    // A new client (another app instance) gets the answer from the hash alone.
    const second = recordingFetch();
    const byHash = await findArticles(createNewsClient(url, { fetch: second.fetch }), { countries: ['Pyongyang'], text: 'sanctions' });
    expect(second.exchanges).toEqual([{ method: 'GET', query: null, hash: first.exchanges[0]!.hash, status: 200 }]);
    expect(byHash?.edges?.[0]?.node?.id).toBe(registered?.edges?.[0]?.node?.id);
  });
});
