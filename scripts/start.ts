// `npm start`: the Workers, locally, in one command.
//   1. creates, migrates and seeds the libSQL file database (default data/newsgraph.db) if needed;
//   2. serves it over HTTP with the local libSQL server (tools/libsql-server/server.ts), on 8080 or a free port;
//   3. runs one `wrangler dev` with both Workers, the API Worker (wrangler.toml) on 127.0.0.1:8787 and
//      the ingest Worker (wrangler.ingest.toml) behind its INGEST binding, each with LIBSQL_DB_URL
//      pointing at that server;
//   4. prints the GraphiQL URL once the API Worker answers;
//   5. on Ctrl-C / SIGTERM stops both (and stops the libSQL server if wrangler exits).
//
// Options (for tests and side-by-side runs):
//   --db <path>            database file; default: LIBSQL_DB_URL when it is a `file:` URL, else data/newsgraph.db
//   --port <n>             Worker port, default 8787 (0 = a free port)
//   --libsql-port <n>      libSQL server port, default 8080 (falls back to a free port when taken; 0 = free)
//   --persist-to <dir>     wrangler's local state folder (default .wrangler/state)
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs, parseEnv } from 'node:util';
import { openDatabase } from '../src/db/node.ts';
import { prepareDatabase } from '../src/ingest/prepare.ts';
import { startLibsqlServer, type LibsqlServer } from '../tools/libsql-server/server.ts';
import { freePort, spawnInGroup, stopProcess, wranglerBin } from '../tools/processes.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    port: { type: 'string', default: '8787' },
    'libsql-port': { type: 'string', default: '8080' },
    'persist-to': { type: 'string' },
  },
});

function portOption(name: string, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --${name} ${value}`);
  return port;
}

function databasePath(): string {
  if (values.db) return values.db.replace(/^file:/, '');
  const url = process.env.LIBSQL_DB_URL;
  if (!url) return 'data/newsgraph.db';
  if (url.startsWith('file:')) return url.slice('file:'.length);
  throw new Error(
    `npm start runs the Worker on a local file database, but LIBSQL_DB_URL is ${url}. ` +
      'Unset it (or pass --db <file>); to run against a remote database use `npx wrangler dev` with .dev.vars.',
  );
}

async function startDatabaseServer(dbPath: string, port: number): Promise<LibsqlServer> {
  try {
    return await startLibsqlServer({ dbPath, port });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw err;
    console.log(`Port ${port} is taken; the libSQL server uses a free port instead.`);
    return startLibsqlServer({ dbPath, port: 0 });
  }
}

/** Resolves once the Worker serves GraphiQL; rejects if wrangler exits first or takes too long. */
async function waitForWorker(base: string, wrangler: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (wrangler.exitCode !== null || wrangler.signalCode !== null) throw new Error('wrangler dev exited before the Worker was ready.');
    try {
      const response = await fetch(`${base}/graphql`, { headers: { accept: 'text/html' }, signal: AbortSignal.timeout(5_000) });
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The Worker did not answer at ${base} within ${timeoutMs / 1000} s.`);
}

/**
 * wrangler gives `--var` to the first config only; the ingest Worker takes LIBSQL_DB_URL from the
 * environment we pass, unless a .dev.vars sets it: then that Worker would write to another database
 * than the one the API Worker reads.
 */
function refuseDevVarsDatabase(): void {
  if (!existsSync('.dev.vars') || !parseEnv(readFileSync('.dev.vars', 'utf8')).LIBSQL_DB_URL) return;
  throw new Error(
    'npm start runs both Workers on a local file database, but .dev.vars sets LIBSQL_DB_URL, which the ingest Worker ' +
      'would use (wrangler passes --var to the first config only). Move .dev.vars aside, or run ' +
      '`npx wrangler dev -c wrangler.toml -c wrangler.ingest.toml` against the database it names.',
  );
}

const dbPath = databasePath();
refuseDevVarsDatabase();
const workerPort = portOption('port', values.port!) || (await freePort());
const libsqlPort = portOption('libsql-port', values['libsql-port']!);

// 1. Create, migrate and seed (cheap and idempotent on an existing database).
{
  const db = openDatabase({ url: `file:${dbPath}` });
  try {
    await prepareDatabase(db);
  } finally {
    db.$client.close();
  }
}

// 2. The local libSQL server: what Turso is in production.
const libsql = await startDatabaseServer(dbPath, libsqlPort);
console.log(`libSQL server for ${dbPath} on ${libsql.url}`);

// 3. wrangler dev, in its own process group so that stopping it also stops workerd (and stopped
// whenever this process exits, even of an error). stdin is not a
// TTY for it (a background process group must not read the terminal), so it runs non-interactively.
// The API Worker first: the port is its. --var overrides its LIBSQL_DB_URL even when a .dev.vars sets
// it; the ingest Worker gets no --var and takes its [secrets] from the environment (so does the API
// Worker's check for them, which then does not warn they are missing); the local server needs no token.
// Local development is not rate limited (exploring in GraphiQL would hit the anonymous limit within
// minutes); RATE_LIMITS=on npm start tries the limits locally. Deployed Workers keep wrangler.toml's "on".
const rateLimits = process.env.RATE_LIMITS ?? 'off';
const wranglerArgs = ['dev', '-c', 'wrangler.toml', '-c', 'wrangler.ingest.toml', '--ip', '127.0.0.1', '--port', String(workerPort), '--var', `LIBSQL_DB_URL:${libsql.url}`, '--var', `RATE_LIMITS:${rateLimits}`];
if (values['persist-to']) wranglerArgs.push('--persist-to', values['persist-to']);
const wrangler = spawnInGroup(process.execPath, [wranglerBin, ...wranglerArgs], {
  env: { LIBSQL_DB_URL: libsql.url, LIBSQL_DB_AUTH_TOKEN: '' },
  stdio: ['ignore', 'inherit', 'inherit'],
});

let stopping = false;
async function stop(exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    await stopProcess(wrangler, 5_000);
    await libsql.close();
  }
  process.exit(exitCode);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) return; // tsx relays the terminal's signal too
    console.log(`\n${signal}: stopping the Worker and the libSQL server…`);
    void stop(0);
  });
}
wrangler.once('exit', (code, signal) => {
  if (stopping) return;
  console.error(`wrangler dev exited (${signal ?? code}); stopping the libSQL server.`);
  void stop(code || 1);
});

// 4. Tell the user where to go once the Worker answers.
try {
  await waitForWorker(`http://127.0.0.1:${workerPort}`, wrangler);
  console.log(`\nnewsgraph Worker is serving GraphiQL at http://localhost:${workerPort}/graphql, with the ingest Worker beside it (Ctrl-C stops both)\n`);
} catch (err) {
  console.error((err as Error).message);
  await stop(1);
}
