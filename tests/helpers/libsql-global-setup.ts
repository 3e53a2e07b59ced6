// globalSetup of the workerd vitest project: a migrated and seeded temp database, served over HTTP
// by the local libSQL server. The Worker under test gets its URL as the LIBSQL_DB_URL binding
// (vitest.config.ts), like `npm start` and Turso in production. Both steps run as Node processes,
// as `npm run db:migrate` and the server's CLI: this module is loaded with the workerd project's
// resolve conditions, under which @libsql/client is its web build (no `file:` URLs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startProcess } from '../../tools/processes.ts';

// What it provides (libsqlUrl, ingestKey, readKey, auditKey) is declared in provided-context.d.ts.

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = mkdtempSync(join(tmpdir(), 'newsgraph-worker-'));
  const dbPath = join(folder, 'worker.db');
  const migrate = await startProcess(process.execPath, ['--import', 'tsx', 'scripts/db-migrate.ts'], {
    env: { LIBSQL_DB_URL: `file:${dbPath}` },
    ready: /Database is migrated and seeded\./,
  });
  await new Promise<void>((resolve) => (migrate.child.exitCode !== null ? resolve() : migrate.child.once('exit', () => resolve())));
  const createKey = async (name: string, scopes: string, perMinute: number) => {
    const run = await startProcess(
      process.execPath,
      ['--import', 'tsx', 'scripts/keys.ts', 'create', '--name', name, '--scopes', scopes, '--per-minute', String(perMinute)],
      { env: { LIBSQL_DB_URL: `file:${dbPath}` }, ready: /ng_\w+/ },
    );
    await new Promise<void>((resolve) => (run.child.exitCode !== null ? resolve() : run.child.once('exit', () => resolve())));
    return /ng_\w+/.exec(run.output())![0];
  };
  project.provide('ingestKey', await createKey('worker-tests', 'ingest', 600));
  project.provide('readKey', await createKey('worker-reader', 'read', 10));
  project.provide('auditKey', await createKey('worker-audits', 'read', 6000));
  const server = await startProcess(process.execPath, ['--import', 'tsx', 'tools/libsql-server/server.ts', '--db', dbPath, '--port', '0'], {
    ready: /listening on http:\/\/\S+/,
  });
  project.provide('libsqlUrl', /listening on (http:\/\/\S+)/.exec(server.output())![1]!);
  return async () => {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  };
}
