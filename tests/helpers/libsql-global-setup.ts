// globalSetup of the workerd vitest project: a migrated and seeded temp database, served over HTTP
// by the local libSQL server. The Worker under test gets its URL as the LIBSQL_DB_URL binding
// (vitest.config.ts), like `npm start` and Turso in production. Both steps run as Node processes,
// as `npm run db:migrate` and the server's CLI: this module is loaded with the workerd project's
// resolve conditions, under which @libsql/client is its web build (no `file:` URLs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { runProcess, startProcess } from '../../tools/processes.ts';

// What it provides (libsqlUrl, ingestKey, ingestOnlyKey, readKey, auditKey, adminKey) is declared in provided-context.d.ts.

/** An article with new people, organisations by acronym and full name, and country aliases. */
const parityArticle = {
  title: 'Regulators question carmaker',
  url: 'https://example.com/worker/parity',
  body:
    'The Securities and Exchange Commission has opened an inquiry into General Motors, the US carmaker said on 5 May. ' +
    'Chief executive Rick Wagoner said the SEC had asked for documents. Mr Wagoner told the Financial Times that ' +
    'talks with Fiat in Turin would go on. Labour MP Gwyneth Dunwoody and Conservative leader Michael Howard ' +
    'criticised the deal, while North Korean and Turkish officials in Ankara declined to comment.',
};

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const folder = mkdtempSync(join(tmpdir(), 'newsgraph-worker-'));
  const dbPath = join(folder, 'worker.db');
  const env = { LIBSQL_DB_URL: `file:${dbPath}` };
  const runScript = async (args: string[]) => {
    const run = await runProcess(process.execPath, ['--import', 'tsx', ...args], { env, timeoutMs: 60_000 });
    if (run.code !== 0) throw new Error(`${args.join(' ')} exited with ${run.code}:\n${run.output}`);
    return run.output;
  };
  await runScript(['scripts/db-migrate.ts']);
  const createKey = async (name: string, scopes: string, perMinute: number) => {
    const output = await runScript(['scripts/keys.ts', 'create', '--name', name, '--scopes', scopes, '--per-minute', String(perMinute)]);
    return /ng_\w+/.exec(output)![0];
  };
  // What Node's ingest extracts from the parity article, for the Worker test to compare with.
  const { extractMentions } = await import('../../src/ingest/extract.ts');
  const { staticGazetteer } = await import('../../src/ingest/static-gazetteer.ts');
  project.provide('parityArticle', parityArticle);
  project.provide('nodeEntities', extractMentions(parityArticle.body, staticGazetteer()).entities.map((e) => `${e.kind}:${e.name}`).sort());
  // Ingest and read: the ingest tests read the stored article back through the mutation's result.
  project.provide('ingestKey', await createKey('worker-tests', 'ingest,read', 600));
  project.provide('ingestOnlyKey', await createKey('worker-ingest-only', 'ingest', 600));
  project.provide('readKey', await createKey('worker-reader', 'read', 10));
  project.provide('auditKey', await createKey('worker-audits', 'read', 6000));
  project.provide('adminKey', await createKey('worker-admin', 'admin,read', 600));
  const server = await startProcess(process.execPath, ['--import', 'tsx', 'tools/libsql-server/server.ts', '--db', dbPath, '--port', '0'], {
    ready: /listening on http:\/\/\S+/,
  });
  project.provide('libsqlUrl', /listening on (http:\/\/\S+)/.exec(server.output())![1]!);
  return async () => {
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  };
}
