import { decodeGlobalID } from '@pothos/plugin-relay';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { normalizeAlias } from '../db/normalize.ts';
import type { EntityKind } from '../db/schema.ts';
import { badUserInput } from '../graphql/errors.ts';
import { cachedResolution, cacheResolution } from './resolution-cache.ts';

export interface EntityRef {
  kind: EntityKind;
  ref: string;
}

export interface ResolvedEntity {
  id: number;
  kind: EntityKind;
  name: string;
}

/** Titles people are referred to by ("Mr. Kim", "President Putin"); not part of a name. */
const honorific = /^(?:mr|mrs|ms|miss|dr|sir|dame|president|prime minister|minister|secretary|general|chancellor|king|queen|prince|princess|pope|senator|governor|leader)\s+/;

const typeNameKinds: Record<string, EntityKind> = { Country: 'country', Person: 'person', Organization: 'organization' };

/** "Country:12" style global IDs; anything else is a name, alias, code or slug. */
function globalIdOf(ref: string, kind: EntityKind): number | null {
  if (!/^[A-Za-z0-9+/=_-]{6,}$/.test(ref)) return null;
  try {
    const { typename, id } = decodeGlobalID(ref);
    return typeNameKinds[typename] === kind && /^\d+$/.test(id) ? Number(id) : null;
  } catch {
    return null;
  }
}

const cacheKey = ({ kind, ref }: EntityRef) => `ref\u0000${kind}\u0000${ref.trim()}`;

/**
 * Resolves references case-insensitively through the alias table (names, aliases, codes) and
 * slugs, in one statement for all of them (none when all are cached). An unknown or ambiguous
 * reference is a BAD_USER_INPUT error naming it (and, if ambiguous, its candidates).
 */
export async function resolveEntityRefs(db: Database, refs: EntityRef[]): Promise<ResolvedEntity[]> {
  const cached = await Promise.all(refs.map((ref) => cachedResolution<ResolvedEntity>(db, cacheKey(ref))));
  const missing = refs.filter((_, i) => !cached[i]);
  const found = await lookUpEntityRefs(db, missing);
  await Promise.all(missing.map((ref, i) => cacheResolution(db, cacheKey(ref), found[i])));
  let next = 0;
  return cached.map((entity) => entity ?? found[next++]!);
}

async function lookUpEntityRefs(db: Database, refs: EntityRef[]): Promise<ResolvedEntity[]> {
  if (refs.length === 0) return [];
  const keys = refs.map(({ kind, ref }) => {
    const alias = normalizeAlias(ref);
    return { kind, ref, alias, bare: alias.replace(honorific, ''), id: globalIdOf(ref.trim(), kind) };
  });
  // Three index lookups (alias, kind + slug, id) rather than one OR over a scan of every entity.
  const rows = await db.all<ResolvedEntity & { alias: string | null; slug: string }>(sql`
    SELECT e.id AS id, e.kind AS kind, e.name AS name, e.slug AS slug, a.alias AS alias
    FROM aliases a JOIN entities e ON e.id = a.entity_id WHERE a.alias IN ${keys.flatMap((k) => [k.alias, k.bare])}
    UNION
    SELECT e.id, e.kind, e.name, e.slug, NULL FROM entities e
    WHERE ${sql.join(
      keys.map((k) => sql`(e.kind = ${k.kind} AND e.slug = ${k.ref.trim().toLowerCase()})`),
      sql` OR `,
    )}
    UNION
    SELECT e.id, e.kind, e.name, e.slug, NULL FROM entities e WHERE e.id IN ${keys.map((k) => k.id ?? -1)}`);

  return keys.map((key) => {
    if (key.id !== null) {
      const byId = rows.find((r) => r.id === key.id && r.kind === key.kind);
      if (byId) return byId;
    }
    const bySlug = rows.find((r) => r.kind === key.kind && r.slug === key.ref.trim().toLowerCase());
    if (bySlug) return bySlug;
    const named = (alias: string) => [...new Map(rows.filter((r) => r.kind === key.kind && r.alias === alias).map((r) => [r.id, r])).values()];
    const exact = named(key.alias);
    const candidates = exact.length ? exact : named(key.bare);
    if (candidates.length === 1) return candidates[0]!;
    if (candidates.length === 0) {
      throw badUserInput(`Unknown ${key.kind} "${key.ref}": no ${key.kind} has that name, alias, code, slug or ID.`, {
        reference: key.ref,
        kind: key.kind,
      });
    }
    const names = candidates.map((c) => `${c.name} (${c.slug})`);
    throw badUserInput(`Ambiguous ${key.kind} "${key.ref}": it could mean ${names.join(', ')}. Use a slug or ID.`, {
      reference: key.ref,
      kind: key.kind,
      candidates: candidates.map((c) => ({ name: c.name, slug: c.slug })),
    });
  });
}
