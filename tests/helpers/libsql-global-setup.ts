// globalSetup of the workerd vitest project: a migrated and seeded temp database, served over HTTP
// by the local libSQL server. The Worker under test gets its URL as the LIBSQL_DB_URL binding
// (vitest.config.ts), like `npm start` and Turso in production. Both steps run as Node processes,
// as `npm run db:migrate` and the server's CLI: this module is loaded with the workerd project's
// resolve conditions, under which @libsql/client is its web build (no `file:` URLs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startProcess } from './process.ts';

// What it provides (libsqlUrl, ingestKey, readKey) is declared in provided-context.d.ts.

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = mkdtempSync(join(tmpdir(), 'newsgraph-worker-'));
  const dbPath = join(folder, 'worker.db');
  const migrate = await startProcess(process.execPath, ['--import', 'tsx', 'scripts/db-migrate.ts'], {
    env: { LIBSQL_DB_URL: `file:${dbPath}` },
    ready: /Database is migrated and seeded\./,
  });
  await new Promise<void>((resolve) => (migrate.child.exitCode !== null ? resolve() : migrate.child.once('exit', () => resolve())));
  const keys = await startProcess(process.execPath, ['--import', 'tsx', 'scripts/keys.ts', 'create', '--name', 'worker-tests', '--scopes', 'ingest'], {
    env: { LIBSQL_DB_URL: `file:${dbPath}` },
    ready: /ng_\w+/,
  });
  project.provide('ingestKey', /ng_\w+/.exec(keys.output())![0]);
  await new Promise<void>((resolve) => (keys.child.exitCode !== null ? resolve() : keys.child.once('exit', () => resolve())));
  const readKeys = await startProcess(
    process.execPath,
    ['--import', 'tsx', 'scripts/keys.ts', 'create', '--name', 'worker-reader', '--scopes', 'read', '--per-minute', '10'],
    { env: { LIBSQL_DB_URL: `file:${dbPath}` }, ready: /ng_\w+/ },
  );
  project.provide('readKey', /ng_\w+/.exec(readKeys.output())![0]);
  await new Promise<void>((resolve) => (readKeys.child.exitCode !== null ? resolve() : readKeys.child.once('exit', () => resolve())));
  const server = await startProcess(process.execPath, ['--import', 'tsx', 'src/dev/libsql-server.ts', '--db', dbPath, '--port', '0'], {
    ready: /listening on http:\/\/\S+/,
  });
  project.provide('libsqlUrl', /listening on (http:\/\/\S+)/.exec(server.output())![1]!);
  return async () => {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  };
}
