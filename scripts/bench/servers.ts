// Requests in-process and over HTTP, and the servers they go to (the Node server, `npm start`'s Worker).
import { existsSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { createYogaApp } from '../../src/yoga.ts';
import { freePort, startProcess, type RunningProcess } from '../../tools/processes.ts';
import { cacheDir, root } from './settings.ts';
import type { BenchDatabase } from './databases.ts';

// Requests

export const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
export const bodyOf = (query: string) => JSON.stringify({ query });

export type Yoga = ReturnType<typeof createYogaApp>;

export async function inProcess(yoga: Yoga, body: string): Promise<string> {
  // A fresh headers object each time: the fetch implementation under yoga.fetch adds a
  // content-length to a plain object it is given (counted in UTF-16 units, wrong for the '…' in
  // the exampleQuery), which would then leak into the HTTP clients' requests.
  const response = await yoga.fetch('http://localhost/graphql', { method: 'POST', headers: { ...headers }, body });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
  return text;
}

export function httpPost(agent: http.Agent, port: number, body: string, onHeaders?: (headers: http.IncomingHttpHeaders) => void): Promise<string> {
  return new Promise((resolvePost, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } },
      (response) => {
        onHeaders?.(response.headers);
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if (response.statusCode === 200) resolvePost(text);
          else reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 300)}`));
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

export function parseResult(text: string): any {
  const result = JSON.parse(text) as { data?: any; errors?: { message: string }[] };
  if (result.errors?.length) throw new Error(`GraphQL errors: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.data;
}

/**
 * Servers get RATE_LIMITS=off and CACHE_TTL=0 (src/http/settings.ts): the bench measures queries,
 * not the response cache, and one client may exceed a partner's rate. This checks that they took
 * effect: a repeated request is not answered from the cache (no Age header) nor rate-limited.
 */
export async function checkServer(agent: http.Agent, port: number, body: string, expectCache = false): Promise<void> {
  parseResult(await httpPost(agent, port, body));
  let headers: http.IncomingHttpHeaders = {};
  parseResult(await httpPost(agent, port, body, (h) => (headers = h)));
  if (!expectCache && headers.age !== undefined) throw new Error('the response came from the response cache although CACHE_TTL=0');
  if (expectCache && headers.age === undefined) throw new Error('no response cache (no Age header on a repeated request)');
  if (headers['ratelimit-limit'] !== undefined) throw new Error('rate limits are on although RATE_LIMITS=off');
}

/** What servers get so that the bench measures queries: no rate limits, no response cache (src/http/settings.ts). */
export const serverEnv = { RATE_LIMITS: 'off', CACHE_TTL: '0' };

export async function loadTest(port: number, query: string, connections: number, duration: number) {
  const result = await autocannon({ url: `http://127.0.0.1:${port}/graphql`, method: 'POST', headers: { ...headers }, body: bodyOf(query), connections, duration });
  if (!result.requests.total) throw new Error('autocannon: no response');
  if (result.errors || result.non2xx || result.timeouts) throw new Error(`autocannon: ${result.errors} errors, ${result.non2xx} non-2xx, ${result.timeouts} timeouts`);
  return { n: result.requests.total, p50: result.latency.p50, p99: result.latency.p99, mean: result.latency.average, rps: result.requests.average };
}

// Servers

/** Starts a server in its own process group; resolves once its output matches `ready`, else stops it and rejects. */
export function launch(args: string[], env: Record<string, string>, ready: RegExp, timeoutMs: number): Promise<RunningProcess> {
  return startProcess(process.execPath, args, { cwd: root, env, ready, timeoutMs });
}

export async function startNodeServer(db: BenchDatabase, env: Record<string, string> = serverEnv): Promise<{ port: number; process: RunningProcess }> {
  const port = await freePort();
  const server = await launch(['--import', 'tsx', 'src/server.ts'], { ...env, PORT: String(port), LIBSQL_DB_URL: db.url }, /serving GraphiQL at/, 60_000);
  return { port, process: server };
}

/** `npm start`'s stack (scripts/start.ts): wrangler dev with the Worker, on the local libSQL server over this database. */
export async function startWorker(db: BenchDatabase): Promise<{ port: number; process: RunningProcess } | string> {
  for (const file of ['src/worker.ts', 'wrangler.toml', 'scripts/start.ts']) if (!existsSync(join(root, file))) return `n/a (worker not ready: no ${file})`;
  try {
    const worker = await launch(
      ['--import', 'tsx', 'scripts/start.ts', '--db', db.path, '--port', '0', '--libsql-port', '0', '--persist-to', join(cacheDir, 'wrangler-state')],
      // CLOUDFLARE_INCLUDE_PROCESS_ENV: wrangler dev passes our environment (serverEnv) to the Worker as
      // vars, unless a .dev.vars file exists (then set RATE_LIMITS and CACHE_TTL there); checkServer tells.
      { ...serverEnv, CLOUDFLARE_INCLUDE_PROCESS_ENV: 'true', WRANGLER_SEND_METRICS: 'false', LIBSQL_DB_URL: '' },
      /serving GraphiQL at http:\/\/localhost:\d+/,
      150_000,
    );
    const port = Number(/serving GraphiQL at http:\/\/localhost:(\d+)/.exec(worker.output())![1]);
    return { port, process: worker };
  } catch (error) {
    const message = (error as Error).message.split('\n').find((l) => /error|Error|✘/.test(l)) ?? (error as Error).message.split('\n')[0]!;
    return `n/a (worker not ready: ${message.trim().slice(0, 120)})`;
  }
}
