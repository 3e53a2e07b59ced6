import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyError, authenticate, createApiKey, listApiKeys, revokeApiKey } from '../src/auth/api-keys.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase({ seed: false });
});
afterAll(() => test.close());

describe('API keys', () => {
  it('creates a key whose plaintext is returned once and stored only as a hash', async () => {
    const { key, apiKey } = await createApiKey(test.db, { name: 'partner', scopes: ['ingest', 'read', 'ingest'], perMinute: 120 });
    expect(key).toMatch(/^ng_[0-9a-f]{8}_[0-9a-f]{64}$/);
    expect(apiKey).toMatchObject({ name: 'partner', prefix: key.slice(3, 11), scopes: ['ingest', 'read'], perMinute: 120, revokedAt: null });
    const rows = await test.db.all<Record<string, unknown>>(sql`SELECT * FROM api_keys WHERE id = ${apiKey.id}`);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(key.slice(12));
    expect(rows[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('authenticates a Bearer header (scheme case-insensitive) and nothing else', async () => {
    const { key, apiKey } = await createApiKey(test.db, { name: 'reader', scopes: ['read'] });
    expect(await authenticate(test.db, `Bearer ${key}`)).toMatchObject({ id: apiKey.id, scopes: ['read'], perMinute: 600 });
    expect(await authenticate(test.db, `bearer ${key}`)).toMatchObject({ id: apiKey.id });
    for (const header of [null, '', key, `Basic ${key}`, `Bearer ${key}x`, `Bearer ${key.toUpperCase()}`]) {
      expect(await authenticate(test.db, header), String(header)).toBeNull();
    }
  });

  it('revokes by id or prefix, keeps the first revocation time, and lists every key', async () => {
    const a = await createApiKey(test.db, { name: 'a', scopes: ['ingest'] });
    const b = await createApiKey(test.db, { name: 'b', scopes: ['ingest'] });
    const revokedA = await revokeApiKey(test.db, a.apiKey.id);
    expect(revokedA!.revokedAt).not.toBeNull();
    expect(await authenticate(test.db, `Bearer ${a.key}`)).toBeNull();
    expect((await revokeApiKey(test.db, String(a.apiKey.id)))!.revokedAt).toBe(revokedA!.revokedAt);
    expect((await revokeApiKey(test.db, b.apiKey.prefix))!.id).toBe(b.apiKey.id);
    expect(await revokeApiKey(test.db, 'ffffffff')).toBeNull();
    const listed = await listApiKeys(test.db);
    expect(listed.map((k) => k.name).slice(0, 2)).toEqual(['b', 'a']);
    expect(listed.every((k) => !('hash' in k))).toBe(true);
  });

  it('refuses unknown scopes and an empty name', async () => {
    await expect(createApiKey(test.db, { name: 'x', scopes: ['superuser'] })).rejects.toThrow(ApiKeyError);
    await expect(createApiKey(test.db, { name: 'x', scopes: [] })).rejects.toThrow(/scopes must be some of read, ingest/);
    await expect(createApiKey(test.db, { name: ' ', scopes: ['read'] })).rejects.toThrow(/name is required/);
  });
});

describe('npm run keys', () => {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const keys = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/keys.ts', ...args], {
      cwd: root,
      env: { ...process.env, LIBSQL_DB_URL: test.url },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('creates (printing the key once, alone on stdout), lists and revokes', async () => {
    const created = keys('create', '--name', 'cli partner', '--scopes', 'ingest,read', '--per-minute', '30');
    expect(created.status).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^ng_[0-9a-f]{8}_[0-9a-f]{64}$/);
    expect(await authenticate(test.db, `Bearer ${key}`)).toMatchObject({ name: 'cli partner', scopes: ['ingest', 'read'], perMinute: 30 });

    const listed = keys('list');
    expect(listed.stdout).toContain(`ng_${key.slice(3, 11)}_…\tcli partner\tingest,read\t30/min`);
    expect(listed.stdout).not.toContain(key);

    expect(keys('revoke', key.slice(3, 11)).stdout).toMatch(/Revoked key \d+ "cli partner"/);
    expect(await authenticate(test.db, `Bearer ${key}`)).toBeNull();
    expect(keys('create', '--name', 'x', '--scopes', 'superuser').status).toBe(2);
  });
});
