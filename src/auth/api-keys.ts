import { and, desc, eq, isNull, or } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { sha256Hex, toHex } from '../lib/sha256.ts';
import { apiKeys } from '../db/schema.ts';

/**
 * API keys: `ng_<prefix>_<secret>`. Only the SHA-256 of the whole key is stored, so a leaked
 * database leaks no usable key; the prefix is stored in clear so operators can tell keys apart
 * in `list` and revoke one without seeing it. WebCrypto only: runs on Node and on the Worker.
 */

// admin: manage the polled sources (src/graphql/source.ts).
export const apiKeyScopes = ['read', 'ingest', 'admin'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

/** A stored key, never with its secret. */
export interface ApiKey {
  id: number;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  perMinute: number;
  createdAt: string;
  revokedAt: string | null;
}

export interface NewApiKey {
  name: string;
  scopes: readonly string[];
  perMinute?: number;
}

export class ApiKeyError extends Error {}

const keyPattern = /^ng_([0-9a-f]{8})_([0-9a-f]{64})$/;

function randomHex(bytes: number): string {
  return toHex(crypto.getRandomValues(new Uint8Array(bytes)));
}

function toApiKey(row: typeof apiKeys.$inferSelect): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes.split(',').filter((s): s is ApiKeyScope => (apiKeyScopes as readonly string[]).includes(s)),
    perMinute: row.perMinute,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  };
}

/** Creates a key and returns it with its plaintext: the only time the plaintext exists. */
export async function createApiKey(db: Database, input: NewApiKey): Promise<{ key: string; apiKey: ApiKey }> {
  const name = input.name.trim();
  if (!name) throw new ApiKeyError('name is required');
  const scopes = [...new Set(input.scopes.map((s) => s.trim()).filter(Boolean))];
  const unknown = scopes.filter((s) => !(apiKeyScopes as readonly string[]).includes(s));
  if (!scopes.length || unknown.length) {
    throw new ApiKeyError(`scopes must be some of ${apiKeyScopes.join(', ')}${unknown.length ? ` (unknown: ${unknown.join(', ')})` : ''}`);
  }
  const perMinute = input.perMinute ?? 600;
  if (!Number.isInteger(perMinute) || perMinute < 1) throw new ApiKeyError('perMinute must be a positive integer');
  const prefix = randomHex(4);
  const key = `ng_${prefix}_${randomHex(32)}`;
  const [row] = await db
    .insert(apiKeys)
    .values({ name, prefix, hash: await sha256Hex(key), scopes: scopes.join(','), perMinute })
    .returning();
  return { key, apiKey: toApiKey(row!) };
}

/** Every key, newest first, revoked ones included. */
export async function listApiKeys(db: Database): Promise<ApiKey[]> {
  return (await db.select().from(apiKeys).orderBy(desc(apiKeys.id))).map(toApiKey);
}

/**
 * Revokes a key by id or prefix; revoking twice keeps the first timestamp. Returns the key, or
 * null when none matches. An ambiguous prefix is an error rather than revoking several.
 */
export async function revokeApiKey(db: Database, idOrPrefix: string | number): Promise<ApiKey | null> {
  const ref = String(idOrPrefix).trim();
  const id = /^\d+$/.test(ref) ? Number(ref) : -1;
  const matches = await db
    .select()
    .from(apiKeys)
    .where(or(eq(apiKeys.id, id), eq(apiKeys.prefix, ref.replace(/^ng_/, ''))));
  if (matches.length > 1) throw new ApiKeyError(`"${ref}" matches ${matches.length} keys; revoke by id`);
  const [match] = matches;
  if (!match) return null;
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: match.revokedAt ?? new Date().toISOString() })
    .where(eq(apiKeys.id, match.id))
    .returning();
  return toApiKey(row!);
}

/**
 * The live key an `Authorization: Bearer <key>` header carries, or null (no header, another
 * scheme, an unknown or revoked key). Looked up by hash, so no secret is ever compared.
 */
export async function authenticate(db: Database, authorization: string | null | undefined): Promise<ApiKey | null> {
  const key = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!key || !keyPattern.test(key)) return null;
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.hash, await sha256Hex(key)), isNull(apiKeys.revokedAt)))
    .limit(1);
  return row ? toApiKey(row) : null;
}
