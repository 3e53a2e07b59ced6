import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../src/auth/api-keys.ts';
import { openDatabase } from '../src/db/node.ts';
import { freePort, startProcess, type RunningProcess } from '../tools/processes.ts';

// The partner-facing HTTP layer on the real Node server (`npm run serve`), over loopback HTTP:
// anonymous clients counted by socket address, keys, 429, cache and APQ as configured by the environment.
let server: RunningProcess;
let base: string;
let key: string;
const folder = mkdtempSync(join(tmpdir(), 'newsgraph-partner-'));

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const url = `file:${join(folder, 'server.db')}`;
  server = await startProcess(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { PORT: String(port), LIBSQL_DB_URL: url, RATE_LIMIT_ANON_PER_MINUTE: '3', CORS_ORIGINS: 'https://partner.example' },
    ready: /serving GraphiQL at/,
  });
  const db = openDatabase({ url });
  key = (await createApiKey(db, { name: 'server partner', scopes: ['read'], perMinute: 1000 })).key;
  db.$client.close();
}, 90_000);

afterAll(async () => {
  await server?.stop();
  rmSync(folder, { recursive: true, force: true });
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('the Node server for partners', () => {
  it('limits anonymous clients by socket address: RateLimit headers, then 429 with Retry-After and RATE_LIMITED', async () => {
    let last: Response | undefined;
    for (let i = 0; i < 4 && last?.status !== 429; i++) {
      last = await post({ query: '{ articles(first: 1) { totalCount } }' });
      expect(last.headers.get('ratelimit-limit')).toBe('3');
    }
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await last!.json()) as any;
    expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 3 });
  });

  it("serves a keyed client at its key's limit, even after the address is over the anonymous one", async () => {
    const response = await post({ query: '{ articles(first: 1) { totalCount } }' }, { authorization: `Bearer ${key}` });
    expect(response.status).toBe(200);
    expect(response.headers.get('ratelimit-limit')).toBe('1000');
    expect(response.headers.get('cache-control')).toBe('private, max-age=60');
    expect(response.headers.get('server-timing')).toMatch(/parse;dur=[\d.]+, validate;dur=[\d.]+, execute;dur=[\d.]+, db;dur=[\d.]+;desc="\d+ statements?"/);
  });

  it('caches, answers If-None-Match with 304, and takes persisted queries', async () => {
    const query = '{ articles(where: { countries: ["KP"] }) { totalCount } }';
    const hash = createHash('sha256').update(query).digest('hex');
    const auth = { authorization: `Bearer ${key}` };
    const notFound = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }, auth);
    expect(notFound.status).toBe(404);
    expect(((await notFound.json()) as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const registered = await post({ query, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }, auth);
    expect(await registered.json()).toEqual({ data: { articles: { totalCount: 1 } } });
    const etag = registered.headers.get('etag')!;
    const url = `${base}/graphql?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }))}`;
    const viaGet = await fetch(url, { headers: auth });
    expect(viaGet.headers.get('server-timing')).toContain('cache;desc="hit"');
    expect(await viaGet.json()).toEqual({ data: { articles: { totalCount: 1 } } });
    const notModified = await fetch(url, { headers: { ...auth, 'if-none-match': etag } });
    expect(notModified.status).toBe(304);
  });

  it('answers CORS preflights for CORS_ORIGINS only', async () => {
    const preflight = (origin: string) =>
      fetch(`${base}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' } });
    const allowed = await preflight('https://partner.example');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://partner.example');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('Authorization');
    // Another origin gets no CORS headers, so its browser refuses the response.
    expect((await preflight('https://elsewhere.example')).headers.get('access-control-allow-origin')).toBeNull();
  });
});
