// `npm run test:e2e`: GraphiQL in a real browser against `npm start`'s stack (the Worker in
// wrangler dev over the local libSQL server) and against the Node server (`npm run serve`), each on
// a temp database and free ports. Debian's chromium (/usr/bin/chromium; .ci/run installs it) driven
// by playwright-core. Also proves GraphiQL works offline: every request the page makes goes to the
// server's own origin. Then runs the README's partner example, as written, against each.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startProcess, type RunningProcess } from '../../tools/processes.ts';

const seedTitle = 'Shoigu meets Kim Jong Un in Pyongyang as Russia and North Korea deepen military ties';
const folder = mkdtempSync(join(tmpdir(), 'newsgraph-e2e-'));
const ready = /serving GraphiQL at (http:\/\/localhost:\d+\/graphql)/;
const workerDatabase = join(folder, 'e2e.db');
const nodeDatabase = join(folder, 'node.db');
const servers: { name: string; id: string; database: string; start: () => Promise<RunningProcess> }[] = [
  {
    name: 'the Worker (npm start)',
    id: 'worker',
    database: workerDatabase,
    start: () =>
      startProcess(
        process.execPath,
        ['--import', 'tsx', 'scripts/start.ts', '--db', workerDatabase, '--port', '0', '--libsql-port', '0', '--persist-to', join(folder, 'state')],
        { ready, timeoutMs: 120_000 },
      ),
  },
  {
    name: 'the Node server (npm run serve)',
    id: 'node',
    database: nodeDatabase,
    start: async () =>
      startProcess(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
        env: { PORT: String(await freePort()), LIBSQL_DB_URL: `file:${nodeDatabase}` },
        ready,
        timeoutMs: 120_000,
      }),
  },
];
let browser: BrowserContext;

beforeAll(async () => {
  browser = await chromium.launchPersistentContext(join(folder, 'chromium-profile'), {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1400, height: 900 },
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe.each(servers)('$name', ({ id, database, start }) => {
  let server: RunningProcess;
  let graphiqlUrl: string;
  beforeAll(async () => {
    server = await start();
    graphiqlUrl = ready.exec(server.output())![1]!;
  }, 180_000);
  afterAll(() => server?.stop());

  it('serves GraphiQL, which runs the default query and shows the seed article, using only local assets', async () => {
    const page = await browser.newPage();
    const origin = new URL(graphiqlUrl).origin;
    const foreign: string[] = [];
    const pageErrors: string[] = [];
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(origin) && !/^(blob|data):/.test(url)) foreign.push(url);
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(graphiqlUrl);
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ state: 'visible', timeout: 30_000 });
    // GraphiQL opens with the North Korea + sanctions query.
    await expect.poll(async () => normalize(await page.locator('.graphiql-query-editor').innerText()), { timeout: 15_000 }).toContain('sanctions');

    await run.click();
    const response = page.locator('.graphiql-response');
    await expect.poll(async () => normalize(await response.innerText()), { timeout: 30_000 }).toContain(seedTitle);
    expect(normalize(await response.innerText())).toContain('"totalCount": 1');

    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: `test-results/graphiql-${id}.png` });
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  }, 90_000);

  it("runs the README's partner example as written: a key from `npm run keys`, then ingestArticles over curl", () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /From a partner's system[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    const origin = new URL(graphiqlUrl).origin;
    const script = block.replaceAll('http://localhost:8787', origin);
    expect(script).toContain(origin);
    const output = execFileSync('bash', ['-c', script], { env: { ...process.env, LIBSQL_DB_URL: `file:${database}` }, encoding: 'utf8' });
    const { data, errors } = JSON.parse(output.trim().split('\n').at(-1)!);
    expect(errors).toBeUndefined();
    expect(data.ingestArticles).toEqual([
      expect.objectContaining({ index: 0, status: 'CREATED', article: expect.objectContaining({ countries: [{ name: 'Bhutan' }] }) }),
    ]);
  }, 60_000);
});

/** Monaco renders spaces as no-break spaces and wraps long lines. */
const normalize = (text: string) => text.replace(/\s+/g, ' ');
