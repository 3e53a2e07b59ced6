import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleQuery } from '../src/yoga.ts';
import { freePort, startProcess, type RunningProcess } from '../tools/processes.ts';

// The Node server as `npm run serve` runs it: a real process on a fresh file database, over real HTTP.
let server: RunningProcess;
let base: string;
const folder = mkdtempSync(join(tmpdir(), 'newsgraph-server-'));

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = await startProcess(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    // The audits send more requests a minute than the anonymous limit allows one address (tests/partner-server.test.ts tests that limit).
    env: { PORT: String(port), LIBSQL_DB_URL: `file:${join(folder, 'server.db')}`, RATE_LIMIT_ANON_PER_MINUTE: '10000' },
    ready: /serving GraphiQL at/,
  });
}, 90_000);

afterAll(async () => {
  await server?.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('the Node server', () => {
  it('creates, migrates and seeds its database on first start and prints the GraphiQL URL', () => {
    expect(server.output()).toContain('Seeded 250 countries and 1 sample articles.');
    expect(server.output()).toMatch(/serving GraphiQL at http:\/\/localhost:\d+\/graphql/);
  });

  it('serves GraphiQL with the example query, without a CDN', async () => {
    const response = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const html = await response.text();
    expect(html).toContain('countries: [\\"North Korea\\"]');
    expect(html).not.toMatch(/unpkg\.com|jsdelivr|esm\.sh/);
    // The page references GraphiQL's parts instead of inlining its ~9 MB bundle.
    expect(html.length).toBeLessThan(20_000);
    const scripts = [...html.matchAll(/(?:src|href)="(\/graphiql\/[^"]+)"/g)].map((match) => match[1]!);
    expect(scripts).toEqual(expect.arrayContaining(['/graphiql/graphiql.js', '/graphiql/graphiql.css']));
    for (const path of [...scripts, '/graphiql/json.worker.js', '/graphiql/graphql.worker.js', '/graphiql/editor.worker.js']) {
      const asset = await fetch(`${base}${path}`);
      expect(asset.status, path).toBe(200);
      expect(asset.headers.get('content-type'), path).toMatch(/javascript|css|icon/);
      expect((await asset.arrayBuffer()).byteLength, path).toBeGreaterThan(100);
    }
  });

  it('answers the North Korea + sanctions query over HTTP', async () => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: exampleQuery }),
    });
    expect(response.status).toBe(200);
    const { data } = (await response.json()) as any;
    expect(data.articles.totalCount).toBe(1);
    expect(data.articles.edges[0].node.countries.map((c: any) => c.code)).toEqual(expect.arrayContaining(['KP', 'RU', 'US', 'UA', 'ZW']));
  });

  it('answers a POST whose body comes chunked, without a Content-Length', async () => {
    // node:http sends Transfer-Encoding: chunked when no Content-Length is set, as streaming clients do.
    const body = JSON.stringify({ query: '{ articles(first: 1) { totalCount } }' });
    const { status, text, chunked } = await new Promise<{ status: number; text: string; chunked: boolean }>((resolve, reject) => {
      const outgoing = request(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' } }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, text, chunked: outgoing.getHeader('transfer-encoding') === 'chunked' || !outgoing.hasHeader('content-length') }));
      });
      outgoing.on('error', reject);
      outgoing.write(body.slice(0, 10));
      outgoing.end(body.slice(10));
    });
    expect(chunked).toBe(true);
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual({ data: { articles: { totalCount: 1 } } });
  });

  it('masks unexpected errors and never leaks a stack trace', async () => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": "{ articles(where: { countries: [\\"Atlantis\\"] }) { totalCount } }"}',
    });
    const body = await response.text();
    expect(body).toContain('BAD_USER_INPUT');
    expect(body).not.toMatch(/at \S+ \(|stack/);
  });
});

describe('GraphQL-over-HTTP compliance (graphql-http serverAudits, by the spec authors)', async () => {
  const { serverAudits } = await import('graphql-http');
  // Audits are listed at collection time; the URL is read when each runs.
  for (const audit of serverAudits({ url: () => `${base}/graphql` })) {
    it(audit.name, async () => {
      const result = await audit.fn();
      if (audit.name.startsWith('MUST') || audit.name.startsWith('SHOULD')) {
        expect(result.status, "reason" in result ? String(result.reason) : "").toBe('ok');
      }
    });
  }
});
