// The Node path as real processes: `npm run sources` adds sources, `npm run poll` polls them from
// the loopback fixture server, a poll killed mid-run (SIGKILL) loses and duplicates nothing, and
// `--watch` keeps polling until told to stop.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/node.ts';
import { runProcess, signalGroup, spawnInGroup, startProcess, stopProcess } from '../tools/processes.ts';
import { startFeedServer, type FeedServer } from './helpers/feed-server.ts';

let server: FeedServer;
let folder: string;
let env: Record<string, string>;

beforeAll(async () => {
  server = await startFeedServer({ bigPageBytes: 400_000 });
  folder = mkdtempSync(join(tmpdir(), 'newsgraph-poll-'));
  env = {
    LIBSQL_DB_URL: `file:${join(folder, 'poll.db')}`,
    POLL_CONTACT_URL: 'https://example.org/contact',
    POLL_HOST_DELAY_MS: '0',
    POLL_TIMEOUT_MS: '60000', // a hang guard: no loopback fetch may fail for being slow on a loaded machine
    POLL_MAX_BYTES: '300000',
    POLL_MAX_FETCHES: '100',
    POLL_MAX_ENTRIES: '100',
    POLL_LEASE_SECONDS: '1',
  };
});
afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

const script = (name: string, args: string[], timeoutMs = 120_000) =>
  runProcess(process.execPath, ['--import', 'tsx', `scripts/${name}.ts`, ...args], { env, timeoutMs });

async function query<T extends Record<string, unknown>>(statement: ReturnType<typeof sql>): Promise<T[]> {
  const db = openDatabase({ url: env.LIBSQL_DB_URL });
  try {
    return await db.all<T>(statement);
  } finally {
    db.$client.close();
  }
}

describe('npm run sources and npm run poll', () => {
  it('adds sources, survives a poll killed mid-run, and a later poll stores every entry exactly once', async () => {
    for (const [path, name] of [
      ['/rss.xml', 'Wire'],
      ['/atom.xml', 'Atom'],
      ['/updating.xml', 'Updates'],
    ]) {
      const added = await script('sources', ['add', `${server.url}${path}`, '--name', name!, '--every', '15m']);
      expect(added.code, added.output).toBe(0);
      expect(added.output).toMatch(/Added source \d+ \(feed\)/);
    }
    const bad = await script('sources', ['add', 'ftp://nowhere', '--name', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.output).toMatch(/url must be an http\(s\) URL/);

    // Killed while it fetches the first article page: the feeds are read, no article is stored yet.
    const child = spawnInGroup(process.execPath, ['--import', 'tsx', 'scripts/poll.ts'], { env });
    const killed = new Promise<void>((resolve) => {
      server.onRequest = (path) => {
        if (path.startsWith('/articles/')) {
          server.onRequest = undefined;
          signalGroup(child, 'SIGKILL');
          resolve();
        }
      };
    });
    await killed;
    await new Promise((resolve) => child.once('exit', resolve));
    const pending = await query<{ n: number }>(sql`SELECT count(*) AS n FROM source_entries WHERE state = 'pending'`);
    expect(pending[0]!.n).toBeGreaterThan(0);

    // Its claims lapse (POLL_LEASE_SECONDS=1); the next run finishes the work.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const run = await script('poll', []);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/poll: .* articles 5 created/);
    const stored = await query<{ url: string; n: number }>(sql`SELECT url, count(*) AS n FROM articles WHERE url LIKE ${`${server.url}%`} GROUP BY url`);
    expect(stored).toHaveLength(5);
    expect(stored.every((s) => s.n === 1)).toBe(true);

    const listed = await script('sources', ['list']);
    expect(listed.output).toMatch(/Wire\t.*\tok\t2 articles, 0 pending/);
    expect(listed.output).toMatch(/Updates\t.*\tok\t1 articles, 0 pending/);

    // Again right away: nothing is due, nothing changes.
    const again = await script('poll', []);
    expect(again.output).not.toMatch(/poll: /);
    const after = await query<{ n: number }>(sql`SELECT count(*) AS n FROM articles WHERE url LIKE ${`${server.url}%`}`);
    expect(after[0]!.n).toBe(5);
  }, 300_000);

  it('--watch polls until SIGTERM, then exits cleanly', async () => {
    await script('sources', ['add', `${server.url}/page.html`, '--kind', 'page', '--name', 'Lighthouse']);
    const watcher = await startProcess(process.execPath, ['--import', 'tsx', 'scripts/poll.ts', '--watch', '--interval', '1'], {
      env,
      ready: /articles 1 created/,
    });
    await stopProcess(watcher.child);
    expect(watcher.child.exitCode).toBe(0);
    const stored = await query<{ title: string }>(sql`SELECT title FROM articles WHERE source = 'Lighthouse'`);
    expect(stored).toEqual([{ title: 'Lighthouse keepers remember the last watch at Dungeness' }]);
  }, 180_000);
});
