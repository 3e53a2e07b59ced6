/**
 * A small local libSQL server speaking Hrana over HTTP (JSON encoding), backed by the embedded
 * `libsql` engine. It stands in for sqld/Turso in local development so that code using
 * `@libsql/client/web` can run unchanged against a `file:` database.
 *
 *   npx tsx tools/libsql-server/server.ts --db data/newsgraph.db --port 8080
 *
 * Endpoints: GET /v2 and GET /v3 answer 200 (version probes); GET /v3-protobuf answers 404 so that
 * a probing client falls back to JSON; POST /v2/pipeline, /v3/pipeline and /v3/cursor do the work.
 *
 * This file is the HTTP server and its CLI; protocol.ts has the Hrana structures, sql-analysis.ts
 * the statement splitting and parameter binding, connections.ts the libsql connections, streams.ts
 * the batons, and requests.ts what each Hrana request does.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { closeConn, ConnectionPool, openConn } from './connections.ts';
import { HttpError, toProtoError } from './protocol.ts';
import { HranaRequests } from './requests.ts';
import { Streams } from './streams.ts';

export interface LibsqlServerOptions {
  /** Path of the SQLite file (a `file:` prefix is accepted). `:memory:` gives a throwaway database. */
  dbPath: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1: this server has no authentication. */
  host?: string;
  /** Idle streams (interactive transactions) are closed and rolled back after this long. */
  streamIdleTimeoutMs?: number;
  /** How long a statement keeps retrying while the database is locked by another connection. */
  busyTimeoutMs?: number;
}

export interface LibsqlServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const maxBodyBytes = 64 * 1024 * 1024;

function send(res: http.ServerResponse, status: number, body: string, contentType: string): void {
  if (res.headersSent || res.destroyed) return;
  // The client only parses an error body when content-type is exactly application/json.
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
const sendJson = (res: http.ServerResponse, status: number, value: unknown) => send(res, status, JSON.stringify(value), 'application/json');
const sendError = (res: http.ServerResponse, status: number, message: string, code: string) => sendJson(res, status, { message, code });

function readBody(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new HttpError(413, 'Request body is too large', 'HRANA_PROTO_ERROR'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (err) {
        reject(new HttpError(400, `Request body is not valid JSON: ${(err as Error).message}`, 'HRANA_PROTO_ERROR'));
      }
    });
  });
}

async function handle(requests: HranaRequests, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const route = url.pathname.replace(/\/+$/, '') || '/';
  if (req.method === 'GET' || req.method === 'HEAD') {
    if (route === '/v2' || route === '/v3' || route === '/health' || route === '/') {
      return send(res, 200, route === '/' ? 'libsql dev server (Hrana over HTTP, JSON)\n' : 'ok\n', 'text/plain');
    }
    // Not supporting protobuf makes a probing client fall back to JSON.
    return sendError(res, 404, `Not found: ${route}`, 'NOT_FOUND');
  }
  if (req.method !== 'POST') return sendError(res, 405, `Method ${req.method} is not allowed`, 'METHOD_NOT_ALLOWED');
  if (route.startsWith('/v3-protobuf')) {
    req.resume();
    return sendError(res, 404, 'Protobuf encoding is not supported; use JSON (v2/v3)', 'NOT_FOUND');
  }
  if (route !== '/v2/pipeline' && route !== '/v3/pipeline' && route !== '/v3/cursor') {
    req.resume();
    return sendError(res, 404, `Not found: ${route}`, 'NOT_FOUND');
  }
  const body = await readBody(req);
  if (route === '/v3/cursor') return send(res, 200, await requests.cursor(body), 'text/plain');
  return sendJson(res, 200, await requests.pipeline(body));
}

/** The database file to serve: `:memory:` would give every stream its own empty database, so it becomes a throwaway file, which also gives transactions real isolation. */
function databaseFile(dbPath: string): { file: string; tempDir?: string } {
  const file = dbPath.replace(/^file:(\/\/)?/, '');
  if (file !== ':memory:' && file !== '') return { file };
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'libsql-server-'));
  return { file: path.join(tempDir, 'memory.db'), tempDir };
}

/** Fails fast on an unusable path, and switches the file to WAL once (it is persistent) so readers never block the writer. */
function useWal(file: string): void {
  const conn = openConn(file);
  try {
    const mode = (conn.db.prepare('PRAGMA journal_mode = WAL').raw(true).all([]) as string[][])[0]?.[0];
    if (mode !== 'wal') console.warn(`[libsql-server] journal_mode is ${mode}, not wal`);
  } catch (err) {
    console.warn(`[libsql-server] could not enable WAL: ${(err as Error).message}`);
  } finally {
    closeConn(conn);
  }
}

export async function startLibsqlServer(options: LibsqlServerOptions): Promise<LibsqlServer> {
  const host = options.host ?? '127.0.0.1';
  const { file, tempDir } = databaseFile(options.dbPath);
  useWal(file);
  const pool = new ConnectionPool(file);
  const streams = new Streams(pool, options.streamIdleTimeoutMs ?? 10_000);
  const requests = new HranaRequests(streams, options.busyTimeoutMs ?? 5_000);

  const server = http.createServer((req, res) => {
    handle(requests, req, res).catch((err: unknown) => {
      if (err instanceof HttpError) return sendError(res, err.status, err.message, err.code);
      // E.g. the database file could not be opened for a new stream.
      const e = toProtoError(err);
      sendError(res, 500, e.message, e.code);
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve) => {
      pool.closing = true;
      streams.closeParked();
      pool.closeIdle();
      const force = setTimeout(() => server.closeAllConnections(), 1000);
      force.unref();
      server.close(() => {
        clearTimeout(force);
        // Requests still running (e.g. waiting for a lock) close their stream when they finish.
        for (const s of streams.active) streams.close(s);
        pool.closeIdle();
        if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
        resolve();
      });
      server.closeIdleConnections();
    });
    return closed;
  };

  return { url, port, close };
}


// ---------------------------------------------------------------------------------------------
// CLI

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'data/newsgraph.db' },
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log('Usage: npx tsx tools/libsql-server/server.ts [--db data/newsgraph.db] [--port 8080] [--host 127.0.0.1]');
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port ${values.port}`);
  const server = await startLibsqlServer({ dbPath: values.db!, port, host: values.host! });
  console.log(`libsql server (Hrana over HTTP) for ${values.db} listening on ${server.url}`);
  const shutdown = (signal: string) => {
    console.log(`${signal}: closing`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
